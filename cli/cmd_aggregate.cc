// `goldfinch aggregate run.receipt (--elf guest.elf [--preset NAME] | --vk guest.vk) --in-vm
//                      [--first F] [--count N] [--aggregator-elf FILE] [--pack-out FILE]
//                      [--max-cycles N] [--json]`
// Runs the aggregation guest (guest/bin/aggregator.elf, docs/recursion.md, "The aggregation
// program") in the executor over shards [F, F + N) of a receipt (default: all of them; 2..16
// children): the shard proofs are verified inside the VM and their statements joined. The node's
// committed statement is decoded (it must name the key's shard digest and the aggregation key
// digest: that of aggregator.elf's own key at the same preset); a node over the whole run is also
// checked as a root (check_root) and gives the run's exit code, cycles and output. Proving the
// node is not done (docs/recursion.md: the tree does not close yet).
// --json: valid, children, first, cycles, phases {name: cycles}, status, exit_code, joined {shards,
// start_cycle, end_cycle, last, exit_code, output}, root (with a whole run: exit_code, cycles,
// output), aggregation_vk_digest, error.
// Exit code: 0 accepted, 1 rejected, 2 bad usage, 100/101 the guest trapped / ran out of cycles,
// 102 unreadable files.
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "commands.h"
#include "goldfinch/recursion/aggregate_host.h"
#include "goldfinch/recursion/aggregate_tree.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/stark/verifier_phases.h"
#include "goldfinch/zkvm/receipt.h"
#include "guest_io.h"
#include "guest_proof_io.h"

namespace goldfinch::cli {
namespace {

struct AggregateOptions {
  std::string receipt, vk, elf, preset = "default", aggregator_elf, pack_out;
  std::vector<std::string> nodes;  // --node: inner children (node proofs) after the receipt's shards
  bool in_vm = false, json = false;
  size_t first = 0, count = 0;
  uint64_t max_cycles = UINT64_MAX;
};

std::string default_aggregator_elf() { return default_guest_elf("aggregator.elf"); }

int run_aggregate(const AggregateOptions& o) {
  if (!o.in_vm)
    return fmt::print(stderr, "goldfinch aggregate: only --in-vm is supported (nodes are not proven yet)\n"),
           kExitUnsupported;
  if (o.elf.empty() == o.vk.empty())
    return fmt::print(stderr, "goldfinch aggregate: give exactly one of --elf guest.elf and --vk key.vk\n"),
           kExitUnsupported;
  zkvm::GuestKey key;
  if (!o.elf.empty()) {
    int rc = 0;
    auto program = load_program("aggregate", o.elf, o.preset, &rc);
    if (!program) return rc;
    key = program->key();
  } else {
    auto bytes = zkvm::read_file(o.vk);
    if (!bytes.ok()) return fmt::print(stderr, "goldfinch aggregate: {}\n", bytes.error().message), kExitBadInput;
    auto decoded = zkvm::GuestKey::decode(*bytes);
    if (!decoded.ok())
      return fmt::print(stderr, "goldfinch aggregate: {}: {}\n", o.vk, decoded.error().message), kExitBadInput;
    key = std::move(*decoded);
  }
  auto receipt = read_file(o.receipt);
  if (!receipt) return fmt::print(stderr, "goldfinch: cannot read {}\n", o.receipt), kExitBadInput;
  const std::string elf_path = o.aggregator_elf.empty() ? default_aggregator_elf() : o.aggregator_elf;
  auto guest = load_guest(elf_path, "");
  if (!guest) return kExitBadInput;
  // The aggregation key digest: the aggregation program's own key at the key's parameters.
  int rc = 0;
  auto aggregator = load_program("aggregate", elf_path, o.preset, &rc);
  if (!aggregator) return rc;
  const hash::Digest agg_digest = recursion::aggregation_key_digest(aggregator->key());

  auto view = zkvm::open_receipt(key, *receipt);
  if (!view.ok()) return fmt::print(stderr, "goldfinch aggregate: {}\n", view.error().message), kExitInvalid;
  const size_t shards = view->shards.size();
  const size_t count = o.count ? o.count : (o.first < shards ? shards - o.first : 0);
  std::vector<std::vector<uint8_t>> node_files;
  for (const std::string& f : o.nodes) {
    auto bytes = read_file(f);
    if (!bytes) return fmt::print(stderr, "goldfinch: cannot read {}\n", f), kExitBadInput;
    node_files.push_back(std::move(*bytes));
  }
  if (o.first > shards || count > shards - o.first)
    return fmt::print(stderr, "goldfinch aggregate: shards {}..{} of a receipt of {}\n", o.first, o.first + count,
                      shards),
           kExitUnsupported;
  std::vector<recursion::NodeChild> children;
  for (size_t i = o.first; i < o.first + count; ++i) children.push_back({recursion::ChildKind::kLeaf, view->shards[i]});
  for (const auto& n : node_files) children.push_back({recursion::ChildKind::kInner, n});
  auto packed = recursion::pack_node(key, aggregator->key(), children);
  if (!packed.ok()) return fmt::print(stderr, "goldfinch aggregate: {}\n", packed.error().message), kExitUnsupported;
  if (!o.pack_out.empty() && !write_bytes(o.pack_out, *packed))
    return fmt::print(stderr, "goldfinch: cannot write {}\n", o.pack_out), kExitBadInput;

  Result<recursion::InVmReport> r = recursion::run_verifier_guest(guest->image, *packed, o.max_cycles);
  if (!r.ok()) return fmt::print(stderr, "goldfinch: {}\n", r.error().what), kExitBadInput;
  std::string error;
  int exit = 0;
  std::optional<recursion::JoinedStatement> joined;
  std::optional<zkvm::ReceiptStatement> root;
  if (r->status == vm::RunStatus::kCycleLimit || r->status == vm::RunStatus::kTrap) {
    error = fmt::format("the aggregation guest {}{}", vm::run_status_name(r->status),
                        r->status == vm::RunStatus::kTrap ? ": " + r->trap : std::string());
    exit = r->status == vm::RunStatus::kCycleLimit ? kExitCycleLimit : kExitGuestTrap;
  } else if (!r->valid()) {
    std::string why = r->console;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    error = fmt::format("rejected by the aggregation guest (exit code {}): {}", r->exit_code, why);
    exit = kExitInvalid;
  } else if (auto d = recursion::decode_node_output(key, agg_digest, r->public_output); !d.ok()) {
    error = d.error().message;
    exit = kExitInvalid;
  } else {
    joined = *d;
    if (o.first == 0 && count == shards && o.nodes.empty()) {
      auto checked = recursion::check_root(key, agg_digest, *joined);
      if (checked.ok())
        root = *checked;
      else
        error = checked.error().message, exit = kExitInvalid;
    }
  }
  if (o.json) {
    std::string phases;
    for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
      phases +=
          fmt::format("{}\"{}\":{}", i ? "," : "", stark::verifier_phase_name(static_cast<int>(i)), r->phase_cycles[i]);
    if (r->other_cycles) phases += fmt::format(",\"other\":{}", r->other_cycles);
    std::string j = joined ? fmt::format(
                                 ",\"joined\":{{\"shards\":{},\"start_cycle\":{},\"end_cycle\":{},\"last\":{},"
                                 "\"exit_code\":{},\"output\":\"{}\"}}",
                                 joined->shards, joined->start_cycle, joined->end_cycle, joined->last,
                                 joined->exit_code, hex(joined->output))
                           : std::string();
    if (root)
      j += fmt::format(",\"root\":{{\"exit_code\":{},\"cycles\":{},\"output\":\"{}\"}}", root->exit_code, root->cycles,
                       hex(root->output));
    fmt::print(
        "{{\"valid\":{},\"in_vm\":true,\"children\":{},\"first\":{},\"cycles\":{},\"phases\":{{{}}},\"status\":\"{}\","
        "\"exit_code\":{}{},\"aggregation_vk_digest\":\"{}\"{}}}\n",
        exit == 0, children.size(), o.first, r->cycles, phases, vm::run_status_name(r->status), r->exit_code, j,
        hash::to_hex(agg_digest), error.empty() ? "" : fmt::format(",\"error\":\"{}\"", json_escape(error)));
    return exit;
  }
  fmt::print("aggregation guest over shards {}..{} of {}: {} after {} cycles\n", o.first, o.first + count - 1, shards,
             r->status == vm::RunStatus::kExited ? fmt::format("exited with code {}", r->exit_code)
                                                 : std::string(vm::run_status_name(r->status)),
             r->cycles);
  if (exit != 0) return fmt::print("invalid: {}\n", error), exit;
  fmt::print("valid: {} shards, cycles {}..{}{}\n", joined->shards, joined->start_cycle, joined->end_cycle,
             joined->last ? ", ends with the exit shard" : "");
  if (root)
    fmt::print("the whole run: exit code {}, {} cycles, output {}\n", root->exit_code, root->cycles, hex(root->output));
  return 0;
}

}  // namespace

Command add_aggregate_command(CLI::App& app) {
  auto o = std::make_shared<AggregateOptions>();
  auto* sub = app.add_subcommand(
      "aggregate", "Run the aggregation guest over consecutive shards of a receipt inside the VM (--in-vm)");
  sub->add_option("receipt", o->receipt, "Receipt file (goldfinch prove)")->required();
  sub->add_option("--vk", o->vk, "Guest key file (from `goldfinch vk`)");
  sub->add_option("--elf", o->elf, "Guest ELF the receipt is about (instead of --vk)");
  sub->add_option(
      "--preset", o->preset,
      "The parameters of the receipt and of the aggregation key (default, provable-100, recursion, compact, testing)");
  sub->add_flag("--in-vm", o->in_vm, "Run the aggregation guest in the executor and report its cycles");
  sub->add_option("--first", o->first, "First shard of the node (default 0)");
  sub->add_option("--count", o->count, "Number of shards, 1..16 (default: the rest of the receipt)");
  sub->add_option("--node", o->nodes,
                  "A node proof (from prove --aggregate --keep) as an inner child after the shards; repeatable");
  sub->add_option("--aggregator-elf", o->aggregator_elf,
                  "Aggregation guest ELF (default: <build>/guest/bin/aggregator.elf)");
  sub->add_option("--pack-out", o->pack_out, "Also write the guest's input here (for `goldfinch profile`)");
  sub->add_option("--max-cycles", o->max_cycles, "Cycle limit of the in-VM run (exit code 101)");
  sub->add_flag("--json", o->json, "Print one JSON object");
  return [o] { return run_aggregate(*o); };
}

}  // namespace goldfinch::cli
