// The prover's streaming mode (ProveOptions::streaming: extensions made again when needed instead
// of kept) gives the same bytes as the default mode, for every example AIR shape (one table, a
// preprocessed lookup table, tables of equal and of different heights on a bus, every folding
// arity) and any thread count; the verifier accepts the proofs.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "goldfinch/air/example_airs.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/hash/blake3.h"
#include "goldfinch/merkle/poseidon2_merkle.h"
#include "goldfinch/stark/proof_format.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/transcript/poseidon2_transcript.h"

namespace goldfinch::stark {
namespace {

using namespace air::examples;

FibonacciAir kFib;
RangeCheckedAir kRange;
U16TableAir kU16;
AddSenderAir kSender;
AddReceiverAir kReceiver;

StarkParams fast_params() {
  StarkParams p = StarkParams::conjectured_100();
  p.num_queries = 20;
  p.pow_bits = 4;
  return p;
}

struct Statement {
  std::vector<const air::Air*> tables;
  std::unique_ptr<ProvingKey> pk;
  std::vector<TableWitness> witness;
};

Statement make(std::vector<const air::Air*> tables, std::vector<TableWitness> witness, StarkParams p = fast_params()) {
  Statement s;
  s.tables = std::move(tables);
  auto pk = setup(s.tables, p);
  EXPECT_TRUE(pk.ok());
  s.pk = std::move(*pk);
  s.witness = std::move(witness);
  return s;
}

Statement fibonacci(size_t n, StarkParams p = fast_params()) {
  std::vector<Fp> pv;
  RowMajorMatrix t = FibonacciAir::trace(n, Fp::one(), Fp::one(), &pv);
  std::vector<TableWitness> w;
  w.push_back({std::move(t), pv});
  return make({&kFib}, std::move(w), p);
}

Statement range_check(size_t n, StarkParams p = fast_params()) {
  RowMajorMatrix v(n, 1);
  std::mt19937_64 rng(3);
  for (size_t r = 0; r < n; ++r) v.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
  RowMajorMatrix m = U16TableAir::multiplicities(v);
  std::vector<TableWitness> w;
  w.push_back({std::move(v), {}});
  w.push_back({std::move(m), {}});
  return make({&kRange, &kU16}, std::move(w), p);
}

Statement add_bus(size_t n_send, size_t n_recv, StarkParams p = fast_params()) {
  RowMajorMatrix snd(n_send, 3), rcv(n_recv, 4);
  std::mt19937_64 rng(4);
  for (size_t r = 0; r < n_send; ++r) {
    const Fp a = Fp::from_u64(rng()), b = Fp::from_u64(rng());
    snd.at(r, 0) = rcv.at(r, 0) = a;
    snd.at(r, 1) = rcv.at(r, 1) = b;
    snd.at(r, 2) = rcv.at(r, 2) = a + b;
    rcv.at(r, 3) = Fp::one();
  }
  std::vector<TableWitness> w;
  w.push_back({std::move(snd), {}});
  w.push_back({std::move(rcv), {}});
  return make({&kSender, &kReceiver}, std::move(w), p);
}

// block_bytes: ProveOptions::stream_block_bytes (1: every block in the most sub-blocks).
std::vector<uint8_t> prove_with(const Statement& s, bool streaming, size_t block_bytes = ProveOptions{}.stream_block_bytes) {
  ProveOptions o;
  o.streaming = streaming;
  o.stream_block_bytes = block_bytes;
  auto p = prove(*s.pk, s.witness, backend::default_backend(), o);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().what);
  return p.ok() ? *p : std::vector<uint8_t>{};
}

Error verify_bytes(const Statement& s, const std::vector<uint8_t>& bytes) {
  // A 16-byte aligned copy (the verifier reads in place).
  std::vector<uint64_t> storage((bytes.size() + 15) / 8 + 2);
  auto* p = reinterpret_cast<uint8_t*>(storage.data());
  p += (16 - reinterpret_cast<uintptr_t>(p) % 16) % 16;
  std::memcpy(p, bytes.data(), bytes.size());
  return verify(s.pk->vk, s.tables, std::span<const uint8_t>(p, bytes.size()));
}

// Proves with streaming off and on (whole blocks, and every block cut into sub-cosets), on 1 and
// 2 threads: six identical proofs that verify.
void expect_identical(const Statement& s, const std::string& what) {
  std::vector<std::vector<uint8_t>> proofs;
  for (int threads : {1, 2}) {
    set_threads(threads);
    for (bool streaming : {false, true}) proofs.push_back(prove_with(s, streaming));
    proofs.push_back(prove_with(s, true, 1));
  }
  set_threads(max_threads());
  ASSERT_FALSE(proofs[0].empty()) << what;
  for (size_t i = 1; i < proofs.size(); ++i) EXPECT_EQ(proofs[0], proofs[i]) << what << ": proof " << i;
  Error e = verify_bytes(s, proofs[1]);
  EXPECT_TRUE(e.ok()) << what << ": " << e.what;
}

TEST(StarkStreaming, OneTableAnyHeight) {
  for (size_t n : {2, 8, 256, 4096}) expect_identical(fibonacci(n), "fibonacci " + std::to_string(n));
}

TEST(StarkStreaming, PreprocessedLookupTable) { expect_identical(range_check(1024), "range check"); }

TEST(StarkStreaming, TablesOfEqualAndDifferentHeightsOnABus) {
  for (auto [a, b] : {std::pair<size_t, size_t>{64, 256}, {128, 128}, {32, 1024}})
    expect_identical(add_bus(a, b), "add bus " + std::to_string(a) + "," + std::to_string(b));
}

TEST(StarkStreaming, FoldingAritiesAndFinalPolynomials) {
  for (uint8_t arity : {2, 3}) {
    for (uint8_t lfpl : {0, 3}) {
      StarkParams p = fast_params();
      p.log_folding_arity = arity;
      p.log_final_poly_len = lfpl;
      expect_identical(add_bus(32, 512, p), "arity 2^" + std::to_string(arity) + " lfpl " + std::to_string(lfpl));
    }
  }
}

// The attack tests' hook that edits a quotient extension before its commitment: streaming makes
// the extension several times and must edit it the same way each time (the same forced proof).
TEST(StarkStreaming, TamperedQuotientExtensionGivesTheSameForcedProof) {
  Statement s = add_bus(32, 512);
  std::vector<std::vector<uint8_t>> proofs;
  for (size_t block_bytes : {size_t{0}, ProveOptions{}.stream_block_bytes, size_t{1}}) {
    ProveOptions o;
    o.streaming = block_bytes != 0;
    o.stream_block_bytes = block_bytes;
    o.allow_unsatisfied = true;
    o.tamper_quotient_lde = [](unsigned log_height, RowMajorMatrix& lde) {
      if (log_height != 5) return;
      std::mt19937_64 rng(7);
      for (Fp& v : lde.data()) v += Fp::from_u64(rng());
    };
    auto p = prove(*s.pk, s.witness, backend::default_backend(), o);
    ASSERT_TRUE(p.ok()) << p.error().what;
    proofs.push_back(*p);
  }
  EXPECT_EQ(proofs[0], proofs[1]);
  EXPECT_EQ(proofs[0], proofs[2]);
  EXPECT_FALSE(verify_bytes(s, proofs[1]).ok());
}

TEST(StarkStreaming, UnsatisfiedTraceIsRefusedTheSameWay) {
  Statement s = fibonacci(64);
  s.witness[0].main.at(10, 0) += Fp::one();
  for (bool streaming : {false, true}) {
    ProveOptions o;
    o.streaming = streaming;
    auto p = prove(*s.pk, s.witness, backend::default_backend(), o);
    ASSERT_FALSE(p.ok()) << streaming;
    EXPECT_EQ(p.error().code, ErrorCode::kMismatch);
    EXPECT_EQ(p.error().expected, 0u);
  }
}

// ---- Poseidon2 Merkle commitments (StarkParams::merkle_hash). ----

StarkParams poseidon2_params(uint8_t log_folding_arity = 1) {
  StarkParams p = fast_params();
  p.merkle_hash = merkle::MerkleHash::kPoseidon2;
  p.log_folding_arity = log_folding_arity;
  return p;
}

TEST(StarkPoseidon2, StreamingAndThreadsGiveIdenticalProofsThatVerify) {
  expect_identical(fibonacci(256, poseidon2_params()), "poseidon2 fibonacci");
  expect_identical(range_check(1024, poseidon2_params()), "poseidon2 range check (preprocessed)");
  expect_identical(add_bus(32, 512, poseidon2_params(3)), "poseidon2 add bus, arity 8");
}

TEST(StarkPoseidon2, CommitmentsDifferFromBlake3Ones) {
  const std::vector<uint8_t> a = prove_with(fibonacci(64, poseidon2_params()), false);
  const std::vector<uint8_t> b = prove_with(fibonacci(64, fast_params()), false);
  EXPECT_NE(a, b);  // other roots, so other challenges and queries (sizes may differ too)
}

// A proof checked under the other hash's key (same tables, same FRI parameters) is rejected for
// that reason; with the header's hash id forged to match, the key digest still differs.
TEST(StarkPoseidon2, ProofRejectedUnderTheOtherHash) {
  for (merkle::MerkleHash made : {merkle::MerkleHash::kPoseidon2, merkle::MerkleHash::kBlake3}) {
    StarkParams p = fast_params();
    p.merkle_hash = made;
    Statement s = fibonacci(128, p);
    std::vector<uint8_t> proof = prove_with(s, false);
    ASSERT_TRUE(verify_bytes(s, proof).ok());
    const merkle::MerkleHash other =
        made == merkle::MerkleHash::kBlake3 ? merkle::MerkleHash::kPoseidon2 : merkle::MerkleHash::kBlake3;
    // The other hash's key of the same tables (its unpinned tables' digests follow the hash too).
    StarkParams q = p;
    q.merkle_hash = other;
    const VerifyingKey wrong = fibonacci(128, q).pk->vk;
    ASSERT_NE(wrong.digest(), s.pk->vk.digest());
    VerifyingKey relabelled = s.pk->vk;  // only the hash changed: the table no longer matches
    relabelled.params.merkle_hash = other;
    Statement r;
    r.tables = s.tables;
    r.pk = std::make_unique<ProvingKey>();
    r.pk->vk = relabelled;
    EXPECT_FALSE(verify_bytes(r, proof).ok());
    Statement t;
    t.tables = s.tables;
    t.pk = std::make_unique<ProvingKey>();
    t.pk->vk = wrong;
    Error e = verify_bytes(t, proof);
    EXPECT_EQ(e.code, ErrorCode::kMismatch);
    EXPECT_STREQ(e.what, "proof's Merkle hash differs from the verifying key's");
    // The header's hash id (u32 after the 8-byte section header, magic and version) forged.
    size_t at = 0;
    for (; at + 4 <= proof.size(); ++at)
      if (proof[at] == hash_id_of(made) && proof[at + 1] == 0 && proof[at + 2] == 0 && proof[at + 3] == 0 &&
          at >= 12 && proof[at - 4] == kProofVersion)
        break;
    ASSERT_LT(at + 4, proof.size());
    proof[at] = static_cast<uint8_t>(hash_id_of(other));
    e = verify_bytes(t, proof);
    EXPECT_EQ(e.code, ErrorCode::kMismatch);
    EXPECT_STREQ(e.what, "proof was made for another verifying key");
  }
}

// Every byte of a Poseidon2 proof is checked: flipping one anywhere (a sample of positions, the
// digests included) makes verification fail with an error, never a crash or an accepted proof.
TEST(StarkPoseidon2, TamperedBytesAreRejected) {
  Statement s = add_bus(32, 128, poseidon2_params(2));
  const std::vector<uint8_t> proof = prove_with(s, false);
  ASSERT_TRUE(verify_bytes(s, proof).ok());
  for (size_t at = 0; at < proof.size(); at += 61) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0xff}}) {
      std::vector<uint8_t> bad = proof;
      bad[at] ^= flip;
      EXPECT_FALSE(verify_bytes(s, bad).ok()) << "byte " << at;
    }
  }
  // A whole 8-byte word set to 2^64 - 1 (>= p): in a digest or a field element it is refused as
  // non-canonical before use; elsewhere (counts, nonce) it fails some other way.
  size_t non_canonical = 0;
  for (size_t at = 0; at + 8 <= proof.size(); at += 8 * 7) {
    std::vector<uint8_t> bad = proof;
    std::fill_n(bad.begin() + at, 8, 0xff);
    const Error e = verify_bytes(s, bad);
    EXPECT_FALSE(e.ok()) << "word at " << at;
    non_canonical += e.code == ErrorCode::kNonCanonical;
  }
  EXPECT_GT(non_canonical, 0u);
}

TEST(StarkPoseidon2, KeyEncodingCarriesTheHash) {
  Statement s = fibonacci(64, poseidon2_params());
  const std::vector<uint8_t> enc = s.pk->vk.encode();
  auto back = VerifyingKey::decode(enc);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->params.merkle_hash, merkle::MerkleHash::kPoseidon2);
  EXPECT_EQ(*back, s.pk->vk);
  // BLAKE3 keys keep the version-1 encoding (the golden proofs' key digests are unchanged).
  Statement b = fibonacci(64);
  EXPECT_EQ(b.pk->vk.encode()[7], 1);
  EXPECT_EQ(enc[7], 2);
  EXPECT_EQ(enc.size(), b.pk->vk.encode().size() + 1);
  // Version 2 naming BLAKE3 (a second encoding of a BLAKE3 key), or an unknown hash: rejected.
  std::vector<uint8_t> bad = enc;
  bad[14] = 0;
  EXPECT_FALSE(VerifyingKey::decode(bad).ok());
  bad[14] = 7;
  EXPECT_FALSE(VerifyingKey::decode(bad).ok());
}

// A Poseidon2-committed key is digested with the Poseidon2 sponge (no BLAKE3 for the in-VM
// verifier), a BLAKE3 one with BLAKE3 as before; a table without a pin gets a Poseidon2
// constraints digest in a Poseidon2 key. A recursion-preset proof verifies with them.
TEST(StarkPoseidon2, KeyDigestAndTableDigestsFollowTheMerkleHash) {
  Statement p2 = fibonacci(256, StarkParams::recursion());
  const VerifyingKey& vk = p2.pk->vk;
  EXPECT_EQ(vk.digest(), transcript::poseidon2_bytes_digest("goldfinch verifying key v1", vk.encode()));
  EXPECT_TRUE(merkle::poseidon2_digest_is_canonical(vk.digest()));
  Statement b3 = fibonacci(256, fast_params());
  EXPECT_EQ(b3.pk->vk.digest(),
            hash::Blake3Hasher::new_derive_key("goldfinch verifying key v1").update(b3.pk->vk.encode()).finalize());
  ASSERT_EQ(p2.tables.size(), 1u);
  ASSERT_EQ(p2.tables[0]->pinned_description(), nullptr);  // the example AIR has no pin
  EXPECT_NE(vk.tables[0].constraints_digest, b3.pk->vk.tables[0].constraints_digest);
  EXPECT_EQ(vk.tables[0].constraints_digest,
            describe_table(*p2.tables[0], kNoFixedHeight, merkle::MerkleHash::kPoseidon2).constraints_digest);
  EXPECT_EQ(b3.pk->vk.tables[0].constraints_digest, describe_table(*p2.tables[0], kNoFixedHeight).constraints_digest);
  // The key's table digest is checked against the code with the key's hash: a Poseidon2 key
  // carrying the BLAKE3 table digest is refused.
  VerifyingKey mixed = vk;
  mixed.tables[0].constraints_digest = b3.pk->vk.tables[0].constraints_digest;
  const air::Air* const tables[1] = {p2.tables[0]};
  EXPECT_FALSE(check_tables_match(mixed, tables).ok());
  EXPECT_TRUE(check_tables_match(vk, tables).ok());
  const std::vector<uint8_t> proof = prove_with(p2, false);
  ASSERT_TRUE(verify_bytes(p2, proof).ok());
  // Tampered proof bytes near the end (the FRI openings) and in the nonce region are refused.
  for (size_t back : {size_t{40}, size_t{200}, proof.size() / 2}) {
    std::vector<uint8_t> bad = proof;
    bad[proof.size() - back] ^= 0x04;
    EXPECT_FALSE(verify_bytes(p2, bad).ok()) << back;
  }
}

}  // namespace
}  // namespace goldfinch::stark
