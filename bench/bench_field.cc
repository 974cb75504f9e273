// Goldilocks multiplication throughput per path (scalar, AVX2, AVX-512) over slices that stay in
// L1, plus a plain loop of Fp::operator* as the scalar reference in the same run.
//   bench_field --benchmark_min_time=0.01   (CI smoke run)
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "goldfinch/field/packed_ops.h"

namespace goldfinch {
namespace {

constexpr size_t kLen = 1024;  // 3 slices x 8 KiB: in L1

std::vector<Fp> random_vec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::from_u64(rng());
  return v;
}

void BM_MulSlice(benchmark::State& state) {
  const auto isa = static_cast<Isa>(state.range(0));
  if (!isa_available(isa)) {
    state.SkipWithError("ISA not available on this CPU");
    return;
  }
  const auto a = random_vec(kLen, 1), b = random_vec(kLen, 2);
  std::vector<Fp> out(kLen);
  for (auto _ : state) {
    packed::mul(out, a, b, isa);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kLen));
  state.SetLabel(isa_name(isa));
}

// The plain scalar loop the packed paths replace.
void BM_MulScalarReference(benchmark::State& state) {
  const auto a = random_vec(kLen, 1), b = random_vec(kLen, 2);
  std::vector<Fp> out(kLen);
  for (auto _ : state) {
    for (size_t i = 0; i < kLen; ++i) out[i] = a[i] * b[i];
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kLen));
  state.SetLabel("Fp::operator* loop");
}

BENCHMARK(BM_MulSlice)
    ->ArgName("isa")
    ->Arg(static_cast<int>(Isa::kScalar))
    ->Arg(static_cast<int>(Isa::kAvx2))
    ->Arg(static_cast<int>(Isa::kAvx512));
BENCHMARK(BM_MulScalarReference);

}  // namespace
}  // namespace goldfinch

BENCHMARK_MAIN();
