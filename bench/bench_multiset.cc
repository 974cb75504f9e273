// The cross-shard memory argument's native primitives (docs/continuations.md): hash_to_curve and
// EcGFp5 point additions per second, with GF(p^5) and Poseidon2 underneath. Each row also prints
// its cost in Goldilocks multiplications (in_fp_muls) and, for hashing, in Poseidon2
// permutations (in_perms), both measured in the same run (BM_FpMulReference, BM_Poseidon2).
//   GOLDFINCH_BENCH_SMOKE=1 bench_multiset --benchmark_min_time=0.01   (CI smoke run)
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>
#include <vector>

#include "goldfinch/multiset/multiset_hash.h"

namespace goldfinch::multiset {
namespace {

// Seconds per call of `f`, over `n` calls (a fixed reference measured once per process).
template <class F>
double seconds_per_call(size_t n, F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / static_cast<double>(n);
}

Fp g_sink;
double fp_mul_seconds() {
  static const double s = [] {
    Fp a = Fp::from_u64(0x1234567890abcdefull), b = Fp::from_u64(0x0fedcba987654321ull);
    const double t = seconds_per_call(1 << 22, [&] {  // a dependent chain
      a = a * b;
      benchmark::DoNotOptimize(a);
    });
    g_sink = a;
    return t;
  }();
  return s;
}

double poseidon2_seconds() {
  static const double s = [] {
    Poseidon2State st{};
    const double t = seconds_per_call(1 << 14, [&] {
      poseidon2_permute(st);
      benchmark::DoNotOptimize(st);
    });
    g_sink = st[0];
    return t;
  }();
  return s;
}

void add_reference_counters(benchmark::State& state, bool in_perms) {
  const double per_op = 1.0 / state.counters["ops_per_s"].value;
  state.counters["in_fp_muls"] = per_op / fp_mul_seconds();
  if (in_perms) state.counters["in_perms"] = per_op / poseidon2_seconds();
}

void set_rate(benchmark::State& state, double seconds, bool in_perms = false) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["ops_per_s"] = static_cast<double>(state.iterations()) / seconds;
  add_reference_counters(state, in_perms);
}

// Runs the loop and measures its wall time itself, so the counters are plain numbers.
template <class F>
void timed_loop(benchmark::State& state, F&& body, bool in_perms = false) {
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) body();
  set_rate(state, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), in_perms);
}

std::vector<Point> random_points(size_t n) {
  std::mt19937_64 rng(7);
  std::vector<Point> out;
  while (out.size() < n) {
    const Fp5 x(Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng()));
    if (auto y = curve_rhs(x).sqrt()) out.push_back(*Point::from_affine(x, *y));
  }
  return out;
}

void BM_FpMulReference(benchmark::State& state) {
  Fp a = Fp::from_u64(3), b = Fp::from_u64(0x0fedcba987654321ull);
  timed_loop(state, [&] { benchmark::DoNotOptimize(a = a * b); });
  state.SetLabel("one Goldilocks mul (dependent chain)");
}

void BM_Poseidon2(benchmark::State& state) {
  Poseidon2State st{};
  timed_loop(state, [&] { poseidon2_permute(st); benchmark::DoNotOptimize(st); }, true);
  state.SetLabel("one width-8 permutation");
}

void BM_Fp5Mul(benchmark::State& state) {
  Fp5 a = random_points(1)[0].x(), b = a.square();
  timed_loop(state, [&] { benchmark::DoNotOptimize(a = a * b); });
}

void BM_Fp5Inverse(benchmark::State& state) {
  Fp5 a = random_points(1)[0].x();
  timed_loop(state, [&] { benchmark::DoNotOptimize(a = a.inverse() + Fp5::one()); });
}

void BM_Fp5Sqrt(benchmark::State& state) {
  const Fp5 a = random_points(1)[0].x().square();
  timed_loop(state, [&] { benchmark::DoNotOptimize(a.sqrt()); });
}

// A running sum of distinct random points: one general affine addition (one GF(p^5) inverse).
void BM_PointAdd(benchmark::State& state) {
  const auto pts = random_points(256);
  Point acc = pts[0];
  size_t i = 0;
  timed_loop(state, [&] {
    acc += pts[++i & 255];
    benchmark::DoNotOptimize(acc);
  });
  state.SetLabel("affine, complete");
}

void BM_HashToCurve(benchmark::State& state) {
  uint64_t clk = 0;
  timed_loop(state, [&] {
    const std::array<Fp, 4> t = {Fp::one(), Fp::from_u64(0x1000), Fp::from_u64(42), Fp::from_u64(++clk)};
    benchmark::DoNotOptimize(hash_to_curve(t));
  }, true);
  state.SetLabel("(tag, addr, value, clk), minimal counter");
}

BENCHMARK(BM_FpMulReference);
BENCHMARK(BM_Poseidon2);
BENCHMARK(BM_Fp5Mul);
BENCHMARK(BM_Fp5Inverse);
BENCHMARK(BM_Fp5Sqrt);
BENCHMARK(BM_PointAdd);
BENCHMARK(BM_HashToCurve);

}  // namespace
}  // namespace goldfinch::multiset

BENCHMARK_MAIN();
