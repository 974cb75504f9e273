// libFuzzer target: the two files `prove --aggregate` reads or writes that come from outside
// (docs/recursion.md, "Proven nodes and the tree"), on arbitrary bytes.
// - recursion::decode_aggregate_proof: an error with a message, or a root proof view inside the
//   buffer that is exactly what follows the 48-byte header, and encode_aggregate_proof of what was
//   read gives exactly the input bytes (one encoding per file).
// - recursion::parse_plan (any shard count): an error with a message, or a tree whose nodes have
//   2..16 children and cover consecutive shards from 0, whose canonical text reads back as the
//   same tree and as one over exactly its shard count.
#include <algorithm>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/recursion/aggregate_tree.h"

using namespace goldfinch;

namespace {

// Checks a node's ranges and arity (2..16 items; the root of one shard, `(0)`, 1); returns the next
// shard after it.
size_t check_node(const recursion::PlanNode& n, size_t first, bool root) {
  GF_FUZZ_ASSERT(n.first == first, "a node that does not start where its left neighbour ended");
  if (n.leaf()) {
    GF_FUZZ_ASSERT(n.shard == first && n.count == 1, "a leaf out of order");
    return first + 1;
  }
  const bool lone_root = root && n.children.size() == 1 && n.children.front().leaf();
  GF_FUZZ_ASSERT((n.children.size() >= recursion::kMinAggregationArity || lone_root) &&
                     n.children.size() <= recursion::kMaxAggregationArity,
                 "a node with a child count outside 2..16 (other than the root `(0)`)");
  size_t next = first;
  for (const recursion::PlanNode& c : n.children) next = check_node(c, next, false);
  GF_FUZZ_ASSERT(n.count == next - first, "a node's count is not its children's");
  return next;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::AlignedCopy input(data, size);  // exact size: ASan sees any overread
  std::span<const uint8_t> root;
  auto h = recursion::decode_aggregate_proof(input.span(), &root);
  if (!h.ok()) {
    GF_FUZZ_ASSERT(!h.error().message.empty(), "an aggregate proof error without a message");
  } else {
    GF_FUZZ_ASSERT(!root.empty() && input.contains(root.data(), root.size()), "a root view outside the buffer");
    GF_FUZZ_ASSERT(root.data() == input.span().data() + recursion::kAggregateProofHeaderBytes &&
                       root.size() == size - recursion::kAggregateProofHeaderBytes,
                   "the root view is not what follows the header");
    const std::vector<uint8_t> again = recursion::encode_aggregate_proof(*h, root);
    GF_FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data),
                   "decode then encode of an aggregate proof does not give the input bytes");
  }

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto plan = recursion::parse_plan(text, 0);
  if (!plan.ok()) {
    GF_FUZZ_ASSERT(!plan.error().message.empty(), "a plan error without a message");
    return 0;
  }
  GF_FUZZ_ASSERT(!plan->leaf(), "a plan whose root is a leaf");
  GF_FUZZ_ASSERT(check_node(*plan, 0, true) == plan->count, "a plan that does not cover its shards");
  const std::string canonical = recursion::plan_text(*plan);
  auto back = recursion::parse_plan(canonical, plan->count);
  GF_FUZZ_ASSERT(back.ok() && *back == *plan, "a plan's canonical text does not read back as the same tree");
  GF_FUZZ_ASSERT(!recursion::parse_plan(canonical, plan->count + 1).ok(), "a plan accepted for another shard count");
  return 0;
}
