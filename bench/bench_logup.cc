// The prover's LogUp hot loops on the RV32IM CPU table's interactions (the widest bus user),
// each through the packed kernels of every ISA this machine has beside the row code (kernels =
// none) in the same run: the aux trace (denominators, batch inversion, helper columns, running
// sum) of 2^k random rows, and the quotient's LogUp value of 2^k rows (eval_logup_flat per row
// against the quotient kernel per lane group, gathering included). The counter `vs_rows` is the
// row code's time over this one's. GOLDFINCH_BENCH_SMOKE=1 registers the smallest size only.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/air/logup_packed.h"
#include "goldfinch/circuit/rv32im_tables.h"

namespace {

using namespace goldfinch;

const bool kSmoke = std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr;

Fp3 random_ext(std::mt19937_64& rng) { return {Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())}; }

struct CpuBus {
  circuit::Rv32imTables tables{{0x10000u, 8, 16, true, true}};
  const air::Air* cpu = nullptr;
  std::vector<air::Interaction> interactions;
  air::LogupChallenges ch;

  CpuBus() {
    for (const air::Air* t : tables.tables())
      if (t->name() == "cpu") cpu = t;
    const auto its = cpu->interactions();
    interactions.assign(its.begin(), its.end());
    std::mt19937_64 rng(5);
    ch = air::LogupChallenges::from(random_ext(rng), random_ext(rng), air::max_interaction_fields(interactions));
  }
  RowMajorMatrix random_trace(size_t n, size_t width) const {
    std::mt19937_64 rng(6);
    RowMajorMatrix m(n, width);
    for (Fp& v : m.data()) v = Fp::from_u64(rng());
    return m;
  }
};

const CpuBus& bus() {
  static const CpuBus b;
  return b;
}

const air::LogupKernels* kernels_of(int isa) { return isa < 0 ? nullptr : air::logup_kernels(static_cast<Isa>(isa)); }

template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// range(0) = log2 rows, range(1) = ISA (-1: the row code).
void BM_AuxTrace(benchmark::State& state) {
  const CpuBus& b = bus();
  const size_t n = size_t{1} << state.range(0);
  const RowMajorMatrix main = b.random_trace(n, b.cpu->width());
  const RowMajorMatrix pre = b.random_trace(n, std::max<size_t>(b.cpu->preprocessed_width(), 1));
  const air::LogupKernels* k = kernels_of(static_cast<int>(state.range(1)));
  if (state.range(1) >= 0 && !k) {
    state.SkipWithError("ISA not available");
    return;
  }
  Fp3 sum;
  const double rows_s =
      seconds([&] { air::build_logup_aux(b.interactions, main.view(), pre.view(), b.ch, &sum, nullptr); });
  double total = 0;
  for (auto _ : state) {
    total += seconds([&] {
      benchmark::DoNotOptimize(air::build_logup_aux(b.interactions, main.view(), pre.view(), b.ch, &sum, k));
    });
  }
  state.counters["ns_per_row"] = total / state.iterations() / n * 1e9;
  state.counters["vs_rows"] = rows_s / (total / state.iterations());
}

void BM_QuotientLogup(benchmark::State& state) {
  const CpuBus& b = bus();
  const size_t n = size_t{1} << state.range(0);
  const RowMajorMatrix main = b.random_trace(n, b.cpu->width());
  const RowMajorMatrix pre = b.random_trace(n, std::max<size_t>(b.cpu->preprocessed_width(), 1));
  const air::LogupLayout layout(b.interactions.size());
  const RowMajorMatrix aux = b.random_trace(n, layout.base_width());
  const auto flat = air::flatten_interactions(b.interactions, b.ch);
  const air::LogupProgram program = air::LogupProgram::from(flat);
  const air::LogupProgramView pv = air::view_of(program);
  std::mt19937_64 rng(7);
  std::vector<Fp3> alpha(layout.num_constraints());
  std::vector<Fp> alpha_flat;
  for (Fp3& a : alpha) {
    a = random_ext(rng);
    for (size_t c = 0; c < 3; ++c) alpha_flat.push_back(a[c]);
  }
  const Fp3 claimed = random_ext(rng);
  const Fp claimed_flat[3] = {claimed[0], claimed[1], claimed[2]};
  const air::SelectorValues<Fp> sel{Fp::from_u64(3), Fp::from_u64(5), Fp::from_u64(7)};
  auto row_code = [&] {
    Fp3 total = Fp3::zero();
    for (size_t r = 0; r < n; ++r) {
      size_t k = 0;
      LazyExtSum lz;
      air::eval_logup_flat(flat, layout, main.view().data + r * main.width(), pre.view().data + r * pre.width(),
                           aux.view().data + r * aux.width(), aux.view().data + ((r + 1) % n) * aux.width(), claimed,
                           sel, [&](const Fp3& v) { lz.add_mul(alpha[k++], v); });
      total += lz.reduce();
    }
    benchmark::DoNotOptimize(total);
  };
  const air::LogupKernels* k = kernels_of(static_cast<int>(state.range(1)));
  if (state.range(1) >= 0 && !k) {
    state.SkipWithError("ISA not available");
    return;
  }
  auto packed = [&] {
    const size_t W = k->lanes, aux_w = layout.base_width();
    std::vector<Fp> values(pv.num_values * W), ac(aux_w * W), an(aux_w * W), s(3 * W), out(3 * W);
    std::vector<const Fp*> main_rows(W), pre_rows(W);
    for (size_t l = 0; l < W; ++l) {
      s[l] = sel.first;
      s[W + l] = sel.last;
      s[2 * W + l] = sel.transition;
    }
    Fp total = Fp::zero();
    for (size_t g = 0; g < n; g += W) {
      for (size_t l = 0; l < W; ++l) {
        const size_t r = g + l;
        main_rows[l] = main.view().data + r * main.width();
        pre_rows[l] = pre.view().data + r * pre.width();
        const Fp* a = aux.view().data + r * aux_w;
        const Fp* a_next = aux.view().data + ((r + 1) % n) * aux_w;
        for (size_t c = 0; c < aux_w; ++c) {
          ac[c * W + l] = a[c];
          an[c * W + l] = a_next[c];
        }
      }
      program.gather(main_rows.data(), pre_rows.data(), W, values.data());
      k->quotient(pv, values.data(), ac.data(), an.data(), s.data(), alpha_flat.data(), claimed_flat, out.data());
      total += out[0];
    }
    benchmark::DoNotOptimize(total);
  };
  const double rows_s = seconds(row_code);
  double total = 0;
  for (auto _ : state) total += k ? seconds(packed) : seconds(row_code);
  state.counters["ns_per_row"] = total / state.iterations() / n * 1e9;
  state.counters["vs_rows"] = rows_s / (total / state.iterations());
}

void args(benchmark::internal::Benchmark* b) {
  for (int log_n : kSmoke ? std::vector<int>{10} : std::vector<int>{14, 16})
    for (int isa : {-1, static_cast<int>(Isa::kAvx2), static_cast<int>(Isa::kAvx512)}) b->Args({log_n, isa});
  b->ArgNames({"log_rows", "isa"})->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_AuxTrace)->Apply(args);
BENCHMARK(BM_QuotientLogup)->Apply(args);

}  // namespace

BENCHMARK_MAIN();
