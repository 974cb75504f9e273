// `goldfinch check guest.elf`: runs the guest in trace mode, builds every table of the RV32IM
// circuit from the trace, and runs the debug checkers (constraints row by row, bus balance)
// without proving. Exit 0 when every table and bus is satisfied, 1 when a checker finds
// something (named: table, row, constraint or bus tuple), 2 when the run cannot be checked yet
// (e.g. a system call the circuit does not support), 100–102 as `goldfinch run`.
#include <fmt/core.h>

#include <memory>
#include <variant>

#include "commands.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/rv32im.h"
#include "guest_io.h"

namespace goldfinch::cli {
namespace {

struct CheckOptions {
  std::string elf, input;
  uint64_t max_cycles = uint64_t{1} << 24;
  bool json = false;
};

int run_check(const CheckOptions& o) {
  auto guest = load_guest(o.elf, o.input);
  if (!guest) return kExitBadInput;
  auto created = vm::Machine::create(guest->image, guest->input);
  if (auto* err = std::get_if<vm::ElfLoadError>(&created)) {
    fmt::print(stderr, "goldfinch check: {}\n", err->message());
    return kExitBadInput;
  }
  auto& machine = std::get<vm::Machine>(created);
  vm::TraceRecorder rec;
  const vm::RunResult r = machine.run_trace(&rec, o.max_cycles);
  if (r.status == vm::RunStatus::kCycleLimit) {
    fmt::print(stderr, "goldfinch check: cycle limit ({}) reached before exit\n", o.max_cycles);
    return kExitCycleLimit;
  }
  if (r.status != vm::RunStatus::kExited) {
    fmt::print(stderr, "goldfinch check: the guest trapped: {}\n", r.trap.message());
    return kExitGuestTrap;
  }
  circuit::Rv32imCircuit circuit(guest->image);
  auto witness = circuit.witness(rec.rows, guest->input);
  if (!witness.ok()) {
    fmt::print(stderr, "goldfinch check: cannot build the circuit's trace: {} (got {:#x})\n", witness.error().what,
               witness.error().got);
    return 2;
  }
  const auto tables = circuit.tables();
  std::vector<RowMajorMatrix> pre(tables.size());
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i]->preprocessed_width() > 0) pre[i] = tables[i]->preprocessed_trace(tables[i]->fixed_height());
    traces.push_back({tables[i], (*witness)[i].main.view(), pre[i].view(), (*witness)[i].public_values});
  }
  size_t failures = 0;
  for (const auto& t : traces) {
    const auto f = air::check_constraints(t, 10);
    failures += f.size();
    for (const auto& x : f) fmt::print(stderr, "  {}\n", x.describe());
  }
  const auto buses = air::check_buses(traces, 10);
  failures += buses.size();
  for (const auto& b : buses) fmt::print(stderr, "  {}\n", b.describe());
  if (o.json) {
    fmt::print("{{\"cycles\": {}, \"exit_code\": {}, \"tables\": {}, \"failures\": {}, \"ok\": {}}}\n", r.cycles, r.exit_code,
               tables.size(), failures, failures == 0 ? "true" : "false");
  } else {
    fmt::print("{} cycles, exit code {}; {} tables:\n", r.cycles, r.exit_code, tables.size());
    for (size_t i = 0; i < tables.size(); ++i)
      fmt::print("  {:<20} {:>9} rows x {:>3} columns\n", tables[i]->name(), traces[i].main.height, traces[i].main.width);
    fmt::print("{}\n", failures == 0 ? "every constraint and bus holds" : fmt::format("{} failures (listed above)", failures));
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto* sub = app.add_subcommand("check", "Run the circuit's debug checkers on a guest's honest trace, without proving");
  auto o = std::make_shared<CheckOptions>();
  sub->add_option("guest", o->elf, "guest ELF")->required();
  sub->add_option("--input", o->input, "private input file");
  sub->add_option("--max-cycles", o->max_cycles, "cycle limit");
  sub->add_flag("--json", o->json, "machine-readable output");
  return [o] { return run_check(*o); };
}

}  // namespace goldfinch::cli
