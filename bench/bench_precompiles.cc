// The Keccak-f and BLAKE3 precompiles against the same hashers in RV32IM software (issue 13:
// Keccak-256 of 10 kB costs >= 20x fewer cycles and >= 5x less proving time with the precompile;
// BLAKE3 likewise). Runs guest/bin/hash_bench.elf (guest/examples/hash_bench.c: the message, then a
// mode byte) on N pseudo-random bytes in the software and the precompile mode of each hash, in
// the same process, alternating, and prints per mode the cycles, the best prove seconds (execute
// + witness + STARK), peak RSS (VmHWM, reset before each run), proof bytes and verify ms, then
// the ratios software / precompile of cycles and of prove seconds. Also the process's CPU seconds
// (user + sys, getrusage) over each prove call, steadier than wall time on a shared machine, and
// their ratio. Every proof is verified and the two modes' committed digests must agree.
//   bench_precompiles [--bytes N] [--repeat R] [--json] [--whole] [--hash keccak256|blake3] [--preset NAME]
//                     [--elf PATH]
// --hash: only that hash (default both).
// --bytes: the message length (default 10240). --repeat: best of R alternating rounds (default
// 1). --whole: whole-run proofs (zkvm::prove) instead of receipts (zkvm::prove_receipt at the
// default shard size, the default: the software Keccak run is ~2.2 M cycles at 10 kB). --json:
// one JSON object on stdout instead of the table. GOLDFINCH_BENCH_SMOKE=1: 200 bytes and the
// testing preset (the CI smoke run; Google Benchmark flags are ignored).
#include <fmt/core.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "goldfinch/zkvm/zkvm.h"
#include "peak_rss.h"

namespace {

using namespace goldfinch;
using Clock = std::chrono::steady_clock;

// User + system CPU seconds of this process (all its threads) so far.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double prove_seconds(const zkvm::ProveStats &st) { return st.seconds_execute + st.seconds_witness + st.seconds_prove; }

int fail(const std::string &what) {
  fmt::print(stderr, "bench_precompiles: {}\n", what);
  return 1;
}

// One hash in one mode (hash_bench.c's mode byte), best over the rounds.
struct Mode {
  std::string hash, kind;  // "keccak256" / "blake3", "software" / "precompile"
  uint8_t mode_byte = 0;
  uint64_t cycles = 0;
  size_t shards = 0, proof_bytes = 0;
  double seconds = 1e300, cpu = 1e300, rss = 0, verify_ms = 0;
  std::vector<uint8_t> digest;
};

std::string hex(const std::vector<uint8_t> &v) {
  std::string s;
  for (uint8_t b : v) s += fmt::format("{:02x}", b);
  return s;
}

// Proves (and verifies) one run; updates `m` with its figures (the least seconds so far).
std::string run_mode(const zkvm::Program &program, const std::vector<uint8_t> &msg, bool whole, Mode &m) {
  std::vector<uint8_t> input = msg;
  input.push_back(m.mode_byte);
  zkvm::ProveOptions options;
  options.max_cycles = uint64_t{1} << 32;
  uint32_t exit_code = 0;
  std::vector<uint8_t> output;
  double seconds = 0;
  bench::reset_peak_rss();
  const double cpu0 = cpu_seconds();
  if (whole) {
    options.max_cycles = zkvm::kDefaultMaxCycles;
    auto out = zkvm::prove(program, input, options);
    if (!out.ok()) return out.error().message;
    m.cpu = std::min(m.cpu, cpu_seconds() - cpu0);
    seconds = prove_seconds(out->stats);
    m.rss = std::max(m.rss, bench::peak_rss_bytes());
    const auto t0 = Clock::now();
    auto st = zkvm::verify(program.key(), out->proof);
    if (!st.ok()) return st.error().message;
    m.verify_ms = since(t0) * 1e3;
    m.cycles = st->cycles;
    m.shards = 1;
    m.proof_bytes = out->proof.size();
    exit_code = st->exit_code;
    output = st->output;
  } else {
    auto out = zkvm::prove_receipt(program, input, options);
    if (!out.ok()) return out.error().message;
    m.cpu = std::min(m.cpu, cpu_seconds() - cpu0);
    seconds = prove_seconds(out->stats);
    m.rss = std::max(m.rss, bench::peak_rss_bytes());
    const auto t0 = Clock::now();
    auto st = zkvm::verify_receipt(program.key(), out->receipt);
    if (!st.ok()) return st.error().message;
    m.verify_ms = since(t0) * 1e3;
    m.cycles = st->cycles;
    m.shards = st->shards;
    m.proof_bytes = out->receipt.size();
    exit_code = st->exit_code;
    output = st->output;
  }
  if (exit_code != 0) return fmt::format("{} {}: exit code {}", m.hash, m.kind, exit_code);
  if (output.size() != 32) return fmt::format("{} {}: {} committed bytes, not 32", m.hash, m.kind, output.size());
  if (!m.digest.empty() && m.digest != output) return fmt::format("{} {}: the digest changed", m.hash, m.kind);
  m.digest = output;
  m.seconds = std::min(m.seconds, seconds);
  return {};
}

}  // namespace

int main(int argc, char **argv) {
  const bool smoke = std::getenv("GOLDFINCH_BENCH_SMOKE") != nullptr;
  std::string preset = smoke ? "testing" : "default";
  std::string elf = GF_GUEST_BIN_DIR "/hash_bench.elf";
  size_t bytes = smoke ? 200 : 10240;
  int repeat = 1;
  bool json = false, whole = false;
  std::string only;  // --hash
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--benchmark", 0) == 0) continue;  // the smoke runner passes Google Benchmark flags
    if (a == "--bytes" && i + 1 < argc) {
      bytes = std::stoul(argv[++i]);
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::stoi(argv[++i]));
    } else if (a == "--preset" && i + 1 < argc) {
      preset = argv[++i];
    } else if (a == "--elf" && i + 1 < argc) {
      elf = argv[++i];
    } else if (a == "--hash" && i + 1 < argc) {
      only = argv[++i];
      if (only != "keccak256" && only != "blake3") return fail("--hash: keccak256 or blake3");
    } else if (a == "--json") {
      json = true;
    } else if (a == "--whole") {
      whole = true;
    } else {
      return fail(
          "usage: bench_precompiles [--bytes N] [--repeat R] [--json] [--whole] [--hash keccak256|blake3] [--preset "
          "NAME] [--elf PATH]");
    }
  }
  Result<stark::StarkParams> params = stark::StarkParams::preset(preset);
  if (!params.ok()) return fail("unknown preset " + preset);
  auto program = zkvm::Program::load_elf(elf, *params);
  if (!program.ok()) return fail(program.error().message);
  std::vector<uint8_t> msg(bytes);
  uint32_t x = 0x9e3779b9;
  for (uint8_t &b : msg) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<uint8_t>(x >> 24);
  }
  // hash_bench.c's modes: 0 / 1 Keccak-256 precompile / software, 2 / 3 BLAKE3.
  std::vector<Mode> modes = {{"keccak256", "software", 1},
                             {"keccak256", "precompile", 0},
                             {"blake3", "software", 3},
                             {"blake3", "precompile", 2}};
  if (!only.empty()) std::erase_if(modes, [&](const Mode &m) { return m.hash != only; });
  const char *proof_kind = whole ? "whole-run proofs (zkvm::prove)" : "receipts (zkvm::prove_receipt, default shards)";
  if (!json) {
    fmt::print("{} bytes, preset {}, {}, best of {}\n", bytes, preset, proof_kind, repeat);
    fmt::print("{:<10} {:<11} {:>10} {:>7} {:>9} {:>9} {:>10} {:>11} {:>10}\n", "hash", "mode", "cycles", "shards",
               "prove s", "CPU s", "peak RSS", "bytes", "verify ms");
  }
  for (int round = 0; round < repeat; ++round) {
    for (Mode &m : modes) {
      const std::string err = run_mode(*program, msg, whole, m);
      if (!err.empty()) return fail(err);
      fmt::print(stderr, "round {}: {} {} done (best so far {:.2f} s, {:.2f} CPU s)\n", round + 1, m.hash, m.kind,
                 m.seconds, m.cpu);
      if (!json && round + 1 == repeat) {
        fmt::print("{:<10} {:<11} {:>10} {:>7} {:>9.2f} {:>9.2f} {:>8.0f}Mi {:>11} {:>10.1f}\n", m.hash, m.kind,
                   m.cycles, m.shards, m.seconds, m.cpu, m.rss / 1048576, m.proof_bytes, m.verify_ms);
        std::fflush(stdout);
      }
    }
  }
  for (size_t i = 0; i < modes.size(); i += 2)
    if (modes[i].digest != modes[i + 1].digest) return fail(modes[i].hash + ": software and precompile digests differ");
  if (json) {
    fmt::print("{{\"bytes\": {}, \"preset\": \"{}\", \"proof\": \"{}\", \"repeat\": {}, \"modes\": [", bytes, preset,
               whole ? "whole" : "receipt", repeat);
    for (size_t i = 0; i < modes.size(); ++i) {
      const Mode &m = modes[i];
      fmt::print(
          "{}{{\"hash\": \"{}\", \"mode\": \"{}\", \"cycles\": {}, \"shards\": {}, \"prove_seconds\": {:.4f}, "
          "\"cpu_seconds\": {:.4f}, \"peak_rss_bytes\": {:.0f}, \"proof_bytes\": {}, \"verify_ms\": {:.2f}, "
          "\"digest\": \"{}\"}}",
          i ? ", " : "", m.hash, m.kind, m.cycles, m.shards, m.seconds, m.cpu, m.rss, m.proof_bytes, m.verify_ms,
          hex(m.digest));
    }
    fmt::print("], \"ratios\": [");
  }
  for (size_t i = 0; i < modes.size(); i += 2) {
    const Mode &sw = modes[i], &pc = modes[i + 1];
    const double rc = double(sw.cycles) / double(std::max<uint64_t>(pc.cycles, 1)), rs = sw.seconds / pc.seconds,
                 rcpu = sw.cpu / pc.cpu;
    if (json) {
      fmt::print("{}{{\"hash\": \"{}\", \"cycles\": {:.2f}, \"prove_seconds\": {:.2f}, \"cpu_seconds\": {:.2f}}}",
                 i ? ", " : "", sw.hash, rc, rs, rcpu);
    } else {
      fmt::print("{:<10} software / precompile: cycles {:.1f}x, prove time {:.1f}x, CPU time {:.1f}x\n", sw.hash, rc,
                 rs, rcpu);
    }
  }
  if (json) fmt::print("]}}\n");
  return 0;
}
