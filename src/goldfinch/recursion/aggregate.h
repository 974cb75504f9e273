// The statement an aggregation node commits (docs/recursion.md, "The aggregation program"): a run
// segment covered by consecutive shards of one program, joined from its children's statements.
// Leaves are shard statements (shard::ShardProofStatement, as the verifier guest decodes them);
// inner children are JoinedStatements committed by a verified run of the aggregation program.
// join() checks that the children are contiguous exactly as shard::check_run checks adjacent
// shards, and adds up their memory contributions. Encoded in the aggregation guest, decoded on the
// host and in the guest (an inner child's output); the same file compiles for both (target
// recursion_input).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/multiset/ecgfp5.h"
#include "goldfinch/shard/shard_tables.h"

namespace goldfinch::recursion {

// Layout, all integers little-endian (offsets in bytes):
//   0 program shard-key digest[32]   32 aggregation key digest[32]   64 u64 shards
//   72 u64 start_cycle   80 u64 end_cycle   88 u32 start_pc   92 u32 end_pc   96 u32 last (0 or 1)
//   100 u32 exit_code   104 u64 payload_len   112 u32 start_regs[34]   248 u32 end_regs[34]
//   384 contribution (80 bytes, multiset::Point)   464 u32 output length n   468 the n output bytes
inline constexpr size_t kJoinedFixedBytes = 468;

struct JoinedStatement {
  hash::Digest program_digest;      // the program's shard verifying key: every leaf was verified under it
  hash::Digest aggregation_digest;  // the aggregation key inner children were (or would be) verified under
  uint64_t shards = 0;              // the number of shard proofs covered (>= 1)
  uint64_t start_cycle = 0, end_cycle = 0;
  uint32_t start_pc = 0, end_pc = 0;
  bool last = false;       // the segment ends with the run's exit shard
  uint32_t exit_code = 0;  // the last shard's (0 unless last)
  uint64_t payload_len = 0;
  std::array<uint32_t, circuit::kNumRegisterCells> start_regs{}, end_regs{};
  multiset::Point contribution;  // the sum of the covered shards' memory contributions
  std::vector<uint8_t> output;   // the covered shards' output bytes, concatenated in order

  bool operator==(const JoinedStatement& o) const;
};

// A leaf: one verified shard's statement as a segment of one shard.
JoinedStatement leaf_statement(const hash::Digest& program_digest, const hash::Digest& aggregation_digest,
                               const shard::ShardProofStatement& shard);

// The segment covered by `children` in order. Errors (kMismatch, `expected` = the child index):
// no children; children naming different program or aggregation digests; a child not starting at
// the cycle, pc or registers where the one before ended, or with another payload length (a child
// out of order, repeated, overlapping or dropped); a child before the final one that is `last`;
// a shard count overflowing.
Result<JoinedStatement> join(std::span<const JoinedStatement> children);

std::vector<uint8_t> encode_joined(const JoinedStatement& s);
// Errors (kTruncated / kTrailingBytes / kInvalidArgument): shorter than the fixed part, a length
// other than the fixed part plus the output length, `last` not a bit, zero shards, start cycle not
// below the end cycle, a contribution that is not a canonical curve point.
Result<JoinedStatement> decode_joined(std::span<const uint8_t> bytes);

}  // namespace goldfinch::recursion
