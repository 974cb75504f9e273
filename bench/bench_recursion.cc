// The verifier inside the VM (docs/recursion.md): cycles of guest/bin/verifier.elf verifying an
// inner proof of the synthetic AIR (kWidth columns, degree-3 constraints) at 2^12..2^20 rows, at
// one query (StarkParams::testing()) and at the default preset (44 queries, 16 bits of grinding),
// with the cycles of each verifier phase as counters. Reference measured in the same run: the host
// verifier on the same proof (host_verify_us). Cycles are deterministic; times are not.
// GOLDFINCH_BENCH_SMOKE=1 registers only 2^12 (CI smoke run). Proving is done once per size,
// outside the timed loop.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>

#include "goldfinch/stark/proof_io.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/stark/verifier.h"

namespace {

using namespace goldfinch;

constexpr uint32_t kWidth = 64;

const vm::ElfImage* verifier_elf() {
  static std::unique_ptr<vm::ElfImage> image = []() -> std::unique_ptr<vm::ElfImage> {
    std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/verifier.elf", std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    vm::ElfResult r = vm::load_elf(bytes);
    if (!std::holds_alternative<vm::ElfImage>(r)) return nullptr;
    return std::make_unique<vm::ElfImage>(std::get<vm::ElfImage>(std::move(r)));
  }();
  return image.get();
}

const recursion::ExampleProof* proof_for(unsigned log_rows, bool full_security) {
  static std::map<std::pair<unsigned, bool>, std::unique_ptr<recursion::ExampleProof>> cache;
  auto& slot = cache[{log_rows, full_security}];
  if (!slot) {
    const stark::StarkParams params = full_security ? stark::StarkParams::conjectured_100() : stark::StarkParams::testing();
    auto p = recursion::prove_example(recursion::StatementId::kSynthetic, kWidth, log_rows, params);
    if (!p.ok()) return nullptr;
    slot = std::make_unique<recursion::ExampleProof>(std::move(*p));
  }
  return slot.get();
}

void BM_InVmVerify(benchmark::State& state) {
  const unsigned log_rows = static_cast<unsigned>(state.range(0));
  const bool full = state.range(1) != 0;
  const vm::ElfImage* elf = verifier_elf();
  if (!elf) return state.SkipWithError("guest/bin/verifier.elf not built");
  const recursion::ExampleProof* p = proof_for(log_rows, full);
  if (!p) return state.SkipWithError("proving failed");
  const std::vector<uint8_t> packed = recursion::pack_input(static_cast<uint32_t>(recursion::StatementId::kSynthetic),
                                                            kWidth, p->vk.encode(), p->proof);
  recursion::InVmReport rep;
  for (auto _ : state) {
    auto r = recursion::run_verifier_guest(*elf, packed);
    if (!r.ok() || !r->valid()) return state.SkipWithError("the verifier guest rejected the proof");
    rep = std::move(*r);
  }
  // Reference: the host verifier on the same (16-byte aligned) proof.
  const stark::AlignedBytes aligned(p->proof);
  auto st = recursion::make_statement(static_cast<uint32_t>(recursion::StatementId::kSynthetic), kWidth);
  const auto t0 = std::chrono::steady_clock::now();
  const Error e = stark::verify(p->vk, st->tables, aligned.span());
  const double host_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  if (!e.ok()) return state.SkipWithError("host verifier rejected the proof");
  state.counters["cycles"] = static_cast<double>(rep.cycles);
  state.counters["proof_bytes"] = static_cast<double>(p->proof.size());
  state.counters["host_verify_us"] = host_us;
  for (size_t i = 1; i < stark::kNumVerifierPhases; ++i)
    state.counters[stark::verifier_phase_name(static_cast<int>(i))] = static_cast<double>(rep.phase_cycles[i]);
}

void register_all() {
  const bool smoke = std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr;
  for (int full : {0, 1})
    for (int log_rows = 12; log_rows <= (smoke ? 12 : 20); log_rows += 2)
      benchmark::RegisterBenchmark(full ? "BM_InVmVerify/default" : "BM_InVmVerify/one_query", BM_InVmVerify)
          ->Args({log_rows, full})
          ->Unit(benchmark::kMillisecond)
          ->Iterations(3);
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
