// BLAKE3 and Merkle benchmarks, each figure printed beside the reference measured in the same
// run: `b3sum --num-threads N` (the BLAKE3 team's Rust tool) hashing a file that holds the very
// bytes of the benchmark matrix. Counter vs_b3sum_1t = our bytes/s / b3sum's (one thread)
// bytes/s; vs_b3sum_2t the same against two b3sum threads. On a shared machine wall time is
// noisy, so single-threaded rows also get cpu_vs_b3sum_1t: the same ratio in CPU seconds (ours:
// this thread's CPU time; b3sum's: the child's user + system time from getrusage).
//
// Matrix: 2^GF_BENCH_LOG_ROWS (default 20) rows x 64 Goldilocks elements (512 MiB), fixed seed.
//   build/release/bench/bench_hash --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/hash/hash_many.h"
#include "goldfinch/merkle/blake3_merkle_bulk.h"
#include "goldfinch/merkle/tree.h"

namespace {

using namespace goldfinch;
constexpr size_t kWidth = 64;

size_t log_rows() {
  const char* env = std::getenv("GF_BENCH_LOG_ROWS");
  return env ? std::strtoul(env, nullptr, 10) : 20;
}

const RowMajorMatrix& matrix() {
  static const RowMajorMatrix m = [] {
    RowMajorMatrix mat(size_t{1} << log_rows(), kWidth);
    std::mt19937_64 rng(2026);
    for (auto& x : mat.data()) x = Fp::from_u64(rng());
    return mat;
  }();
  return m;
}

size_t matrix_bytes() { return matrix().data().size() * sizeof(Fp); }

// The reference: b3sum on a file of the matrix bytes (page cache warm), best of `runs`.
struct Reference {
  std::filesystem::path file;
  double b3sum_bps[3] = {0, 0, 0};  // by thread count 1, 2 (wall time)
  double b3sum_cpu_bps = 0;           // one thread, by the child's CPU time
  std::string digest;
};
Reference g_ref;

double children_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_CHILDREN, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall seconds of one b3sum run; *cpu (if given) gets the child's CPU seconds.
double time_b3sum(int threads, std::string* digest, double* cpu = nullptr) {
  std::string cmd = "b3sum --no-names --num-threads ";
  cmd += std::to_string(threads);
  cmd += " ";
  cmd += g_ref.file.string();
  const double cpu0 = children_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return 0;
  char line[256] = {};
  const bool got = std::fgets(line, sizeof(line), pipe) != nullptr;
  const int rc = pclose(pipe);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (cpu) *cpu = children_cpu_seconds() - cpu0;
  if (!got || rc != 0) return 0;
  if (digest) *digest = std::string(line, 64);
  return s;
}

void measure_reference() {
  g_ref.file = std::filesystem::temp_directory_path() / ("gf_bench_hash_" + std::to_string(getpid()) + ".bin");
  {
    std::ofstream f(g_ref.file, std::ios::binary);
    f.write(reinterpret_cast<const char*>(matrix().data().data()), static_cast<std::streamsize>(matrix_bytes()));
  }
  for (int threads : {1, 2}) {
    double best = 1e30, best_cpu = 1e30;
    for (int run = 0; run < 5; ++run) {
      double cpu = 0;
      const double s = time_b3sum(threads, &g_ref.digest, &cpu);
      if (s > 0) best = std::min(best, s);
      if (s > 0 && cpu > 0) best_cpu = std::min(best_cpu, cpu);
    }
    g_ref.b3sum_bps[threads] = best < 1e30 ? matrix_bytes() / best : 0;
    if (threads == 1) g_ref.b3sum_cpu_bps = best_cpu < 1e30 ? matrix_bytes() / best_cpu : 0;
    std::printf("reference: b3sum --num-threads %d on %zu bytes: %.3f GB/s wall (best of 5, includes process start)",
                threads, matrix_bytes(), g_ref.b3sum_bps[threads] / 1e9);
    if (threads == 1) std::printf(", %.3f GB/s by CPU time", g_ref.b3sum_cpu_bps / 1e9);
    std::printf("\n");
  }
  const hash::Digest ours = hash::blake3_wide({reinterpret_cast<const uint8_t*>(matrix().data().data()), matrix_bytes()});
  std::printf("check: blake3_wide digest %s b3sum's\n", hash::to_hex(ours) == g_ref.digest ? "matches" : "DIFFERS FROM");
}

// Sets bytes/s and the ratio counters. `seconds`: wall time of all iterations, measured by the
// benchmark itself so the ratio is a plain number (a kIsRate counter would print as "/s").
// `cpu_seconds` (single-threaded rows only, else 0): this thread's CPU time over all iterations.
void add_ratio_counters(benchmark::State& state, double bytes_per_iter, double seconds, double cpu_seconds = 0) {
  const double total = static_cast<double>(state.iterations()) * bytes_per_iter;
  if (cpu_seconds > 0 && g_ref.b3sum_cpu_bps > 0) {
    state.counters["cpu_vs_b3sum_1t"] = total / cpu_seconds / g_ref.b3sum_cpu_bps;
  }
  state.SetBytesProcessed(static_cast<int64_t>(total));
  for (int threads : {1, 2}) {
    if (g_ref.b3sum_bps[threads] > 0 && seconds > 0) {
      state.counters[threads == 1 ? "vs_b3sum_1t" : "vs_b3sum_2t"] = total / seconds / g_ref.b3sum_bps[threads];
    }
  }
}

class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
  double cpu_seconds() const { return thread_cpu_seconds() - cpu0_; }

 private:
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
  double cpu0_ = thread_cpu_seconds();
};

// Leaf hashing of every row, as MerkleTree::commit does it (parallel_for over row chunks).
void BM_RowHashing(benchmark::State& state) {
  const int saved = max_threads();
  set_threads(static_cast<int>(state.range(0)));
  const ConstMatrixView m = matrix().view();
  const merkle::Blake3Merkle hasher;
  std::vector<hash::Digest> out(m.height);
  Stopwatch clock;
  for (auto _ : state) {
    parallel_for_chunks(m.height, 128, [&](size_t b, size_t e) { hasher.hash_rows(m, b, e - b, out.data() + b); });
    benchmark::DoNotOptimize(out.data());
  }
  const double seconds = clock.seconds(), cpu = state.range(0) == 1 ? clock.cpu_seconds() : 0;
  set_threads(saved);
  add_ratio_counters(state, static_cast<double>(matrix_bytes()), seconds, cpu);
}
BENCHMARK(BM_RowHashing)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// The whole commitment: leaves and every node layer.
void BM_MerkleCommit(benchmark::State& state) {
  const int saved = max_threads();
  set_threads(static_cast<int>(state.range(0)));
  Stopwatch clock;
  for (auto _ : state) {
    auto tree = merkle::MerkleTree<merkle::Blake3Merkle>::commit(matrix().view());
    benchmark::DoNotOptimize(tree->root());
  }
  const double seconds = clock.seconds(), cpu = state.range(0) == 1 ? clock.cpu_seconds() : 0;
  set_threads(saved);
  add_ratio_counters(state, static_cast<double>(matrix_bytes()), seconds, cpu);
}
BENCHMARK(BM_MerkleCommit)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// The same bytes as one long BLAKE3 input through the wide path: what b3sum itself computes.
void BM_Blake3Wide(benchmark::State& state) {
  const std::span<const uint8_t> bytes{reinterpret_cast<const uint8_t*>(matrix().data().data()), matrix_bytes()};
  Stopwatch clock;
  for (auto _ : state) benchmark::DoNotOptimize(hash::blake3_wide(bytes));
  add_ratio_counters(state, static_cast<double>(matrix_bytes()), clock.seconds(), clock.cpu_seconds());
}
BENCHMARK(BM_Blake3Wide)->UseRealTime()->Unit(benchmark::kMillisecond);

// The reference itself, as a benchmark row (manual time = wall time of the b3sum process).
void BM_B3sumFile(benchmark::State& state) {
  double seconds = 0;
  for (auto _ : state) {
    const double s = time_b3sum(static_cast<int>(state.range(0)), nullptr);
    seconds += s;
    state.SetIterationTime(s);
  }
  add_ratio_counters(state, static_cast<double>(matrix_bytes()), seconds);
}
BENCHMARK(BM_B3sumFile)->ArgName("threads")->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond);

// hash_many per instruction set: 4096 independent inputs of `len` bytes (L2-resident for 64,
// 2 MiB for 512), one thread.
void BM_HashMany(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  const size_t len = static_cast<size_t>(state.range(1)), n = 4096;
  if (!isa_available(isa)) {
    state.SkipWithError("instruction set not available");
    return;
  }
  state.SetLabel(isa_name(isa));
  std::vector<uint8_t> buf(n * len);
  std::mt19937_64 rng(1);
  for (auto& b : buf) b = static_cast<uint8_t>(rng());
  std::vector<hash::Digest> out(n);
  const hash::Key key{1, 2, 3, 4, 5, 6, 7, 8};
  Stopwatch clock;
  for (auto _ : state) {
    hash::hash_many_strided(buf.data(), len, n, len, key, out.data(), isa);
    benchmark::DoNotOptimize(out.data());
  }
  add_ratio_counters(state, static_cast<double>(n * len), clock.seconds(), clock.cpu_seconds());
}
BENCHMARK(BM_HashMany)
    ->ArgNames({"isa", "len"})
    ->ArgsProduct({{0, 1, 2}, {64, 512}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::printf("matrix: 2^%zu rows x %zu Goldilocks elements = %zu bytes; best ISA %s; %d OpenMP threads max\n",
              log_rows(), kWidth, matrix_bytes(), isa_name(best_isa()), max_threads());
  measure_reference();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(g_ref.file);
  return 0;
}
