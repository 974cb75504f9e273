// Backend tests: the CPU backend against naive references (leaf hashes from the scalar hasher,
// a root folded by hand), ISA paths against each other through the dual backend, thread-count
// independence, and the dual backend catching a backend that is wrong in one element.
#include <gtest/gtest.h>

#include <random>

#include "goldfinch/backend/backend.h"
#include "goldfinch/base/parallel.h"

namespace goldfinch::backend {
namespace {

RowMajorMatrix random_matrix(size_t h, size_t w, uint64_t seed) {
  RowMajorMatrix m(h, w);
  std::mt19937_64 rng(seed);
  for (Fp& x : m.data()) x = Fp::from_u64(rng());
  return m;
}

template <class Scalar>
void expect_matches_naive(merkle::MerkleHash hash, const Scalar& scalar) {
  auto b = make_cpu_backend();
  auto m = random_matrix(64, 13, 1);
  std::vector<hash::Digest> leaves(64);
  b->hash_rows(m.view(), leaves, hash);
  for (size_t i = 0; i < 64; ++i) ASSERT_EQ(leaves[i], scalar.hash_leaf(m.row(i))) << i;
  std::vector<hash::Digest> layer = leaves;
  while (layer.size() > 1) {
    std::vector<hash::Digest> next(layer.size() / 2);
    for (size_t i = 0; i < next.size(); ++i) next[i] = scalar.compress(layer[2 * i], layer[2 * i + 1]);
    layer = next;
  }
  auto tree = b->commit_rows(m.view(), {}, hash);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->root(), layer[0]);
}

TEST(CpuBackend, HashRowsAndRootMatchNaiveScalarHashing) {
  expect_matches_naive(merkle::MerkleHash::kBlake3, merkle::Blake3MerkleScalar{});
  expect_matches_naive(merkle::MerkleHash::kPoseidon2, merkle::Poseidon2MerkleScalar{});
}

TEST(CpuBackend, EveryIsaAgreesThroughTheDualBackend) {
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512}) {
    if (!isa_available(isa)) continue;
    auto dual = make_dual_backend(make_cpu_backend(Isa::kScalar), make_cpu_backend(isa));
    auto m = random_matrix(1 << 10, 9, 2);
    for (size_t blowup : {2, 4, 8}) {
      auto lde = dual->lde(m.view(), blowup, {});
      ASSERT_TRUE(lde.ok());
      EXPECT_EQ(lde->height(), m.height() * blowup);
      for (merkle::MerkleHash h : {merkle::MerkleHash::kBlake3, merkle::MerkleHash::kPoseidon2}) {
        auto tree = dual->commit_rows(lde->view(), {}, h);
        ASSERT_TRUE(tree.ok());
        std::vector<hash::Digest> leaves(lde->height());
        dual->hash_rows(lde->view(), leaves, h);
      }
    }
  }
}

TEST(CpuBackend, SameResultForAnyThreadCount) {
  auto m = random_matrix(1 << 12, 8, 3);
  std::vector<hash::Digest> roots;
  for (int t : {1, 2}) {
    set_threads(t);
    auto b = make_cpu_backend();
    auto lde = b->lde(m.view(), 4, {});
    ASSERT_TRUE(lde.ok());
    roots.push_back(b->commit_rows(lde->view(), {})->root());
  }
  set_threads(max_threads());
  EXPECT_EQ(roots[0], roots[1]);
}

TEST(CpuBackend, BadShapesAreErrorsNotCrashes) {
  auto b = make_cpu_backend();
  auto m = random_matrix(12, 3, 4);  // height not a power of two
  EXPECT_FALSE(b->lde(m.view(), 2, {}).ok());
  EXPECT_FALSE(b->commit_rows(m.view(), {}).ok());
  auto ok = random_matrix(16, 3, 4);
  EXPECT_FALSE(b->lde(ok.view(), 3, {}).ok());  // blowup not a power of two
}

TEST(MakeBackend, KnownAndUnknownNames) {
  EXPECT_TRUE(make_backend("cpu").ok());
  EXPECT_TRUE(make_backend("cpu-scalar").ok());
  EXPECT_TRUE(make_backend("dual-cpu").ok());
  EXPECT_FALSE(make_backend("cuda-that-is-not-here").ok());
}

// A backend that is wrong in exactly one LDE element.
class OffByOneBackend final : public Backend {
 public:
  std::string_view name() const override { return "off-by-one"; }
  Result<RowMajorMatrix> lde(ConstMatrixView t, size_t blowup, const ntt::CosetOptions& o) override {
    auto r = inner_->lde(t, blowup, o);
    r->data()[5] += Fp::one();
    return r;
  }
  void hash_rows(ConstMatrixView m, std::span<hash::Digest> out, merkle::MerkleHash h) override {
    inner_->hash_rows(m, out, h);
  }
  Result<MerkleTree> commit_rows(ConstMatrixView m, const merkle::MerkleOptions& o, merkle::MerkleHash h) override {
    return inner_->commit_rows(m, o, h);
  }

 private:
  std::unique_ptr<Backend> inner_ = make_cpu_backend();
};

TEST(DualBackendDeathTest, CatchesAWrongElement) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto m = random_matrix(16, 2, 5);
  EXPECT_DEATH(
      {
        auto dual = make_dual_backend(make_cpu_backend(), std::make_unique<OffByOneBackend>());
        (void)dual->lde(m.view(), 2, {});
      },
      "dual backend mismatch in lde .* at element 5");
}

}  // namespace
}  // namespace goldfinch::backend
