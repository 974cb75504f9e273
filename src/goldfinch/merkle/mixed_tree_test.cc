// Mixed-height Merkle commitments: the root equals a naive fold written here from the
// definition; openings verify; and the attacks (wrong row, wrong sibling, wrong query set,
// truncated or extended proofs, wrong shape) are rejected with the right error.
#include "goldfinch/merkle/mixed_tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "goldfinch/merkle/blake3_merkle_bulk.h"
#include "goldfinch/merkle/merkle_test_util.h"
#include "goldfinch/merkle/mixed_verify.h"
#include "goldfinch/merkle/tree.h"

namespace goldfinch::merkle {
namespace {

using Tree = MixedMerkleTree<Blake3Merkle>;
using hash::Digest;

using testing::random_matrix;

struct Fixture {
  std::vector<RowMajorMatrix> mats;
  std::vector<ConstMatrixView> views;
  std::vector<MixedMatrixShape> shapes;
  Fixture() {
    mats.push_back(random_matrix(64, 5, 1));
    mats.push_back(random_matrix(16, 3, 2));
    mats.push_back(random_matrix(4, 7, 3));
    mats.push_back(random_matrix(1, 2, 4));
    for (auto& m : mats) {
      views.push_back(m.view());
      shapes.push_back({log2_exact(m.height()), m.width()});
    }
  }
};

Digest naive_root(const Fixture& f) {
  Blake3MerkleScalar h;
  std::vector<Digest> layer;
  for (size_t i = 0; i < 64; ++i) layer.push_back(h.hash_leaf(f.mats[0].row(i)));
  size_t next = 1;
  while (layer.size() > 1) {
    std::vector<Digest> up;
    for (size_t i = 0; i < layer.size() / 2; ++i) up.push_back(h.compress(layer[2 * i], layer[2 * i + 1]));
    if (next < f.mats.size() && f.mats[next].height() == up.size()) {
      for (size_t i = 0; i < up.size(); ++i) up[i] = h.compress(up[i], h.hash_leaf(f.mats[next].row(i)));
      ++next;
    }
    layer = up;
  }
  return layer[0];
}

Error verify(const Fixture& f, const Digest& root, std::span<const uint64_t> q, const MixedOpening<Digest>& o) {
  std::vector<std::span<const Fp>> rows;
  for (const auto& r : o.rows) rows.push_back(r);
  return verify_mixed(Blake3MerkleScalar(), root, f.shapes, q, rows, o.nodes);
}

TEST(MixedTree, RootMatchesNaiveDefinition) {
  Fixture f;
  auto t = Tree::commit(f.views);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->root(), naive_root(f));
}

TEST(MixedTree, OpeningsVerifyForManyQuerySets) {
  Fixture f;
  auto t = Tree::commit(f.views);
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint64_t> q;
    for (uint64_t i = 0; i < 64; ++i)
      if (rng() % 8 == 0) q.push_back(i);
    if (q.empty()) q.push_back(rng() % 64);
    auto o = t->open(q);
    ASSERT_TRUE(o.ok());
    ASSERT_TRUE(verify(f, t->root(), q, *o).ok()) << trial;
  }
}

// commit_streamed (each matrix made on demand, none kept) gives the same root, and openings from
// only the rows rows_read() names equal the openings from the kept matrices.
TEST(MixedTree, StreamedCommitAndOpeningFromGivenRows) {
  Fixture f;
  auto t = Tree::commit(f.views);
  size_t made = 0;
  // Blocks of up to 4 rows, cut from the matrices.
  auto s = Tree::commit_streamed(f.views, [&](size_t j, size_t first) {
    made += first == 0;
    const size_t rows = std::min<size_t>(4, f.mats[j].height() - first);
    RowMajorMatrix b(rows, f.mats[j].width());
    for (size_t r = 0; r < rows; ++r) std::copy_n(f.mats[j].row(first + r).data(), f.mats[j].width(), b.row(r).data());
    return b;
  });
  ASSERT_TRUE(t.ok() && s.ok());
  EXPECT_EQ(made, f.mats.size());
  EXPECT_EQ(s->root(), t->root());
  std::mt19937_64 rng(6);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<uint64_t> q;
    for (uint64_t i = 0; i < 64; ++i)
      if (rng() % 8 == 0) q.push_back(i);
    if (q.empty()) q.push_back(rng() % 64);
    std::vector<std::vector<uint64_t>> read(f.mats.size());
    for (size_t j = 0; j < f.mats.size(); ++j) read[j] = s->rows_read(j, q);
    auto o = s->open(q, [&](size_t j, uint64_t pos) {
      EXPECT_TRUE(std::binary_search(read[j].begin(), read[j].end(), pos)) << j << " " << pos;
      return f.mats[j].row(pos);
    });
    auto expected = t->open(q);
    ASSERT_TRUE(o.ok() && expected.ok());
    EXPECT_EQ(o->rows, expected->rows);
    EXPECT_EQ(o->nodes, expected->nodes);
    ASSERT_TRUE(verify(f, s->root(), q, *o).ok()) << trial;
  }
}

// Every digest layer from the definition (level 0: leaf hashes), and the sibling digests an
// opening of `q` lists (level by level, those no opened path provides), from those layers.
std::vector<Digest> naive_siblings(const std::vector<RowMajorMatrix>& mats, std::span<const uint64_t> q) {
  Blake3MerkleScalar h;
  std::vector<std::vector<Digest>> layers(1);
  for (size_t i = 0; i < mats[0].height(); ++i) layers[0].push_back(h.hash_leaf(mats[0].row(i)));
  size_t next = 1;
  while (layers.back().size() > 1) {
    const std::vector<Digest>& below = layers.back();
    std::vector<Digest> up;
    for (size_t i = 0; i < below.size() / 2; ++i) up.push_back(h.compress(below[2 * i], below[2 * i + 1]));
    if (next < mats.size() && mats[next].height() == up.size()) {
      for (size_t i = 0; i < up.size(); ++i) up[i] = h.compress(up[i], h.hash_leaf(mats[next].row(i)));
      ++next;
    }
    layers.push_back(std::move(up));
  }
  std::vector<Digest> out;
  for (size_t level = 0; level + 1 < layers.size(); ++level) {
    const std::vector<uint64_t> known = positions_at_level(q, static_cast<unsigned>(level));
    for (size_t k = 0; k < known.size(); ++k) {
      if ((known[k] & 1) == 0 && k + 1 < known.size() && known[k + 1] == known[k] + 1) {
        ++k;
        continue;
      }
      out.push_back(layers[level][known[k] ^ 1]);
    }
  }
  return out;
}

// The lowest digest layers are not kept (kDroppedLevels): the siblings an opening lists from them
// are recomputed from the rows, including the row hashes of matrices that enter at those levels,
// and equal the ones every kept layer gives; a streamed tree reads only the rows rows_read names.
TEST(MixedTree, DroppedLayersAreRecomputedExactly) {
  static_assert(Tree::kDroppedLevels == 5, "the shapes below enter matrices inside the dropped layers");
  // Matrices entering at level 0, 1, 2 and 4 (dropped), 5 (the first kept one), 6 and the root.
  for (const std::vector<size_t>& heights : {std::vector<size_t>{256, 128, 64, 16, 8, 4, 1},
                                             std::vector<size_t>{8, 4, 2}, std::vector<size_t>{2}}) {
    std::vector<RowMajorMatrix> mats;
    std::vector<ConstMatrixView> views;
    for (size_t j = 0; j < heights.size(); ++j) mats.push_back(random_matrix(heights[j], 2 + j, 40 + j));
    for (auto& m : mats) views.push_back(m.view());
    auto t = Tree::commit(views);
    auto s = Tree::commit_streamed(views, testing::one_row_blocks(mats));
    ASSERT_TRUE(t.ok() && s.ok());
    ASSERT_EQ(s->root(), t->root());
    // Blocks of uneven sizes (3, 5, 8, 13 rows in turn, cut short at the end): the lower levels
    // are built as the rows come, whatever the blocks' sizes and alignment.
    size_t turn = 0;
    auto uneven = Tree::commit_streamed(views, [&](size_t j, size_t first) {
      const size_t sizes[] = {3, 5, 8, 13};
      const size_t rows = std::min(sizes[turn++ % 4], mats[j].height() - first);
      RowMajorMatrix b(rows, mats[j].width());
      for (size_t r = 0; r < rows; ++r) std::copy_n(mats[j].row(first + r).data(), mats[j].width(), b.row(r).data());
      return b;
    });
    ASSERT_TRUE(uneven.ok());
    ASSERT_EQ(uneven->root(), t->root());
    std::mt19937_64 rng(heights[0]);
    for (int trial = 0; trial < 60; ++trial) {
      std::vector<uint64_t> q;
      for (uint64_t i = 0; i < heights[0]; ++i)
        if (rng() % 16 == 0) q.push_back(i);
      if (q.empty()) q.push_back(rng() % heights[0]);
      auto o = t->open(q);
      ASSERT_TRUE(o.ok());
      EXPECT_EQ(o->nodes, naive_siblings(mats, q)) << heights[0] << " " << trial;
      std::vector<std::vector<uint64_t>> read(mats.size());
      for (size_t j = 0; j < mats.size(); ++j) read[j] = s->rows_read(j, q);
      auto so = s->open(q, [&](size_t j, uint64_t pos) {
        EXPECT_TRUE(std::binary_search(read[j].begin(), read[j].end(), pos)) << j << " " << pos;
        return mats[j].row(pos);
      });
      ASSERT_TRUE(so.ok());
      EXPECT_EQ(so->nodes, o->nodes);
      EXPECT_EQ(so->rows, o->rows);
    }
  }
}

TEST(MixedTree, Attacks) {
  Fixture f;
  auto t = Tree::commit(f.views);
  const std::vector<uint64_t> q = {3, 17, 18, 50};
  auto o = *t->open(q);
  ASSERT_TRUE(verify(f, t->root(), q, o).ok());
  for (size_t j = 0; j < o.rows.size(); ++j) {  // a wrong element in each matrix's opened rows
    auto bad = o;
    bad.rows[j][0] += Fp::one();
    EXPECT_EQ(verify(f, t->root(), q, bad).code, ErrorCode::kBadPath) << "matrix " << j;
  }
  {  // a wrong sibling
    auto bad = o;
    bad.nodes[1].bytes[0] ^= 1;
    EXPECT_EQ(verify(f, t->root(), q, bad).code, ErrorCode::kBadPath);
  }
  {  // the opening for other queries
    const std::vector<uint64_t> other = {3, 17, 19, 50};
    EXPECT_FALSE(verify(f, t->root(), other, o).ok());
  }
  {  // truncated and extended sibling lists
    auto bad = o;
    bad.nodes.pop_back();
    EXPECT_EQ(verify(f, t->root(), q, bad).code, ErrorCode::kTruncated);
    bad = o;
    bad.nodes.push_back(o.nodes[0]);
    EXPECT_EQ(verify(f, t->root(), q, bad).code, ErrorCode::kTrailingBytes);
  }
  {  // a missing row element
    auto bad = o;
    bad.rows[1].pop_back();
    EXPECT_EQ(verify(f, t->root(), q, bad).code, ErrorCode::kTruncated);
  }
  {  // unsorted, duplicate and out-of-range queries
    const std::vector<uint64_t> dup = {3, 3, 18, 50}, big = {3, 17, 18, 64};
    EXPECT_EQ(verify(f, t->root(), dup, o).code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(verify(f, t->root(), big, o).code, ErrorCode::kInvalidArgument);
  }
  {  // a wrong shape: a width or height the commitment was not made with
    Fixture g;
    g.shapes[2].width += 1;
    EXPECT_FALSE(verify(g, t->root(), q, o).ok());
    Fixture h;
    h.shapes[1].log_height -= 1;
    EXPECT_FALSE(verify(h, t->root(), q, o).ok());
  }
  {  // a wrong root
    Digest r = t->root();
    r.bytes[31] ^= 0x80;
    EXPECT_EQ(verify(f, r, q, o).code, ErrorCode::kBadPath);
  }
}

TEST(MixedTree, SingleMatrixEqualsPlainTree) {
  auto m = random_matrix(32, 4, 9);
  auto t = Tree::commit({m.view()});
  auto plain = MerkleTree<Blake3Merkle>::commit(m.view());
  EXPECT_EQ(t->root(), plain->root());
}

TEST(MixedTree, RejectsBadShapes) {
  auto a = random_matrix(16, 2, 1), b = random_matrix(16, 2, 2), c = random_matrix(12, 2, 3);
  EXPECT_FALSE(Tree::commit({a.view(), b.view()}).ok());  // equal heights
  EXPECT_FALSE(Tree::commit({c.view()}).ok());            // not a power of two
  EXPECT_FALSE(Tree::commit({}).ok());
}

}  // namespace
}  // namespace goldfinch::merkle
