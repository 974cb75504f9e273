#include "goldfinch/recursion/aggregate.h"

#include "goldfinch/base/le_bytes.h"

namespace goldfinch::recursion {
namespace {

constexpr size_t kShards = 64, kStartCycle = 72, kEndCycle = 80, kStartPc = 88, kEndPc = 92, kLast = 96,
                 kExitCode = 100, kPayloadLen = 104, kStartRegs = 112, kEndRegs = 248, kContribution = 384,
                 kOutputLength = 464;
static_assert(kEndRegs == kStartRegs + 4 * circuit::kNumRegisterCells);
static_assert(kContribution == kEndRegs + 4 * circuit::kNumRegisterCells);
static_assert(kOutputLength == kContribution + multiset::Point::kBytes);
static_assert(kJoinedFixedBytes == kOutputLength + 4);

void put(uint8_t* p, uint64_t v, int n) { store_le(p, v, n); }
uint64_t get(const uint8_t* p, int n) { return load_le(p, n); }

Error mismatch(const char* what, uint64_t child, uint64_t got) { return Error{ErrorCode::kMismatch, what, child, got}; }

}  // namespace

bool JoinedStatement::operator==(const JoinedStatement& o) const {
  return program_digest == o.program_digest && aggregation_digest == o.aggregation_digest && shards == o.shards &&
         start_cycle == o.start_cycle && end_cycle == o.end_cycle && start_pc == o.start_pc && end_pc == o.end_pc &&
         last == o.last && exit_code == o.exit_code && payload_len == o.payload_len && start_regs == o.start_regs &&
         end_regs == o.end_regs && contribution == o.contribution && output == o.output;
}

JoinedStatement leaf_statement(const hash::Digest& program_digest, const hash::Digest& aggregation_digest,
                               const shard::ShardProofStatement& shard) {
  const circuit::ShardStatement& s = shard.rv;
  JoinedStatement j;
  j.program_digest = program_digest;
  j.aggregation_digest = aggregation_digest;
  j.shards = 1;
  j.start_cycle = s.start_cycle;
  j.end_cycle = s.end_cycle;
  j.start_pc = s.start_pc;
  j.end_pc = s.end_pc;
  j.last = s.last;
  j.exit_code = s.exit_code;
  j.payload_len = s.payload_len;
  j.start_regs = s.start_regs;
  j.end_regs = s.end_regs;
  j.contribution = shard.contribution;
  j.output = s.output;
  return j;
}

Result<JoinedStatement> join(std::span<const JoinedStatement> children) {
  if (children.empty()) return mismatch("join: no children", 0, 0);
  JoinedStatement j = children[0];
  for (size_t i = 1; i < children.size(); ++i) {
    const JoinedStatement& c = children[i];
    if (c.program_digest != j.program_digest) return mismatch("join: a child of another program", i, 0);
    if (c.aggregation_digest != j.aggregation_digest)
      return mismatch("join: a child naming another aggregation key", i, 0);
    if (j.last) return mismatch("join: a child follows the exit shard", i, 1);
    if (c.start_cycle != j.end_cycle)
      return mismatch("join: a child starts at another cycle than the one before ended", i, c.start_cycle);
    if (c.start_pc != j.end_pc)
      return mismatch("join: a child starts at another pc than the one before ended", i, c.start_pc);
    if (c.start_regs != j.end_regs)
      return mismatch("join: a child starts with other registers than the one before ended", i, 0);
    if (c.payload_len != j.payload_len)
      return mismatch("join: children disagree on the input payload length", i, c.payload_len);
    if (c.shards > UINT64_MAX - j.shards) return mismatch("join: the shard count overflows", i, c.shards);
    j.shards += c.shards;
    j.end_cycle = c.end_cycle;
    j.end_pc = c.end_pc;
    j.end_regs = c.end_regs;
    j.last = c.last;
    j.exit_code = c.exit_code;
    j.contribution += c.contribution;
    j.output.insert(j.output.end(), c.output.begin(), c.output.end());
  }
  return j;
}

std::vector<uint8_t> encode_joined(const JoinedStatement& s) {
  std::vector<uint8_t> out(kJoinedFixedBytes + s.output.size());
  uint8_t* p = out.data();
  for (size_t i = 0; i < 32; ++i) {
    p[i] = s.program_digest.bytes[i];
    p[32 + i] = s.aggregation_digest.bytes[i];
  }
  put(p + kShards, s.shards, 8);
  put(p + kStartCycle, s.start_cycle, 8);
  put(p + kEndCycle, s.end_cycle, 8);
  put(p + kStartPc, s.start_pc, 4);
  put(p + kEndPc, s.end_pc, 4);
  put(p + kLast, s.last ? 1 : 0, 4);
  put(p + kExitCode, s.exit_code, 4);
  put(p + kPayloadLen, s.payload_len, 8);
  for (size_t r = 0; r < circuit::kNumRegisterCells; ++r) {
    put(p + kStartRegs + 4 * r, s.start_regs[r], 4);
    put(p + kEndRegs + 4 * r, s.end_regs[r], 4);
  }
  s.contribution.to_bytes(p + kContribution);
  put(p + kOutputLength, s.output.size(), 4);
  for (size_t i = 0; i < s.output.size(); ++i) p[kJoinedFixedBytes + i] = s.output[i];
  return out;
}

Result<JoinedStatement> decode_joined(std::span<const uint8_t> bytes) {
  if (bytes.size() < kJoinedFixedBytes)
    return Error{ErrorCode::kTruncated, "joined statement: shorter than its fixed part", kJoinedFixedBytes,
                 bytes.size()};
  const uint8_t* p = bytes.data();
  const uint64_t n = get(p + kOutputLength, 4);
  if (bytes.size() - kJoinedFixedBytes < n)
    return Error{ErrorCode::kTruncated, "joined statement: shorter than its output length", kJoinedFixedBytes + n,
                 bytes.size()};
  if (bytes.size() - kJoinedFixedBytes > n)
    return Error{ErrorCode::kTrailingBytes, "joined statement: longer than its output length", kJoinedFixedBytes + n,
                 bytes.size()};
  JoinedStatement s;
  for (size_t i = 0; i < 32; ++i) {
    s.program_digest.bytes[i] = p[i];
    s.aggregation_digest.bytes[i] = p[32 + i];
  }
  s.shards = get(p + kShards, 8);
  if (s.shards == 0) return Error{ErrorCode::kInvalidArgument, "joined statement: zero shards", 1, 0};
  s.start_cycle = get(p + kStartCycle, 8);
  s.end_cycle = get(p + kEndCycle, 8);
  if (s.start_cycle >= s.end_cycle)
    return Error{ErrorCode::kInvalidArgument, "joined statement: start cycle not below the end cycle", s.end_cycle,
                 s.start_cycle};
  s.start_pc = static_cast<uint32_t>(get(p + kStartPc, 4));
  s.end_pc = static_cast<uint32_t>(get(p + kEndPc, 4));
  const uint64_t last = get(p + kLast, 4);
  if (last > 1) return Error{ErrorCode::kInvalidArgument, "joined statement: last is not a bit", 1, last};
  s.last = last == 1;
  s.exit_code = static_cast<uint32_t>(get(p + kExitCode, 4));
  s.payload_len = get(p + kPayloadLen, 8);
  for (size_t r = 0; r < circuit::kNumRegisterCells; ++r) {
    s.start_regs[r] = static_cast<uint32_t>(get(p + kStartRegs + 4 * r, 4));
    s.end_regs[r] = static_cast<uint32_t>(get(p + kEndRegs + 4 * r, 4));
  }
  Result<multiset::Point> c = multiset::Point::from_bytes(bytes.subspan(kContribution, multiset::Point::kBytes));
  if (!c.ok())
    return Error{ErrorCode::kInvalidArgument, "joined statement: the contribution is not a curve point", 0, 0};
  s.contribution = *c;
  s.output.assign(bytes.begin() + kJoinedFixedBytes, bytes.end());
  return s;
}

}  // namespace goldfinch::recursion
