// Poseidon2 (Goldilocks, width 8) for Merkle commitments (docs/hashing.md): the scalar reference
// multiset::poseidon2_permute beside the batched permutation on every ISA this CPU has, one state
// per lane, in the same run; the host verifier's shapes (the opened rows of one matrix, the
// parents of one level) through Poseidon2MerkleScalar one at a time beside Poseidon2MerkleBatch on
// every ISA; then a whole commitment with Poseidon2 beside BLAKE3 on the same matrix. Fixed seeds;
// the items_per_second counter is permutations (or rows, or pairs) per second, single-threaded
// unless the name says threads.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "goldfinch/base/parallel.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/poseidon2_merkle_batch.h"
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

// What verify_batch / verify_mixed hash per call on a Poseidon2 proof: `count` opened rows of
// `width` elements (a sha256 proof opens ~44 distinct queries; most matrices are 6 to 27 wide),
// isa -1 = the scalar hasher row by row.
void BM_VerifierLeaves(benchmark::State& state) {
  const int isa_arg = static_cast<int>(state.range(0));
  const size_t width = static_cast<size_t>(state.range(1)), count = static_cast<size_t>(state.range(2));
  std::mt19937_64 rng(3);
  std::vector<Fp> rows(width * count);
  for (Fp& x : rows) x = Fp::from_u64(rng());
  std::vector<hash::Digest> out(count);
  if (isa_arg < 0) {
    state.SetLabel("Poseidon2MerkleScalar");
    const merkle::Poseidon2MerkleScalar h;
    for (auto _ : state) {
      for (size_t i = 0; i < count; ++i) out[i] = h.hash_leaf(std::span<const Fp>(rows).subspan(i * width, width));
      benchmark::DoNotOptimize(out.data());
    }
  } else {
    const Isa isa = static_cast<Isa>(isa_arg);
    if (!isa_available(isa)) return state.SkipWithError("ISA not available");
    state.SetLabel(isa_name(isa));
    const merkle::Poseidon2MerkleBatch h(isa);
    for (auto _ : state) {
      h.hash_leaves(rows, width, count, out.data());
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
}
BENCHMARK(BM_VerifierLeaves)
    ->ArgNames({"isa", "width", "rows"})
    ->ArgsProduct({{-1, 0, 1, 2}, {6, 75}, {44}});

void BM_VerifierParents(benchmark::State& state) {
  const int isa_arg = static_cast<int>(state.range(0));
  const size_t pairs = static_cast<size_t>(state.range(1));
  std::mt19937_64 rng(4);
  std::vector<hash::Digest> in(2 * pairs), out(pairs);
  for (hash::Digest& d : in) {
    const Fp e[4] = {Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())};
    d = merkle::poseidon2_digest_of(e);
  }
  if (isa_arg < 0) {
    state.SetLabel("Poseidon2MerkleScalar");
    const merkle::Poseidon2MerkleScalar h;
    for (auto _ : state) {
      for (size_t i = 0; i < pairs; ++i) out[i] = h.compress(in[2 * i], in[2 * i + 1]);
      benchmark::DoNotOptimize(out.data());
    }
  } else {
    const Isa isa = static_cast<Isa>(isa_arg);
    if (!isa_available(isa)) return state.SkipWithError("ISA not available");
    state.SetLabel(isa_name(isa));
    const merkle::Poseidon2MerkleBatch h(isa);
    for (auto _ : state) {
      h.compress_pairs(in.data(), pairs, out.data());
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pairs));
}
BENCHMARK(BM_VerifierParents)->ArgNames({"isa", "pairs"})->ArgsProduct({{-1, 0, 1, 2}, {44}});

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
