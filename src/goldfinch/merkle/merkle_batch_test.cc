// The host verifier's batch hashers (Blake3MerkleBatch through hash_many, Poseidon2MerkleBatch
// through the packed permutation), typed over both hashes: hash_leaves against the scalar hash_leaf
// row by row, on every instruction set this machine runs, for row widths from empty to past the
// hash's block or chunk boundaries (BLAKE3 0..300 elements, Poseidon2 0..100, every residue mod 4)
// and row counts around the kernels' lane counts; compress_pairs against compress (Poseidon2 also
// on non-canonical words, which both reduce mod p); and verify_batch / verify_mixed through the
// batch path accept what the scalar path accepts and reject a tampered opened row or sibling with
// the same error.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "goldfinch/merkle/blake3_merkle_batch.h"
#include "goldfinch/merkle/merkle_test_util.h"
#include "goldfinch/merkle/mixed_tree.h"
#include "goldfinch/merkle/mixed_verify.h"
#include "goldfinch/merkle/poseidon2_merkle_batch.h"
#include "goldfinch/merkle/poseidon2_merkle_bulk.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/merkle/verify.h"

namespace goldfinch::merkle {
namespace {

using hash::Digest;
using testing::random_matrix;

static_assert(MerkleLeafBatchHasher<Blake3MerkleBatch>);
static_assert(MerkleNodeBatchHasher<Blake3MerkleBatch>);
static_assert(!MerkleLeafBatchHasher<Blake3MerkleScalar>);  // the in-VM verifier's: one at a time
static_assert(!MerkleNodeBatchHasher<Blake3MerkleScalar>);
static_assert(MerkleLeafBatchHasher<Poseidon2MerkleBatch>);
static_assert(MerkleNodeBatchHasher<Poseidon2MerkleBatch>);
static_assert(!MerkleLeafBatchHasher<Poseidon2MerkleScalar>);
static_assert(!MerkleNodeBatchHasher<Poseidon2MerkleScalar>);

std::vector<Isa> available_isas() {
  std::vector<Isa> out;
  for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512})
    if (isa_available(isa)) out.push_back(isa);
  return out;
}

// Batch: the host verifier's hasher; Scalar: the reference (the in-VM verifier's); Tree: the
// prover's, to commit the trees the openings come from.
struct Blake3Kind {
  using Batch = Blake3MerkleBatch;
  using Scalar = Blake3MerkleScalar;
  using Tree = Blake3Merkle;
  static constexpr size_t kMaxWidth = 300;  // three 1 KiB chunks
};
struct Poseidon2Kind {
  using Batch = Poseidon2MerkleBatch;
  using Scalar = Poseidon2MerkleScalar;
  using Tree = Poseidon2Merkle;
  static constexpr size_t kMaxWidth = 100;  // 25 rate-4 blocks
};

template <class K>
class MerkleBatch : public ::testing::Test {};
using Kinds = ::testing::Types<Blake3Kind, Poseidon2Kind>;
TYPED_TEST_SUITE(MerkleBatch, Kinds);

TYPED_TEST(MerkleBatch, HashLeavesEqualsHashLeafForEveryWidthAndIsa) {
  const typename TypeParam::Scalar scalar;
  for (Isa isa : available_isas()) {
    const typename TypeParam::Batch batch(isa);
    for (size_t width = 0; width <= TypeParam::kMaxWidth; ++width) {
      // Counts below, at and past 4, 8 and 16 lanes (and a tail of 1, 2, 3 after full vectors).
      for (size_t count :
           {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{9}, size_t{16}, size_t{17}, size_t{19}, size_t{40}}) {
        std::mt19937_64 rng(width * 1000 + count);
        std::vector<Fp> rows(width * count);
        for (Fp& x : rows) x = Fp::from_u64(rng());
        std::vector<Digest> got(count);
        batch.hash_leaves(rows, width, count, got.data());
        for (size_t i = 0; i < count; ++i)
          ASSERT_EQ(got[i], scalar.hash_leaf(std::span<const Fp>(rows).subspan(i * width, width)))
              << isa_name(isa) << ": width " << width << ", row " << i << " of " << count;
      }
    }
  }
}

TYPED_TEST(MerkleBatch, HashLeavesOfIdenticalRowsAndTheLargestElements) {
  // Lanes that hold equal inputs must still give each row its own digest slot; p - 1 everywhere
  // is the largest canonical input.
  const typename TypeParam::Scalar scalar;
  for (Isa isa : available_isas()) {
    const typename TypeParam::Batch batch(isa);
    for (size_t width : {size_t{1}, size_t{4}, size_t{13}}) {
      const size_t count = 11;
      std::vector<Fp> rows(width * count, Fp::from_canonical(Fp::kModulus - 1));
      std::vector<Digest> got(count);
      batch.hash_leaves(rows, width, count, got.data());
      const Digest want = scalar.hash_leaf(std::span<const Fp>(rows).first(width));
      for (size_t i = 0; i < count; ++i) ASSERT_EQ(got[i], want) << isa_name(isa) << " width " << width;
    }
  }
}

TYPED_TEST(MerkleBatch, CompressPairsEqualsCompressForEveryCountAndIsa) {
  const typename TypeParam::Scalar scalar;
  std::mt19937_64 rng(3);
  std::vector<Digest> in(2 * 70);
  for (Digest& d : in)
    for (auto& b : d.bytes) b = static_cast<uint8_t>(rng());
  // Random bytes already put most Poseidon2 words below p; make some pairs all-0xff (every word >= p).
  for (size_t i = 5; i < in.size(); i += 11) in[i].bytes.fill(0xff);
  for (Isa isa : available_isas()) {
    const typename TypeParam::Batch batch(isa);
    for (size_t pairs = 0; pairs <= 70; ++pairs) {
      std::vector<Digest> got(pairs);
      batch.compress_pairs(in.data(), pairs, got.data());
      for (size_t i = 0; i < pairs; ++i)
        ASSERT_EQ(got[i], scalar.compress(in[2 * i], in[2 * i + 1]))
            << isa_name(isa) << ": pair " << i << " of " << pairs;
    }
  }
}

TYPED_TEST(MerkleBatch, VerifyBatchAcceptsAndRejectsAsTheScalarPath) {
  constexpr size_t kHeight = 256, kWidth = 37;
  const RowMajorMatrix m = random_matrix(kHeight, kWidth, 9);
  auto t = MerkleTree<typename TypeParam::Tree>::commit(m.view());
  ASSERT_TRUE(t.ok());
  const std::vector<uint64_t> indices = {0, 1, 5, 17, 18, 19, 40, 99, 100, 128, 200, 201, 202, 203, 204, 205, 255};
  std::vector<Fp> rows = gather_rows(m.view(), indices);
  auto p = t->open(m.view(), indices);
  ASSERT_TRUE(p.ok());
  std::vector<Digest> nodes = p->nodes;
  auto both = [&](ErrorCode want) {
    for (Isa isa : available_isas()) {
      const Error e = verify_batch(typename TypeParam::Batch(isa), t->root(), kHeight, kWidth, indices, rows, nodes);
      EXPECT_EQ(e.code, want) << isa_name(isa) << ": " << e.what;
    }
    EXPECT_EQ(verify_batch(typename TypeParam::Scalar(), t->root(), kHeight, kWidth, indices, rows, nodes).code, want);
  };
  both(ErrorCode::kOk);
  // Every opened row, one element changed at a time (the 17th row is past a 16-lane batch).
  for (size_t r = 0; r < indices.size(); ++r) {
    rows[r * kWidth + r % kWidth] += Fp::one();
    both(ErrorCode::kBadPath);
    rows[r * kWidth + r % kWidth] -= Fp::one();
  }
  nodes[nodes.size() / 2].bytes[3] ^= 1;
  both(ErrorCode::kBadPath);
  nodes[nodes.size() / 2].bytes[3] ^= 1;
  rows.pop_back();  // rows that do not match the indices: rejected before any hashing
  both(ErrorCode::kInvalidArgument);
}

TYPED_TEST(MerkleBatch, VerifyMixedAcceptsAndRejectsAsTheScalarPath) {
  std::vector<RowMajorMatrix> mats;
  mats.push_back(random_matrix(128, 150, 1));  // BLAKE3: rows of 1200 bytes, two chunks each
  mats.push_back(random_matrix(32, 3, 2));
  mats.push_back(random_matrix(8, 1, 3));
  mats.push_back(random_matrix(2, 11, 4));
  std::vector<ConstMatrixView> views;
  std::vector<MixedMatrixShape> shapes;
  for (const auto& m : mats) {
    views.push_back(m.view());
    shapes.push_back({log2_exact(m.height()), m.width()});
  }
  auto t = MixedMerkleTree<typename TypeParam::Tree>::commit(views);
  ASSERT_TRUE(t.ok());
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<uint64_t> q;
    for (uint64_t i = 0; i < 128; ++i)
      if (rng() % 5 == 0) q.push_back(i);
    if (q.empty()) q.push_back(rng() % 128);
    auto o = t->open(q);
    ASSERT_TRUE(o.ok());
    auto check = [&](ErrorCode want) {
      std::vector<std::span<const Fp>> rows;
      for (const auto& r : o->rows) rows.push_back(r);
      for (Isa isa : available_isas())
        EXPECT_EQ(verify_mixed(typename TypeParam::Batch(isa), t->root(), shapes, q, rows, o->nodes).code, want)
            << isa_name(isa) << ", trial " << trial;
      EXPECT_EQ(verify_mixed(typename TypeParam::Scalar(), t->root(), shapes, q, rows, o->nodes).code, want) << trial;
    };
    check(ErrorCode::kOk);
    for (size_t j = 0; j < o->rows.size(); ++j) {  // a tampered row of each matrix
      Fp& x = o->rows[j][rng() % o->rows[j].size()];
      x += Fp::one();
      check(ErrorCode::kBadPath);
      x -= Fp::one();
    }
    if (!o->nodes.empty()) {  // a tampered sibling (a low bit: still canonical)
      o->nodes.back().bytes[0] ^= 1;
      check(ErrorCode::kBadPath);
      o->nodes.back().bytes[0] ^= 1;
    }
  }
}

}  // namespace
}  // namespace goldfinch::merkle
