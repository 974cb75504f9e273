// Negative tests for verify_batch, each named for the attack it stands for, plus an exhaustive
// sweep on a tiny tree: every index subset verifies, and every single-node tamper is rejected.
#include <gtest/gtest.h>

#include <vector>

#include "goldfinch/merkle/merkle_test_util.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/merkle/verify.h"

namespace goldfinch::merkle {
namespace {

using testing::random_matrix;
using Digest = hash::Digest;

class MerkleAttack : public ::testing::Test {
 protected:
  static constexpr size_t kHeight = 64, kWidth = 6;
  void SetUp() override {
    m_ = random_matrix(kHeight, kWidth, 42);
    auto t = MerkleTree<Blake3Merkle>::commit(cview());
    ASSERT_TRUE(t.ok());
    root_ = t->root();
    indices_ = {3, 17, 18, 40};
    rows_ = gather_rows(cview(), indices_);
    auto p = t->open(cview(), indices_);
    ASSERT_TRUE(p.ok());
    proof_ = p->nodes;
    ASSERT_TRUE(verify().ok());
  }
  ConstMatrixView cview() const { return m_.view(); }
  Error verify() const { return verify_batch(Blake3MerkleScalar{}, root_, kHeight, kWidth, indices_, rows_, proof_); }

  RowMajorMatrix m_;
  Digest root_;
  std::vector<uint64_t> indices_;
  std::vector<Fp> rows_;
  std::vector<Digest> proof_;
};

TEST_F(MerkleAttack, WrongLeafRowElementChanged) {
  rows_[kWidth + 2] += Fp::one();  // an element of the second opened row
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kBadPath);
  EXPECT_EQ(e.expected, kHeight);
}

TEST_F(MerkleAttack, SwappedRows) {
  std::swap_ranges(rows_.begin(), rows_.begin() + kWidth, rows_.begin() + kWidth);
  EXPECT_EQ(verify().code, ErrorCode::kBadPath);
}

TEST_F(MerkleAttack, WrongSibling) {
  proof_[proof_.size() / 2].bytes[7] ^= 1;
  EXPECT_EQ(verify().code, ErrorCode::kBadPath);
}

TEST_F(MerkleAttack, PathForAnotherIndex) {
  // Claim row 40 sits at index 41 (its sibling): same proof nodes, different position.
  indices_.back() = 41;
  EXPECT_EQ(verify().code, ErrorCode::kBadPath);
  // And a genuine proof for a different index set presented for ours.
  auto t = MerkleTree<Blake3Merkle>::commit(cview());
  indices_ = {3, 17, 18, 40};
  proof_ = t->open(cview(), std::vector<uint64_t>{2, 17, 18, 40})->nodes;
  EXPECT_EQ(verify().code, ErrorCode::kBadPath);
}

TEST_F(MerkleAttack, TruncatedPath) {
  proof_.pop_back();
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kTruncated);
  // Level 4 is the last that needs a node: at level 5 the known nodes 0 and 1 pair up.
  EXPECT_EQ(e.expected, 4u);
  EXPECT_EQ(e.got, 3u);  // (40 >> 4) ^ 1
  proof_.clear();
  EXPECT_EQ(verify().code, ErrorCode::kTruncated);
  EXPECT_EQ(verify().expected, 0u);
}

TEST_F(MerkleAttack, ExtraProofNodes) {
  const size_t n = proof_.size();
  proof_.push_back(proof_.front());
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kTrailingBytes);
  EXPECT_EQ(e.expected, n);
  EXPECT_EQ(e.got, n + 1);
}

TEST_F(MerkleAttack, DuplicateIndices) {
  indices_ = {3, 17, 17, 40};
  rows_ = gather_rows(cview(), indices_);
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_STREQ(e.what, "duplicate opened index");
  EXPECT_EQ(e.got, 17u);
}

TEST_F(MerkleAttack, UnsortedIndices) {
  indices_ = {17, 3, 18, 40};
  rows_ = gather_rows(cview(), indices_);
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_STREQ(e.what, "opened indices not increasing");
  EXPECT_EQ(e.got, 3u);
}

TEST_F(MerkleAttack, OutOfRangeIndex) {
  indices_.back() = kHeight + 40;  // would alias index 40 if only the low bits were used
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.expected, kHeight);
  EXPECT_EQ(e.got, kHeight + 40);
}

TEST_F(MerkleAttack, WrongRoot) {
  root_.bytes[0] ^= 0x80;
  EXPECT_EQ(verify().code, ErrorCode::kBadPath);
}

TEST_F(MerkleAttack, RowsDoNotMatchIndices) {
  rows_.pop_back();
  const Error e = verify();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.expected, indices_.size() * kWidth);
  EXPECT_EQ(e.got, rows_.size());
}

TEST_F(MerkleAttack, WrongHeight) {
  EXPECT_EQ(verify_batch(Blake3MerkleScalar{}, root_, kHeight - 1, kWidth, indices_, rows_, proof_).code,
            ErrorCode::kInvalidArgument);
  // A taller claimed tree asks for more nodes than were sent.
  EXPECT_EQ(verify_batch(Blake3MerkleScalar{}, root_, 2 * kHeight, kWidth, indices_, rows_, proof_).code,
            ErrorCode::kTruncated);
}

TEST_F(MerkleAttack, NoIndices) {
  indices_.clear();
  rows_.clear();
  EXPECT_EQ(verify().code, ErrorCode::kInvalidArgument);
}

// Height 8: all 255 non-empty index subsets open and verify; flipping any bit position class of
// any proof node or any opened element is rejected.
TEST(MerkleExhaustive, EverySubsetOfATinyTree) {
  const size_t h = 8, w = 2;
  const auto m = random_matrix(h, w, 43);
  auto t = MerkleTree<Blake3Merkle>::commit(m.view());
  ASSERT_TRUE(t.ok());
  const Blake3MerkleScalar verifier;
  for (unsigned mask = 1; mask < (1u << h); ++mask) {
    std::vector<uint64_t> idx;
    for (uint64_t i = 0; i < h; ++i) {
      if (mask >> i & 1) idx.push_back(i);
    }
    auto rows = gather_rows(m.view(), idx);
    auto proof = t->open(m.view(), idx);
    ASSERT_TRUE(proof.ok());
    ASSERT_TRUE(verify_batch(verifier, t->root(), h, w, idx, rows, proof->nodes).ok()) << mask;
    for (size_t k = 0; k < proof->nodes.size(); ++k) {
      auto bad = proof->nodes;
      bad[k].bytes[k % 32] ^= 0x10;
      ASSERT_EQ(verify_batch(verifier, t->root(), h, w, idx, rows, bad).code, ErrorCode::kBadPath) << mask << " " << k;
    }
    for (size_t k = 0; k < rows.size(); ++k) {
      auto bad = rows;
      bad[k] += Fp::one();
      ASSERT_EQ(verify_batch(verifier, t->root(), h, w, idx, bad, proof->nodes).code, ErrorCode::kBadPath) << mask;
    }
  }
}

}  // namespace
}  // namespace goldfinch::merkle
