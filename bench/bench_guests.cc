// Proving whole guest programs (zkvm::prove): per guest, cycles, main columns and cells per cycle,
// prove seconds, kHz, peak RSS of the proof (the process's high-water mark, reset before each
// guest), proof bytes and verify ms — beside the bare executor's trace-mode run of the same guest
// as the reference (BM_TraceExecute/<guest>: the part of proving that is not the STARK).
//   bench_guests [benchmark flags] [guest.elf[=input_file] ...]   (default: the isa_* guests of the build)
// Also proves a synthetic loop (add, xor, store, load, mul, addi, branch: 7 instructions a turn)
// at 2^GF_SYNTH_LOG_CYCLES cycles (default 16; a comma list such as 18,20 runs several).
// GOLDFINCH_BENCH_SMOKE=1 proves only a 2^10-cycle loop with the testing preset (CI smoke run).
// GF_BENCH_PRESET picks the parameter preset (default: default).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"
#include "goldfinch/zkvm/zkvm.h"
#include "peak_rss.h"

namespace {

using namespace goldfinch;
namespace rv = vm::rv;

const bool kSmoke = std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr;

using bench::peak_rss_bytes;
using bench::reset_peak_rss;

// A loop of 7-instruction turns, then exit(0): `cycles` minus at most 6 in all (at or just under a power
// of two, so the CPU table is not padded to twice the run).
std::vector<uint8_t> synthetic_elf(uint64_t cycles) {
  std::vector<uint32_t> c;
  rv::li(c, 5, static_cast<uint32_t>((cycles - 9) / 7));  // t0 = turns (9 instructions outside the loop)
  rv::li(c, 7, 0x20000);                            // t2 = data
  c.push_back(rv::addi(6, 0, 1));
  c.push_back(rv::add(6, 6, 5));       // loop:
  c.push_back(rv::xor_(28, 6, 5));
  c.push_back(rv::sw(28, 7, 0));
  c.push_back(rv::lw(29, 7, 0));
  c.push_back(rv::mul(6, 29, 6));
  c.push_back(rv::addi(5, 5, -1));
  c.push_back(rv::bne(5, 0, -24));
  c.push_back(rv::addi(10, 0, 0));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

stark::StarkParams params() {
  const char* p = std::getenv("GF_BENCH_PRESET");
  auto r = stark::StarkParams::preset(kSmoke ? "testing" : (p ? p : "default"));
  return r.ok() ? *r : stark::StarkParams::conjectured_100();
}

void BM_TraceExecute(benchmark::State& state, std::vector<uint8_t> elf, std::vector<uint8_t> input) {
  auto image = std::get<vm::ElfImage>(vm::load_elf(elf));
  uint64_t cycles = 0;
  double best_s = 1e30;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto m = std::get<vm::Machine>(vm::Machine::create(image, input));
    m.set_console([](int, std::span<const uint8_t>) {});
    vm::TraceRecorder rec;
    cycles = m.run_trace(&rec, uint64_t{1} << 26).cycles;
    benchmark::DoNotOptimize(rec.rows.data());
    best_s = std::min(best_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  state.counters["cycles"] = static_cast<double>(cycles);
  state.counters["kHz"] = static_cast<double>(cycles) / best_s / 1e3;
}

void BM_Prove(benchmark::State& state, std::vector<uint8_t> elf, std::vector<uint8_t> input) {
  auto program = zkvm::Program::from_elf_bytes(elf, params());
  if (!program.ok()) return state.SkipWithError(program.error().message.c_str());
  zkvm::ProveOptions options;
  options.max_cycles = uint64_t{1} << 26;
  zkvm::ProveStats stats;
  double peak = 0, verify_ms = 0, seconds = 0;
  for (auto _ : state) {
    reset_peak_rss();
    const auto t0 = std::chrono::steady_clock::now();
    auto out = zkvm::prove(*program, input, options);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    peak = peak_rss_bytes();
    if (!out.ok()) return state.SkipWithError(out.error().message.c_str());
    stats = out->stats;
    const auto t1 = std::chrono::steady_clock::now();
    auto st = zkvm::verify(program->key(), out->proof);
    verify_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
    if (!st.ok()) return state.SkipWithError(st.error().message.c_str());
  }
  state.counters["cycles"] = static_cast<double>(stats.cycles);
  state.counters["cols_per_cycle"] = stats.columns_per_cycle;
  state.counters["cells_per_cycle"] = stats.cells_per_cycle;
  state.counters["prove_s"] = seconds;
  state.counters["kHz"] = static_cast<double>(stats.cycles) / seconds / 1e3;
  state.counters["peak_rss_MiB"] = peak / 1048576.0;
  state.counters["proof_KiB"] = static_cast<double>(stats.proof_bytes) / 1024.0;
  state.counters["verify_ms"] = verify_ms;
  state.counters["execute_s"] = stats.seconds_execute;
  state.counters["witness_s"] = stats.seconds_witness;
}

void register_guest(const std::string& name, const std::vector<uint8_t>& elf, const std::vector<uint8_t>& input = {}) {
  benchmark::RegisterBenchmark(("BM_TraceExecute/" + name).c_str(), BM_TraceExecute, elf, input)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(kSmoke ? 1 : 3);
  benchmark::RegisterBenchmark(("BM_Prove/" + name).c_str(), BM_Prove, elf, input)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (kSmoke) {
    register_guest("synthetic_2^10", synthetic_elf(1 << 10));
  } else {
    std::vector<std::string> paths(argv + 1, argv + argc);
#if defined(GF_GUEST_BIN_DIR)
    if (paths.empty())
      for (const char* g : {"isa_rv32i_alu", "isa_rv32i_branch_jump", "isa_rv32i_mem", "isa_rv32i_shift", "isa_rv32m"})
        if (std::filesystem::exists(std::string(GF_GUEST_BIN_DIR) + "/" + g + ".elf"))
          paths.push_back(std::string(GF_GUEST_BIN_DIR) + "/" + g + ".elf");
#endif
    for (const std::string& arg : paths) {
      const size_t eq = arg.find('=');
      const std::string p = arg.substr(0, eq);
      auto bytes = zkvm::read_file(p);
      std::vector<uint8_t> input;
      if (bytes.ok() && eq != std::string::npos) {
        auto in = zkvm::read_file(arg.substr(eq + 1));
        if (!in.ok()) bytes = in.error();
        else input = *in;
      }
      if (!bytes.ok()) {
        std::fprintf(stderr, "bench_guests: %s\n", bytes.error().message.c_str());
        return 1;
      }
      std::ostringstream name;
      name << std::filesystem::path(p).stem().string();
      if (eq != std::string::npos) name << '(' << input.size() << "B)";
      register_guest(name.str(), *bytes, input);
    }
    const char* logs = std::getenv("GF_SYNTH_LOG_CYCLES");
    std::stringstream list(logs ? logs : "16");
    for (std::string item; std::getline(list, item, ',');) {
      const int lg = std::atoi(item.c_str());
      if (lg < 6 || lg > 26) continue;
      register_guest("synthetic_2^" + std::to_string(lg), synthetic_elf(uint64_t{1} << lg));
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
