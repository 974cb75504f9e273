// Every hash_many kernel (scalar, AVX2, AVX-512 where the CPU has them) against the scalar
// Blake3Hasher, and the wide path against b3sum. Input counts are deliberately not multiples of
// the lane widths so the spare-lane handling is exercised.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "goldfinch/hash/b3sum_oracle.h"
#include "goldfinch/hash/blake3.h"
#include "goldfinch/hash/blake3_kernels.h"
#include "goldfinch/hash/blake3_portable.h"
#include "goldfinch/hash/hash_many.h"

namespace goldfinch::hash {
namespace {

using testing::b3sum_hex;
using testing::B3sumMode;
using testing::pattern_input;

std::vector<Isa> available_isas() {
  std::vector<Isa> v;
  for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
    if (isa_available(isa)) v.push_back(isa);
  }
  return v;
}

Key random_key(std::mt19937_64& rng) {
  Key k;
  for (auto& w : k) w = static_cast<uint32_t>(rng());
  return k;
}

std::vector<uint8_t> random_bytes(std::mt19937_64& rng, size_t n) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

// n inputs of len bytes each at stride `stride` in one buffer; checks every ISA against
// blake3_keyed on each input, through both the pointer and the strided entry points.
void check_all_isas(std::mt19937_64& rng, size_t n, size_t len, size_t stride) {
  const Key key = random_key(rng);
  const std::vector<uint8_t> buf = random_bytes(rng, n * stride + 1);
  std::vector<const uint8_t*> ptrs(n);
  std::vector<Digest> want(n);
  for (size_t i = 0; i < n; ++i) {
    ptrs[i] = buf.data() + i * stride;
    want[i] = blake3_keyed(key, {ptrs[i], len});
  }
  for (Isa isa : available_isas()) {
    std::vector<Digest> got(n), got_strided(n);
    hash_many(ptrs, len, key, got.data(), isa);
    hash_many_strided(buf.data(), stride, n, len, key, got_strided.data(), isa);
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(got[i], want[i]) << isa_name(isa) << " n=" << n << " len=" << len << " i=" << i;
      ASSERT_EQ(got_strided[i], want[i]) << isa_name(isa) << " strided n=" << n << " len=" << len << " i=" << i;
    }
  }
}

TEST(HashMany, ReportsWhichIsasRun) {
  for (Isa isa : available_isas()) std::printf("hash_many kernel available: %s\n", isa_name(isa));
  EXPECT_TRUE(isa_available(Isa::kScalar));
}

TEST(HashMany, EveryLengthUpToOneChunk) {
  std::mt19937_64 rng(1);
  for (size_t len = 0; len <= kChunkLen; ++len) check_all_isas(rng, 19, len, len + 5);
}

TEST(HashMany, CountsAroundLaneWidths) {
  std::mt19937_64 rng(2);
  for (size_t len : {0, 1, 64, 100, 512, 1024}) {
    for (size_t n = 0; n <= 40; ++n) check_all_isas(rng, n, len, len);
  }
}

TEST(HashMany, InputsLongerThanOneChunk) {
  std::mt19937_64 rng(3);
  for (size_t len : {1025, 1600, 2048, 2049, 3072, 4097, 5000, 8192 + 17, 31744}) {
    for (size_t n : {1, 5, 17, 70}) check_all_isas(rng, n, len, len + 3);
  }
}

TEST(HashMany, RandomShapes) {
  std::mt19937_64 rng(4);
  for (int t = 0; t < 60; ++t) {
    const size_t len = rng() % 3000, n = rng() % 50;
    check_all_isas(rng, n, len, len + rng() % 100);
  }
}

TEST(HashMany, KeyedMatchesB3sum) {
  std::mt19937_64 rng(5);
  const Key key = random_key(rng);
  const Digest key_bytes = key_to_digest(key);
  for (size_t len : {0, 64, 512, 1000, 1024, 2500}) {
    std::vector<std::vector<uint8_t>> inputs;
    std::vector<const uint8_t*> ptrs;
    for (int i = 0; i < 21; ++i) inputs.push_back(random_bytes(rng, len));
    for (auto& in : inputs) ptrs.push_back(in.data());
    const auto want = b3sum_hex(inputs, {B3sumMode::kKeyed, {key_bytes.bytes.begin(), key_bytes.bytes.end()}, ""});
    ASSERT_TRUE(want.has_value());
    for (Isa isa : available_isas()) {
      std::vector<Digest> got(inputs.size());
      hash_many(ptrs, len, key, got.data(), isa);
      for (size_t i = 0; i < inputs.size(); ++i) EXPECT_EQ(to_hex(got[i]), (*want)[i]) << isa_name(isa) << " " << len;
    }
  }
}

// The raw kernels with a chunk counter crossing 2^32 (the high counter word must carry).
TEST(HashMany, KernelCounterCarriesIntoHighWord) {
  std::mt19937_64 rng(6);
  const Key key = random_key(rng);
  const size_t n = 37;
  const auto buf = random_bytes(rng, n * kChunkLen);
  std::vector<const uint8_t*> ptrs(n);
  for (size_t i = 0; i < n; ++i) ptrs[i] = buf.data() + i * kChunkLen;
  const uint64_t counter = (1ull << 32) - 20;
  std::vector<uint8_t> want(32 * n), got(32 * n);
  // Reference: the scalar compression function block by block.
  for (size_t i = 0; i < n; ++i) {
    Key cv = key;
    for (size_t b = 0; b < kChunkLen / kBlockLen; ++b) {
      const uint8_t f = kKeyedHash | (b == 0 ? kChunkStart : 0) | (b == 15 ? kChunkEnd : 0);
      compress_in_place(cv.data(), ptrs[i] + b * kBlockLen, kBlockLen, counter + i, f);
    }
    const Digest d = key_to_digest(cv);
    std::copy(d.bytes.begin(), d.bytes.end(), want.begin() + 32 * i);
  }
  for (Isa isa : available_isas()) {
    HashManyKernel kernel = &portable::hash_many;
#if defined(GF_HAVE_AVX2)
    if (isa == Isa::kAvx2) kernel = &avx2::hash_many;
#endif
#if defined(GF_HAVE_AVX512)
    if (isa == Isa::kAvx512) kernel = &avx512::hash_many;
#endif
    kernel(ptrs.data(), n, kChunkLen, key.data(), counter, true, kKeyedHash, kChunkStart, kChunkEnd, got.data());
    EXPECT_EQ(got, want) << isa_name(isa);
  }
}

TEST(Blake3Wide, MatchesB3sumForEveryIsa) {
  std::vector<size_t> lens = {0, 1, 1024, 1025, 2048, 16 * 1024, 16 * 1024 + 1, 17 * 1024, 100000,
                              1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 777};
  std::mt19937_64 rng(8);
  for (int i = 0; i < 4; ++i) lens.push_back(rng() % (5 << 20));
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t n : lens) inputs.push_back(pattern_input(n));
  const auto want = b3sum_hex(inputs);
  ASSERT_TRUE(want.has_value());
  for (Isa isa : available_isas()) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      EXPECT_EQ(to_hex(blake3_wide(inputs[i], isa)), (*want)[i]) << isa_name(isa) << " len " << lens[i];
    }
  }
}

TEST(Blake3Wide, PiecewiseKeyedAndDeriveKeyMatchB3sum) {
  std::mt19937_64 rng(9);
  const Key key = random_key(rng);
  const Digest key_bytes = key_to_digest(key);
  const std::string context = "goldfinch wide path test";
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t n : {5000, 70000, 1100000}) inputs.push_back(random_bytes(rng, n));
  const auto want_keyed = b3sum_hex(inputs, {B3sumMode::kKeyed, {key_bytes.bytes.begin(), key_bytes.bytes.end()}, ""});
  const auto want_derive = b3sum_hex(inputs, {B3sumMode::kDeriveKey, {}, context});
  ASSERT_TRUE(want_keyed.has_value() && want_derive.has_value());
  for (Isa isa : available_isas()) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      Blake3Hasher keyed = Blake3Hasher::new_keyed(key), derive = Blake3Hasher::new_derive_key(context);
      size_t pos = 0;
      while (pos < inputs[i].size()) {  // pieces that start and end mid-chunk
        const size_t take = std::min<size_t>(inputs[i].size() - pos, 1 + rng() % 300000);
        update_wide(keyed, {inputs[i].data() + pos, take}, isa);
        update_wide(derive, {inputs[i].data() + pos, take}, isa);
        pos += take;
      }
      EXPECT_EQ(to_hex(keyed.finalize()), (*want_keyed)[i]) << isa_name(isa);
      EXPECT_EQ(to_hex(derive.finalize()), (*want_derive)[i]) << isa_name(isa);
    }
  }
}

}  // namespace
}  // namespace goldfinch::hash
