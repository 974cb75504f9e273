// Transcript tests. The known-answer test rebuilds the documented byte encoding by hand and
// hashes it with the `b3sum` tool, so the code, docs/transcript.md and BLAKE3 are checked
// against an implementation we did not write.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "goldfinch/base/parallel.h"
#include "goldfinch/hash/b3sum_oracle.h"
#include "goldfinch/transcript/blake3_transcript.h"
#include "goldfinch/transcript/grinding.h"
#include "goldfinch/transcript/poseidon2_transcript.h"
#include "goldfinch/transcript/selected_transcript.h"

namespace goldfinch::transcript {
namespace {

using hash::testing::B3sumMode;
using hash::testing::b3sum_hex;

void put_u64(std::vector<uint8_t>& b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_label(std::vector<uint8_t>& b, const std::string& l) {
  b.push_back(static_cast<uint8_t>(l.size()));
  b.insert(b.end(), l.begin(), l.end());
}
std::vector<uint8_t> from_hex(const std::string& h) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  return out;
}

TEST(Transcript, KnownAnswerAgainstB3sum) {
  const Fp p1 = Fp::from_canonical(Fp::kModulus - 1);
  const Fp3 e(Fp::from_canonical(5), Fp::from_canonical(6), Fp::from_canonical(7));
  hash::Digest d;
  for (size_t i = 0; i < 32; ++i) d.bytes[i] = static_cast<uint8_t>(3 * i + 1);

  Blake3Transcript t("kat");
  const std::vector<uint8_t> msg = {'h', 'e', 'l', 'l', 'o'};
  t.absorb_bytes("msg", msg);
  const Fp bases[2] = {Fp::one(), p1};
  t.absorb_base("xs", bases);
  t.absorb_ext("e", e);
  t.absorb_digest("root", d);
  t.absorb_u64("n", 0x0102030405060708ull);
  std::vector<uint8_t> got(80);
  t.squeeze_bytes("chal", got);

  // Rebuild the bytes exactly as docs/transcript.md specifies.
  std::vector<uint8_t> init = {'g', 'o', 'l', 'd', 'f', 'i', 'n', 'c', 'h', ' ', 't', 'r', 'a', 'n', 's',
                               'c', 'r', 'i', 'p', 't', ' ', 'v', '1'};
  put_label(init, "kat");
  auto s0 = b3sum_hex({init});
  ASSERT_TRUE(s0.has_value()) << "b3sum is required (package b3sum)";
  std::vector<uint8_t> buf = from_hex((*s0)[0]);
  buf.push_back(0x01); put_label(buf, "msg"); put_u64(buf, 5); buf.insert(buf.end(), msg.begin(), msg.end());
  buf.push_back(0x03); put_label(buf, "xs"); put_u64(buf, 16); put_u64(buf, 1); put_u64(buf, Fp::kModulus - 1);
  buf.push_back(0x04); put_label(buf, "e"); put_u64(buf, 24); put_u64(buf, 5); put_u64(buf, 6); put_u64(buf, 7);
  buf.push_back(0x02); put_label(buf, "root"); put_u64(buf, 32); buf.insert(buf.end(), d.bytes.begin(), d.bytes.end());
  buf.push_back(0x05); put_label(buf, "n"); put_u64(buf, 8); put_u64(buf, 0x0102030405060708ull);
  buf.push_back(0x80); put_label(buf, "chal");
  auto s1 = b3sum_hex({buf});
  ASSERT_TRUE(s1.has_value());
  B3sumMode keyed{B3sumMode::kKeyed, from_hex((*s1)[0]), ""};
  auto out = b3sum_hex({{'o', 'u', 't'}}, keyed, got.size());
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(hash::to_hex(got.data(), got.size()), (*out)[0]);
}

std::vector<uint8_t> challenge(const std::function<void(Blake3Transcript&)>& script) {
  Blake3Transcript t("sens");
  script(t);
  std::vector<uint8_t> c(32);
  t.squeeze_bytes("c", c);
  return c;
}

TEST(Transcript, EveryDifferenceChangesTheChallenge) {
  const std::vector<uint8_t> ab = {'a', 'b'}, c = {'c'}, a = {'a'}, bc = {'b', 'c'};
  const std::vector<uint8_t> eight = {8, 7, 6, 5, 4, 3, 2, 1};
  std::vector<std::vector<uint8_t>> outs = {
      challenge([&](auto& t) { t.absorb_bytes("x", ab); t.absorb_bytes("x", c); }),
      challenge([&](auto& t) { t.absorb_bytes("x", a); t.absorb_bytes("x", bc); }),  // re-split
      challenge([&](auto& t) { t.absorb_bytes("y", ab); t.absorb_bytes("x", c); }),  // label
      challenge([&](auto& t) { t.absorb_bytes("x", c); t.absorb_bytes("x", ab); }),  // order
      challenge([&](auto& t) { t.absorb_bytes("x", eight); }),
      challenge([&](auto& t) { t.absorb_u64("x", 0x0102030405060708ull); }),         // same bytes, other kind
      challenge([&](auto& t) { t.absorb_base("x", Fp::from_canonical(0x0102030405060708ull)); }),
      challenge([&](auto&) {}),
  };
  for (size_t i = 0; i < outs.size(); ++i)
    for (size_t j = i + 1; j < outs.size(); ++j) EXPECT_NE(outs[i], outs[j]) << i << " vs " << j;
  // And the same script gives the same challenge.
  EXPECT_EQ(outs[0], challenge([&](auto& t) { t.absorb_bytes("x", ab); t.absorb_bytes("x", c); }));
}

TEST(Transcript, SuccessiveSqueezesDiffer) {
  Blake3Transcript t("s");
  const Fp3 a = t.squeeze_ext("a"), b = t.squeeze_ext("a");
  EXPECT_NE(a, b);
  Blake3Transcript u("s");
  EXPECT_EQ(u.squeeze_ext("a"), a);
}

TEST(Transcript, SampledIndicesAreInRangeAndSpread) {
  Blake3Transcript t("idx");
  auto idx = t.squeeze_indices("q", 16000, 4);
  std::vector<int> counts(16);
  for (uint64_t i : idx) {
    ASSERT_LT(i, 16u);
    counts[i]++;
  }
  // Expected 1000 per bucket; a uniform sampler lands within +-200 with overwhelming probability.
  for (int c : counts) EXPECT_NEAR(c, 1000, 200);
  auto big = t.squeeze_indices("q", 1000, 20);
  for (uint64_t i : big) ASSERT_LT(i, 1u << 20);
}

TEST(Transcript, SampledBaseElementsAreCanonicalAndSpread) {
  Blake3Transcript t("base");
  std::vector<Fp> v(4096);
  t.squeeze_bases("v", v);
  size_t high = 0;
  for (Fp x : v) {
    ASSERT_LT(x.value(), Fp::kModulus);
    high += x.value() >> 63;
  }
  EXPECT_NEAR(static_cast<double>(high), 2048.0, 200.0);  // top bit ~ uniform
}

TEST(Grinding, FindsTheSmallestNonceAndTheVerifierAgrees) {
  for (unsigned bits : {0u, 1u, 6u, 12u}) {
    Blake3Transcript prover("pow");
    prover.absorb_u64("x", bits);
    Blake3Transcript copy = prover;
    const uint64_t nonce = grind(prover, bits);

    const hash::Digest seed = copy.pow_seed();
    for (uint64_t n = 0; n < nonce; ++n) ASSERT_FALSE(Blake3Transcript::pow_ok(seed, n, bits)) << n;

    Blake3Transcript verifier("pow");
    verifier.absorb_u64("x", bits);
    EXPECT_TRUE(verifier.check_pow(bits, nonce));
    EXPECT_EQ(verifier.squeeze_base("after"), prover.squeeze_base("after"));
  }
}

TEST(Grinding, WrongNonceIsRejected) {
  Blake3Transcript prover("pow");
  Blake3Transcript verifier = prover;
  const uint64_t nonce = grind(prover, 12);
  // Among the next few candidates some fail; the verifier must reject one that fails.
  uint64_t bad = nonce + 1;
  Blake3Transcript probe = verifier;
  const hash::Digest seed = probe.pow_seed();
  while (Blake3Transcript::pow_ok(seed, bad, 12)) ++bad;
  EXPECT_FALSE(verifier.check_pow(12, bad));
}

TEST(Grinding, SameNonceForAnyThreadCount) {
  std::vector<uint64_t> nonces;
  for (int threads : {1, 2}) {
    set_threads(threads);
    Blake3Transcript t("pow threads");
    nonces.push_back(grind(t, 14));
  }
  set_threads(max_threads());
  EXPECT_EQ(nonces[0], nonces[1]);
}

// ---- Poseidon2 transcript (poseidon2_transcript.h) ------------------------------------------------

std::vector<uint64_t> values(std::span<const Fp> v) {
  std::vector<uint64_t> out;
  for (Fp x : v) out.push_back(x.value());
  return out;
}

// The values scripts/poseidon2_transcript_oracle.py prints: an independent Python computation of
// the documented element stream over the Poseidon2 permutation of hash_to_curve_oracle.py.
TEST(Poseidon2Transcript, KnownAnswerAgainstPythonOracle) {
  Poseidon2Transcript t("kat");
  const std::vector<uint8_t> msg = {'h', 'e', 'l', 'l', 'o'};
  t.absorb_bytes("msg", msg);
  const Fp bases[2] = {Fp::one(), Fp::from_canonical(Fp::kModulus - 1)};
  t.absorb_base("xs", bases);
  t.absorb_ext("e", Fp3(Fp::from_canonical(5), Fp::from_canonical(6), Fp::from_canonical(7)));
  hash::Digest d, nc;
  for (size_t i = 0; i < 32; ++i) d.bytes[i] = static_cast<uint8_t>(3 * i + 1);
  nc.bytes.fill(0xFF);
  t.absorb_digest("root", d);
  t.absorb_digest("nc", nc);
  t.absorb_u64("n", 0x0102030405060708ull);
  std::vector<uint8_t> long_bytes(20);
  for (size_t i = 0; i < 20; ++i) long_bytes[i] = static_cast<uint8_t>(i);
  t.absorb_bytes("long", long_bytes);
  std::vector<Fp> chal(10);
  t.squeeze_bases("chal", chal);
  EXPECT_EQ(values(chal),
            (std::vector<uint64_t>{0x6b37027e7383054a, 0x057fd9c53d47f3c2, 0x4ea486dcfdcfdb1f, 0x8db35ccf93f94d87,
                                   0x75fb387d621e86a5, 0x2da972a214bea3b5, 0x647be70ce41cb90f, 0xadabc8d1d915508d,
                                   0x1c7a094eb6eccf76, 0xbd78289189f5a1a7}));
  Poseidon2Transcript probe = t;
  const Poseidon2Transcript::Seed seed = probe.pow_seed();
  EXPECT_EQ(values(seed),
            (std::vector<uint64_t>{0xca3ea5c14c910486, 0x7f0df4b3b4cde94f, 0x6a8d094c6052507c, 0x269b96729ec3e3fd}));
  // pow word 0x5200765370b73eac: low 2 bits zero, bit 2 set.
  EXPECT_TRUE(Poseidon2Transcript::pow_ok(seed, 12345, 2));
  EXPECT_FALSE(Poseidon2Transcript::pow_ok(seed, 12345, 3));
  EXPECT_TRUE(t.check_pow(2, 12345));
  std::vector<Fp> after(3);
  t.squeeze_bases("after", after);
  EXPECT_EQ(values(after), (std::vector<uint64_t>{0x2d953cfabcf260e9, 0x030a926c03a83755, 0x28d721a16db6af55}));
  std::vector<uint8_t> key(40);
  for (size_t i = 0; i < 40; ++i) key[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(hash::to_hex(poseidon2_bytes_digest("goldfinch verifying key v1", key)),
            "02b735827ec48be9cddc6b82c4ab763cb51d933bcfbaf3886268f6744ae76c6c");
}

std::vector<uint64_t> p2_challenge(const std::function<void(Poseidon2Transcript&)>& script) {
  Poseidon2Transcript t("sens");
  script(t);
  std::vector<Fp> out(4);
  t.squeeze_bases("c", out);
  return values(out);
}

// Each pair differs in one respect only (kind, label, value, split, count, non-canonical digest
// word): every challenge must be different. Same script, same challenge.
TEST(Poseidon2Transcript, EncodingSeparatesKindsLabelsAndSplits) {
  const std::vector<uint8_t> ab = {'a', 'b'}, a = {'a'}, b = {'b'}, empty = {}, zero7 = {0, 0, 0, 0, 0, 0, 0};
  const std::vector<uint8_t> zero6 = {0, 0, 0, 0, 0, 0};
  hash::Digest d0{}, dp{};
  // dp's first word is p: as an element it is 0 like d0's, only the flag tells them apart.
  for (int i = 0; i < 8; ++i) dp.bytes[i] = static_cast<uint8_t>(Fp::kModulus >> (8 * i));
  std::vector<std::vector<uint64_t>> outs = {
      p2_challenge([&](auto& t) { t.absorb_bytes("x", ab); }),
      p2_challenge([&](auto& t) { t.absorb_bytes("y", ab); }),
      p2_challenge([&](auto& t) {
        t.absorb_bytes("x", a);
        t.absorb_bytes("x", b);
      }),
      p2_challenge([&](auto& t) { t.absorb_bytes("x", empty); }),
      p2_challenge([&](auto& t) { t.absorb_bytes("x", zero7); }),
      p2_challenge([&](auto& t) { t.absorb_bytes("x", zero6); }),
      p2_challenge([&](auto& t) { t.absorb_u64("x", 0x6261); }),
      p2_challenge([&](auto& t) { t.absorb_u64("x", uint64_t{1} << 32); }),
      p2_challenge([&](auto& t) { t.absorb_u64("x", 1); }),
      p2_challenge([&](auto& t) { t.absorb_base("x", Fp::from_canonical(1)); }),
      p2_challenge([&](auto& t) { t.absorb_base("x", std::span<const Fp>{}); }),
      p2_challenge([&](auto& t) { t.absorb_ext("x", std::span<const Fp3>{}); }),
      p2_challenge([&](auto& t) { t.absorb_ext("x", Fp3(Fp::one())); }),
      p2_challenge([&](auto& t) { t.absorb_digest("x", d0); }),
      p2_challenge([&](auto& t) { t.absorb_digest("x", dp); }),
      p2_challenge([&](auto& t) { t.squeeze_base("x"); }),
      p2_challenge([&](auto& t) {
        std::vector<Fp> two(2);
        t.squeeze_bases("x", two);
      }),
      p2_challenge([&](auto&) {}),
  };
  std::map<std::vector<uint64_t>, size_t> seen;
  for (size_t i = 0; i < outs.size(); ++i) {
    auto [it, fresh] = seen.emplace(outs[i], i);
    EXPECT_TRUE(fresh) << "scripts " << it->second << " and " << i << " give the same challenge";
  }
  EXPECT_EQ(outs[0], p2_challenge([&](auto& t) { t.absorb_bytes("x", ab); }));
  // The Poseidon2 and BLAKE3 transcripts are different functions of the same calls.
  SelectedTranscript s2(merkle::MerkleHash::kPoseidon2, "sens"), s3(merkle::MerkleHash::kBlake3, "sens");
  EXPECT_NE(s2.squeeze_ext("c"), s3.squeeze_ext("c"));
  EXPECT_EQ(s2.hash(), merkle::MerkleHash::kPoseidon2);
  EXPECT_EQ(s3.hash(), merkle::MerkleHash::kBlake3);
}

TEST(Poseidon2Transcript, InitLabelAndSuccessiveSqueezes) {
  Poseidon2Transcript t("s"), u("s"), v("t");
  const Fp3 a = t.squeeze_ext("a"), b = t.squeeze_ext("a");
  EXPECT_NE(a, b);
  EXPECT_EQ(u.squeeze_ext("a"), a);
  EXPECT_NE(v.squeeze_ext("a"), a);
  // A long squeeze (more than one rate block) is not the short one repeated.
  Poseidon2Transcript w("s");
  std::vector<Fp> nine(9);
  w.squeeze_bases("a", nine);
  EXPECT_NE(nine[0], nine[4]);
  EXPECT_NE(nine[0], nine[8]);
}

TEST(Poseidon2Transcript, SampledIndicesAndElementsAreSpread) {
  Poseidon2Transcript t("idx");
  auto idx = t.squeeze_indices("q", 16000, 4);
  std::vector<int> counts(16);
  for (uint64_t i : idx) {
    ASSERT_LT(i, 16u);
    counts[i]++;
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 200);
  auto big = t.squeeze_indices("q", 1000, 32);
  size_t top = 0;
  for (uint64_t i : big) {
    ASSERT_LT(i, uint64_t{1} << 32);
    top += i >> 31;
  }
  EXPECT_NEAR(static_cast<double>(top), 500.0, 100.0);
  std::vector<Fp> v(4096);
  t.squeeze_bases("v", v);
  size_t high = 0;
  for (Fp x : v) high += x.value() >> 63;
  EXPECT_NEAR(static_cast<double>(high), 2048.0, 200.0);
  EXPECT_DEATH(t.squeeze_indices("q", 1, 33), "query domain");
}

TEST(Poseidon2Grinding, FindsTheSmallestNonceAndTheVerifierAgrees) {
  for (unsigned bits : {0u, 1u, 6u, 12u}) {
    Poseidon2Transcript prover("pow");
    prover.absorb_u64("x", bits);
    Poseidon2Transcript copy = prover;
    const uint64_t nonce = grind(prover, bits);
    const Poseidon2Transcript::Seed seed = copy.pow_seed();
    for (uint64_t n = 0; n < nonce; ++n) ASSERT_FALSE(Poseidon2Transcript::pow_ok(seed, n, bits)) << n;
    Poseidon2Transcript verifier("pow");
    verifier.absorb_u64("x", bits);
    EXPECT_TRUE(verifier.check_pow(bits, nonce));
    EXPECT_EQ(verifier.squeeze_base("after"), prover.squeeze_base("after"));
  }
}

TEST(Poseidon2Grinding, WrongNonceIsRejectedAndSelectedTranscriptGrindsTheSame) {
  Poseidon2Transcript prover("pow");
  Poseidon2Transcript verifier = prover;
  SelectedTranscript selected(merkle::MerkleHash::kPoseidon2, "pow");
  const uint64_t nonce = grind(prover, 12);
  EXPECT_EQ(grind(selected, 12), nonce);
  EXPECT_EQ(selected.squeeze_base("after"), prover.squeeze_base("after"));
  uint64_t bad = nonce + 1;
  Poseidon2Transcript probe = verifier;
  const Poseidon2Transcript::Seed seed = probe.pow_seed();
  while (Poseidon2Transcript::pow_ok(seed, bad, 12)) ++bad;
  EXPECT_FALSE(verifier.check_pow(12, bad));
}

}  // namespace
}  // namespace goldfinch::transcript
