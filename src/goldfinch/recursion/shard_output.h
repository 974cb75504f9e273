// What the verifier guest commits for an rv32im_shard statement (docs/recursion.md, "Shard
// proofs"): the shard verifying key's digest, then the shard's statement decoded and checked in the
// guest (shard::ShardTables::statement) in a fixed layout — the fields the host's chain check
// (shard::check_run and the receipt's position checks) reads. Encoded in the guest, decoded on the
// host; the same file compiles for both (target recursion_input).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/shard/shard_tables.h"

namespace goldfinch::recursion {

// Layout, all integers little-endian (offsets in bytes):
//   0 digest[32]   32 u64 start_cycle   40 u64 end_cycle   48 u32 start_pc   52 u32 end_pc
//   56 u32 last (0 or 1)   60 u32 exit_code   64 u64 payload_len
//   72 u32 start_regs[34]   208 u32 end_regs[34]   344 contribution (80 bytes, multiset::Point)
//   424 u32 output length n   428 u32 claim count m   432 u32 claim positions[m]   then the n output
//   bytes of this shard
inline constexpr size_t kShardOutputFixedBytes = 432;

struct ShardGuestOutput {
  hash::Digest vk_digest;
  shard::ShardProofStatement statement;
};

std::vector<uint8_t> encode_shard_output(const hash::Digest& vk_digest, const shard::ShardProofStatement& statement);

// Errors (kInvalidArgument): a length other than the fixed part plus the claims and the output,
// `last` not a bit, a contribution that is not a canonical point of the curve, claim positions not
// increasing by whole claims inside the shard's output.
Result<ShardGuestOutput> decode_shard_output(std::span<const uint8_t> bytes);

}  // namespace goldfinch::recursion
