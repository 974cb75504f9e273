// Poseidon2 (Goldilocks, width 8) for Merkle commitments (docs/hashing.md): the scalar reference
// multiset::poseidon2_permute beside the batched permutation on every ISA this CPU has, one state
// per lane, in the same run; then leaf hashing and a whole commitment with Poseidon2 beside BLAKE3
// on the same matrix. Fixed seeds; the items_per_second counter is permutations (or rows) per
// second, single-threaded unless the name says threads.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "goldfinch/base/parallel.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/poseidon2_packed.h"
#include "goldfinch/merkle/selected_merkle.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/multiset/poseidon2.h"

namespace goldfinch {
namespace {

constexpr size_t kStates = 1024;

std::vector<Fp> random_states() {
  std::mt19937_64 rng(1);
  std::vector<Fp> s(8 * kStates);
  for (Fp& x : s) x = Fp::from_u64(rng());
  return s;
}

void BM_Poseidon2ScalarReference(benchmark::State& state) {
  std::vector<Fp> s = random_states();
  for (auto _ : state) {
    for (size_t k = 0; k < kStates; ++k) {
      multiset::Poseidon2State st;
      std::copy_n(s.data() + 8 * k, 8, st.begin());
      multiset::poseidon2_permute(st);
      std::copy_n(st.begin(), 8, s.data() + 8 * k);
    }
    benchmark::DoNotOptimize(s.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kStates));
}
BENCHMARK(BM_Poseidon2ScalarReference);

void BM_Poseidon2Batch(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  if (!isa_available(isa)) return state.SkipWithError("ISA not available");
  state.SetLabel(isa_name(isa));
  std::vector<Fp> s = random_states();
  for (auto _ : state) {
    merkle::poseidon2_permute_batch(s.data(), kStates, isa);
    benchmark::DoNotOptimize(s.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kStates));
}
BENCHMARK(BM_Poseidon2Batch)->ArgName("isa")->Arg(0)->Arg(1)->Arg(2);

const RowMajorMatrix& matrix() {
  static const RowMajorMatrix m = [] {
    RowMajorMatrix r(size_t{1} << 14, 32);
    std::mt19937_64 rng(2);
    for (Fp& x : r.data()) x = Fp::from_u64(rng());
    return r;
  }();
  return m;
}

// A whole commitment of a 2^14 x 32 matrix (8 leaf permutations per row, then the nodes).
void BM_MerkleCommit(benchmark::State& state) {
  const auto hash = static_cast<merkle::MerkleHash>(state.range(0));
  const int saved = max_threads();
  set_threads(static_cast<int>(state.range(1)));
  state.SetLabel(std::string(merkle::merkle_hash_name(hash)));
  for (auto _ : state) {
    auto tree = merkle::MerkleTree<merkle::SelectedMerkle>::commit(matrix().view(), {}, merkle::SelectedMerkle(hash));
    benchmark::DoNotOptimize(tree->root());
  }
  set_threads(saved);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * matrix().height()));
}
BENCHMARK(BM_MerkleCommit)
    ->ArgNames({"hash", "threads"})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({0, 2})
    ->Args({1, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace goldfinch

BENCHMARK_MAIN();
