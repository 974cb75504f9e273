#include "goldfinch/recursion/aggregate_host.h"

#include <string>

#include "goldfinch/recursion/statements.h"

namespace goldfinch::recursion {
namespace {

zkvm::ZkvmError invalid(std::string message, Error cause = Error::none()) {
  return {zkvm::ErrorKind::kInvalidProof, std::move(message), cause};
}

}  // namespace

zkvm::ZkvmResult<AggregationInput> node_input(const zkvm::GuestKey& key, size_t children,
                                              const hash::Digest& aggregation_digest,
                                              std::vector<uint8_t>* program_vk) {
  if (children < kMinNodeChildren || children > kMaxAggregationArity)
    return zkvm::ZkvmError{zkvm::ErrorKind::kBadInput,
                           "an aggregation node has 1 to 16 children, not " + std::to_string(children)};
  auto shape = key.shard_shape();
  if (!shape.ok()) return shape.error();
  *program_vk = key.shard_vk.encode();
  AggregationInput in;
  in.program_entry = shape->entry;
  in.program_shape = packed_shape(*shape);
  in.aggregation_digest = aggregation_digest;
  in.program_key = *program_vk;
  return in;
}

zkvm::ZkvmResult<std::vector<uint8_t>> pack_shard_node(const zkvm::GuestKey& key,
                                                       std::span<const std::span<const uint8_t>> shard_proofs,
                                                       const hash::Digest& aggregation_digest) {
  std::vector<uint8_t> vk;
  auto in = node_input(key, shard_proofs.size(), aggregation_digest, &vk);
  if (!in.ok()) return in.error();
  for (std::span<const uint8_t> p : shard_proofs) in->children.push_back({ChildKind::kLeaf, p});
  return pack_aggregation_input(*in);
}

zkvm::ZkvmResult<std::vector<uint8_t>> pack_receipt_node(const zkvm::GuestKey& key, std::span<const uint8_t> receipt,
                                                         size_t first, size_t count,
                                                         const hash::Digest& aggregation_digest) {
  auto view = zkvm::open_receipt(key, receipt);
  if (!view.ok()) return view.error();
  if (first > view->shards.size() || count > view->shards.size() - first)
    return invalid("shards " + std::to_string(first) + ".." + std::to_string(first + count) + " of a receipt of " +
                   std::to_string(view->shards.size()));
  std::vector<std::span<const uint8_t>> proofs(view->shards.begin() + first, view->shards.begin() + first + count);
  return pack_shard_node(key, proofs, aggregation_digest);
}

hash::Digest aggregation_key_digest(const zkvm::GuestKey& aggregator_key) { return aggregator_key.digest(); }

zkvm::ZkvmResult<JoinedStatement> decode_node_output(const zkvm::GuestKey& key, const hash::Digest& aggregation_digest,
                                                     std::span<const uint8_t> public_output) {
  Result<JoinedStatement> j = decode_joined(public_output);
  if (!j.ok()) return invalid(std::string("aggregation node output: ") + j.error().what, j.error());
  if (j->program_digest != key.shard_digest())
    return invalid("aggregation node output: covers shards of another program (not this key's shard digest)");
  if (j->aggregation_digest != aggregation_digest)
    return invalid("aggregation node output: names another aggregation key digest");
  return *j;
}

zkvm::ZkvmResult<zkvm::ReceiptStatement> check_root(const zkvm::GuestKey& key, const hash::Digest& aggregation_digest,
                                                    const JoinedStatement& root) {
  if (root.program_digest != key.shard_digest())
    return invalid("aggregation root: covers shards of another program (not this key's shard digest)");
  if (root.aggregation_digest != aggregation_digest) return invalid("aggregation root: another aggregation key digest");
  if (root.start_cycle != 0)
    return invalid("aggregation root: starts at cycle " + std::to_string(root.start_cycle) + ", not 0");
  if (root.start_pc != key.entry) return invalid("aggregation root: does not start at the entry");
  for (uint32_t v : root.start_regs)
    if (v != 0) return invalid("aggregation root: does not start with zero registers");
  if (!root.last) return invalid("aggregation root: ends before the exit shard");
  if (!root.contribution.is_infinity())
    return invalid("aggregation root: the shards' memory contributions do not sum to zero");
  zkvm::ReceiptStatement run;
  run.exit_code = root.exit_code;
  run.cycles = root.end_cycle;
  run.output = root.output;
  run.claims = root.claims;
  run.assumptions = root.assumptions;
  run.shards = root.shards;
  return run;
}

}  // namespace goldfinch::recursion
