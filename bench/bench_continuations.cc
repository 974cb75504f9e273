// The cost of continuations (docs/continuations.md, "Cost"): one guest run
// proven as a whole-run proof (zkvm::prove, the reference) and as receipts of
// shards of each given size (zkvm::prove_receipt), in the same process, one
// after the other. Prints per mode: shards, prove seconds (execute + witness +
// STARK), the ratio to the whole-run proof, kHz, peak RSS of that mode (VmHWM,
// reset before each), proof or receipt bytes and verify ms; then, for the
// largest shard of the last receipt, the cells of the cross-shard tables (RAM
// boundary's shard columns, ram_finalize, Poseidon2, hash to curve, sum) per
// hand-off tuple.
//   bench_continuations (guest.elf [input_file] | --synthetic CYCLES) [--shards
//   12,16,20]
//                       [--preset NAME] [--no-single] [--repeat N]
// --repeat N runs the whole list N times, alternating, and ends with the best
// (least) seconds of each mode and its ratio to the best whole-run time: the
// machine's speed drifts by up to 2x. GOLDFINCH_BENCH_SMOKE=1: the testing
// preset, shards of 2^10 and, without an ELF, a synthetic 3000-cycle loop (the
// CI smoke run; Google Benchmark flags are ignored).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "goldfinch/air/logup.h"
#include "goldfinch/circuit/ram_boundary.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"
#include "goldfinch/zkvm/zkvm.h"
#include "peak_rss.h"

namespace {

using namespace goldfinch;
using Clock = std::chrono::steady_clock;

using bench::peak_rss_bytes;
using bench::reset_peak_rss;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A loop of 8-instruction turns storing to 64 words in turn, about `cycles`
// cycles, then exit(0).
std::vector<uint8_t> synthetic_elf(uint64_t cycles) {
  namespace rv = vm::rv;
  std::vector<uint32_t> c;
  rv::li(c, 5, static_cast<uint32_t>(cycles / 8 + 1));  // t0 = turns
  rv::li(c, 7, 0x20000);                                // t2 = data
  const size_t loop = c.size();
  c.push_back(rv::add(6, 6, 5));
  c.push_back(rv::andi(28, 5, 63));
  c.push_back(rv::slli(28, 28, 2));
  c.push_back(rv::add(28, 28, 7));
  c.push_back(rv::sw(6, 28, 0));
  c.push_back(rv::lw(29, 28, 0));
  c.push_back(rv::addi(5, 5, -1));
  c.push_back(rv::bne(5, 0, -4 * static_cast<int32_t>(c.size() - loop)));
  c.push_back(rv::addi(10, 0, 0));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

double prove_seconds(const zkvm::ProveStats &st) { return st.seconds_wall; }

// One line of the table (flushed: a long run shows each mode as it ends).
void print_row(const std::string &mode, uint64_t cycles, size_t shards, double seconds, double ratio, double rss,
               size_t bytes, double verify_ms) {
  fmt::print("{:<14} {:>10} {:>7} {:>9.2f} {:>8.3f} {:>8.1f} {:>8.0f}Mi {:>11} {:>10.1f}\n", mode, cycles, shards,
             seconds, ratio, cycles / seconds / 1e3, rss / 1048576, bytes, verify_ms);
  std::fflush(stdout);
}

int fail(const std::string &what) {
  fmt::print(stderr, "bench_continuations: {}\n", what);
  return 1;
}

}  // namespace

int main(int argc, char **argv) {
  const bool smoke = std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr;
  std::string elf, input_path, preset = smoke ? "testing" : "default";
  std::vector<unsigned> logs = smoke ? std::vector<unsigned>{10} : std::vector<unsigned>{16, 18, 20};
  bool single = true;
  uint64_t synthetic = 0;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--benchmark", 0) == 0) continue;  // the smoke runner passes Google Benchmark flags
    if (a == "--synthetic" && i + 1 < argc) {
      synthetic = std::stoull(argv[++i]);
    } else if (a == "--shards" && i + 1 < argc) {
      logs.clear();
      std::stringstream ss(argv[++i]);
      for (std::string part; std::getline(ss, part, ',');) logs.push_back(static_cast<unsigned>(std::stoul(part)));
    } else if (a == "--preset" && i + 1 < argc) {
      preset = argv[++i];
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::stoi(argv[++i]));
    } else if (a == "--no-single") {
      single = false;
    } else if (elf.empty()) {
      elf = a;
    } else {
      input_path = a;
    }
  }
  if (elf.empty() && !synthetic && smoke) synthetic = 3000;
  if (elf.empty() && !synthetic)
    return fail(
        "usage: bench_continuations (guest.elf [input] | --synthetic "
        "CYCLES) [--shards 12,16] [--preset NAME]");
  Result<stark::StarkParams> params = stark::StarkParams::preset(preset);
  if (!params.ok()) return fail(std::string("unknown preset ") + preset);
  auto program = synthetic ? zkvm::Program::from_elf_bytes(synthetic_elf(synthetic), *params)
                           : zkvm::Program::load_elf(elf, *params);
  if (!program.ok()) return fail(program.error().message);
  std::vector<uint8_t> input;
  if (!input_path.empty()) {
    auto bytes = zkvm::read_file(input_path);
    if (!bytes.ok()) return fail(bytes.error().message);
    input = std::move(*bytes);
  }
  zkvm::ProveOptions options;
  options.max_cycles = uint64_t{1} << 32;

  fmt::print("{:<14} {:>10} {:>7} {:>9} {:>8} {:>8} {:>10} {:>11} {:>10}\n", "mode", "cycles", "shards", "prove s",
             "ratio", "kHz", "peak RSS", "bytes", "verify ms");
  double reference = 0;
  std::vector<double> best(logs.size() + 1,
                           1e300);  // [0]: whole run, [1 + i]: shards 2^logs[i]
  zkvm::ProveStats last;
  for (int round = 0; round < repeat; ++round) {
    if (single) {
      reset_peak_rss();
      auto out = zkvm::prove(*program, input, options);
      if (!out.ok()) return fail(out.error().message);
      const double s = prove_seconds(out->stats);
      const double rss = peak_rss_bytes();
      const auto t0 = Clock::now();
      auto st = zkvm::verify(program->key(), out->proof);
      if (!st.ok()) return fail(st.error().message);
      reference = s;
      best[0] = std::min(best[0], s);
      print_row("whole run", st->cycles, 1, s, 1.0, rss, out->proof.size(), since(t0) * 1e3);
    }
    for (size_t i = 0; i < logs.size(); ++i) {
      options.shard_cycles = uint64_t{1} << logs[i];
      reset_peak_rss();
      auto out = zkvm::prove_receipt(*program, input, options);
      if (!out.ok()) return fail(out.error().message);
      const double s = prove_seconds(out->stats);
      const double rss = peak_rss_bytes();
      const auto t0 = Clock::now();
      auto st = zkvm::verify_receipt(program->key(), out->receipt);
      if (!st.ok()) return fail(st.error().message);
      best[1 + i] = std::min(best[1 + i], s);
      print_row(fmt::format("shards 2^{}", logs[i]), st->cycles, st->shards, s, reference > 0 ? s / reference : 0.0,
                rss, out->receipt.size(), since(t0) * 1e3);
      last = out->stats;
    }
  }
  if (repeat > 1) {
    fmt::print("best of {}:", repeat);
    if (single) fmt::print(" whole run {:.2f} s;", best[0]);
    for (size_t i = 0; i < logs.size(); ++i)
      fmt::print(" shards 2^{} {:.2f} s{};", logs[i], best[1 + i],
                 single ? fmt::format(" (ratio {:.3f})", best[1 + i] / best[0]) : std::string());
    fmt::print("\n");
  }
  // The cross-shard tables of the largest shard of the last receipt.
  size_t cross = 0, tuples = 0, total = 0;
  for (const zkvm::TableShape &t : last.tables) {
    const size_t cells = t.height * (t.main_width + t.aux_width);
    total += cells;
    if (t.name == "ram_boundary") {
      cross += t.height * (circuit::ram::kNumColsShard - circuit::ram::kNumCols);
    } else if (t.name == "ram_finalize" || t.name == "poseidon2" || t.name == "multiset_hash_to_curve" ||
               t.name == "multiset_sum") {
      cross += cells;
    }
    if (t.name == "multiset_hash_to_curve") tuples = t.height;
  }
  if (!last.tables.empty())
    fmt::print(
        "largest shard: {} cells (main + aux), {} in the cross-shard "
        "tables ({:.1f}%), {:.0f} per hand-off "
        "tuple slot ({} slots)\n",
        total, cross, 100.0 * cross / std::max<size_t>(total, 1), tuples ? double(cross) / tuples : 0.0, tuples);
  return 0;
}
