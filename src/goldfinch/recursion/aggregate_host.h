// The host side of the aggregation guest (guest/aggregator, docs/recursion.md, "The aggregation
// program"): packing consecutive shards of a receipt as a node's input, reading back what a node
// committed, and the root check of a node covering a whole run against the program's guest key —
// the checks check_receipt_chain makes of a receipt's first and last shard.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/hash/digest.h"
#include "goldfinch/recursion/aggregate.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::recursion {

// The part of a node's input every node has: the child count checked against
// [kMinNodeChildren, kMaxAggregationArity] (kBadInput), the program's shard shape (kBadKey for
// an inconsistent key), its shard VK (encoded into *program_vk, which the input points into) and
// the aggregation digest the node commits. The caller adds the children (and the aggregation key).
zkvm::ZkvmResult<AggregationInput> node_input(const zkvm::GuestKey& key, size_t children,
                                              const hash::Digest& aggregation_digest, std::vector<uint8_t>* program_vk);

// A node's input over leaf children: the key's shard VK and shard shape, the shard proofs in the
// given order, and the aggregation key digest the node is to commit (the aggregation program's
// whole-run key digest: aggregation_key_digest). kBadKey for an inconsistent key; kBadInput
// for a child count outside [kMinNodeChildren, kMaxAggregationArity].
zkvm::ZkvmResult<std::vector<uint8_t>> pack_shard_node(const zkvm::GuestKey& key,
                                                       std::span<const std::span<const uint8_t>> shard_proofs,
                                                       const hash::Digest& aggregation_digest);

// The same over shards [first, first + count) of a receipt (opened with zkvm::open_receipt: the
// receipt must be this key's). kInvalidProof for a receipt of another key or a range past its end.
zkvm::ZkvmResult<std::vector<uint8_t>> pack_receipt_node(const zkvm::GuestKey& key, std::span<const uint8_t> receipt,
                                                         size_t first, size_t count,
                                                         const hash::Digest& aggregation_digest);

// The digest a node pins its inner children's key to: the aggregation program's whole-run key
// (inner children are whole-run proofs of it).
hash::Digest aggregation_key_digest(const zkvm::GuestKey& aggregator_key);

// What a node committed, decoded, naming this program's shard key and the expected aggregation
// key digest (kInvalidProof otherwise).
zkvm::ZkvmResult<JoinedStatement> decode_node_output(const zkvm::GuestKey& key, const hash::Digest& aggregation_digest,
                                                     std::span<const uint8_t> public_output);

// The root check of a node covering the whole run: the digests as above, cycle 0 at the entry with
// zero registers, the exit shard last, the memory contributions summing to zero (shard::check_run's
// checks of the run's ends; the node checked the joins). kInvalidProof naming the failed check.
zkvm::ZkvmResult<zkvm::ReceiptStatement> check_root(const zkvm::GuestKey& key, const hash::Digest& aggregation_digest,
                                                    const JoinedStatement& root);

}  // namespace goldfinch::recursion
