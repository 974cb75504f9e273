// The scalar BLAKE3 against b3sum (an independent implementation, run as a process): default,
// keyed and key-derivation modes, extendable output, and every way of splitting the input.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "goldfinch/hash/b3sum_oracle.h"
#include "goldfinch/hash/blake3.h"

namespace goldfinch::hash {
namespace {

using testing::b3sum_hex;
using testing::B3sumMode;
using testing::pattern_input;

// The lengths the official test vectors use, around block, chunk and tree boundaries.
std::vector<size_t> oracle_lengths() {
  std::vector<size_t> lens = {0, 1, 63, 64, 65, 127, 128, 129, 1023, 1024, 1025, 2048, 2049, 3072,
                              3073, 4096, 4097, 5120, 5121, 6144, 6145, 7168, 7169, 8192, 8193,
                              16384, 31744, 102400};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 12; ++i) lens.push_back(rng() % 70000);
  return lens;
}

std::vector<std::vector<uint8_t>> pattern_inputs(const std::vector<size_t>& lens) {
  std::vector<std::vector<uint8_t>> v;
  for (size_t n : lens) v.push_back(pattern_input(n));
  return v;
}

// Absorbs `input` in random-sized pieces (1..3000 bytes).
Blake3Hasher& update_in_pieces(Blake3Hasher& h, const std::vector<uint8_t>& input, uint64_t seed) {
  std::mt19937_64 rng(seed);
  size_t pos = 0;
  while (pos < input.size()) {
    const size_t take = std::min<size_t>(input.size() - pos, 1 + rng() % 3000);
    h.update({input.data() + pos, take});
    pos += take;
  }
  return h;
}

TEST(Blake3, DefaultModeMatchesB3sum) {
  const auto lens = oracle_lengths();
  const auto inputs = pattern_inputs(lens);
  const auto want = b3sum_hex(inputs);
  ASSERT_TRUE(want.has_value());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(to_hex(blake3(inputs[i])), (*want)[i]) << "len " << lens[i];
    Blake3Hasher h;
    EXPECT_EQ(to_hex(update_in_pieces(h, inputs[i], i).finalize()), (*want)[i]) << "pieces, len " << lens[i];
  }
}

TEST(Blake3, KeyedModeMatchesB3sum) {
  const std::string key_text = "whats the Elvish word for friend";  // the official test key
  const std::vector<uint8_t> key(key_text.begin(), key_text.end());
  const auto lens = oracle_lengths();
  const auto inputs = pattern_inputs(lens);
  const auto want = b3sum_hex(inputs, {B3sumMode::kKeyed, key, ""});
  ASSERT_TRUE(want.has_value());
  const Key k = key_from_bytes(key.data());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(to_hex(blake3_keyed(k, inputs[i])), (*want)[i]) << "len " << lens[i];
    Blake3Hasher h = Blake3Hasher::new_keyed(key.data());
    EXPECT_EQ(to_hex(update_in_pieces(h, inputs[i], i).finalize()), (*want)[i]) << "pieces, len " << lens[i];
  }
}

TEST(Blake3, DeriveKeyModeMatchesB3sum) {
  const std::string context = "goldfinch 2026-11-21 test context";
  const auto lens = oracle_lengths();
  const auto inputs = pattern_inputs(lens);
  const auto want = b3sum_hex(inputs, {B3sumMode::kDeriveKey, {}, context});
  ASSERT_TRUE(want.has_value());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(to_hex(blake3_derive_key(context, inputs[i])), (*want)[i]) << "len " << lens[i];
  }
}

TEST(Blake3, ExtendableOutputMatchesB3sum) {
  const std::vector<size_t> lens = {0, 1, 1024, 1025, 5000};
  const auto inputs = pattern_inputs(lens);
  for (size_t out_len : {1, 31, 32, 33, 63, 64, 65, 131, 1000}) {
    const auto want = b3sum_hex(inputs, {}, out_len);
    ASSERT_TRUE(want.has_value());
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::vector<uint8_t> out(out_len);
      Blake3Hasher().update(inputs[i]).finalize_xof(out);
      EXPECT_EQ(to_hex(out.data(), out.size()), (*want)[i]) << "len " << lens[i] << " out " << out_len;
    }
  }
  // Keyed XOF too.
  std::vector<uint8_t> key(32);
  for (size_t i = 0; i < 32; ++i) key[i] = static_cast<uint8_t>(3 * i + 1);
  const auto want = b3sum_hex(inputs, {B3sumMode::kKeyed, key, ""}, 200);
  ASSERT_TRUE(want.has_value());
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::vector<uint8_t> out(200);
    Blake3Hasher::new_keyed(key.data()).update(inputs[i]).finalize_xof(out);
    EXPECT_EQ(to_hex(out.data(), out.size()), (*want)[i]);
  }
}

TEST(Blake3, ByteAtATimeEqualsOneShot) {
  // Every split of small inputs; the oracle is b3sum through DefaultModeMatchesB3sum.
  for (size_t len : {0, 1, 64, 65, 1024, 1025, 2049}) {
    const auto input = pattern_input(len);
    Blake3Hasher h;
    for (uint8_t b : input) h.update({&b, 1});
    EXPECT_EQ(h.finalize(), blake3(input)) << len;
  }
}

TEST(Blake3, FinalizeDoesNotConsumeState) {
  const auto input = pattern_input(3000);
  Blake3Hasher h;
  h.update({input.data(), 1500});
  (void)h.finalize();
  h.update({input.data() + 1500, 1500});
  EXPECT_EQ(h.finalize(), blake3(input));
}

TEST(Digest, HexRoundTripAndErrors) {
  const Digest d = blake3(pattern_input(10));
  auto back = digest_from_hex(to_hex(d));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, d);
  EXPECT_EQ(digest_from_hex("abc").error().code, ErrorCode::kInvalidArgument);
  std::string bad = to_hex(d);
  bad[5] = 'g';
  EXPECT_EQ(digest_from_hex(bad).error().code, ErrorCode::kInvalidArgument);
}

TEST(Digest, OrderingIsLexicographic) {
  Digest a, b;
  b.bytes[0] = 1;
  a.bytes[31] = 0xFF;
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace goldfinch::hash
