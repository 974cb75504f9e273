// NTT and coset-LDE throughput. Each fast figure is printed beside a reference measured in the
// same run: the textbook scalar radix-2 NTT (goldfinch/ntt/reference.h), and for the LDE the same
// textbook transforms run column by column. Fixed seeds; sizes as in docs/ntt.md.
//   bench_ntt --benchmark_min_time=0.01   (CI smoke run)
#include <benchmark/benchmark.h>

#include <random>
#include <utility>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/ntt/lde.h"
#include "goldfinch/ntt/ntt.h"
#include "goldfinch/ntt/reference.h"

namespace goldfinch::ntt {
namespace {

std::vector<Fp> random_vec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::from_u64(rng());
  return v;
}

bool use_isa(benchmark::State& state, Isa isa) {
  if (isa_available(isa)) return true;
  state.SkipWithError("ISA not available on this CPU");
  return false;
}

// Single-thread benchmarks report the thread's CPU time (robust on a shared machine); the
// two-thread ones report wall-clock rates, with the CPU column holding the process's CPU time
// (both threads), so a rate per CPU-second can be read off on a loaded machine too.

// Single column, one thread, natural -> bit-reversed (no permutation pass).
void BM_NttColumn(benchmark::State& state) {
  const auto isa = static_cast<Isa>(state.range(1));
  if (!use_isa(state, isa)) return;
  set_threads(1);
  const size_t n = size_t{1} << state.range(0);
  const auto input = random_vec(n, 1);
  auto v = input;
  for (auto _ : state) {
    if (!forward(v, Order::kNatural, Order::kBitReversed, isa).ok()) state.SkipWithError("forward failed");
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetLabel(isa_name(isa));
}

// Natural -> natural, the reference's own orders (adds one bit-reversal pass).
void BM_NttColumnNatural(benchmark::State& state) {
  set_threads(1);
  const size_t n = size_t{1} << state.range(0);
  auto v = random_vec(n, 1);
  for (auto _ : state) {
    if (!forward(v, Order::kNatural, Order::kNatural).ok()) state.SkipWithError("forward failed");
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetLabel(isa_name(best_isa()));
}

void BM_NttColumnReference(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  auto v = random_vec(n, 1);
  for (auto _ : state) {
    reference_forward(v);
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetLabel("textbook radix-2, scalar");
}

// Coset LDE of a 2^log_n x width trace, 2 threads, bit-reversed output; items = output elements.
void BM_CosetLde(benchmark::State& state) {
  set_threads(2);
  const size_t n = size_t{1} << state.range(0), width = static_cast<size_t>(state.range(1));
  const size_t blowup = static_cast<size_t>(state.range(2));
  RowMajorMatrix trace(random_vec(n * width, 2), width);
  for (auto _ : state) {
    auto lde = coset_lde(trace, blowup);
    if (!lde.ok()) state.SkipWithError("coset_lde failed");
    benchmark::DoNotOptimize(lde->data().data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n * width * blowup));
  state.SetLabel(isa_name(best_isa()));
}

// The same into a reused output buffer (no page faults or zeroing of a fresh allocation).
void BM_CosetLdeInto(benchmark::State& state) {
  set_threads(2);
  const size_t n = size_t{1} << state.range(0), width = static_cast<size_t>(state.range(1));
  const size_t blowup = static_cast<size_t>(state.range(2));
  RowMajorMatrix trace(random_vec(n * width, 2), width);
  RowMajorMatrix out(n * blowup, width);
  for (auto _ : state) {
    if (!coset_lde_into(trace, blowup, out.view()).ok()) state.SkipWithError("coset_lde_into failed");
    benchmark::DoNotOptimize(out.data().data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n * width * blowup));
  state.SetLabel(isa_name(best_isa()));
}

// Matrix NTT alone: 2^log_n x width, natural -> bit-reversed, 2 threads; items = elements.
void BM_NttRows(benchmark::State& state) {
  set_threads(2);
  const size_t n = size_t{1} << state.range(0), width = static_cast<size_t>(state.range(1));
  RowMajorMatrix m(random_vec(n * width, 3), width);
  for (auto _ : state) {
    if (!forward_rows(m.view(), Order::kNatural, Order::kBitReversed).ok()) state.SkipWithError("forward_rows failed");
    benchmark::DoNotOptimize(m.data().data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n * width));
  state.SetLabel(isa_name(best_isa()));
}

// One block of n points of an extension from coefficients, as the streaming prover makes it:
// sub_blocks = 1 is the whole coset at once (evaluate_on_coset, n rows of memory); sub_blocks = k
// makes it as k sub-cosets of n / k rows (evaluate_on_subcoset: fold, then a size-n/k transform),
// the reference being the k = 1 row of the same run. 2 threads; items = elements of the block.
void BM_ExtensionBlock(benchmark::State& state) {
  set_threads(2);
  const unsigned log_n = static_cast<unsigned>(state.range(0));
  const size_t n = size_t{1} << log_n, width = static_cast<size_t>(state.range(1));
  const size_t k = static_cast<size_t>(state.range(2)), m = n / k;
  RowMajorMatrix coeffs(random_vec(n * width, 5), width);
  const Fp shift = Fp::from_canonical(Fp::kGenerator);
  for (auto _ : state) {
    for (size_t t = 0; t < k; ++t) {
      auto block = k == 1 ? evaluate_on_coset(coeffs.view(), 1, {.shift = shift})
                          : evaluate_on_subcoset(coeffs.view(), m, shift * Fp::two_adic_root(log_n).pow(t));
      if (!block.ok()) state.SkipWithError("block failed");
      benchmark::DoNotOptimize(block->data().data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n * width));
  state.SetLabel(k == 1 ? "whole coset (reference)" : "sub-cosets");
}

// Reference LDE: per column, textbook inverse NTT, coset shift, zero padding, textbook forward
// NTT (2 threads over columns). Fewer columns than the fast run; the rate is per output element.
void BM_CosetLdeReference(benchmark::State& state) {
  set_threads(2);
  const size_t n = size_t{1} << state.range(0), width = static_cast<size_t>(state.range(1));
  const size_t blowup = static_cast<size_t>(state.range(2));
  const auto trace = random_vec(n * width, 2);  // column-major here: column c at c * n
  const Fp shift = Fp::from_canonical(Fp::kGenerator);
  for (auto _ : state) {
    std::vector<Fp> out(n * blowup * width);
    parallel_for(width, [&](size_t c) {
      std::vector<Fp> col(trace.begin() + c * n, trace.begin() + (c + 1) * n);
      reference_inverse(col);
      Fp p = Fp::one();
      for (auto& x : col) {
        x *= p;
        p *= shift;
      }
      col.resize(n * blowup);
      reference_forward(col);
      std::copy(col.begin(), col.end(), out.begin() + c * n * blowup);
    });
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n * width * blowup));
  state.SetLabel("textbook radix-2 per column");
}

BENCHMARK(BM_NttColumn)
    ->ArgNames({"log_n", "isa"})
    ->ArgsProduct({{20, 24}, {static_cast<int>(Isa::kScalar), static_cast<int>(Isa::kAvx2), static_cast<int>(Isa::kAvx512)}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NttColumnNatural)->ArgName("log_n")->Arg(20)->Arg(24)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NttColumnReference)->ArgName("log_n")->Arg(20)->Arg(24)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CosetLde)
    ->ArgNames({"log_n", "width", "blowup"})
    ->Args({20, 64, 2})
    ->Args({20, 64, 4})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_CosetLdeInto)
    ->ArgNames({"log_n", "width", "blowup"})
    ->Args({20, 64, 2})
    ->Args({20, 64, 4})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_NttRows)
    ->ArgNames({"log_n", "width"})
    ->Args({20, 64})
    ->Args({18, 39})  // a width with a column tail (the sha256 shards' 2^18 x 39 and x 65 tables)
    ->Args({18, 6})
    ->Args({20, 8})  // the streaming prover's query blocks, kQueryColumns at a time
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_ExtensionBlock)
    ->ArgNames({"log_n", "width", "sub_blocks"})
    ->ArgsProduct({{20}, {64}, {1, 2, 4, 8, 16}})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_CosetLdeReference)
    ->ArgNames({"log_n", "width", "blowup"})
    ->Args({20, 4, 2})
    ->Args({20, 4, 4})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace
}  // namespace goldfinch::ntt

BENCHMARK_MAIN();
