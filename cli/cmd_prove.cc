// `goldfinch prove guest.elf [--input FILE] -o proof.bin [--preset NAME] [--max-cycles N]
//  [--shard-cycles N [--shard-workers N] | --single] [--streaming]
//  [--aggregate [--arity K | --plan FILE] [--keep DIR] [--aggregator-elf FILE]] [-v] [--json]`: proves a run of the
//  guest. By default the run is
// cut into shards of --shard-cycles cycles (default: from the machine's available memory,
// zkvm::default_shard_cycles) and each shard is proven from its checkpoint; the file written is
// a receipt holding every shard proof (zkvm::prove_receipt). --single proves the whole run as one
// proof (zkvm::prove; memory grows with the run). --aggregate folds the receipt's shards with the
// aggregation guest into one aggregate proof (recursion::prove_aggregate; docs/recursion.md),
// keeping its receipt and node proofs in --keep DIR to resume from. --streaming proves in the STARK prover's
// streaming mode (same proof, less memory, slower); without it the mode is on only for a proof
// (or shard) whose memory estimate does not fit otherwise. A progress bar (shard k/n, phase) goes to
// stderr when stderr is a terminal; -v prints the phase timings; --json prints one object on
// stdout (docs/cli.md lists its fields).
// Exit code: 0 proved, 1 the prover failed, 2 bad usage or a run the circuit cannot prove yet
// (e.g. an unsupported system call), 100 the guest trapped, 101 cycle limit, 102 unreadable or
// invalid ELF or input file, or the proof file cannot be written.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "goldfinch/recursion/aggregate_tree.h"
#include "guest_io.h"
#include "guest_proof_io.h"

namespace goldfinch::cli {
namespace {

struct ProveCliOptions {
  std::string elf, input, out, preset = "default", merkle_hash, keep_dir, aggregator_elf, plan;
  std::vector<std::string> claim_proofs;
  size_t arity = 2;
  bool aggregate = false;
  uint64_t max_cycles = 0;  // 0: zkvm's default (2^32 for receipts, 2^24 with --single)
  uint64_t shard_cycles = 0;  // 0: zkvm::default_shard_cycles()
  size_t shard_workers = 0;   // 0: zkvm's choice (threads, shards and memory)
  bool verbose = false, json = false, single = false, streaming = false;
};

// One line redrawn in place: [#####     ]  45%  quotient
void draw_bar(const zkvm::ProveProgress& p) {
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(p.fraction * kWidth + 0.5);
  fmt::print(stderr, "\r[{}{}] {:3.0f}%  shard {}/{}  {:<10}", std::string(filled, '#'),
             std::string(kWidth - filled, ' '), 100 * p.fraction, p.phase == "done" ? p.shards : p.shard, p.shards,
             p.phase);
  if (p.phase == "done") fmt::print(stderr, "\n");
  std::fflush(stderr);
}

int run_prove(const ProveCliOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  int rc = 0;
  auto program = load_program("prove", o.elf, o.preset, &rc, o.merkle_hash);
  if (!program) return rc;
  std::vector<uint8_t> input;
  if (!o.input.empty()) {
    auto bytes = read_file(o.input);
    if (!bytes) return fmt::print(stderr, "goldfinch prove: cannot read input file {}\n", o.input), kExitBadInput;
    if (bytes->size() > vm::kMaxInputPayload)
      return fmt::print(stderr, "goldfinch prove: input file {} is {} bytes, above the {} byte limit\n", o.input,
                        bytes->size(), vm::kMaxInputPayload),
             kExitBadInput;
    input = std::move(*bytes);
  }
  const double setup_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  if (o.shard_cycles && (o.shard_cycles & (o.shard_cycles - 1)))
    return fmt::print(stderr, "goldfinch prove: --shard-cycles {} is not a power of two\n", o.shard_cycles),
           kExitUnsupported;
  zkvm::ProveOptions options;
  options.max_cycles = o.max_cycles;
  options.shard_cycles = o.shard_cycles ? o.shard_cycles : zkvm::default_shard_cycles();
  options.shard_workers = o.shard_workers;
  if (o.streaming) options.streaming = zkvm::ProveOptions::Streaming::kOn;
  if (isatty(STDERR_FILENO) && !o.json) options.progress = draw_bar;
  if (!o.single && !o.json) fmt::print(stderr, "shard size {} cycles{}\n", options.shard_cycles,
                                       o.shard_cycles ? "" : " (from the available memory)");
  // Every path ends in the same figures: the file, what it proves and the prover's stats.
  std::vector<uint8_t> file;
  std::string aggregate_json;  // --aggregate: the tree's figures
  zkvm::Rv32imStatement statement;
  zkvm::ProveStats stats;
  size_t shards = 1;
  auto fail = [&](const zkvm::ZkvmError& e) {
    if (options.progress) fmt::print(stderr, "\n");
    fmt::print(stderr, "goldfinch prove: {} [{}]\n", e.message, zkvm::error_kind_name(e.kind));
    return exit_code_for(e);
  };
  if (!o.aggregate &&
      (!o.keep_dir.empty() || !o.aggregator_elf.empty() || o.arity != 2 || !o.plan.empty() || !o.claim_proofs.empty()))
    return fmt::print(
               stderr,
               "goldfinch prove: --arity, --plan, --keep, --claim-proof and --aggregator-elf go with --aggregate\n"),
           kExitUnsupported;
  if (o.aggregate) {
    if (o.arity < recursion::kMinAggregationArity || o.arity > recursion::kMaxAggregationArity)
      return fmt::print(stderr, "goldfinch prove: --arity {} is outside {}..{}\n", o.arity,
                        recursion::kMinAggregationArity, recursion::kMaxAggregationArity),
             kExitUnsupported;
    if (!o.plan.empty() && o.arity != 2)
      return fmt::print(stderr, "goldfinch prove: give --plan or --arity, not both\n"), kExitUnsupported;
    if (o.single)
      return fmt::print(stderr, "goldfinch prove: --aggregate folds a receipt's shards; it does not take --single\n"),
             kExitUnsupported;
    const std::string agg_path = o.aggregator_elf.empty() ? default_guest_elf("aggregator.elf") : o.aggregator_elf;
    auto aggregator = zkvm::Program::load_elf(agg_path, program->params());
    if (!aggregator.ok())
      return fmt::print(stderr, "goldfinch prove: the aggregation guest {}: {}\n", agg_path,
                        aggregator.error().message),
             kExitBadInput;
    recursion::TreeOptions tree;
    tree.arity = o.arity;
    if (!o.plan.empty()) {
      auto text = read_file(o.plan);
      if (!text) return fmt::print(stderr, "goldfinch prove: cannot read plan file {}\n", o.plan), kExitBadInput;
      tree.plan.assign(text->begin(), text->end());
      if (auto parsed = recursion::parse_plan(tree.plan, 0); !parsed.ok())
        return fmt::print(stderr, "goldfinch prove: {}: {}\n", o.plan, parsed.error().message), kExitUnsupported;
    }
    for (const std::string& path : o.claim_proofs) {
      auto bytes = read_file(path);
      if (!bytes) return fmt::print(stderr, "goldfinch prove: cannot read claim proof {}\n", path), kExitBadInput;
      tree.claim_proofs.push_back(std::move(*bytes));
    }
    tree.keep_dir = o.keep_dir;
    tree.shard_options = options;
    tree.node_options.streaming = options.streaming;
    if (!o.json)
      tree.progress = [](const recursion::TreeProgress& p) {
        fmt::print(stderr, "aggregation node {}/{} (level {}, shards {}..{}){}\n", p.node + 1, p.nodes, p.level,
                   p.first, p.first + p.count - 1, p.reused ? ": kept proof" : "");
      };
    auto out = recursion::prove_aggregate(*program, *aggregator, input, tree);
    if (!out.ok()) return fail(out.error());
    file = std::move(out->proof);
    statement = {out->statement.exit_code, out->statement.cycles, out->statement.output};
    shards = out->statement.shards;
    const recursion::TreeStats& t = out->stats;
    stats = t.shard_stats;
    stats.proof_bytes = file.size();
    stats.cycles = out->statement.cycles;
    stats.seconds_wall = t.seconds_shards + t.seconds_nodes;
    aggregate_json = fmt::format(
        ",\"aggregated\":true,\"arity\":{},\"nodes\":{},\"levels\":{},\"reused_nodes\":{},\"shard_seconds\":{:.6f},"
        "\"aggregation_seconds\":{:.6f},\"aggregation_share\":{:.4f},\"node_cycles\":{},\"max_node_cycles\":{},"
        "\"max_node_estimated_bytes\":{},\"aggregation_vk_digest\":\"{}\",\"plan\":\"{}\"",
        o.plan.empty() ? o.arity : 0, t.nodes, t.levels, t.reused_nodes, t.seconds_shards, t.seconds_nodes,
        t.seconds_nodes / std::max(t.seconds_shards + t.seconds_nodes, 1e-9), t.node_cycles, t.max_node_cycles,
        t.max_node_estimated_bytes, hash::to_hex(aggregator->key().digest()), t.plan);
    if (!o.json)
      fmt::print(stderr, "aggregation: {} nodes in {} levels, {:.1f} s (shards {:.1f} s, {:.0f}% of the total)\n",
                 t.nodes, t.levels, t.seconds_nodes, t.seconds_shards,
                 100 * t.seconds_nodes / std::max(t.seconds_shards + t.seconds_nodes, 1e-9));
  } else if (o.single) {
    auto out = zkvm::prove(*program, input, options);
    if (!out.ok()) return fail(out.error());
    file = std::move(out->proof);
    statement = std::move(out->statement);
    stats = std::move(out->stats);
  } else {
    auto out = zkvm::prove_receipt(*program, input, options);
    if (!out.ok()) return fail(out.error());
    file = std::move(out->receipt);
    statement = {out->statement.exit_code, out->statement.cycles, out->statement.output};
    shards = out->statement.shards;
    stats = std::move(out->stats);
  }
  if (!write_bytes(o.out, file)) return fmt::print(stderr, "goldfinch prove: cannot write {}\n", o.out), kExitBadInput;

  const zkvm::ProveStats& s = stats;
  // Wall time: a receipt's shards may be proven side by side, so the phases' sums are CPU-like.
  const double prove_s = std::max(s.seconds_wall, 1e-9);
  const std::string digest = hash::to_hex(program->key().digest());
  const stark::ProveStats& p = s.stark;
  if (o.json) {
    fmt::print(
        "{{\"cycles\":{},\"exit_code\":{},\"output\":\"{}\",\"prove_seconds\":{:.6f},\"execute_seconds\":{:.6f},"
        "\"witness_seconds\":{:.6f},\"stark_seconds\":{:.6f},\"setup_seconds\":{:.6f},\"khz\":{:.3f},"
        "\"peak_rss_bytes\":{},\"proof_bytes\":{},\"trace_cells\":{},\"columns_per_cycle\":{:.3f},"
        "\"cells_per_cycle\":{:.3f},\"vk_digest\":\"{}\",\"preset\":\"{}\",\"merkle_hash\":\"{}\",\"phases\":{{"
        "\"commit\":{:.6f},"
        "\"logup\":{:.6f},\"quotient\":{:.6f},\"openings\":{:.6f},\"fri\":{:.6f},\"queries\":{:.6f}}},"
        "\"receipt\":{},\"shards\":{},\"shard_cycles\":{},\"shard_workers\":{},\"streaming\":{},\"estimated_peak_"
        "bytes\":{}{}}}\n",
        statement.cycles, statement.exit_code, hex(statement.output), prove_s, s.seconds_execute, s.seconds_witness,
        s.seconds_prove, setup_s, s.cycles / prove_s / 1e3, peak_rss_bytes(), s.proof_bytes, s.trace_cells,
        s.columns_per_cycle, s.cells_per_cycle, digest, o.preset,
        merkle::merkle_hash_name(program->key().vk.params.merkle_hash), p.seconds_commit_main, p.seconds_aux,
        p.seconds_quotient, p.seconds_openings, p.seconds_fri, p.seconds_queries, !o.single && !o.aggregate, shards,
        o.single ? 0 : options.shard_cycles, s.shard_workers, s.streaming, s.estimated_peak_bytes, aggregate_json);
    return 0;
  }
  fmt::print("proved {} cycles (exit code {}) in {:.2f} s ({:.1f} kHz); {} {} bytes written to {}\n", statement.cycles,
             statement.exit_code, prove_s, s.cycles / prove_s / 1e3,
             o.aggregate ? fmt::format("aggregate proof of {} shards,", shards)
             : o.single  ? std::string("whole-run proof")
                         : fmt::format("receipt of {} shard{} of {} cycles,", shards, shards == 1 ? "" : "s",
                                       options.shard_cycles),
             s.proof_bytes, o.out);
  fmt::print("key digest {}\n", digest);
  if (s.streaming) fmt::print("streaming prover (extensions recomputed when needed)\n");
  if (o.verbose) {
    fmt::print("  {:<22} {:>9.3f} s\n", "setup (load + key)", setup_s);
    fmt::print("  {:<22} {:>9.3f} s\n", "execute (trace mode)", s.seconds_execute);
    fmt::print("  {:<22} {:>9.3f} s\n", "witness", s.seconds_witness);
    const std::pair<const char*, double> phases[] = {{"commit", p.seconds_commit_main}, {"logup", p.seconds_aux},
                                                     {"quotient", p.seconds_quotient}, {"openings", p.seconds_openings},
                                                     {"fri", p.seconds_fri},           {"queries", p.seconds_queries}};
    for (const auto& [name, sec] : phases) fmt::print("  {:<22} {:>9.3f} s\n", name, sec);
    fmt::print("  {:<22} {:>9.3f} s\n", "total", prove_s);
    fmt::print("  trace cells {} (main + aux + preprocessed); per cycle: {:.1f} main columns, {:.1f} main + aux cells\n",
               s.trace_cells, s.columns_per_cycle, s.cells_per_cycle);
    fmt::print("  peak RSS {:.1f} MiB (estimated before proving: {:.1f} MiB)\n", peak_rss_bytes() / 1048576.0,
               s.estimated_peak_bytes / 1048576.0);
  }
  return 0;
}

}  // namespace

Command add_prove_command(CLI::App& app) {
  auto o = std::make_shared<ProveCliOptions>();
  auto* sub = app.add_subcommand("prove", "Prove a run of a guest RV32IM ELF program");
  sub->add_option("guest", o->elf, "Guest ELF executable")->required();
  sub->add_option("--input", o->input, "File whose bytes are the guest's private input");
  sub->add_option("-o,--out", o->out, "Proof file to write")->required();
  sub->add_option("--preset", o->preset,
                  "Parameters: default, provable-100, recursion (rate 1/16, 22 queries: cheaper to verify in the VM), compact (rate 1/32, 17 queries: smallest proofs) "
                  "or testing (not secure)");
  sub->add_option("--merkle-hash", o->merkle_hash, kMerkleHashHelp);
  sub->add_option("--max-cycles", o->max_cycles,
                  "Cycle limit (exit code 101; default 2^32 for receipts, 2^24 with --single)");
  sub->add_option("--shard-cycles", o->shard_cycles,
                  "Cycles per shard, a power of two (default: the largest that fits the available memory)");
  sub->add_option("--shard-workers", o->shard_workers,
                  "Shards proven side by side, each with its share of the threads (default: as many as there are "
                  "threads and shards and as fit the available memory; the receipt is the same bytes)");
  sub->add_flag("--single", o->single, "Prove the whole run as one proof instead of a receipt of shards");
  sub->add_flag("--aggregate", o->aggregate,
                "Prove the run as shards, then fold them with the aggregation guest into one aggregate proof "
                "(docs/recursion.md)");
  sub->add_option("--arity", o->arity, "With --aggregate: children per aggregation node, 2..16 (default 2)");
  sub->add_option("--plan", o->plan,
                  "With --aggregate: the tree's shape, a file such as `((0 1) (2 3) 4)` (nodes in parentheses over "
                  "the shards in order; default: the balanced tree of --arity)");
  sub->add_option("--keep", o->keep_dir,
                  "With --aggregate: keep the receipt and node proofs in this directory and resume from them");
  sub->add_option("--claim-proof", o->claim_proofs,
                  "With --aggregate: an aggregate proof of another run (same preset), given to the root node to "
                  "discharge the claims (verify_claim) it proves; repeatable");
  sub->add_option("--aggregator-elf", o->aggregator_elf,
                  "With --aggregate: the aggregation guest (default: <build>/guest/bin/aggregator.elf)");
  sub->add_flag("--streaming", o->streaming,
                "Streaming prover: extensions recomputed when needed instead of kept (same proof, less memory, "
                "slower; default: on only when a proof would not fit the available memory)");
  sub->add_flag("-v,--verbose", o->verbose, "Print the time of each phase");
  sub->add_flag("--json", o->json, "Print one JSON object on stdout");
  return [o] { return run_prove(*o); };
}

}  // namespace goldfinch::cli
