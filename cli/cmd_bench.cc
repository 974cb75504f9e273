// `goldfinch bench [--sizes 16,18,20] [--guests fibonacci,sha256,sort,bigint] [--guest-dir DIR]
//  [--preset NAME] [--json] [--smoke]`: the prover's benchmark suite (docs/benchmarks.md). For
// each SDK guest and each size 2^k it picks the guest's input so that the run takes as many
// cycles as possible without passing 2^k (searched with the plain executor), proves it, verifies
// the proof, and prints cycles, kHz, peak RSS (this process's high-water mark, reset before each
// run), RSS per million cycles, proof bytes and verify ms, beside the floor: the bare low-degree
// extension and Merkle commitment of traces of the same shapes (every table's main and LogUp
// columns at its height), measured in the same run right after, and the ratio prove / floor.
// A run the memory estimate says will not fit is reported as such, not attempted.
// Exit code: 0 all rows measured (or reported as not fitting), 1 a proof failed or did not verify,
// 2 bad usage, 102 a guest ELF is missing or invalid.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "commands.h"
#include "goldfinch/backend/backend.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/zkvm/zkvm.h"
#include "guest_io.h"
#include "guest_proof_io.h"

namespace goldfinch::cli {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct BenchOptions {
  std::string sizes = "16,18,20";
  std::string guests = "fibonacci,sha256,sort,bigint";
  std::string guest_dir;  // default: ../guest/bin beside the executable
  std::string preset = "default", merkle_hash;
  bool json = false, smoke = false;
  // Overrides of the preset's parameters (-1: the preset's), for exploring proof size and speed
  // trade-offs; `goldfinch security` judges the bits of a preset.
  int log_blowup = -1, num_queries = -1, pow_bits = -1, log_folding_arity = -1, log_final_poly_len = -1;
};

std::vector<uint8_t> u32s(std::initializer_list<uint32_t> words) {
  std::vector<uint8_t> out;
  for (uint32_t w : words)
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(w >> (8 * i)));
  return out;
}

// A workload: an SDK example guest and its input as a function of one size parameter (the run's
// cycles grow with it), searched in [1, max_param].
struct Workload {
  const char* name;
  const char* what;
  uint32_t max_param;
  std::function<std::vector<uint8_t>(uint32_t)> input;
};

const std::vector<Workload>& workloads() {
  static const std::vector<Workload> list = {
      {"fibonacci", "F(n) mod 2^64, n read with read(0)", 1u << 26, [](uint32_t n) { return u32s({n}); }},
      {"sha256", "SHA-256 of n pseudo-random bytes read in place", 1u << 24,
       [](uint32_t n) {
         std::vector<uint8_t> bytes(n);
         std::mt19937 rng(42);
         for (auto& b : bytes) b = static_cast<uint8_t>(rng());
         return bytes;
       }},
      {"sort", "merge sort of n pseudo-random u32 values", 1u << 22, [](uint32_t n) { return u32s({12345, n}); }},
      {"bigint", "n! in base-10^9 limbs, decimal digits committed", 20000, [](uint32_t n) { return u32s({n}); }},
  };
  return list;
}

// Cycles of the guest on `input` in the fast executor, or limit + 1 when it passes `limit`
// cycles, or 0 when it does not exit cleanly.
uint64_t run_cycles(const vm::ElfImage& image, std::span<const uint8_t> input, uint64_t limit) {
  auto created = vm::Machine::create(image, input);
  if (!std::holds_alternative<vm::Machine>(created)) return 0;
  vm::Machine m = std::move(std::get<vm::Machine>(created));
  m.set_console([](int, std::span<const uint8_t>) {});
  const vm::RunResult r = m.run(limit + 1);
  if (r.status == vm::RunStatus::kCycleLimit) return limit + 1;
  return r.status == vm::RunStatus::kExited && r.exit_code == 0 ? r.cycles : 0;
}

// The largest parameter whose run fits in `target` cycles (cycles grow with the parameter), or 0.
uint32_t fit_param(const Workload& w, const vm::ElfImage& image, uint64_t target, uint64_t* cycles) {
  uint32_t lo = 0, hi = w.max_param;  // invariant: lo fits (0: none found yet)
  *cycles = 0;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo + 1) / 2;
    const uint64_t c = run_cycles(image, w.input(mid), target);
    if (c != 0 && c <= target) {
      lo = mid;
      *cycles = c;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

// VmHWM (peak resident set) of this process, after resetting it with clear_refs.
void reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
}
uint64_t peak_rss_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return static_cast<uint64_t>(std::stod(line.substr(6)) * 1024);
  return 0;
}

// The floor: the low-degree extension (at the run's blowup) and one mixed-height Merkle
// commitment of pseudo-random traces with the run's shapes: tables of one height side by side
// (as the prover commits them), main and LogUp columns.
double floor_seconds(const std::vector<zkvm::TableShape>& tables, unsigned log_blowup) {
  std::map<size_t, size_t, std::greater<>> width_at;  // height -> columns, tallest first
  for (const zkvm::TableShape& t : tables) width_at[t.height] += t.main_width + t.aux_width;
  std::vector<RowMajorMatrix> traces;
  std::mt19937_64 rng(7);
  for (auto [height, width] : width_at) {
    if (width == 0 || height == 0) continue;  // height 0: an optional table the proof leaves out
    RowMajorMatrix m(height, width);
    for (Fp& x : m.data()) x = Fp::from_u64(rng() % Fp::kModulus);
    traces.push_back(std::move(m));
  }
  backend::Backend& be = backend::default_backend();
  const auto t0 = Clock::now();
  std::vector<RowMajorMatrix> ldes;
  for (const RowMajorMatrix& m : traces) {
    auto lde = be.lde(m.view(), size_t{1} << log_blowup, {});
    GF_CHECK(lde.ok(), "floor: low-degree extension failed");
    ldes.push_back(std::move(*lde));
  }
  std::vector<ConstMatrixView> views;
  for (const RowMajorMatrix& m : ldes) views.push_back(m.view());
  auto tree = stark::MixedTree::commit(views);
  GF_CHECK(tree.ok(), "floor: commitment failed");
  return since(t0);
}

struct Row {
  std::string guest;
  unsigned log_size = 0;
  uint32_t param = 0;
  uint64_t cycles = 0;
  bool fits = true;
  uint64_t estimated_bytes = 0;
  double prove_s = 0, verify_ms = 0, floor_s = 0;
  uint64_t peak_rss = 0;
  size_t proof_bytes = 0;
  double cells_per_cycle = 0;
};

void print_row(const Row& r) {
  if (!r.fits) {
    fmt::print("{:<10} 2^{:<3} {:>9}  does not fit: needs about {:.1f} GiB\n", r.guest, r.log_size, r.cycles,
               r.estimated_bytes / 1073741824.0);
    return;
  }
  const double mcycles = r.cycles / 1e6;
  fmt::print("{:<10} 2^{:<3} {:>9} {:>8.2f} {:>7.1f} {:>8.0f} {:>8.0f} {:>8.1f} {:>8.2f} {:>8.2f} {:>6.1f}\n", r.guest,
             r.log_size, r.cycles, r.prove_s, r.cycles / r.prove_s / 1e3, r.peak_rss / 1048576.0,
             r.peak_rss / 1048576.0 / mcycles, r.proof_bytes / 1024.0, r.verify_ms, r.floor_s, r.prove_s / r.floor_s);
}

std::string row_json(const Row& r) {
  std::string s = fmt::format(R"({{"guest":"{}","log_size":{},"param":{},"cycles":{},"fits":{},"estimated_peak_bytes":{})",
                              r.guest, r.log_size, r.param, r.cycles, r.fits ? "true" : "false", r.estimated_bytes);
  if (r.fits)
    s += fmt::format(R"(,"prove_seconds":{:.4f},"khz":{:.2f},"peak_rss_bytes":{},"rss_bytes_per_mcycle":{:.0f},)"
                     R"("proof_bytes":{},"verify_ms":{:.3f},"cells_per_cycle":{:.1f},"floor_seconds":{:.4f},"ratio_to_floor":{:.3f})",
                     r.prove_s, r.cycles / r.prove_s / 1e3, r.peak_rss, r.peak_rss / (r.cycles / 1e6), r.proof_bytes,
                     r.verify_ms, r.cells_per_cycle, r.floor_s, r.prove_s / r.floor_s);
  return s + "}";
}

std::string default_guest_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("guest/bin") : (exe.parent_path().parent_path() / "guest" / "bin").string();
}

int run_bench(BenchOptions o) {
  std::vector<unsigned> sizes;
  if (o.smoke) {
    sizes = {15};
    o.preset = "testing";
  } else {
    std::stringstream ss(o.sizes);
    for (std::string item; std::getline(ss, item, ',');) {
      const int k = std::atoi(item.c_str());
      if (k < 10 || k > 26) return fmt::print(stderr, "goldfinch bench: size 2^{} outside 2^10..2^26\n", item), 2;
      sizes.push_back(static_cast<unsigned>(k));
    }
  }
  std::vector<const Workload*> chosen;
  std::stringstream gs(o.guests);
  for (std::string name; std::getline(gs, name, ',');) {
    auto it = std::find_if(workloads().begin(), workloads().end(), [&](const Workload& w) { return name == w.name; });
    if (it == workloads().end()) return fmt::print(stderr, "goldfinch bench: unknown guest '{}'\n", name), 2;
    chosen.push_back(&*it);
  }
  auto params = cli_params(o.preset, o.merkle_hash);
  if (!params.ok()) return fmt::print(stderr, "goldfinch bench: {}: '{}'\n", params.error().what, o.preset), 2;
  auto override = [](int v, auto& field) {
    if (v >= 0) field = static_cast<std::remove_reference_t<decltype(field)>>(v);
  };
  override(o.log_blowup, params->log_blowup);
  override(o.num_queries, params->num_queries);
  override(o.pow_bits, params->pow_bits);
  override(o.log_folding_arity, params->log_folding_arity);
  override(o.log_final_poly_len, params->log_final_poly_len);
  if (Error e = params->validate(); !e.ok()) return fmt::print(stderr, "goldfinch bench: invalid parameters: {}\n", e.what), 2;
  if (!o.json)
    fmt::print("parameters: log_blowup {}, {} queries, {} pow bits, folding arity {}, final polynomial {} coefficients\n",
               params->log_blowup, params->num_queries, params->pow_bits, 1u << params->log_folding_arity,
               1u << params->log_final_poly_len);
  const std::string dir = o.guest_dir.empty() ? default_guest_dir() : o.guest_dir;
  if (!o.json)
    fmt::print("{:<10} {:<5} {:>9} {:>8} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}\n", "guest", "size", "cycles", "prove s",
               "kHz", "RSS MiB", "MiB/Mc", "proof KiB", "verify ms", "floor s", "ratio");
  std::vector<Row> rows;
  int rc = 0;
  for (const Workload* w : chosen) {
    const std::string path = dir + "/" + w->name + ".elf";
    auto program = zkvm::Program::load_elf(path, *params);
    if (!program.ok())
      return fmt::print(stderr, "goldfinch bench: {} (build the SDK guests, or pass --guest-dir)\n", program.error().message),
             kExitBadInput;
    for (unsigned k : sizes) {
      Row r;
      r.guest = w->name;
      r.log_size = k;
      r.param = fit_param(*w, program->image(), uint64_t{1} << k, &r.cycles);
      if (r.param == 0) {
        fmt::print(stderr, "goldfinch bench: {} has no input that runs within 2^{} cycles\n", w->name, k);
        continue;
      }
      const std::vector<uint8_t> input = w->input(r.param);
      reset_peak_rss();
      const auto t0 = Clock::now();
      auto out = zkvm::prove(*program, input);
      r.prove_s = since(t0);
      r.peak_rss = peak_rss_bytes();
      if (!out.ok()) {
        if (out.error().kind == zkvm::ErrorKind::kResources) {
          r.fits = false;
          r.estimated_bytes = out.error().cause.got;
          rows.push_back(r);
          if (!o.json) print_row(r);
          continue;
        }
        fmt::print(stderr, "goldfinch bench: {} at 2^{}: {}\n", w->name, k, out.error().message);
        rc = 1;
        continue;
      }
      r.cycles = out->stats.cycles;
      r.estimated_bytes = out->stats.estimated_peak_bytes;
      r.proof_bytes = out->proof.size();
      r.cells_per_cycle = out->stats.cells_per_cycle;
      const auto tv = Clock::now();
      auto verified = zkvm::verify(program->key(), out->proof);
      r.verify_ms = since(tv) * 1e3;
      if (!verified.ok()) {
        fmt::print(stderr, "goldfinch bench: {} at 2^{}: the proof does not verify: {}\n", w->name, k, verified.error().message);
        rc = 1;
        continue;
      }
      r.floor_s = floor_seconds(out->stats.tables, params->log_blowup);
      rows.push_back(r);
      if (!o.json) print_row(r);
    }
  }
  if (o.json) {
    std::string s = fmt::format(
        R"({{"preset":"{}","params":{{"log_blowup":{},"num_queries":{},"pow_bits":{},"log_folding_arity":{},"log_final_poly_len":{},"merkle_hash":"{}"}},"threads":{},"rows":[)",
        o.preset, params->log_blowup, params->num_queries, params->pow_bits, params->log_folding_arity, params->log_final_poly_len,
        merkle::merkle_hash_name(params->merkle_hash),
        max_threads());
    for (size_t i = 0; i < rows.size(); ++i) s += (i ? "," : "") + row_json(rows[i]);
    fmt::print("{}]}}\n", s);
  }
  return rc;
}

}  // namespace

Command add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* sub = app.add_subcommand("bench", "Prover benchmark suite: SDK guests at 2^k cycles beside the LDE + commit floor");
  sub->add_option("--sizes", o->sizes, "Comma-separated log2 cycle budgets (default 16,18,20)");
  sub->add_option("--guests", o->guests, "Comma-separated workloads: fibonacci, sha256, sort, bigint");
  sub->add_option("--guest-dir", o->guest_dir, "Folder of the SDK guests' ELF files (default: ../guest/bin beside goldfinch)");
  sub->add_option("--preset", o->preset, "Parameter preset (default: default)");
  sub->add_option("--log-blowup", o->log_blowup, "Override the preset's log2 blowup");
  sub->add_option("--merkle-hash", o->merkle_hash, kMerkleHashHelp);
  sub->add_option("--queries", o->num_queries, "Override the preset's number of FRI queries");
  sub->add_option("--pow-bits", o->pow_bits, "Override the preset's grinding bits");
  sub->add_option("--log-folding-arity", o->log_folding_arity, "Override the preset's log2 FRI folding arity");
  sub->add_option("--log-final-poly", o->log_final_poly_len, "Override the preset's log2 final polynomial length");
  sub->add_flag("--json", o->json, "Print one JSON object");
  sub->add_flag("--smoke", o->smoke, "One 2^15-cycle run per guest with the testing preset (CI)");
  return [o] { return run_bench(*o); };
}

}  // namespace goldfinch::cli
