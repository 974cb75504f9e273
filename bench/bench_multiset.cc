// The cross-shard memory argument's native primitives (docs/continuations.md): hash_to_curve and
// EcGFp5 point additions per second, with GF(p^5) and Poseidon2 underneath. Each row also prints
// its cost in Goldilocks multiplications (in_fp_muls) and, for hashing, in Poseidon2
// permutations (in_perms), both re-measured right after each row (BM_FpMulReference and
// BM_Poseidon2 show the references as rows of their own).
//   GOLDFINCH_BENCH_SMOKE=1 bench_multiset --benchmark_min_time=0.01   (CI smoke run)
#include <benchmark/benchmark.h>

#include <time.h>

#include <random>
#include <vector>

#include "goldfinch/multiset/multiset_hash.h"

namespace goldfinch::multiset {
namespace {

// This thread's CPU seconds: the machine is shared, so ratios are taken in CPU time.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// CPU seconds per call of `f`, over `n` calls.
template <class F>
double seconds_per_call(size_t n, F&& f) {
  const double t0 = thread_cpu_seconds();
  for (size_t i = 0; i < n; ++i) f();
  return (thread_cpu_seconds() - t0) / static_cast<double>(n);
}

// The references are re-measured right after each benchmark's loop (a few milliseconds), so both
// sides of a ratio see the same load on a shared machine.
double fp_mul_seconds() {
  Fp a = Fp::from_u64(0x1234567890abcdefull), b = Fp::from_u64(0x0fedcba987654321ull);
  return seconds_per_call(1 << 20, [&] {  // a dependent chain
    a = a * b;
    benchmark::DoNotOptimize(a);
  });
}

double poseidon2_seconds() {
  Poseidon2State st{};
  return seconds_per_call(1 << 10, [&] {
    poseidon2_permute(st);
    benchmark::DoNotOptimize(st);
  });
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

// Runs the loop and measures its CPU time itself, so the counters are plain numbers.
template <class F>
void timed_loop(benchmark::State& state, F&& body, bool in_perms = false) {
  const double t0 = thread_cpu_seconds();
  for (auto _ : state) body();
  set_rate(state, thread_cpu_seconds() - t0, in_perms);
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
