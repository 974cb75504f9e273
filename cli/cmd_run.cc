// `goldfinch run guest.elf [--input FILE] [--max-cycles N] [--json]`: runs a guest in fast mode.
// Console output goes to the terminal; with --json it is captured into the JSON report instead
// (stdout_hex, stderr_hex), keeping stdout one JSON object. The exit code is the guest's (low 8
// bits), or 100 trap / 101 cycle limit / 102 bad ELF or input.
#include <fmt/core.h>
#include <fmt/format.h>

#include <cstdio>

#include "commands.h"
#include "guest_io.h"

namespace goldfinch::cli {

Command add_run_command(CLI::App& app) {
  struct Options {
    std::string elf, input;
    uint64_t max_cycles = UINT64_MAX;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("run", "Run a guest RV32IM ELF program (fast mode)");
  sub->add_option("elf", o->elf, "Guest ELF executable")->required();
  sub->add_option("--input", o->input, "File whose bytes are the guest's private input");
  sub->add_option("--max-cycles", o->max_cycles, "Stop after this many cycles (exit code 101)");
  sub->add_flag("--json", o->json, "Print a JSON summary on stdout");
  return [o] {
    auto guest = load_guest(o->elf, o->input);
    if (!guest) return kExitBadInput;
    auto created = vm::Machine::create(guest->image, guest->input);
    if (auto* e = std::get_if<vm::ElfLoadError>(&created)) {
      fmt::print(stderr, "goldfinch: {}\n", e->message());
      return kExitBadInput;
    }
    vm::Machine& m = std::get<vm::Machine>(created);
    const bool json = o->json;
    auto captured = std::make_shared<std::vector<uint8_t>[]>(3);
    m.set_console([json, captured](int fd, std::span<const uint8_t> bytes) {
      if (json) {
        captured[fd].insert(captured[fd].end(), bytes.begin(), bytes.end());
        return;
      }
      std::FILE* out = fd == 2 ? stderr : stdout;
      std::fwrite(bytes.data(), 1, bytes.size(), out);
      std::fflush(out);
    });
    const vm::RunResult r = m.run(o->max_cycles);
    if (json) {
      fmt::print("{{{},\"public_output_hex\":\"{}\",\"claims\":[{}],\"stdout_hex\":\"{}\",\"stderr_hex\":\"{}\"}}\n",
                 run_result_json(r), hex(m.output()), fmt::join(m.claims(), ","), hex(captured[1]), hex(captured[2]));
    } else {
      switch (r.status) {
        case vm::RunStatus::kExited:
          fmt::print(stderr, "goldfinch: guest exited with code {} after {} cycles\n", r.exit_code, r.cycles);
          break;
        case vm::RunStatus::kCycleLimit:
          fmt::print(stderr, "goldfinch: cycle limit reached after {} cycles at pc {:#010x}\n", r.cycles, m.pc());
          break;
        case vm::RunStatus::kTrap:
          fmt::print(stderr, "goldfinch: guest error after {} cycles: {}\n", r.cycles, r.trap.message());
          break;
      }
      if (!m.output().empty())
        fmt::print(stderr, "goldfinch: public output ({} bytes): {}\n", m.output().size(), hex(m.output()));
      if (!m.claims().empty())
        fmt::print(stderr, "goldfinch: claims (verify_claim, 64 bytes each) at output positions {}\n",
                   fmt::join(m.claims(), ", "));
    }
    std::fflush(stdout);
    switch (r.status) {
      case vm::RunStatus::kExited: return static_cast<int>(r.exit_code & 0xFF);
      case vm::RunStatus::kCycleLimit: return kExitCycleLimit;
      case vm::RunStatus::kTrap: return kExitGuestTrap;
    }
    return kExitGuestTrap;
  };
}

}  // namespace goldfinch::cli
