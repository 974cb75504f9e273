// Proven aggregation (docs/recursion.md, "Proven nodes and the tree"): a node is a run of the
// aggregation guest (guest/aggregator) over k child proofs, proven as one whole-run proof of the
// aggregation program; its public output is the joined statement of the shards it covers. Leaves
// are the shard proofs of a receipt, inner children are node proofs. The root node of a tree over
// every shard of a run is the aggregate proof: one whole-run proof whose size and verification time
// do not depend on the run's length.
//
// What pins what: the root proof is verified under the aggregation program's own key, built here
// from aggregator.elf at the run's parameters (never read from the proof); its output must name
// that key's digest as the aggregation digest, and each node checks in-circuit that its inner
// children were verified under the key with that digest, and its leaves under the program's shard
// key, whose digest the output names too. check_root then closes the run (cycle 0 at the entry,
// the exit shard last, memory contributions summing to zero).
//
// Aggregate proof file, all integers little-endian (offsets in bytes): 0 u8[8] magic "GFAGGPF\0",
// 8 u32 version 1, 12 u32 reserved 0, 16 u64 root proof length n, 24 u64 shards covered, 32 u32
// arity, 36 u32 levels, 40 u64 reserved 0, then at 48 the n bytes of the root node's proof and
// nothing after them. The shard count, arity and levels describe the tree for people and tools; the
// verifier trusts none of them (the shard count must equal the root statement's).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "goldfinch/recursion/aggregate.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::recursion {

inline constexpr uint8_t kAggregateProofMagic[8] = {'G', 'F', 'A', 'G', 'G', 'P', 'F', 0};
inline constexpr uint32_t kAggregateProofVersion = 1;
inline constexpr size_t kAggregateProofHeaderBytes = 48;

struct AggregateProofHeader {
  uint64_t shards = 0;
  uint32_t arity = 0, levels = 0;
};
// True when bytes start with the aggregate proof magic (nothing else is checked).
bool looks_like_aggregate_proof(std::span<const uint8_t> bytes);
std::vector<uint8_t> encode_aggregate_proof(const AggregateProofHeader& header, std::span<const uint8_t> root_proof);
// Rejects (kInvalidProof naming the field) a short header, a bad magic or version, a non-zero
// reserved field, an empty proof, a length past the end or trailing bytes. `*root_proof` points into
// `bytes`.
zkvm::ZkvmResult<AggregateProofHeader> decode_aggregate_proof(std::span<const uint8_t> bytes,
                                                              std::span<const uint8_t>* root_proof);

struct NodeChild {
  ChildKind kind = ChildKind::kLeaf;  // kLeaf: a shard proof; kInner: a node proof; kClaimProof: another run's root
  std::span<const uint8_t> proof;
};

// A node's input over any mix of leaves and inner children, in order. The aggregation key (the
// aggregation program's whole-run key at the same parameters) names the digest the node commits,
// and travels in the input when an inner child is verified under it. kBadInput for a child count
// outside [kMinNodeChildren, kMaxAggregationArity] (1..16); kBadKey for an inconsistent key.
zkvm::ZkvmResult<std::vector<uint8_t>> pack_node(const zkvm::GuestKey& key, const zkvm::GuestKey& aggregator_key,
                                                 std::span<const NodeChild> children);

struct NodeProof {
  std::vector<uint8_t> proof;  // a whole-run proof of the aggregation program
  JoinedStatement joined;      // what it proves (its decoded public output)
  uint64_t cycles = 0;         // the aggregation guest's run
  zkvm::ProveStats stats;
};

// Runs the aggregation guest over the children in the executor first (a child or join it rejects
// is reported with the guest's reason, kInvalidProof, before anything is proven), then proves the
// run with `options` (zkvm::prove: one whole-run proof; streaming when the estimate needs it).
// `aggregator` is the aggregation program loaded at the parameters of `key`.
zkvm::ZkvmResult<NodeProof> prove_node(const zkvm::Program& aggregator, const zkvm::GuestKey& key,
                                       std::span<const NodeChild> children, const zkvm::ProveOptions& options = {});

// A node proof verified under the aggregation key; the run must have exited with 0 and committed a
// joined statement naming this program's shard digest and the aggregation key's digest.
zkvm::ZkvmResult<JoinedStatement> verify_node(const zkvm::GuestKey& key, const zkvm::GuestKey& aggregator_key,
                                              std::span<const uint8_t> node_proof);

// An aggregate proof file: the root node verified (verify_node), then check_root. Returns what the
// run did, as verify_receipt does for the receipt it replaces.
zkvm::ZkvmResult<zkvm::ReceiptStatement> verify_aggregate(const zkvm::GuestKey& key,
                                                          const zkvm::GuestKey& aggregator_key,
                                                          std::span<const uint8_t> aggregate_proof);

// The shape of a tree over a run's shards (`prove --aggregate --plan FILE`). Text form: the root
// node in parentheses, each node a parenthesised list of 2..16 items, an item a shard index or a
// node, separated by blanks; `#` starts a comment to the end of the line. Example, 5 shards:
// `((0 1) (2 3) 4)`. A run of one shard has the plan `(0)`: the only node of one item. The leaves must be the shards
// 0..n-1, each once, in order from left to right (a node covers consecutive shards), so every node covers a distinct
// range of shards.
struct PlanNode {
  size_t shard = 0;                // a leaf's shard (when children is empty)
  std::vector<PlanNode> children;  // a node's children, in order (2..16; `(0)`: 1)
  bool leaf() const { return children.empty(); }
  size_t first = 0, count = 1;  // the shards covered
  bool operator==(const PlanNode&) const = default;
};
// Errors (kBadInput, naming the offset and what was expected): not a node at the top, a node of
// fewer than 2 (other than the root `(0)`) or more than 16 items, a leaf other than the next shard, shards left out,
// nesting deeper than 64, anything else than digits, parentheses, blanks and comments, trailing text. shards = 0: any
// number of shards (the root's count says how many).
zkvm::ZkvmResult<PlanNode> parse_plan(std::string_view text, size_t shards);
// The balanced tree of `arity` (2..16) over `shards` (>= 1): each level groups consecutive children
// `arity` at a time; a lone child at the end of a level goes up unchanged. One shard: `(0)`.
PlanNode balanced_plan(size_t shards, size_t arity);
// The canonical text of a plan (what parse_plan reads; single spaces, no comments).
std::string plan_text(const PlanNode& plan);

struct TreeProgress {
  size_t level = 0;             // the node's height: 1 for nodes over leaves only
  size_t node = 0, nodes = 0;   // in proving order (children before their parent)
  size_t first = 0, count = 0;  // the shards it covers
  bool reused = false;          // the node's proof was found in the keep directory
};

struct TreeOptions {
  size_t arity = 2;  // children per node of the balanced tree, kMinAggregationArity..kMaxAggregationArity
  std::string plan;  // when not empty: the tree's shape (parse_plan) instead of the balanced tree
  // The receipt's shards (shard size, workers, memory) and each node's proof (one at a time).
  zkvm::ProveOptions shard_options, node_options;
  // When not empty: the receipt (shards.receipt) and every node proof (node-F-C.proof: the node
  // over shards F..F+C-1) are written here as they are made, with a manifest (tree.txt); a later
  // call with the same program, aggregation key, input, shard size and plan takes them from here
  // (each one verified again before it is used) instead of proving them again.
  std::string keep_dir;
  std::function<void(const TreeProgress&)> progress;  // before each node
  // Aggregate proof files of other runs (any program, under the same aggregation key) given to the
  // root node as claim proofs: each complete run exited 0 discharges the claims naming its
  // program's shard key digest and its output's BLAKE3 (docs/recursion.md, "Claims").
  std::vector<std::vector<uint8_t>> claim_proofs;
};

struct TreeStats {
  size_t shards = 0, nodes = 0, levels = 0, reused_nodes = 0;
  double seconds_shards = 0;  // the receipt (wall)
  double seconds_nodes = 0;   // all node proofs (wall, executor runs included)
  uint64_t node_cycles = 0;   // the aggregation guest's cycles, nodes proven in this call
  uint64_t max_node_cycles = 0;
  uint64_t max_node_estimated_bytes = 0;
  std::string plan;  // the tree proven (plan_text)
  zkvm::ProveStats shard_stats;
};

struct AggregateOutput {
  std::vector<uint8_t> proof;        // the aggregate proof file
  zkvm::ReceiptStatement statement;  // what verify_aggregate returns
  TreeStats stats;
};

// Proves the run as a receipt (TreeOptions::shard_options), then proves the tree's nodes, children
// before parents (the balanced tree of `arity`, or `plan`). The root is checked with check_root
// before it is returned. Errors: as prove_receipt and prove_node (the message names the node), and
// kBadInput for an arity outside 2..16, a plan that does not fit the run's shards, a claim proof that is not
// an aggregate proof file, more than 16 children and claim proofs at the root, or a keep directory
// of another tree; kIo for an unwritable keep directory. A claim proof the aggregation guest
// rejects (another aggregation key, not a complete run that exited 0) fails the root's proving.
zkvm::ZkvmResult<AggregateOutput> prove_aggregate(const zkvm::Program& program, const zkvm::Program& aggregator,
                                                  std::span<const uint8_t> input, const TreeOptions& options);

}  // namespace goldfinch::recursion
