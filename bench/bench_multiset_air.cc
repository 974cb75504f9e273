// Proving the EC multiset hash of 2^k signed tuples with the multiset tables (Poseidon2,
// hash-to-curve, running sum, the tuple list and the 16-bit range table;
// docs/circuit_multiset.md), at the default parameters (conjectured_100). Setup (the tuple list
// and the range table committed into the key) is outside the timed loop; the witness (native
// hash_to_curve of every tuple and the traces) and the proof are timed separately. CPU time is
// the process's, over all threads.
//   GOLDFINCH_BENCH_SMOKE=1 bench_multiset_air     (CI smoke run: 2^6 tuples only)
//   bench_multiset_air --benchmark_filter='/12|/14'
#include <benchmark/benchmark.h>

#include <cstdio>

#include <cstdlib>
#include <random>
#include <vector>

#include "goldfinch/multiset/air/statement.h"
#include "goldfinch/stark/prover.h"

namespace goldfinch::multiset {
namespace {

std::vector<SignedTuple> bench_tuples(size_t n) {
  std::mt19937_64 rng(42);
  std::vector<SignedTuple> out(n);
  for (auto& t : out) {
    t.tuple = {Fp::from_u64(1), Fp::from_u64(rng() & 0xFFFFFFF), Fp::from_u64(rng() & 0xFFFFFFFF), Fp::from_u64(rng() >> 24)};
    t.send = rng() & 1;
  }
  return out;
}

void BM_MultisetWitness(benchmark::State& state) {
  const MultisetStatement st(bench_tuples(size_t{1} << state.range(0)));
  for (auto _ : state) {
    auto w = st.witness();
    benchmark::DoNotOptimize(w);
  }
  state.counters["tuples"] = static_cast<double>(st.tuples().size());
}

void BM_MultisetProve(benchmark::State& state) {
  const MultisetStatement st(bench_tuples(size_t{1} << state.range(0)));
  auto pk = stark::setup(st.airs(), stark::StarkParams::conjectured_100());
  if (!pk.ok()) std::fprintf(stderr, "setup: %s (bound %llu, got %llu)\n", pk.error().what,
                             static_cast<unsigned long long>(pk.error().expected), static_cast<unsigned long long>(pk.error().got));
  GF_CHECK(pk.ok(), "setup");
  const auto w = st.witness();
  GF_CHECK(w.ok(), "witness");
  stark::ProveStats stats;
  size_t bytes = 0;
  for (auto _ : state) {
    std::vector<stark::TableWitness> tw = {{w->list, {}}, {w->poseidon2, {}}, {w->hash_to_curve, {}},
                                           {w->sum, w->public_values}, {w->range, {}}};
    auto proof = stark::prove(**pk, std::move(tw), backend::default_backend(), {}, &stats);
    GF_CHECK(proof.ok(), "prove");
    bytes = proof->size();
  }
  state.counters["tuples"] = static_cast<double>(st.tuples().size());
  state.counters["proof_KiB"] = static_cast<double>(bytes) / 1024.0;
  state.counters["trace_cells"] = static_cast<double>(stats.trace_cells);
}

bool smoke() { return std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr; }

void args(benchmark::internal::Benchmark* b) {
  if (smoke()) {
    b->Arg(6);
  } else {
    b->Arg(6)->Arg(12)->Arg(14);
  }
  b->Unit(benchmark::kMillisecond)->Iterations(1)->MeasureProcessCPUTime()->UseRealTime();
}

BENCHMARK(BM_MultisetWitness)->Apply(args);
BENCHMARK(BM_MultisetProve)->Apply(args);

}  // namespace
}  // namespace goldfinch::multiset

BENCHMARK_MAIN();
