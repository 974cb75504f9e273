#include "goldfinch/recursion/aggregate.h"

#include <algorithm>
#include <iterator>

#include "goldfinch/base/le_bytes.h"
#include "goldfinch/hash/blake3.h"

namespace goldfinch::recursion {
namespace {

constexpr size_t kShards = 64, kStartCycle = 72, kEndCycle = 80, kStartPc = 88, kEndPc = 92, kLast = 96,
                 kExitCode = 100, kPayloadLen = 104, kStartRegs = 112, kEndRegs = 248, kContribution = 384,
                 kOutputLength = 464, kClaimCount = 468, kAssumptionCount = 472, kSubjectCount = 476;
static_assert(kEndRegs == kStartRegs + 4 * circuit::kNumRegisterCells);
static_assert(kContribution == kEndRegs + 4 * circuit::kNumRegisterCells);
static_assert(kOutputLength == kContribution + multiset::Point::kBytes);
static_assert(kJoinedFixedBytes == kSubjectCount + 4);

void put(uint8_t* p, uint64_t v, int n) { store_le(p, v, n); }
uint64_t get(const uint8_t* p, int n) { return load_le(p, n); }

Error mismatch(const char* what, uint64_t child, uint64_t got) { return Error{ErrorCode::kMismatch, what, child, got}; }

// Sorted and distinct (std::set_union / set_difference keep it so).
std::vector<Claim> merged(const std::vector<Claim>& a, const std::vector<Claim>& b) {
  std::vector<Claim> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

void put_claim(uint8_t* p, const Claim& c) {
  std::copy(c.key.begin(), c.key.end(), p);
  std::copy(c.output.begin(), c.output.end(), p + 32);
}

}  // namespace

bool JoinedStatement::operator==(const JoinedStatement& o) const {
  return program_digest == o.program_digest && aggregation_digest == o.aggregation_digest && shards == o.shards &&
         start_cycle == o.start_cycle && end_cycle == o.end_cycle && start_pc == o.start_pc && end_pc == o.end_pc &&
         last == o.last && exit_code == o.exit_code && payload_len == o.payload_len && start_regs == o.start_regs &&
         end_regs == o.end_regs && contribution == o.contribution && output == o.output && claims == o.claims &&
         subjects == o.subjects && assumptions == o.assumptions;
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
  j.claims = s.claims;
  j.assumptions = circuit::claim_set(s.output, s.claims, s.start_regs[circuit::kOutputLengthCell]);
  return j;
}

Error complete_run(const JoinedStatement& s) {
  if (s.start_cycle != 0) return mismatch("claim proof: the run does not start at cycle 0", 0, s.start_cycle);
  if (!s.last) return mismatch("claim proof: the run ends before the exit shard", 1, 0);
  if (s.exit_code != 0) return mismatch("claim proof: the run did not exit with 0", 0, s.exit_code);
  if (!s.contribution.is_infinity()) return mismatch("claim proof: the memory contributions do not sum to zero", 0, 1);
  return Error::none();
}

Result<JoinedStatement> join(std::span<const JoinedStatement> children, std::span<const JoinedStatement> proven) {
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
    j.claims.insert(j.claims.end(), c.claims.begin(), c.claims.end());
    j.subjects = merged(j.subjects, c.subjects);
    j.assumptions = merged(j.assumptions, c.assumptions);
  }
  for (size_t i = 0; i < proven.size(); ++i) {
    const JoinedStatement& p = proven[i];
    if (p.aggregation_digest != j.aggregation_digest)
      return mismatch("join: a claim proof naming another aggregation key", children.size() + i, 0);
    if (const Error e = complete_run(p); !e.ok()) return Error{e.code, e.what, children.size() + i, e.got};
    Claim subject;
    subject.key = p.program_digest.bytes;
    subject.output = hash::blake3(p.output).bytes;
    j.subjects = merged(merged(j.subjects, p.subjects), {subject});
    j.assumptions = merged(j.assumptions, p.assumptions);
  }
  std::vector<Claim> open;
  std::set_difference(j.assumptions.begin(), j.assumptions.end(), j.subjects.begin(), j.subjects.end(),
                      std::back_inserter(open));
  j.assumptions = std::move(open);
  return j;
}

std::vector<uint8_t> encode_joined(const JoinedStatement& s) {
  std::vector<uint8_t> out(kJoinedFixedBytes + 4 * s.claims.size() +
                           kClaimRecordBytes * (s.assumptions.size() + s.subjects.size()) + s.output.size());
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
  put(p + kClaimCount, s.claims.size(), 4);
  put(p + kAssumptionCount, s.assumptions.size(), 4);
  put(p + kSubjectCount, s.subjects.size(), 4);
  uint8_t* q = p + kJoinedFixedBytes;
  for (uint32_t c : s.claims) put(q, c, 4), q += 4;
  for (const Claim& c : s.assumptions) put_claim(q, c), q += kClaimRecordBytes;
  for (const Claim& c : s.subjects) put_claim(q, c), q += kClaimRecordBytes;
  std::copy(s.output.begin(), s.output.end(), q);
  return out;
}

Result<JoinedStatement> decode_joined(std::span<const uint8_t> bytes) {
  if (bytes.size() < kJoinedFixedBytes)
    return Error{ErrorCode::kTruncated, "joined statement: shorter than its fixed part", kJoinedFixedBytes,
                 bytes.size()};
  const uint8_t* p = bytes.data();
  const uint64_t n = get(p + kOutputLength, 4), m = get(p + kClaimCount, 4), na = get(p + kAssumptionCount, 4),
                 ns = get(p + kSubjectCount, 4);
  const uint64_t total = kJoinedFixedBytes + 4 * m + kClaimRecordBytes * (na + ns) + n;  // < 2^40: no overflow
  if (bytes.size() < total)
    return Error{ErrorCode::kTruncated, "joined statement: shorter than its claims, sets and output", total,
                 bytes.size()};
  if (bytes.size() > total)
    return Error{ErrorCode::kTrailingBytes, "joined statement: longer than its claims, sets and output", total,
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
  const uint8_t* q = p + kJoinedFixedBytes;
  const uint64_t begin = s.start_regs[circuit::kOutputLengthCell];
  uint64_t next = begin;
  for (uint64_t i = 0; i < m; ++i, q += 4) {
    const uint64_t at = get(q, 4);
    if (at < next || at + circuit::kClaimBytes > begin + n)
      return Error{ErrorCode::kInvalidArgument, "joined statement: a claim position out of order or outside the output",
                   next, at};
    s.claims.push_back(static_cast<uint32_t>(at));
    next = at + circuit::kClaimBytes;
  }
  for (auto [count, set] : {std::pair{na, &s.assumptions}, std::pair{ns, &s.subjects}}) {
    for (uint64_t i = 0; i < count; ++i, q += kClaimRecordBytes) {
      Claim claim;
      std::copy(q, q + 32, claim.key.begin());
      std::copy(q + 32, q + 64, claim.output.begin());
      if (!set->empty() && !(set->back() < claim))
        return Error{ErrorCode::kInvalidArgument, "joined statement: a claim set not sorted and distinct", i, 0};
      set->push_back(claim);
    }
  }
  s.output.assign(q, bytes.data() + bytes.size());
  return s;
}

}  // namespace goldfinch::recursion
