// The multiply and divide chips (docs/circuit_muldiv.md): witness generation, printed beside the
// request table's trace of the same events (the CPU-side stand-in: alu_eval and five columns), and
// a proof of {requests, chip, 16-bit range table}, printed beside the proof of {requests, range}
// alone (multiplicities zeroed) — the difference is what the chip costs the prover.
// GOLDFINCH_BENCH_SMOKE=1 registers only the smallest size (CI smoke run).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "goldfinch/base/parallel.h"
#include "goldfinch/circuit/divrem_chip.h"
#include "goldfinch/circuit/mul_chip.h"
#include "goldfinch/circuit/testing.h"
#include "goldfinch/stark/prover.h"

namespace {

using namespace goldfinch;
using namespace goldfinch::circuit;

std::vector<AluEvent> events(std::span<const AluOp> ops, size_t n) {
  std::mt19937_64 rng(7);
  std::vector<AluEvent> out(n);
  for (auto& e : out) e = {ops[rng() % ops.size()], static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng() >> (rng() % 32))};
  return out;
}

constexpr AluOp kMulOps[] = {kMul, kMulh, kMulhsu, kMulhu};
constexpr AluOp kDivOps[] = {kDiv, kDivu, kRem, kRemu};

template <class Chip>
void BM_Trace(benchmark::State& state, std::span<const AluOp> ops) {
  const auto ev = events(ops, static_cast<size_t>(state.range(0)));
  // Reference in the same run: the request table's trace of the same events.
  double ref_s = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    auto t = testing::AluRequestTable::trace(ev);
    benchmark::DoNotOptimize(t.data().data());
    ref_s = std::min(ref_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  for (auto _ : state) {
    LookupCounts counts;
    auto t = Chip::trace(ev, counts);
    benchmark::DoNotOptimize(t.data().data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["request_trace_ops_per_s"] = static_cast<double>(ev.size()) / ref_s;
}

template <class Chip>
void BM_Prove(benchmark::State& state, std::span<const AluOp> ops) {
  const auto ev = events(ops, static_cast<size_t>(state.range(0)));
  testing::AluRequestTable requests;
  Chip chip;
  RangeU16Table range;
  const stark::StarkParams params = stark::StarkParams::conjectured_100();
  auto pk = std::move(*stark::setup({&requests, &chip, &range}, params));
  auto pk_ref = std::move(*stark::setup({&requests, &range}, params));
  LookupCounts counts;
  const RowMajorMatrix req_trace = testing::AluRequestTable::trace(ev), chip_trace = Chip::trace(ev, counts),
                       range_trace = RangeU16Table::trace(counts);
  auto prove_s = [&](const stark::ProvingKey& key, std::vector<stark::TableWitness> w, stark::ProveStats* st) {
    auto t0 = std::chrono::steady_clock::now();
    auto p = stark::prove(key, std::move(w), backend::default_backend(), {}, st);
    if (!p.ok()) state.SkipWithError(p.error().what);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  // Reference in the same run: {requests, range} alone, the same shapes with every multiplicity
  // zero (so the buses balance without the chip; the prover's work is the same).
  RowMajorMatrix req_idle = req_trace;
  for (size_t r = 0; r < req_idle.height(); ++r) req_idle.at(r, 4) = Fp::zero();
  const double ref_s = prove_s(*pk_ref, {{req_idle, {}}, {RangeU16Table::trace(LookupCounts{}), {}}}, nullptr);
  double s = 0;
  stark::ProveStats st;
  for (auto _ : state) s = prove_s(*pk, {{req_trace, {}}, {chip_trace, {}}, {range_trace, {}}}, &st);
  state.counters["ops"] = static_cast<double>(ev.size());
  state.counters["prove_s"] = s;
  state.counters["without_chip_s"] = ref_s;
  state.counters["chip_us_per_op"] = (s - ref_s) / static_cast<double>(ev.size()) * 1e6;
  state.counters["trace_cells"] = static_cast<double>(st.trace_cells);
}

void register_all() {
  const bool smoke = std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr;
  benchmark::RegisterBenchmark("BM_TraceMul", [](benchmark::State& s) { BM_Trace<MulChip>(s, kMulOps); })->Arg(1 << 16);
  benchmark::RegisterBenchmark("BM_TraceDivRem", [](benchmark::State& s) { BM_Trace<DivRemChip>(s, kDivOps); })->Arg(1 << 16);
  auto* pm = benchmark::RegisterBenchmark("BM_ProveMul", [](benchmark::State& s) { BM_Prove<MulChip>(s, kMulOps); });
  auto* pd = benchmark::RegisterBenchmark("BM_ProveDivRem", [](benchmark::State& s) { BM_Prove<DivRemChip>(s, kDivOps); });
  for (auto* b : {pm, pd}) {
    b->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
    if (smoke) {
      b->Arg(1 << 10);
    } else {
      b->Arg(1 << 16)->Arg(1 << 18);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
