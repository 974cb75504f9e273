// `goldfinch profile guest.elf [--input FILE] [--top N] [--folded out.txt] [--json]`: runs a guest
// under the profiler and prints cycles per function (ELF symbols, DWARF file:line), one table per
// step marker plus the global table, the number of each system call (precompiles included: a
// recursion-preset aggregation run makes no blake3_compress call), and optionally folded stacks
// for flame-graph tools.
#include <fmt/core.h>

#include <cstdio>
#include <fstream>

#include "commands.h"
#include "dwarf_source.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/profiler.h"
#include "guest_io.h"

namespace goldfinch::cli {
namespace {

void print_table(const vm::ProfileTable& t, const char* title, size_t top, const DwarfSource& dwarf) {
  fmt::print("\n{} — {} cycles\n", title, t.total);
  fmt::print("{:>4}  {:>14}  {:>7}  {:>7}  {}\n", "#", "cycles", "%", "cum %", "function");
  uint64_t cum = 0;
  for (size_t i = 0; i < t.rows.size() && i < top; ++i) {
    const auto& r = t.rows[i];
    cum += r.cycles;
    const std::string loc = r.addr ? dwarf.location(r.addr) : "";
    fmt::print("{:>4}  {:>14}  {:>6.2f}%  {:>6.2f}%  {}{}\n", i + 1, r.cycles, 100.0 * r.cycles / t.total,
               100.0 * cum / t.total, r.name, loc.empty() ? "" : "  (" + loc + ")");
  }
  if (t.rows.size() > top) fmt::print("      ({} more functions)\n", t.rows.size() - top);
}

std::string table_json(const vm::ProfileTable& t, size_t top, const DwarfSource& dwarf) {
  std::string out = fmt::format("{{\"step\":{},\"cycles\":{},\"functions\":[", t.step, t.total);
  uint64_t cum = 0;
  for (size_t i = 0; i < t.rows.size() && i < top; ++i) {
    const auto& r = t.rows[i];
    cum += r.cycles;
    out += fmt::format("{}{{\"name\":\"{}\",\"addr\":{},\"location\":\"{}\",\"cycles\":{},\"percent\":{:.4f},"
                       "\"cumulative_percent\":{:.4f}}}",
                       i ? "," : "", json_escape(r.name), r.addr, json_escape(r.addr ? dwarf.location(r.addr) : ""),
                       r.cycles, 100.0 * r.cycles / t.total, 100.0 * cum / t.total);
  }
  return out + "]}";
}

std::string syscall_name(uint32_t n) {
  switch (n) {
    case vm::kSysRead:
      return "read";
    case vm::kSysWrite:
      return "write";
    case vm::kSysExit:
      return "exit";
    case vm::kSysCommit:
      return "commit";
    case vm::kSysCycleCount:
      return "cycle_count";
    case vm::kSysKeccakF:
      return "keccak_f";
    case vm::kSysBlake3Compress:
      return "blake3_compress";
    case vm::kSysFp3Horner:
      return "fp3_horner";
    case vm::kSysPoseidon2:
      return "poseidon2";
  }
  return fmt::format("0x{:x}", n);
}

}  // namespace

Command add_profile_command(CLI::App& app) {
  struct Options {
    std::string elf, input, folded;
    uint64_t max_cycles = UINT64_MAX;
    size_t top = 20;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("profile", "Profile a guest: cycles per function and per step");
  sub->add_option("elf", o->elf, "Guest ELF executable")->required();
  sub->add_option("--input", o->input, "File whose bytes are the guest's private input");
  sub->add_option("--max-cycles", o->max_cycles, "Stop after this many cycles");
  sub->add_option("--top", o->top, "Rows per table")->check(CLI::PositiveNumber);
  sub->add_option("--folded", o->folded, "Write folded stacks (flamegraph.pl input) to this file");
  sub->add_flag("--json", o->json, "Print the report as JSON");
  return [o] {
    auto guest = load_guest(o->elf, o->input);
    if (!guest) return kExitBadInput;
    auto created = vm::Machine::create(guest->image, guest->input);
    if (auto* e = std::get_if<vm::ElfLoadError>(&created)) {
      fmt::print(stderr, "goldfinch: {}\n", e->message());
      return kExitBadInput;
    }
    vm::Machine& m = std::get<vm::Machine>(created);
    m.set_console([](int, std::span<const uint8_t> bytes) { std::fwrite(bytes.data(), 1, bytes.size(), stderr); });
    vm::Profiler prof(m.program(), guest->image.functions);
    const vm::RunResult r = m.run_with(prof, o->max_cycles);
    const DwarfSource dwarf(o->elf);
    const vm::ProfileTable global = prof.global_table();
    const auto steps = prof.step_tables();
    if (!o->folded.empty()) {
      std::ofstream out(o->folded);
      out << prof.folded();
      if (!out) {
        fmt::print(stderr, "goldfinch: cannot write {}\n", o->folded);
        return kExitBadInput;
      }
    }
    // A second run counts the system calls by number (the profiler does not see registers).
    auto calls = recursion::count_guest_ecalls(guest->image, guest->input, o->max_cycles);
    std::string calls_text, calls_json;
    if (calls.ok())
      for (const auto& [n, c] : *calls) {
        calls_text += fmt::format(" {} {}", syscall_name(n), c);
        calls_json += fmt::format("{}\"{}\":{}", calls_json.empty() ? "" : ",", syscall_name(n), c);
      }
    if (o->json) {
      std::string s = fmt::format("{{{},\"syscalls\":{{{}}},\"global\":{},\"steps\":[", run_result_json(r), calls_json,
                                  table_json(global, o->top, dwarf));
      for (size_t i = 0; i < steps.size(); ++i) s += (i ? "," : "") + table_json(steps[i], o->top, dwarf);
      fmt::print("{}]}}\n", s);
    } else {
      fmt::print("{}: {} after {} cycles{}\n", o->elf, vm::run_status_name(r.status), r.cycles,
                 r.status == vm::RunStatus::kTrap ? " (" + r.trap.message() + ")" : "");
      fmt::print("system calls:{}\n", calls_text.empty() ? " none" : calls_text);
      print_table(global, "All steps", o->top, dwarf);
      if (steps.size() > 1 || (steps.size() == 1 && steps[0].step != 0)) {
        for (const auto& t : steps) {
          const std::string title = t.step == 0 ? "Before the first step marker" : fmt::format("Step {}", t.step);
          print_table(t, title.c_str(), o->top, dwarf);
        }
      }
    }
    switch (r.status) {
      case vm::RunStatus::kExited: return 0;
      case vm::RunStatus::kCycleLimit: return kExitCycleLimit;
      case vm::RunStatus::kTrap: return kExitGuestTrap;
    }
    return kExitGuestTrap;
  };
}

}  // namespace goldfinch::cli
