// Poseidon2 as the Merkle hash: the batched permutation against the scalar one on every ISA; the
// leaf sponge and the node compression against hand-composed calls of multiset::poseidon2_permute
// (an independent composition of the definition in poseidon2_merkle.h); the bulk forms against the
// scalar ones; and a suite typed over both hashers (BLAKE3, Poseidon2): tree roots against a naive
// fold, thread-count determinism, dropped-layer recomputation (plain and mixed trees), openings
// through the run-time MerkleVerifier, and the attacks (tampered leaf, tampered sibling, wrong
// root, non-canonical digest word, the other hash).
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "goldfinch/base/parallel.h"
#include "goldfinch/merkle/merkle_test_util.h"
#include "goldfinch/merkle/mixed_tree.h"
#include "goldfinch/merkle/poseidon2_merkle_bulk.h"
#include "goldfinch/merkle/poseidon2_packed.h"
#include "goldfinch/merkle/selected_merkle.h"
#include "goldfinch/merkle/selected_verify.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/multiset/poseidon2.h"

namespace goldfinch::merkle {
namespace {

using hash::Digest;
using multiset::Poseidon2State;
using testing::random_matrix;

static_assert(MerkleHasher<Poseidon2Merkle>);
static_assert(MerkleVerifyHasher<Poseidon2MerkleScalar>);
static_assert(MerkleHasher<SelectedMerkle>);

std::vector<Isa> isas() {
  std::vector<Isa> v;
  for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512})
    if (isa_available(isa)) v.push_back(isa);
  return v;
}

Fp random_fp(std::mt19937_64& rng) { return Fp::from_u64(rng()); }

TEST(Poseidon2Packed, MatchesScalarPermutationOnEveryIsa) {
  std::mt19937_64 rng(2024);
  for (Isa isa : isas()) {
    for (size_t n : {0, 1, 3, 4, 5, 7, 8, 9, 16, 17, 37, 64}) {
      std::vector<Fp> states(8 * n);
      for (Fp& x : states) x = random_fp(rng);
      if (n > 1) states[0] = Fp::from_canonical(Fp::kModulus - 1);  // the largest canonical value
      std::vector<Fp> want = states;
      for (size_t k = 0; k < n; ++k) {
        Poseidon2State s;
        std::copy_n(want.data() + 8 * k, 8, s.begin());
        multiset::poseidon2_permute(s);
        std::copy_n(s.begin(), 8, want.data() + 8 * k);
      }
      poseidon2_permute_batch(states.data(), n, isa);
      ASSERT_EQ(states, want) << isa_name(isa) << " n=" << n;
    }
  }
}

// The definition, composed by hand: capacity (tag, length, 0, 0), each block of four written over
// the rate (zero-padded), one permutation per block (one for an empty row), the first four out.
Digest hand_leaf(const std::vector<Fp>& row) {
  Poseidon2State s{};
  s[4] = Fp::from_canonical(0x6661656c);  // "leaf"
  s[5] = Fp::from_u64(row.size());
  size_t i = 0;
  do {
    for (size_t j = 0; j < 4; ++j) s[j] = i + j < row.size() ? row[i + j] : Fp::zero();
    multiset::poseidon2_permute(s);
    i += 4;
  } while (i < row.size());
  Digest d;
  for (size_t j = 0; j < 4; ++j)
    for (size_t b = 0; b < 8; ++b) d.bytes[8 * j + b] = static_cast<uint8_t>(s[j].value() >> (8 * b));
  return d;
}

TEST(Poseidon2Merkle, LeafIsTheSpongeComposedByHand) {
  std::mt19937_64 rng(5);
  const Poseidon2MerkleScalar h;
  std::vector<Fp> row;
  for (size_t n = 0; n <= 21; ++n) {
    EXPECT_EQ(h.hash_leaf(row), hand_leaf(row)) << n << " elements";
    row.push_back(random_fp(rng));
  }
  // Rows that differ only in trailing zeros (same padded blocks) hash apart: the length is absorbed.
  EXPECT_NE(h.hash_leaf(std::vector<Fp>{Fp::one()}), h.hash_leaf(std::vector<Fp>{Fp::one(), Fp::zero()}));
  EXPECT_NE(h.hash_leaf({}), h.hash_leaf(std::vector<Fp>(4, Fp::zero())));
}

TEST(Poseidon2Merkle, NodeIsTheTruncatedPermutation) {
  std::mt19937_64 rng(6);
  const Poseidon2MerkleScalar h;
  for (int trial = 0; trial < 16; ++trial) {
    Poseidon2State s;
    for (Fp& x : s) x = random_fp(rng);
    Digest l, r, want;
    for (size_t j = 0; j < 4; ++j)
      for (size_t b = 0; b < 8; ++b) {
        l.bytes[8 * j + b] = static_cast<uint8_t>(s[j].value() >> (8 * b));
        r.bytes[8 * j + b] = static_cast<uint8_t>(s[4 + j].value() >> (8 * b));
      }
    multiset::poseidon2_permute(s);
    for (size_t j = 0; j < 4; ++j)
      for (size_t b = 0; b < 8; ++b) want.bytes[8 * j + b] = static_cast<uint8_t>(s[j].value() >> (8 * b));
    EXPECT_EQ(h.compress(l, r), want);
    EXPECT_TRUE(poseidon2_digest_is_canonical(want));
  }
}

TEST(Poseidon2Merkle, BulkFormsMatchScalarOnEveryIsa) {
  for (Isa isa : isas()) {
    const Poseidon2Merkle bulk(isa);
    for (size_t w = 0; w <= 13; ++w) {
      const RowMajorMatrix m = random_matrix(67, w, 100 + w);
      std::vector<Digest> out(60);
      bulk.hash_rows(m.view(), 5, out.size(), out.data());
      for (size_t i = 0; i < out.size(); ++i)
        ASSERT_EQ(out[i], bulk.hash_leaf(m.row(5 + i))) << isa_name(isa) << " w=" << w;
    }
    std::vector<Digest> in(2 * 45), out(45);
    for (size_t i = 0; i < in.size(); ++i) in[i] = bulk.hash_leaf(std::vector<Fp>{Fp::from_u64(i)});
    bulk.compress_pairs(in.data(), out.size(), out.data());
    for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], bulk.compress(in[2 * i], in[2 * i + 1])) << isa_name(isa);
  }
}

TEST(Poseidon2Merkle, CanonicalDigestCheck) {
  Digest d{};
  EXPECT_TRUE(poseidon2_digest_is_canonical(d));
  for (size_t word = 0; word < 4; ++word) {
    Digest bad{};
    const uint64_t p = Fp::kModulus;
    for (size_t b = 0; b < 8; ++b) bad.bytes[8 * word + b] = static_cast<uint8_t>(p >> (8 * b));
    EXPECT_FALSE(poseidon2_digest_is_canonical(bad)) << word;
    bad.bytes[8 * word] -= 1;  // p - 1
    EXPECT_TRUE(poseidon2_digest_is_canonical(bad)) << word;
  }
}

// ---- The suite typed over both hashers. ----

template <class H>
struct Kind;
template <>
struct Kind<Blake3Merkle> {
  static constexpr MerkleHash kHash = MerkleHash::kBlake3;
  static constexpr MerkleHash kOther = MerkleHash::kPoseidon2;
};
template <>
struct Kind<Poseidon2Merkle> {
  static constexpr MerkleHash kHash = MerkleHash::kPoseidon2;
  static constexpr MerkleHash kOther = MerkleHash::kBlake3;
};

template <class H>
class BothHashers : public ::testing::Test {
 protected:
  static constexpr MerkleHash kHash = Kind<H>::kHash;
  MerkleVerifier verifier{kHash};
};
using Hashers = ::testing::Types<Blake3Merkle, Poseidon2Merkle>;
TYPED_TEST_SUITE(BothHashers, Hashers);

template <class H>
Digest naive_root(const RowMajorMatrix& m, const H& h) {
  std::vector<Digest> layer;
  for (size_t i = 0; i < m.height(); ++i) layer.push_back(h.hash_leaf(m.row(i)));
  while (layer.size() > 1) {
    std::vector<Digest> up;
    for (size_t i = 0; i < layer.size() / 2; ++i) up.push_back(h.compress(layer[2 * i], layer[2 * i + 1]));
    layer = up;
  }
  return layer[0];
}

TYPED_TEST(BothHashers, TreeRootIsTheNaiveFold) {
  const RowMajorMatrix m = random_matrix(128, 9, 1);
  auto t = MerkleTree<TypeParam>::commit(m.view());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->root(), naive_root(m, TypeParam{}));
  // The run-time hasher builds the same tree.
  auto s = MerkleTree<SelectedMerkle>::commit(m.view(), {}, SelectedMerkle(this->kHash));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->root(), t->root());
}

TYPED_TEST(BothHashers, SameTreeForOneAndTwoThreads) {
  const RowMajorMatrix m = random_matrix(1 << 12, 11, 2);
  const int saved = max_threads();
  set_threads(1);
  auto t1 = MerkleTree<TypeParam>::commit(m.view());
  set_threads(2);
  auto t2 = MerkleTree<TypeParam>::commit(m.view());
  set_threads(saved);
  ASSERT_TRUE(t1.ok() && t2.ok());
  for (unsigned level = 0; level <= t1->log_height(); ++level) {
    auto a = t1->layer(level), b = t2->layer(level);
    ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << "level " << level;
  }
}

TYPED_TEST(BothHashers, DroppedLayersGiveIdenticalOpeningsThatVerify) {
  const RowMajorMatrix m = random_matrix(256, 6, 3);
  auto full = MerkleTree<TypeParam>::commit(m.view());
  auto dropped = MerkleTree<TypeParam>::commit(m.view(), {.dropped_levels = 3});
  ASSERT_TRUE(full.ok() && dropped.ok());
  ASSERT_EQ(full->root(), dropped->root());
  std::mt19937_64 rng(4);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<uint64_t> idx;
    for (int k = 0; k < 1 + trial % 9; ++k) idx.push_back(rng() % 256);
    idx = sorted_unique(idx);
    auto a = full->open(m.view(), idx), b = dropped->open(m.view(), idx);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->nodes, b->nodes);
    const std::vector<Fp> rows = gather_rows(m.view(), idx);
    EXPECT_TRUE(this->verifier.verify_batch(full->root(), 256, 6, idx, rows, a->nodes).ok()) << trial;
  }
}

TYPED_TEST(BothHashers, Attacks) {
  const RowMajorMatrix m = random_matrix(64, 6, 42);
  auto t = MerkleTree<TypeParam>::commit(m.view());
  ASSERT_TRUE(t.ok());
  const std::vector<uint64_t> idx = {3, 17, 18, 40};
  const std::vector<Fp> rows = gather_rows(m.view(), idx);
  auto p = t->open(m.view(), idx);
  ASSERT_TRUE(p.ok());
  const Digest root = t->root();
  // The host's batch hashers on every instruction set (MerkleVerifier's default is the best one).
  for (Isa isa : isas()) {
    SCOPED_TRACE(isa_name(isa));
    const MerkleVerifier v(this->kHash, isa);
    ASSERT_TRUE(v.verify_batch(root, 64, 6, idx, rows, p->nodes).ok());

    std::vector<Fp> bad_rows = rows;  // tampered leaf
    bad_rows[7] += Fp::one();
    EXPECT_EQ(v.verify_batch(root, 64, 6, idx, bad_rows, p->nodes).code, ErrorCode::kBadPath);

    std::vector<Digest> bad_nodes = p->nodes;  // tampered sibling (still canonical: a low bit)
    bad_nodes[2].bytes[0] ^= 1;
    EXPECT_EQ(v.verify_batch(root, 64, 6, idx, rows, bad_nodes).code, ErrorCode::kBadPath);

    Digest bad_root = root;  // wrong root
    bad_root.bytes[9] ^= 1;
    EXPECT_EQ(v.verify_batch(bad_root, 64, 6, idx, rows, p->nodes).code, ErrorCode::kBadPath);

    // A sibling with a word >= p: Poseidon2 rejects it before hashing (its value mod p may even be
    // the honest one); BLAKE3 has no such constraint, and the path fails.
    bad_nodes = p->nodes;
    for (size_t b = 0; b < 8; ++b) bad_nodes[1].bytes[8 + b] = 0xff;
    const Error e = v.verify_batch(root, 64, 6, idx, rows, bad_nodes);
    EXPECT_EQ(e.code, this->kHash == MerkleHash::kPoseidon2 ? ErrorCode::kNonCanonical : ErrorCode::kBadPath);
    if (this->kHash == MerkleHash::kPoseidon2) {
      // The honest sibling plus p in one word: the same element mod p, still rejected.
      bad_nodes = p->nodes;
      uint64_t w;
      std::memcpy(&w, bad_nodes[0].data(), 8);
      if (w < uint64_t{0} - Fp::kModulus) {
        w += Fp::kModulus;
        std::memcpy(bad_nodes[0].data(), &w, 8);
        EXPECT_EQ(v.verify_batch(root, 64, 6, idx, rows, bad_nodes).code, ErrorCode::kNonCanonical);
      }
      bad_root = root;
      for (size_t b = 0; b < 8; ++b) bad_root.bytes[24 + b] = 0xff;
      EXPECT_EQ(v.verify_batch(bad_root, 64, 6, idx, rows, p->nodes).code, ErrorCode::kNonCanonical);
    }

    // The opening under the other hash.
    const MerkleVerifier other(Kind<TypeParam>::kOther, isa);
    EXPECT_EQ(other.verify_batch(root, 64, 6, idx, rows, p->nodes).code, ErrorCode::kBadPath);
  }
}

TYPED_TEST(BothHashers, MixedTreeDroppedLayersAreRecomputedAndVerify) {
  using Tree = MixedMerkleTree<TypeParam>;
  // Matrices entering at levels 0, 1, 2 (dropped), 3 (the first kept one), 5 and the root.
  const std::vector<size_t> heights = {256, 128, 64, 32, 8, 1};
  std::vector<RowMajorMatrix> mats;
  std::vector<ConstMatrixView> views;
  std::vector<MixedMatrixShape> shapes;
  for (size_t j = 0; j < heights.size(); ++j) mats.push_back(random_matrix(heights[j], 2 + j, 40 + j));
  for (auto& mm : mats) {
    views.push_back(mm.view());
    shapes.push_back({log2_exact(mm.height()), mm.width()});
  }
  auto t = Tree::commit(views);
  auto s = Tree::commit_streamed(views, testing::one_row_blocks(mats));
  ASSERT_TRUE(t.ok() && s.ok());
  ASSERT_EQ(s->root(), t->root());
  // The naive fold of the definition (mixed_tree.h): node' = compress(node, leaf(row)).
  const TypeParam h;
  std::vector<Digest> layer;
  for (size_t i = 0; i < heights[0]; ++i) layer.push_back(h.hash_leaf(mats[0].row(i)));
  size_t next = 1;
  while (layer.size() > 1) {
    std::vector<Digest> up;
    for (size_t i = 0; i < layer.size() / 2; ++i) up.push_back(h.compress(layer[2 * i], layer[2 * i + 1]));
    if (next < mats.size() && mats[next].height() == up.size()) {
      for (size_t i = 0; i < up.size(); ++i) up[i] = h.compress(up[i], h.hash_leaf(mats[next].row(i)));
      ++next;
    }
    layer = up;
  }
  ASSERT_EQ(t->root(), layer[0]);
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<uint64_t> q;
    for (uint64_t i = 0; i < heights[0]; ++i)
      if (rng() % 16 == 0) q.push_back(i);
    if (q.empty()) q.push_back(rng() % heights[0]);
    auto o = t->open(q);
    ASSERT_TRUE(o.ok());
    auto so = s->open(q, [&](size_t j, uint64_t pos) { return mats[j].row(pos); });
    ASSERT_TRUE(so.ok());
    EXPECT_EQ(so->nodes, o->nodes);
    std::vector<std::span<const Fp>> rows;
    for (const auto& r : o->rows) rows.push_back(r);
    ASSERT_TRUE(this->verifier.verify_mixed(t->root(), shapes, q, rows, o->nodes).ok()) << trial;
    if (!o->nodes.empty()) {
      auto bad = o->nodes;
      bad.back().bytes[0] ^= 1;
      EXPECT_EQ(this->verifier.verify_mixed(t->root(), shapes, q, rows, bad).code, ErrorCode::kBadPath);
      if (this->kHash == MerkleHash::kPoseidon2) {
        for (size_t b = 0; b < 8; ++b) bad.back().bytes[b] = 0xff;
        EXPECT_EQ(this->verifier.verify_mixed(t->root(), shapes, q, rows, bad).code, ErrorCode::kNonCanonical);
      }
    }
    std::vector<Fp> row0 = o->rows[0];
    row0[0] += Fp::one();
    rows[0] = row0;
    EXPECT_EQ(this->verifier.verify_mixed(t->root(), shapes, q, rows, o->nodes).code, ErrorCode::kBadPath);
  }
}

}  // namespace
}  // namespace goldfinch::merkle
