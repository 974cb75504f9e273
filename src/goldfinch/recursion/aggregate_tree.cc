#include "goldfinch/recursion/aggregate_tree.h"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "goldfinch/hash/blake3.h"
#include "goldfinch/recursion/aggregate_host.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/zkvm/receipt.h"

namespace goldfinch::recursion {
namespace {

// The lines of a keep directory's manifest that name the run (program, input, shard size): what
// its receipt depends on. The rest (the aggregation key, the claim proofs) names the nodes.
std::string leaf_lines(std::string_view manifest) {
  std::string out;
  size_t at = 0;
  while (at < manifest.size()) {
    size_t end = manifest.find('\n', at);
    if (end == std::string_view::npos) end = manifest.size();
    const std::string_view line = manifest.substr(at, end - at);
    if (!line.starts_with("aggregation key ") && !line.starts_with("claim proof ")) {
      out += line;
      out += '\n';
    }
    at = end + 1;
  }
  return out;
}

zkvm::ZkvmError invalid(std::string message) { return {zkvm::ErrorKind::kInvalidProof, std::move(message), {}}; }
zkvm::ZkvmError bad_input(std::string message) { return {zkvm::ErrorKind::kBadInput, std::move(message), {}}; }

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_u64(std::vector<uint8_t>& b, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t get_u32(std::span<const uint8_t> b, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{b[at + i]} << (8 * i);
  return v;
}
uint64_t get_u64(std::span<const uint8_t> b, size_t at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{b[at + i]} << (8 * i);
  return v;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Written whole or not at all: a run interrupted while writing leaves no half file to be reused.
zkvm::ZkvmResult<bool> write_atomically(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) return zkvm::ZkvmError{zkvm::ErrorKind::kIo, fmt::format("cannot write {}", tmp.string()), {}};
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return zkvm::ZkvmError{zkvm::ErrorKind::kIo, fmt::format("cannot write {}: {}", path.string(), ec.message()), {}};
  return true;
}

constexpr size_t kMaxPlanDepth = 64;

void set_ranges(PlanNode& n) {
  if (n.leaf()) {
    n.first = n.shard;
    n.count = 1;
    return;
  }
  for (PlanNode& c : n.children) set_ranges(c);
  n.first = n.children.front().first;
  n.count = 0;
  for (const PlanNode& c : n.children) n.count += c.count;
}

struct PlanParser {
  std::string_view text;
  size_t shards, at = 0, next_shard = 0;

  zkvm::ZkvmError fail(const std::string& what) const {
    return bad_input(fmt::format("aggregation plan, offset {}: {}", at, what));
  }
  void skip() {
    while (at < text.size()) {
      const char c = text[at];
      if (c == '#') {
        while (at < text.size() && text[at] != '\n') ++at;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++at;
      } else {
        break;
      }
    }
  }
  zkvm::ZkvmResult<PlanNode> node(size_t depth) {
    if (depth > kMaxPlanDepth) return fail(fmt::format("nested deeper than {}", kMaxPlanDepth));
    skip();
    if (at >= text.size() || text[at] != '(') return fail("expected '(' (a node)");
    ++at;
    PlanNode n;
    for (;;) {
      skip();
      if (at >= text.size()) return fail("the node is not closed with ')'");
      const char c = text[at];
      if (c == ')') {
        ++at;
        break;
      }
      if (n.children.size() == kMaxAggregationArity)
        return fail(fmt::format("a node of more than {} items", kMaxAggregationArity));
      if (c == '(') {
        auto child = node(depth + 1);
        if (!child.ok()) return child.error();
        n.children.push_back(std::move(*child));
      } else if (c >= '0' && c <= '9') {
        uint64_t v = 0;
        const size_t start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
          if (at - start >= 18) return fail("a shard index with too many digits");
          v = v * 10 + static_cast<uint64_t>(text[at] - '0');
          ++at;
        }
        if (shards && v >= shards) return fail(fmt::format("shard {}, but the run has {} shards", v, shards));
        if (v != next_shard)
          return fail(
              fmt::format("shard {} where shard {} comes next (leaves are the shards in order)", v, next_shard));
        ++next_shard;
        PlanNode leaf;
        leaf.shard = v;
        n.children.push_back(std::move(leaf));
      } else {
        return fail(fmt::format("unexpected character '{}'", c));
      }
    }
    // `(0)`, the root of a run of one shard, is the only node of one item: elsewhere a node of one
    // child would only re-prove it.
    const bool lone_root = depth == 0 && n.children.size() == 1 && n.children.front().leaf();
    if (n.children.size() < kMinAggregationArity && !lone_root)
      return fail(fmt::format("a node of {} item{} (a node has {} to {})", n.children.size(),
                              n.children.size() == 1 ? "" : "s", kMinAggregationArity, kMaxAggregationArity));
    return n;
  }
};

void plan_text_into(const PlanNode& n, std::string& out) {
  if (n.leaf()) {
    out += std::to_string(n.shard);
    return;
  }
  out += '(';
  for (size_t i = 0; i < n.children.size(); ++i) {
    if (i) out += ' ';
    plan_text_into(n.children[i], out);
  }
  out += ')';
}

// Children before parents: the order nodes are proven in.
void post_order(const PlanNode& n, std::vector<const PlanNode*>& out) {
  if (n.leaf()) return;
  for (const PlanNode& c : n.children) post_order(c, out);
  out.push_back(&n);
}

size_t height(const PlanNode& n) {
  size_t h = 0;
  for (const PlanNode& c : n.children) h = std::max(h, height(c) + 1);
  return h;
}

}  // namespace

bool looks_like_aggregate_proof(std::span<const uint8_t> bytes) {
  return bytes.size() >= sizeof(kAggregateProofMagic) &&
         std::memcmp(bytes.data(), kAggregateProofMagic, sizeof(kAggregateProofMagic)) == 0;
}

std::vector<uint8_t> encode_aggregate_proof(const AggregateProofHeader& header, std::span<const uint8_t> root_proof) {
  std::vector<uint8_t> out(kAggregateProofHeaderBytes + root_proof.size(), 0);
  std::memcpy(out.data(), kAggregateProofMagic, sizeof(kAggregateProofMagic));
  put_u32(out, 8, kAggregateProofVersion);
  put_u64(out, 16, root_proof.size());
  put_u64(out, 24, header.shards);
  put_u32(out, 32, header.arity);
  put_u32(out, 36, header.levels);
  if (!root_proof.empty()) std::memcpy(out.data() + kAggregateProofHeaderBytes, root_proof.data(), root_proof.size());
  return out;
}

zkvm::ZkvmResult<AggregateProofHeader> decode_aggregate_proof(std::span<const uint8_t> bytes,
                                                              std::span<const uint8_t>* root_proof) {
  if (bytes.size() < kAggregateProofHeaderBytes)
    return invalid(fmt::format("aggregate proof: {} bytes, shorter than its {}-byte header", bytes.size(),
                               kAggregateProofHeaderBytes));
  if (!looks_like_aggregate_proof(bytes)) return invalid("aggregate proof: bad magic");
  if (const uint32_t v = get_u32(bytes, 8); v != kAggregateProofVersion)
    return invalid(
        fmt::format("aggregate proof: version {}, this verifier reads version {}", v, kAggregateProofVersion));
  if (get_u32(bytes, 12) != 0 || get_u64(bytes, 40) != 0) return invalid("aggregate proof: a reserved field is not 0");
  const uint64_t n = get_u64(bytes, 16);
  const size_t left = bytes.size() - kAggregateProofHeaderBytes;
  if (n == 0) return invalid("aggregate proof: the root proof is empty");
  if (n > left)
    return invalid(
        fmt::format("aggregate proof: the root proof's length {} runs past the end ({} bytes left)", n, left));
  if (n < left) return invalid(fmt::format("aggregate proof: {} trailing bytes after the root proof", left - n));
  AggregateProofHeader h;
  h.shards = get_u64(bytes, 24);
  h.arity = get_u32(bytes, 32);
  h.levels = get_u32(bytes, 36);
  *root_proof = bytes.subspan(kAggregateProofHeaderBytes, n);
  return h;
}

zkvm::ZkvmResult<std::vector<uint8_t>> pack_node(const zkvm::GuestKey& key, const zkvm::GuestKey& aggregator_key,
                                                 std::span<const NodeChild> children) {
  std::vector<uint8_t> program_vk;
  auto base = node_input(key, children.size(), aggregation_key_digest(aggregator_key), &program_vk);
  if (!base.ok()) return base.error();
  AggregationInput& in = *base;
  std::vector<uint8_t> aggregation_vk;
  bool inner = false;
  for (const NodeChild& c : children) {
    inner = inner || c.kind != ChildKind::kLeaf;  // inner children and claim proofs: the aggregation key
    in.children.push_back({c.kind, c.proof});
  }
  if (inner) {
    auto agg_shape = aggregator_key.shape();
    if (!agg_shape.ok()) return agg_shape.error();
    in.aggregation_entry = agg_shape->entry;
    in.aggregation_shape = packed_shape(*agg_shape);
    aggregation_vk = aggregator_key.vk.encode();
    in.aggregation_key = aggregation_vk;
  }
  return pack_aggregation_input(in);
}

zkvm::ZkvmResult<NodeProof> prove_node(const zkvm::Program& aggregator, const zkvm::GuestKey& key,
                                       std::span<const NodeChild> children, const zkvm::ProveOptions& options) {
  auto packed = pack_node(key, aggregator.key(), children);
  if (!packed.ok()) return packed.error();
  const uint64_t max_cycles = options.max_cycles ? options.max_cycles : zkvm::kDefaultMaxCycles;
  // The executor first: a rejected child or join costs a run, not a proof, and the guest says why.
  Result<InVmReport> run = run_verifier_guest(aggregator.image(), *packed, max_cycles);
  if (!run.ok())
    return zkvm::ZkvmError{zkvm::ErrorKind::kBadInput, std::string("aggregation node: ") + run.error().what,
                           run.error()};
  if (run->status != vm::RunStatus::kExited)
    return zkvm::ZkvmError{
        run->status == vm::RunStatus::kCycleLimit ? zkvm::ErrorKind::kCycleLimit : zkvm::ErrorKind::kGuestTrap,
        fmt::format("aggregation node: the aggregation guest {}{}", vm::run_status_name(run->status),
                    run->trap.empty() ? "" : ": " + run->trap),
        {}};
  if (run->exit_code != 0) {
    std::string why = run->console;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return invalid(
        fmt::format("aggregation node rejected by the aggregation guest (exit code {}): {}", run->exit_code, why));
  }
  zkvm::ProveOptions o = options;
  o.max_cycles = max_cycles;
  // A smaller shard size does not make a node smaller: its size is what verifying its children in
  // the VM costs.
  o.memory_advice =
      "a node's size is the in-VM verification of its children, not the shard size: fewer children per node, "
      "--arity or --plan, or a preset whose proofs cost less to verify in the VM; docs/recursion.md, \"Nodes per "
      "preset\"";
  auto proved = zkvm::prove(aggregator, *packed, o);
  if (!proved.ok()) return proved.error();
  // The proof says what the executor said (the same run); decoded again from what was proven.
  if (proved->statement.exit_code != 0)
    return zkvm::ZkvmError{zkvm::ErrorKind::kProver, "aggregation node: the proven run did not exit with 0", {}};
  auto joined = decode_node_output(key, aggregation_key_digest(aggregator.key()), proved->statement.output);
  if (!joined.ok()) return joined.error();
  NodeProof out;
  out.proof = std::move(proved->proof);
  out.joined = std::move(*joined);
  out.cycles = proved->statement.cycles;
  out.stats = std::move(proved->stats);
  return out;
}

zkvm::ZkvmResult<JoinedStatement> verify_node(const zkvm::GuestKey& key, const zkvm::GuestKey& aggregator_key,
                                              std::span<const uint8_t> node_proof) {
  auto st = zkvm::verify(aggregator_key, node_proof);
  if (!st.ok()) return invalid("aggregation node: " + st.error().message);
  if (st->exit_code != 0)
    return invalid(
        fmt::format("aggregation node: the aggregation guest exited with {} (it rejected a child)", st->exit_code));
  return decode_node_output(key, aggregation_key_digest(aggregator_key), st->output);
}

zkvm::ZkvmResult<zkvm::ReceiptStatement> verify_aggregate(const zkvm::GuestKey& key,
                                                          const zkvm::GuestKey& aggregator_key,
                                                          std::span<const uint8_t> aggregate_proof) {
  std::span<const uint8_t> root_proof;
  auto header = decode_aggregate_proof(aggregate_proof, &root_proof);
  if (!header.ok()) return header.error();
  auto root = verify_node(key, aggregator_key, root_proof);
  if (!root.ok()) return root.error();
  auto run = check_root(key, aggregation_key_digest(aggregator_key), *root);
  if (!run.ok()) return run.error();
  if (header->shards != run->shards)
    return invalid(
        fmt::format("aggregate proof: the header says {} shards, the root proves {}", header->shards, run->shards));
  return run;
}

zkvm::ZkvmResult<PlanNode> parse_plan(std::string_view text, size_t shards) {
  PlanParser p{text, shards};
  auto root = p.node(0);
  if (!root.ok()) return root.error();
  p.skip();
  if (p.at != text.size()) return p.fail("text after the root node");
  if (shards && p.next_shard != shards)
    return p.fail(fmt::format("the plan covers shards 0..{}, the run has {}", p.next_shard - 1, shards));
  set_ranges(*root);
  return root;
}

PlanNode balanced_plan(size_t shards, size_t arity) {
  std::vector<PlanNode> level(shards);
  for (size_t i = 0; i < shards; ++i) level[i].shard = i;
  while (level.size() > 1) {
    std::vector<PlanNode> next;
    for (size_t at = 0; at < level.size(); at += arity) {
      const size_t k = std::min(arity, level.size() - at);
      if (k == 1) {  // a lone child at the end goes up unchanged
        next.push_back(std::move(level[at]));
        continue;
      }
      PlanNode n;
      for (size_t j = 0; j < k; ++j) n.children.push_back(std::move(level[at + j]));
      next.push_back(std::move(n));
    }
    level = std::move(next);
  }
  PlanNode root = std::move(level.front());
  if (root.leaf()) {  // one shard: the node of one leaf
    PlanNode n;
    n.children.push_back(std::move(root));
    root = std::move(n);
  }
  set_ranges(root);
  return root;
}

std::string plan_text(const PlanNode& plan) {
  std::string out;
  plan_text_into(plan, out);
  return out;
}

zkvm::ZkvmResult<AggregateOutput> prove_aggregate(const zkvm::Program& program, const zkvm::Program& aggregator,
                                                  std::span<const uint8_t> input, const TreeOptions& options) {
  if (options.arity < kMinAggregationArity || options.arity > kMaxAggregationArity)
    return bad_input(fmt::format("aggregation arity {} is outside {}..{}", options.arity, kMinAggregationArity,
                                 kMaxAggregationArity));
  if (aggregator.params() != program.params())
    return bad_input("the aggregation program is not loaded with the program's parameters");
  const zkvm::GuestKey& key = program.key();
  const zkvm::GuestKey& agg_key = aggregator.key();
  zkvm::ProveOptions shard_options = options.shard_options;
  if (!shard_options.shard_cycles) shard_options.shard_cycles = zkvm::default_shard_cycles();
  AggregateOutput out;
  TreeStats& stats = out.stats;

  // Claim proofs (aggregate proof files of other runs) go to the root node; read before anything is
  // proven. The guest checks them (prove_node runs it first).
  std::vector<std::span<const uint8_t>> claim_roots;
  for (size_t i = 0; i < options.claim_proofs.size(); ++i) {
    std::span<const uint8_t> root_proof;
    auto h = decode_aggregate_proof(options.claim_proofs[i], &root_proof);
    if (!h.ok()) return bad_input(fmt::format("claim proof {}: {}", i, h.error().message));
    claim_roots.push_back(root_proof);
  }

  // A plan is read before anything is proven; its shard count is compared with the run's below.
  std::optional<PlanNode> given_plan;
  if (!options.plan.empty()) {
    auto parsed = parse_plan(options.plan, 0);
    if (!parsed.ok()) return parsed.error();
    given_plan = std::move(*parsed);
  }

  // The keep directory: a manifest names what its files belong to; other files are not reused.
  namespace fs = std::filesystem;
  const bool keep = !options.keep_dir.empty();
  const fs::path dir(options.keep_dir);
  if (keep) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
      return zkvm::ZkvmError{zkvm::ErrorKind::kIo, fmt::format("cannot make {}: {}", dir.string(), ec.message()), {}};
    std::string manifest = fmt::format(
        "goldfinch aggregation tree 1\nprogram shard key {}\naggregation key {}\ninput {}\nshard cycles "
        "{}\n",
        hash::to_hex(key.shard_digest()), hash::to_hex(aggregation_key_digest(agg_key)),
        hash::to_hex(hash::blake3(input)), shard_options.shard_cycles);
    // The root's claim proofs are part of the tree: a root proven with others is not this one.
    for (const std::vector<uint8_t>& c : options.claim_proofs)
      manifest += fmt::format("claim proof {}\n", hash::to_hex(hash::blake3(c)));
    auto existing = zkvm::read_file((dir / "tree.txt").string());
    const std::string old_manifest = existing.ok() ? std::string(existing->begin(), existing->end()) : "";
    if (existing.ok() && old_manifest != manifest) {
      if (leaf_lines(old_manifest) != leaf_lines(manifest))
        return bad_input(
            fmt::format("{} holds the proofs of another aggregation (program, input or shard size "
                        "differ): give another directory or empty it",
                        dir.string()));
      // The same run, aggregated by another aggregation program or with other claim proofs: the
      // receipt is reused (it is verified before use), the node proofs are not (a kept root is
      // trusted to discharge what the manifest's claim proofs do), so they are removed.
      std::error_code rm;
      std::vector<fs::path> stale;
      for (const fs::directory_entry& e : fs::directory_iterator(dir, rm))
        if (e.path().filename().string().starts_with("node-") && e.path().extension() == ".proof")
          stale.push_back(e.path());
      for (const fs::path& p : stale)
        if (!fs::remove(p, rm) && rm)
          return zkvm::ZkvmError{
              zkvm::ErrorKind::kIo, fmt::format("cannot remove {}: {}", p.string(), rm.message()), {}};
    }
    if (old_manifest != manifest) {
      auto w = write_atomically(dir / "tree.txt",
                                std::span(reinterpret_cast<const uint8_t*>(manifest.data()), manifest.size()));
      if (!w.ok()) return w.error();
    }
  }

  // The leaves: the receipt, proven or taken from the keep directory once it verifies.
  const auto t_shards = std::chrono::steady_clock::now();
  std::vector<uint8_t> receipt;
  bool have_receipt = false;
  if (keep) {
    if (auto r = zkvm::read_file((dir / "shards.receipt").string()); r.ok() && zkvm::verify_receipt(key, *r).ok()) {
      receipt = std::move(*r);
      have_receipt = true;
    }
  }
  if (!have_receipt) {
    auto r = zkvm::prove_receipt(program, input, shard_options);
    if (!r.ok()) return r.error();
    receipt = std::move(r->receipt);
    stats.shard_stats = std::move(r->stats);
    if (keep) {
      auto w = write_atomically(dir / "shards.receipt", receipt);
      if (!w.ok()) return w.error();
    }
  }
  stats.seconds_shards = seconds_since(t_shards);
  auto view = zkvm::open_receipt(key, receipt);
  if (!view.ok()) return view.error();
  const uint64_t shard_cycles = view->header.shard_cycles;
  stats.shards = view->shards.size();

  PlanNode plan;
  if (!given_plan) {
    plan = balanced_plan(stats.shards, options.arity);
  } else if (given_plan->count != stats.shards) {
    return bad_input(fmt::format("the aggregation plan covers {} shards, the run has {} of {} cycles",
                                 given_plan->count, stats.shards, shard_cycles));
  } else {
    plan = std::move(*given_plan);
  }
  stats.plan = plan_text(plan);
  stats.levels = height(plan);
  if (plan.children.size() + claim_roots.size() > kMaxAggregationArity)
    return bad_input(fmt::format("the root node has {} children and {} claim proofs: more than {} in all",
                                 plan.children.size(), claim_roots.size(), kMaxAggregationArity));
  std::vector<const PlanNode*> order;
  post_order(plan, order);

  // Node proofs by the range they cover (unique: a node covers more shards than each child).
  std::map<std::pair<size_t, size_t>, std::vector<uint8_t>> made;
  const auto t_nodes = std::chrono::steady_clock::now();
  std::optional<JoinedStatement> root;
  for (size_t index = 0; index < order.size(); ++index) {
    const PlanNode& n = *order[index];
    const fs::path file = dir / fmt::format("node-{}-{}.proof", n.first, n.count);
    std::vector<uint8_t> proof;
    std::optional<JoinedStatement> joined;
    bool reused = false;
    const bool is_root = index + 1 == order.size();
    if (keep) {
      if (auto bytes = zkvm::read_file(file.string()); bytes.ok()) {
        auto j = verify_node(key, agg_key, *bytes);
        // A kept root discharged what this call's claim proofs discharge (the manifest names them):
        // its subjects hold at least theirs; any other node has none.
        if (j.ok() && j->shards == n.count && j->start_cycle == n.first * shard_cycles &&
            (is_root || j->subjects.empty())) {
          proof = std::move(*bytes);
          joined = std::move(*j);
          reused = true;
        }
      }
    }
    if (options.progress) options.progress({height(n), index, order.size(), n.first, n.count, reused});
    if (!reused) {
      std::vector<NodeChild> children;
      for (const PlanNode& c : n.children)
        children.push_back(c.leaf() ? NodeChild{ChildKind::kLeaf, view->shards[c.shard]}
                                    : NodeChild{ChildKind::kInner, made.at({c.first, c.count})});
      if (is_root)
        for (std::span<const uint8_t> c : claim_roots) children.push_back({ChildKind::kClaimProof, c});
      auto proved = prove_node(aggregator, key, children, options.node_options);
      if (!proved.ok()) {
        auto e = proved.error();
        e.message = fmt::format("node over shards {}..{}: {}", n.first, n.first + n.count - 1, e.message);
        return e;
      }
      stats.node_cycles += proved->cycles;
      stats.max_node_cycles = std::max(stats.max_node_cycles, proved->cycles);
      stats.max_node_estimated_bytes = std::max(stats.max_node_estimated_bytes, proved->stats.estimated_peak_bytes);
      proof = std::move(proved->proof);
      joined = std::move(proved->joined);
      if (keep) {
        auto w = write_atomically(file, proof);
        if (!w.ok()) return w.error();
      }
    } else {
      ++stats.reused_nodes;
    }
    ++stats.nodes;
    // A child's proof is needed only until its parent is proven.
    for (const PlanNode& c : n.children)
      if (!c.leaf()) made.erase({c.first, c.count});
    made[{n.first, n.count}] = std::move(proof);
    root = std::move(joined);
  }
  stats.seconds_nodes = seconds_since(t_nodes);

  // The root is proven last.
  auto run = check_root(key, aggregation_key_digest(agg_key), *root);
  if (!run.ok()) return run.error();
  out.statement = *run;
  out.proof = encode_aggregate_proof(
      {stats.shards, static_cast<uint32_t>(plan.children.size()), static_cast<uint32_t>(stats.levels)},
      made.at({plan.first, plan.count}));
  return out;
}

}  // namespace goldfinch::recursion
