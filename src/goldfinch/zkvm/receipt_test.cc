// Receipt container (docs/receipt_format.md): round trips, alignment of the views, one negative
// test per reader check named after the attack, and exhaustive single-bit flips of the header and
// entry table. Randomness: mt19937_64 with the seed printed in each test's name or body.
#include "goldfinch/zkvm/receipt.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>

namespace goldfinch::zkvm {
namespace {

constexpr size_t kOffVersion = 8, kOffShardCount = 12, kOffShardCycles = 16, kOffKeyDigest = 24, kOffTotal = 56;

// Proof bytes with no zero byte (so a shortened length leaves non-zero bytes where padding must be).
std::vector<std::vector<uint8_t>> random_proofs(std::mt19937_64& rng, const std::vector<size_t>& lens) {
  std::vector<std::vector<uint8_t>> out;
  for (size_t len : lens) {
    std::vector<uint8_t> p(len);
    for (auto& x : p) x = static_cast<uint8_t>(1 + rng() % 255);
    out.push_back(std::move(p));
  }
  return out;
}

ReceiptHeader random_header(std::mt19937_64& rng) {
  ReceiptHeader h;
  for (auto& x : h.key_digest.bytes) x = static_cast<uint8_t>(rng());
  h.shard_cycles = uint64_t{1} << (rng() % 41);
  return h;
}

// A 16-byte aligned copy of bytes (as stark::AlignedBytes gives), optionally shifted by `shift`
// bytes to misalign it.
class Buffer {
 public:
  explicit Buffer(std::span<const uint8_t> bytes, size_t shift = 0)
      : blocks_((bytes.size() + shift + 15) / 16 + 1), shift_(shift), size_(bytes.size()) {
    if (!bytes.empty()) std::memcpy(base() + shift_, bytes.data(), bytes.size());
  }
  std::span<const uint8_t> span() const { return {base() + shift_, size_}; }

 private:
  struct alignas(16) Block {
    uint8_t b[16];
  };
  uint8_t* base() const { return const_cast<uint8_t*>(blocks_.data()->b); }
  std::vector<Block> blocks_;
  size_t shift_, size_;
};

uint64_t get_u64(const std::vector<uint8_t>& b, size_t pos) {
  uint64_t x = 0;
  for (size_t i = 0; i < 8; ++i) x |= static_cast<uint64_t>(b[pos + i]) << (8 * i);
  return x;
}
void set_u64(std::vector<uint8_t>& b, size_t pos, uint64_t x) {
  for (size_t i = 0; i < 8; ++i) b[pos + i] = static_cast<uint8_t>(x >> (8 * i));
}
void set_u32(std::vector<uint8_t>& b, size_t pos, uint32_t x) {
  for (size_t i = 0; i < 4; ++i) b[pos + i] = static_cast<uint8_t>(x >> (8 * i));
}
size_t entry(size_t k) { return kReceiptHeaderBytes + k * kReceiptEntryBytes; }

Result<ReceiptView> read(const std::vector<uint8_t>& bytes) {
  static thread_local std::unique_ptr<Buffer> keep;  // the view points into it
  keep = std::make_unique<Buffer>(bytes);
  return read_receipt(keep->span());
}

// The receipt is rejected with `code` and an error text containing `what`.
void expect_rejected(const std::vector<uint8_t>& bytes, ErrorCode code, const std::string& what) {
  const Buffer buf(bytes);
  auto r = read_receipt(buf.span());
  ASSERT_FALSE(r.ok()) << "accepted, expected: " << what;
  EXPECT_EQ(r.error().code, code) << r.error().what;
  EXPECT_NE(std::string(r.error().what).find(what), std::string::npos) << "error was: " << r.error().what;
}

// A valid three-shard receipt with lengths 13, 24 and 5 (two with padding).
std::vector<uint8_t> sample(std::vector<std::vector<uint8_t>>* proofs_out = nullptr) {
  std::mt19937_64 rng(1);
  auto proofs = random_proofs(rng, {13, 24, 5});
  ReceiptHeader h = random_header(rng);
  h.shard_cycles = 1 << 20;
  if (proofs_out) *proofs_out = proofs;
  return encode_receipt(h, proofs);
}

void expect_round_trip(const ReceiptHeader& h, const std::vector<std::vector<uint8_t>>& proofs) {
  const std::vector<uint8_t> bytes = encode_receipt(h, proofs);
  EXPECT_TRUE(looks_like_receipt(bytes));
  EXPECT_EQ(bytes.size() % 8, 0u);
  const Buffer buf(bytes);
  auto r = read_receipt(buf.span());
  ASSERT_TRUE(r.ok()) << r.error().what;
  EXPECT_EQ(r->header, h);
  ASSERT_EQ(r->shards.size(), proofs.size());
  for (size_t k = 0; k < proofs.size(); ++k) {
    EXPECT_TRUE(std::equal(r->shards[k].begin(), r->shards[k].end(), proofs[k].begin(), proofs[k].end()))
        << "shard " << k;
    // Zero-copy: the view lies inside the buffer, 8-byte aligned since the buffer is.
    EXPECT_GE(r->shards[k].data(), buf.span().data());
    EXPECT_LE(r->shards[k].data() + r->shards[k].size(), buf.span().data() + buf.span().size());
    EXPECT_EQ(reinterpret_cast<uintptr_t>(r->shards[k].data()) % 8, 0u) << "shard " << k;
  }
}

TEST(Receipt, RoundTripOneTwoFiveShardsWithRandomLengths) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    for (size_t n : {1, 2, 5}) {
      std::vector<size_t> lens(n);
      for (auto& l : lens) l = 1 + rng() % 300;  // mostly not multiples of 8
      expect_round_trip(random_header(rng), random_proofs(rng, lens));
    }
  }
  std::mt19937_64 rng(99);  // lengths 1..16: every padding amount, and exact multiples of 8
  std::vector<size_t> lens;
  for (size_t l = 1; l <= 16; ++l) lens.push_back(l);
  expect_round_trip(random_header(rng), random_proofs(rng, lens));
}

TEST(Receipt, ShardSpansAreAlignedWhenTheBufferIsAndInsideItWhenNot) {
  std::vector<std::vector<uint8_t>> proofs;
  const auto bytes = sample(&proofs);
  for (size_t shift = 0; shift < 8; ++shift) {
    const Buffer buf(bytes, shift);
    auto r = read_receipt(buf.span());
    ASSERT_TRUE(r.ok()) << r.error().what;
    for (size_t k = 0; k < proofs.size(); ++k) {
      EXPECT_EQ((reinterpret_cast<uintptr_t>(r->shards[k].data()) - reinterpret_cast<uintptr_t>(buf.span().data())) % 8,
                0u);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(r->shards[k].data()) % 8, shift);
      EXPECT_TRUE(std::equal(r->shards[k].begin(), r->shards[k].end(), proofs[k].begin(), proofs[k].end()));
    }
  }
}

// A STARK proof is whole 16-byte sections and the entry table ends at a multiple of 16, so in a
// 16-byte aligned buffer every honest shard proof is 16-byte aligned: what stark::verify reads in
// place (docs/receipt_format.md, "Alignment").
TEST(Receipt, ShardsOfWholeSixteenByteSectionsAreSixteenByteAligned) {
  std::mt19937_64 rng(5);
  for (size_t n : {1, 2, 3, 7}) {
    std::vector<size_t> lens(n);
    for (auto& l : lens) l = 16 * (1 + rng() % 20);
    const auto bytes = encode_receipt(random_header(rng), random_proofs(rng, lens));
    const Buffer buf(bytes);
    ASSERT_EQ(reinterpret_cast<uintptr_t>(buf.span().data()) % 16, 0u);
    auto r = read_receipt(buf.span());
    ASSERT_TRUE(r.ok()) << r.error().what;
    for (const auto& s : r->shards) EXPECT_EQ(reinterpret_cast<uintptr_t>(s.data()) % 16, 0u);
  }
}

TEST(Receipt, EncodeOfReadIsTheInput) {
  for (uint64_t seed = 100; seed < 140; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<size_t> lens(1 + rng() % 6);
    for (auto& l : lens) l = 1 + rng() % 64;
    const auto bytes = encode_receipt(random_header(rng), random_proofs(rng, lens));
    auto r = read(bytes);
    ASSERT_TRUE(r.ok()) << "seed " << seed << ": " << r.error().what;
    std::vector<std::vector<uint8_t>> shards;
    for (auto s : r->shards) shards.emplace_back(s.begin(), s.end());
    EXPECT_EQ(encode_receipt(r->header, shards), bytes) << "seed " << seed;
  }
}

TEST(Receipt, LooksLikeReceiptChecksTheMagicOnly) {
  EXPECT_TRUE(looks_like_receipt(sample()));
  const std::vector<uint8_t> magic(kReceiptMagic, kReceiptMagic + 8);
  EXPECT_TRUE(looks_like_receipt(magic));
  EXPECT_FALSE(looks_like_receipt(std::span(magic).first(7)));
  EXPECT_FALSE(looks_like_receipt({}));
  const std::vector<uint8_t> proof_magic = {'G', 'F', 'P', 'R', 'O', 'O', 'F', 0};
  EXPECT_FALSE(looks_like_receipt(proof_magic));
}

TEST(ReceiptEncode, PreconditionsAreChecked) {
  ReceiptHeader h;
  h.shard_cycles = 1024;
  const std::vector<std::vector<uint8_t>> none, one = {{1, 2, 3}};
  const std::vector<std::vector<uint8_t>> empty_proof(1);
  EXPECT_DEATH(encode_receipt(h, none), "at least one shard proof");
  EXPECT_DEATH(encode_receipt(h, empty_proof), "cannot be empty");
  h.shard_cycles = 1000;
  EXPECT_DEATH(encode_receipt(h, one), "power of two");
  h.shard_cycles = 0;
  EXPECT_DEATH(encode_receipt(h, one), "power of two");
  h.shard_cycles = uint64_t{1} << 41;
  EXPECT_DEATH(encode_receipt(h, one), "power of two");
}

// ---- Attacks: one per check of read_receipt. ----

TEST(ReceiptAttack, TruncatedReceipt) {
  const auto bytes = sample();
  for (size_t len = 0; len < bytes.size(); ++len) {
    const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
    auto r = read(cut);
    ASSERT_FALSE(r.ok()) << "prefix of " << len << " bytes accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kTruncated) << "prefix of " << len << " bytes: " << r.error().what;
  }
  expect_rejected({bytes.begin(), bytes.begin() + 63}, ErrorCode::kTruncated, "shorter than its 64-byte header");
  expect_rejected({bytes.begin(), bytes.end() - 8}, ErrorCode::kTruncated, "shorter than its total length");
}

TEST(ReceiptAttack, ExtraTrailingByte) {
  auto bytes = sample();
  bytes.push_back(0);
  expect_rejected(bytes, ErrorCode::kTrailingBytes, "bytes after the receipt's total length");
}

TEST(ReceiptAttack, WrongMagic) {
  auto bytes = sample();
  bytes[3] = 'P';
  expect_rejected(bytes, ErrorCode::kMismatch, "not a Goldfinch receipt");
  auto proof = sample();
  std::memcpy(proof.data(), "GFPROOF", 8);  // a bare STARK proof is not a receipt
  expect_rejected(proof, ErrorCode::kMismatch, "not a Goldfinch receipt");
}

TEST(ReceiptAttack, WrongVersion) {
  for (uint32_t v : {0u, 2u, 0xFFFFFFFFu}) {
    auto bytes = sample();
    set_u32(bytes, kOffVersion, v);
    expect_rejected(bytes, ErrorCode::kInvalidArgument, "unsupported receipt version");
  }
}

TEST(ReceiptAttack, ZeroShards) {
  auto bytes = sample();
  set_u32(bytes, kOffShardCount, 0);
  expect_rejected(bytes, ErrorCode::kInvalidArgument, "zero shards");
  // Also a bare 64-byte header claiming no shards, its total length consistent.
  std::vector<uint8_t> header(bytes.begin(), bytes.begin() + kReceiptHeaderBytes);
  set_u64(header, kOffTotal, kReceiptHeaderBytes);
  expect_rejected(header, ErrorCode::kInvalidArgument, "zero shards");
}

TEST(ReceiptAttack, TooManyShards) {
  for (uint32_t n : {kMaxReceiptShards + 1, 0xFFFFFFFFu}) {
    auto bytes = sample();
    set_u32(bytes, kOffShardCount, n);
    expect_rejected(bytes, ErrorCode::kInvalidArgument, "shard count above the maximum");
  }
}

TEST(ReceiptAttack, EntryTableBeyondTheBuffer) {
  auto bytes = sample();  // 3 entries; claim 1000 with the total length still equal to the size
  set_u32(bytes, kOffShardCount, 1000);
  expect_rejected(bytes, ErrorCode::kTruncated, "entry table beyond the buffer");
  set_u32(bytes, kOffShardCount, kMaxReceiptShards);
  expect_rejected(bytes, ErrorCode::kTruncated, "entry table beyond the buffer");
}

TEST(ReceiptAttack, OverlappingEntries) {
  // Shard 1 points back into shard 0's proof (sharing bytes), and at shard 0 itself.
  for (uint64_t off : {uint64_t{entry(3)}, uint64_t{entry(3) + 8}}) {
    auto bytes = sample();
    set_u64(bytes, entry(1), off);
    expect_rejected(bytes, ErrorCode::kMismatch, "not the canonical next offset");
  }
  // Shard 0 starting inside the entry table.
  auto bytes = sample();
  set_u64(bytes, entry(0), entry(2));
  expect_rejected(bytes, ErrorCode::kMismatch, "not the canonical next offset");
}

TEST(ReceiptAttack, ReorderedEntries) {
  // Swapping entries 0 and 1 would present the proofs in another order.
  auto bytes = sample();
  std::vector<uint8_t> e0(bytes.begin() + entry(0), bytes.begin() + entry(1));
  std::copy(bytes.begin() + entry(1), bytes.begin() + entry(2), bytes.begin() + entry(0));
  std::copy(e0.begin(), e0.end(), bytes.begin() + entry(1));
  expect_rejected(bytes, ErrorCode::kMismatch, "not the canonical next offset");
}

TEST(ReceiptAttack, GapBetweenProofs) {
  // Eight zero bytes inserted after shard 0's padded proof; later offsets and the total follow.
  std::vector<std::vector<uint8_t>> proofs;
  auto bytes = sample(&proofs);
  const size_t after0 = entry(3) + 16;  // shard 0: 13 bytes padded to 16
  bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(after0), 8, 0);
  for (size_t k = 1; k < 3; ++k) set_u64(bytes, entry(k), get_u64(bytes, entry(k)) + 8);
  set_u64(bytes, kOffTotal, bytes.size());
  expect_rejected(bytes, ErrorCode::kMismatch, "not the canonical next offset");
  // The same gap before the first proof.
  bytes = sample();
  bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(entry(3)), 8, 0);
  for (size_t k = 0; k < 3; ++k) set_u64(bytes, entry(k), get_u64(bytes, entry(k)) + 8);
  set_u64(bytes, kOffTotal, bytes.size());
  expect_rejected(bytes, ErrorCode::kMismatch, "not the canonical next offset");
}

TEST(ReceiptAttack, NonzeroPadding) {
  // Shard 0 (13 bytes) has three padding bytes, shard 2 (5 bytes, the last) three.
  for (size_t pos : {entry(3) + 13, entry(3) + 15, entry(3) + 16 + 24 + 5, entry(3) + 16 + 24 + 7}) {
    auto bytes = sample();
    bytes[pos] = 0x80;
    expect_rejected(bytes, ErrorCode::kInvalidArgument, "non-zero padding byte");
  }
}

TEST(ReceiptAttack, PaddingMissingAtTheEnd) {
  // The last proof (5 bytes) without its 3 padding bytes, the total length made consistent.
  auto bytes = sample();
  bytes.erase(bytes.end() - 3, bytes.end());  // not resize: g++-12 -fsanitize warns (-Wstringop-overflow)
  set_u64(bytes, kOffTotal, bytes.size());
  expect_rejected(bytes, ErrorCode::kTruncated, "padding after a shard proof beyond the buffer");
}

TEST(ReceiptAttack, EmptyProof) {
  auto bytes = sample();
  set_u64(bytes, entry(1) + 8, 0);
  expect_rejected(bytes, ErrorCode::kInvalidArgument, "shard proof is empty");
}

TEST(ReceiptAttack, ProofBeyondTheBuffer) {
  auto bytes = sample();
  set_u64(bytes, entry(2) + 8, bytes.size());  // the last proof claims more bytes than exist
  expect_rejected(bytes, ErrorCode::kTruncated, "shard proof beyond the buffer");
}

TEST(ReceiptAttack, NonPowerOfTwoShardCycles) {
  for (uint64_t c : {uint64_t{0}, uint64_t{3}, uint64_t{1000}, (uint64_t{1} << 20) + 1, ~uint64_t{0}}) {
    auto bytes = sample();
    set_u64(bytes, kOffShardCycles, c);
    expect_rejected(bytes, ErrorCode::kInvalidArgument, "shard cycles not a power of two");
  }
  for (uint64_t c : {uint64_t{1} << 41, uint64_t{1} << 63}) {
    auto bytes = sample();
    set_u64(bytes, kOffShardCycles, c);
    expect_rejected(bytes, ErrorCode::kInvalidArgument, "shard cycles above 2^40");
  }
  auto bytes = sample();  // 1 and 2^40 are the extremes accepted
  set_u64(bytes, kOffShardCycles, 1);
  EXPECT_TRUE(read(bytes).ok());
  set_u64(bytes, kOffShardCycles, uint64_t{1} << 40);
  EXPECT_TRUE(read(bytes).ok());
}

TEST(ReceiptAttack, TotalLengthLie) {
  auto bytes = sample();
  set_u64(bytes, kOffTotal, bytes.size() + 8);
  expect_rejected(bytes, ErrorCode::kTruncated, "shorter than its total length");
  set_u64(bytes, kOffTotal, bytes.size() - 8);
  expect_rejected(bytes, ErrorCode::kTrailingBytes, "bytes after the receipt's total length");
  set_u64(bytes, kOffTotal, ~uint64_t{0});
  expect_rejected(bytes, ErrorCode::kTruncated, "shorter than its total length");
  // Eight zero bytes appended and the total length raised to match: the proofs do not reach them.
  bytes = sample();
  bytes.insert(bytes.end(), 8, 0);
  set_u64(bytes, kOffTotal, bytes.size());
  expect_rejected(bytes, ErrorCode::kTrailingBytes, "bytes after the last shard proof");
}

TEST(ReceiptAttack, SixtyFourBitOffsetOverflow) {
  // An offset near 2^64, which offset + length would wrap to a small number.
  auto bytes = sample();
  set_u64(bytes, entry(1), ~uint64_t{0} - 7);
  set_u64(bytes, entry(1) + 8, 64);
  expect_rejected(bytes, ErrorCode::kMismatch, "not the canonical next offset");
  // A canonical offset with a length that wraps offset + length (and its rounding up) past 2^64.
  const uint64_t offset1 = get_u64(sample(), entry(1));
  for (uint64_t len : {~uint64_t{0}, ~uint64_t{0} - offset1 + 1, ~uint64_t{0} - 3}) {
    bytes = sample();
    set_u64(bytes, entry(1) + 8, len);
    expect_rejected(bytes, ErrorCode::kTruncated, "shard proof beyond the buffer");
  }
}

// Every single-bit flip of the header and entry table is rejected, except in the key digest, where
// the receipt reads with another header and the same proofs. Proof lengths are multiples of 8
// here, so that a length field cannot move into zero padding and still be valid; bits of the
// proof contents read as another proof under the same header, and bits of padding are rejected.
TEST(ReceiptAttack, EverySingleBitFlipIsRejectedOrChangesTheDigestOrProof) {
  std::mt19937_64 rng(7);
  const auto proofs = random_proofs(rng, {16, 8, 40});
  ReceiptHeader h = random_header(rng);
  const auto bytes = encode_receipt(h, proofs);
  const size_t table_end = entry(proofs.size());
  for (size_t pos = 0; pos < table_end; ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      auto x = bytes;
      x[pos] ^= static_cast<uint8_t>(1u << bit);
      auto r = read(x);
      const bool in_digest = pos >= kOffKeyDigest && pos < kOffKeyDigest + hash::Digest::kBytes;
      if (!in_digest) {
        EXPECT_FALSE(r.ok()) << "flip of byte " << pos << " bit " << bit << " accepted";
        continue;
      }
      ASSERT_TRUE(r.ok()) << "byte " << pos << ": " << r.error().what;
      EXPECT_NE(r->header, h);
      EXPECT_EQ(r->header.shard_cycles, h.shard_cycles);
      ASSERT_EQ(r->shards.size(), proofs.size());
      std::vector<std::vector<uint8_t>> shards;
      for (auto s : r->shards) shards.emplace_back(s.begin(), s.end());
      EXPECT_EQ(shards, proofs);
      EXPECT_EQ(encode_receipt(r->header, shards), x);
    }
  }
  // Proof contents: accepted, same header, that shard differs.
  for (size_t pos = table_end; pos < bytes.size(); ++pos) {
    auto x = bytes;
    x[pos] ^= 0x01;
    auto r = read(x);
    ASSERT_TRUE(r.ok()) << "byte " << pos << ": " << r.error().what;
    EXPECT_EQ(r->header, h);
    std::vector<std::vector<uint8_t>> shards;
    for (auto s : r->shards) shards.emplace_back(s.begin(), s.end());
    EXPECT_NE(shards, proofs);
    EXPECT_EQ(encode_receipt(r->header, shards), x);
  }
}

// With lengths that leave padding, a flip is rejected, or the receipt it gives re-encodes to the
// flipped bytes (one encoding per receipt) and differs from the original: only digest bits, proof
// bits, and low length bits that grow a proof into its own zero padding can be accepted.
TEST(ReceiptAttack, SingleBitFlipsWithPaddingNeverGiveASecondEncoding) {
  std::vector<std::vector<uint8_t>> proofs;
  const auto bytes = sample(&proofs);
  auto original = read(bytes);
  ASSERT_TRUE(original.ok());
  const ReceiptHeader h = original->header;
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      auto x = bytes;
      x[pos] ^= static_cast<uint8_t>(1u << bit);
      auto r = read(x);
      if (!r.ok()) continue;
      const bool in_digest = pos >= kOffKeyDigest && pos < kOffKeyDigest + hash::Digest::kBytes;
      const bool in_length = pos >= kReceiptHeaderBytes && pos < entry(3) && (pos - kReceiptHeaderBytes) % 16 >= 8;
      const bool in_proof = pos >= entry(3);
      EXPECT_TRUE(in_digest || in_length || in_proof) << "flip of byte " << pos << " bit " << bit << " accepted";
      std::vector<std::vector<uint8_t>> shards;
      for (auto s : r->shards) shards.emplace_back(s.begin(), s.end());
      EXPECT_TRUE(r->header != h || shards != proofs) << "byte " << pos;
      EXPECT_EQ(encode_receipt(r->header, shards), x) << "byte " << pos << " bit " << bit;
    }
  }
}

}  // namespace
}  // namespace goldfinch::zkvm
