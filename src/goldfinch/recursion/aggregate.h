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
//   384 contribution (80 bytes, multiset::Point)   464 u32 output length n   468 u32 claim count m
//   472 u32 assumption count a   476 u32 subject count s   480 u32 claim positions[m]
//   then a assumptions and s subjects of 64 bytes each (key digest, output digest), then the n
//   output bytes
inline constexpr size_t kJoinedFixedBytes = 480;
inline constexpr size_t kClaimRecordBytes = 64;

using circuit::Claim;

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
  std::vector<uint32_t> claims;  // output positions of the covered shards' claims (verify_claim), in order
  // Proof composition (docs/recursion.md, "Claims"), sorted and distinct: the claims proven in this
  // subtree (a complete run of a program under this aggregation key, exit 0: its key digest and
  // its output's BLAKE3), and the claims made in it (by the covered shards or by the programs
  // whose runs were proven) that no subject discharges.
  std::vector<Claim> subjects;
  std::vector<Claim> assumptions;

  bool operator==(const JoinedStatement& o) const;
};

// A leaf: one verified shard's statement as a segment of one shard; its claims are its assumptions.
JoinedStatement leaf_statement(const hash::Digest& program_digest, const hash::Digest& aggregation_digest,
                               const shard::ShardProofStatement& shard);

// The segment covered by `children` in order. Errors (kMismatch, `expected` = the child index):
// no children; children naming different program or aggregation digests; a child not starting at
// the cycle, pc or registers where the one before ended, or with another payload length (a child
// out of order, repeated, overlapping or dropped); a child before the final one that is `last`;
// a shard count overflowing.
// `proven`: statements of complete runs (any program; complete_run checks them) whose claims
// become subjects: each adds (its program digest, BLAKE3 of its output) and its own subjects to the
// node's subjects and its assumptions to the node's; the node's assumptions are then those no
// subject equals.
Result<JoinedStatement> join(std::span<const JoinedStatement> children, std::span<const JoinedStatement> proven = {});

// A statement covering a whole run that exited 0 (a claim's proof): cycle 0, the exit shard last,
// exit code 0, memory contributions summing to zero. The start pc and registers are the program's
// entry and zeros because the node of the first shard checked them (aggregator: a leaf at cycle 0).
Error complete_run(const JoinedStatement& s);

std::vector<uint8_t> encode_joined(const JoinedStatement& s);
// Errors (kTruncated / kTrailingBytes / kInvalidArgument): shorter than the fixed part, a length
// other than the fixed part plus the claims, sets and output, `last` not a bit, zero shards, start
// cycle not below the end cycle, a contribution that is not a canonical curve point, claim
// positions not increasing by whole claims inside the output, sets not sorted and distinct.
Result<JoinedStatement> decode_joined(std::span<const uint8_t> bytes);

}  // namespace goldfinch::recursion
