// `goldfinch check guest.elf`: runs the guest in trace mode, builds every table of the RV32IM
// circuit from the trace, and runs the debug checkers (constraints row by row, bus balance)
// without proving. Exit 0 when every table and bus is satisfied, 1 when a checker finds
// something (named: table, row, constraint or bus tuple), 2 when the run cannot be checked yet
// (e.g. a system call the circuit does not support), 100–102 as `goldfinch run`.
// With --shard-cycles N it does the same per shard of the shard circuit (continuations: the
// tables `goldfinch prove` proves shard by shard, one shard's witness in memory at a time).
// Both modes print each table's shape and committed cells (height x (main + LogUp aux +
// preprocessed) base columns, what the prover commits and keeps); --shapes skips the checkers,
// for the cell accounting of long runs.
#include <fmt/core.h>

#include <memory>
#include <variant>

#include "commands.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/air/logup.h"
#include "goldfinch/base/bits.h"
#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/shard/shard_circuit.h"
#include "goldfinch/shard/shard_plan.h"
#include "guest_io.h"

namespace goldfinch::cli {
namespace {

struct CheckOptions {
  std::string elf, input;
  uint64_t max_cycles = uint64_t{1} << 24;
  uint64_t shard_cycles = 0;  // 0: the whole run as one trace
  bool shapes_only = false;
  bool json = false;
};

// One table's committed cells, summed over the traces (shards) seen so far.
struct TableCells {
  std::string name;
  size_t main_width = 0, aux_width = 0, pre_width = 0;
  uint64_t max_height = 0, cells = 0;
};

std::vector<TableCells> describe_tables(std::span<const air::Air* const> tables) {
  std::vector<TableCells> out;
  for (const air::Air* t : tables)
    out.push_back({std::string(t->name()), t->width(), air::LogupLayout(t->interactions().size()).base_width(),
                   t->preprocessed_width(), 0, 0});
  return out;
}

// Runs the checkers over one statement's traces (unless shapes_only); adds each table's cells.
size_t check_traces(std::span<const air::Air* const> tables, std::span<const stark::TableWitness> witness,
                    bool shapes_only, std::vector<TableCells>& cells) {
  std::vector<RowMajorMatrix> pre(tables.size());
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < tables.size(); ++i) {
    const size_t h = witness[i].main.height();
    cells[i].max_height = std::max<uint64_t>(cells[i].max_height, h);
    cells[i].cells += h * (cells[i].main_width + cells[i].aux_width + cells[i].pre_width);
    if (shapes_only) continue;
    if (tables[i]->preprocessed_width() > 0) pre[i] = tables[i]->preprocessed_trace(h);
    traces.push_back({tables[i], witness[i].main.view(), pre[i].view(), witness[i].public_values});
  }
  if (shapes_only) return 0;
  size_t failures = 0;
  for (const auto& t : traces) {
    const auto f = air::check_constraints(t, 10);
    failures += f.size();
    for (const auto& x : f) fmt::print(stderr, "  {}\n", x.describe());
  }
  const auto buses = air::check_buses(traces, 10);
  failures += buses.size();
  for (const auto& b : buses) fmt::print(stderr, "  {}\n", b.describe());
  return failures;
}

void print_report(const CheckOptions& o, uint64_t cycles, uint32_t exit_code, size_t shards,
                  const std::vector<TableCells>& cells, size_t failures) {
  uint64_t total = 0;
  for (const TableCells& t : cells) total += t.cells;
  const double per_cycle = cycles ? static_cast<double>(total) / static_cast<double>(cycles) : 0.0;
  const char* verdict = o.shapes_only ? "null" : (failures == 0 ? "true" : "false");
  if (o.json) {
    std::string tables;
    for (const TableCells& t : cells)
      tables += fmt::format(
          "{}{{\"name\":\"{}\",\"max_height\":{},\"main_width\":{},\"aux_width\":{},\"preprocessed_width\":{},"
          "\"cells\":{},\"cells_per_cycle\":{:.3f}}}",
          tables.empty() ? "" : ",", t.name, t.max_height, t.main_width, t.aux_width, t.pre_width, t.cells,
          cycles ? static_cast<double>(t.cells) / static_cast<double>(cycles) : 0.0);
    fmt::print(
        "{{\"cycles\":{},\"exit_code\":{},\"shards\":{},\"shard_cycles\":{},\"cells\":{},\"cells_per_cycle\":{:.3f},"
        "\"tables\":[{}],\"checked\":{},\"failures\":{},\"ok\":{}}}\n",
        cycles, exit_code, shards, o.shard_cycles, total, per_cycle, tables, o.shapes_only ? "false" : "true", failures,
        verdict);
    return;
  }
  fmt::print("{} cycles, exit code {}; {} {}, {} tables (height: the largest {}):\n", cycles, exit_code, shards,
             shards == 1 ? "trace" : "shards", cells.size(), shards == 1 ? "trace's" : "shard's");
  fmt::print("  {:<24} {:>9} {:>5} {:>5} {:>4} {:>14} {:>9}\n", "table", "height", "main", "aux", "pre", "cells",
             "cells/cyc");
  for (const TableCells& t : cells)
    fmt::print("  {:<24} {:>9} {:>5} {:>5} {:>4} {:>14} {:>9.1f}\n", t.name, t.max_height, t.main_width, t.aux_width,
               t.pre_width, t.cells, cycles ? static_cast<double>(t.cells) / static_cast<double>(cycles) : 0.0);
  fmt::print("  {:<24} {:>9} {:>5} {:>5} {:>4} {:>14} {:>9.1f}\n", "total", "", "", "", "", total, per_cycle);
  if (o.shapes_only)
    fmt::print("shapes only: the checkers did not run\n");
  else
    fmt::print("{}\n",
               failures == 0 ? "every constraint and bus holds" : fmt::format("{} failures (listed above)", failures));
}

int run_check_shards(const CheckOptions& o, const LoadedGuest& guest) {
  auto planned = shard::plan_shards(guest.image, guest.input, o.shard_cycles, o.max_cycles);
  if (auto* e = std::get_if<shard::PlanError>(&planned)) {
    fmt::print(stderr, "goldfinch check: {}\n", e->message());
    switch (e->kind) {
      case shard::PlanErrorKind::kCycleLimit:
        return kExitCycleLimit;
      case shard::PlanErrorKind::kTrap:
        return kExitGuestTrap;
      default:
        return kExitBadInput;
    }
  }
  const shard::ShardPlan& plan = std::get<shard::ShardPlan>(planned);
  const shard::ShardCircuit circuit(guest.image);
  const std::vector<const air::Air*> tables = circuit.tables();
  std::vector<TableCells> cells = describe_tables(tables);
  circuit::CellMap memory;
  size_t failures = 0;
  for (size_t k = 0; k < plan.shards.size(); ++k) {
    auto witness = shard::shard_witness(circuit, plan, k, memory);
    if (!witness.ok()) {
      fmt::print(stderr, "goldfinch check: cannot build shard {}'s trace: {} (got {:#x})\n", k, witness.error().what,
                 witness.error().got);
      return 2;
    }
    const size_t f = check_traces(tables, *witness, o.shapes_only, cells);
    if (f) fmt::print(stderr, "goldfinch check: shard {}: {} failures\n", k, f);
    failures += f;
  }
  print_report(o, plan.total_cycles, plan.exit_code, plan.shards.size(), cells, failures);
  return failures == 0 ? 0 : 1;
}

int run_check(const CheckOptions& o) {
  auto guest = load_guest(o.elf, o.input);
  if (!guest) return kExitBadInput;
  if (o.shard_cycles) return run_check_shards(o, *guest);
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
  std::vector<TableCells> cells = describe_tables(tables);
  const size_t failures = check_traces(tables, *witness, o.shapes_only, cells);
  print_report(o, r.cycles, r.exit_code, 1, cells, failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto* sub =
      app.add_subcommand("check", "Run the circuit's debug checkers on a guest's honest trace, without proving");
  auto o = std::make_shared<CheckOptions>();
  sub->add_option("guest", o->elf, "guest ELF")->required();
  sub->add_option("--input", o->input, "private input file");
  sub->add_option("--max-cycles", o->max_cycles, "cycle limit");
  sub->add_option("--shard-cycles", o->shard_cycles,
                  "check the shard circuit shard by shard, shards of this many cycles (a power of two)");
  sub->add_flag("--shapes", o->shapes_only, "print the tables' shapes and cells without running the checkers");
  sub->add_flag("--json", o->json, "machine-readable output");
  return [o] { return run_check(*o); };
}

}  // namespace goldfinch::cli
