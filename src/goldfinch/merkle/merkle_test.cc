// The Merkle commitment against an independent reference tree (one-shot keyed BLAKE3, node by
// node), key derivation against b3sum, thread-count determinism, dropped layers, and the proof
// format against a set-based description of which siblings must be sent.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <utility>
#include <vector>

#include "goldfinch/base/parallel.h"
#include "goldfinch/hash/b3sum_oracle.h"
#include "goldfinch/merkle/merkle_test_util.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/merkle/verify.h"

namespace goldfinch::merkle {
namespace {

using testing::random_matrix;
using testing::reference_layers;
using Tree = MerkleTree<Blake3Merkle>;

static_assert(MerkleHasher<Blake3Merkle>);
static_assert(MerkleVerifyHasher<Blake3MerkleScalar>);

Tree commit_ok(const RowMajorMatrix& m, unsigned dropped = 0) {
  auto t = Tree::commit(m.view(), {dropped});
  GF_CHECK(t.ok(), "commit failed");
  return std::move(*t);
}

TEST(MerkleKeys, DerivedFromContextsAsB3sumDoes) {
  const Blake3MerkleScalar h;
  for (auto [context, key] : {std::pair{kLeafKeyContext, h.leaf_key()}, std::pair{kNodeKeyContext, h.node_key()}}) {
    const auto want = hash::testing::b3sum_hex({{}}, {hash::testing::B3sumMode::kDeriveKey, {}, context});
    ASSERT_TRUE(want.has_value());
    EXPECT_EQ(hash::to_hex(hash::key_to_digest(key)), (*want)[0]) << context;
  }
  EXPECT_NE(h.leaf_key(), h.node_key());
}

// The scalar leaf and node hashes (the verifier's, hashed block by block from words for rows of
// one chunk) equal one-shot keyed BLAKE3 of the bytes, for every row length up to two chunks.
TEST(MerkleKeys, ScalarLeafAndNodeHashesAreKeyedBlake3) {
  const Blake3MerkleScalar h;
  std::mt19937_64 rng(17);
  std::vector<Fp> row;
  for (size_t n = 0; n <= 256; ++n) {
    const auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(row.data()), row.size() * Fp::kBytes);
    ASSERT_EQ(h.hash_leaf(row), hash::blake3_keyed(h.leaf_key(), bytes)) << n << " elements";
    row.push_back(Fp::from_u64(rng()));
  }
  hash::Digest l, r;
  for (size_t i = 0; i < 32; ++i) {
    l.bytes[i] = static_cast<uint8_t>(rng());
    r.bytes[i] = static_cast<uint8_t>(rng());
  }
  std::vector<uint8_t> both(l.bytes.begin(), l.bytes.end());
  both.insert(both.end(), r.bytes.begin(), r.bytes.end());
  EXPECT_EQ(h.compress(l, r), hash::blake3_keyed(h.node_key(), both));
}

TEST(MerkleTree, RootAndLayersMatchReference) {
  for (size_t width : {0, 1, 7, 64, 128, 129, 300}) {
    for (size_t log_h : {0, 1, 2, 5, 9}) {
      const auto m = random_matrix(size_t{1} << log_h, width, 100 * width + log_h);
      const auto ref = reference_layers(m);
      const Tree t = commit_ok(m);
      ASSERT_EQ(t.log_height(), log_h);
      for (unsigned level = 0; level <= log_h; ++level) {
        auto layer = t.layer(level);
        ASSERT_EQ(std::vector<hash::Digest>(layer.begin(), layer.end()), ref[level])
            << "width " << width << " log_h " << log_h << " level " << level;
      }
      EXPECT_EQ(t.root(), ref.back()[0]);
    }
  }
}

TEST(MerkleTree, ScalarAndBulkHashersAgree) {
  const auto m = random_matrix(64, 33, 5);
  const Blake3Merkle h;
  std::vector<hash::Digest> bulk(64), pairs(32);
  h.hash_rows(m.view(), 0, 64, bulk.data());
  h.compress_pairs(bulk.data(), 32, pairs.data());
  for (size_t i = 0; i < 64; ++i) EXPECT_EQ(bulk[i], h.hash_leaf(m.row(i)));
  for (size_t i = 0; i < 32; ++i) EXPECT_EQ(pairs[i], h.compress(bulk[2 * i], bulk[2 * i + 1]));
}

TEST(MerkleTree, HeightMustBeAPowerOfTwo) {
  for (size_t h : {0, 3, 6, 100}) {
    const auto m = random_matrix(h, 4, h);
    auto t = Tree::commit(m.view());
    ASSERT_FALSE(t.ok()) << h;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(t.error().got, h);
  }
}

TEST(MerkleTree, SameBytesForOneAndTwoThreads) {
  const auto m = random_matrix(1 << 13, 20, 6);  // many parallel chunks of rows and of pairs
  const int saved = max_threads();
  set_threads(1);
  const Tree t1 = commit_ok(m);
  set_threads(2);
  const Tree t2 = commit_ok(m);
  set_threads(saved);
  for (unsigned level = 0; level <= t1.log_height(); ++level) {
    auto a = t1.layer(level), b = t2.layer(level);
    ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << "level " << level;
  }
}

// The proof must hold exactly the siblings of opened paths that are not themselves on an opened
// path, level by level, left to right, with the reference tree's values.
std::vector<hash::Digest> expected_proof(const std::vector<std::vector<hash::Digest>>& ref,
                                         const std::vector<uint64_t>& indices) {
  const unsigned levels = static_cast<unsigned>(ref.size() - 1);
  std::set<std::pair<unsigned, uint64_t>> on_path, siblings;
  for (uint64_t i : indices) {
    for (unsigned l = 0; l < levels; ++l) {
      on_path.insert({l, i >> l});
      siblings.insert({l, (i >> l) ^ 1});
    }
  }
  std::vector<hash::Digest> out;
  for (auto [l, pos] : siblings) {  // std::set orders by (level, position)
    if (!on_path.count({l, pos})) out.push_back(ref[l][pos]);
  }
  return out;
}

TEST(MerkleOpening, ProofIsTheDeduplicatedSiblingSet) {
  std::mt19937_64 rng(7);
  const auto m = random_matrix(256, 9, 8);
  const auto ref = reference_layers(m);
  const Tree t = commit_ok(m);
  std::vector<std::vector<uint64_t>> sets = {{0}, {255}, {0, 1}, {0, 255}, {6, 7, 8, 9}};
  std::vector<uint64_t> all(256);
  for (uint64_t i = 0; i < 256; ++i) all[i] = i;
  sets.push_back(all);
  for (int s = 0; s < 40; ++s) {
    std::vector<uint64_t> q(1 + rng() % 40);
    for (auto& i : q) i = rng() % 256;
    sets.push_back(sorted_unique(q));
  }
  for (const auto& idx : sets) {
    auto proof = t.open(m.view(), idx);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(proof->nodes, expected_proof(ref, idx));
    const auto rows = gather_rows(m.view(), idx);
    const Error e = verify_batch(Blake3MerkleScalar{}, t.root(), 256, 9, idx, rows, proof->nodes);
    EXPECT_TRUE(e.ok()) << e.what;
  }
  EXPECT_TRUE(t.open(m.view(), all)->nodes.empty());
  EXPECT_EQ(t.open(m.view(), std::vector<uint64_t>{4, 5})->nodes.size(), 7u);  // log h - 1
}

TEST(MerkleOpening, DroppedLayersGiveIdenticalOpenings) {
  std::mt19937_64 rng(9);
  const auto m = random_matrix(512, 13, 10);
  const Tree full = commit_ok(m, 0);
  for (unsigned dropped : {1u, 2u, 4u, 9u, 12u}) {
    const Tree t = commit_ok(m, dropped);
    EXPECT_EQ(t.dropped_levels(), std::min(dropped, 9u));
    EXPECT_EQ(t.root(), full.root());
    for (size_t i : {0, 1, 77, 511}) EXPECT_EQ(t.leaf_hash(m.view(), i), full.leaf_hash(m.view(), i));
    for (int s = 0; s < 20; ++s) {
      std::vector<uint64_t> q(1 + rng() % 30);
      for (auto& i : q) i = rng() % 512;
      q = sorted_unique(q);
      auto a = full.open(m.view(), q), b = t.open(m.view(), q);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(a->nodes, b->nodes) << "dropped " << dropped;
    }
  }
}

TEST(MerkleOpening, SingleRowTree) {
  const auto m = random_matrix(1, 5, 11);
  const Tree t = commit_ok(m, 3);
  auto proof = t.open(m.view(), std::vector<uint64_t>{0});
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(proof->nodes.empty());
  const std::vector<uint64_t> idx = {0};
  EXPECT_TRUE(verify_batch(Blake3MerkleScalar{}, t.root(), 1, 5, idx, gather_rows(m.view(), idx), proof->nodes).ok());
}

TEST(MerkleOpening, OpenRejectsBadIndices) {
  const auto m = random_matrix(16, 2, 12);
  const Tree t = commit_ok(m);
  EXPECT_EQ(t.open(m.view(), std::vector<uint64_t>{3, 3}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.open(m.view(), std::vector<uint64_t>{16}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.open(m.view(), std::vector<uint64_t>{}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace goldfinch::merkle
