#include "goldfinch/recursion/shard_output.h"

#include "goldfinch/base/le_bytes.h"

namespace goldfinch::recursion {
namespace {

constexpr size_t kStartRegs = 72, kEndRegs = 208, kContribution = 344, kOutputLength = 424, kClaimCount = 428;
static_assert(kEndRegs == kStartRegs + 4 * circuit::kNumRegisterCells);
static_assert(kContribution == kEndRegs + 4 * circuit::kNumRegisterCells);
static_assert(kOutputLength == kContribution + multiset::Point::kBytes);
static_assert(kShardOutputFixedBytes == kClaimCount + 4);

void put(uint8_t* p, uint64_t v, int n) { store_le(p, v, n); }
uint64_t get(const uint8_t* p, int n) { return load_le(p, n); }

}  // namespace

std::vector<uint8_t> encode_shard_output(const hash::Digest& vk_digest, const shard::ShardProofStatement& st) {
  const circuit::ShardStatement& s = st.rv;
  const size_t bytes_at = kShardOutputFixedBytes + 4 * s.claims.size();
  std::vector<uint8_t> out(bytes_at + s.output.size());
  uint8_t* p = out.data();
  for (size_t i = 0; i < vk_digest.bytes.size(); ++i) p[i] = vk_digest.bytes[i];
  put(p + 32, s.start_cycle, 8);
  put(p + 40, s.end_cycle, 8);
  put(p + 48, s.start_pc, 4);
  put(p + 52, s.end_pc, 4);
  put(p + 56, s.last ? 1 : 0, 4);
  put(p + 60, s.exit_code, 4);
  put(p + 64, s.payload_len, 8);
  for (size_t r = 0; r < circuit::kNumRegisterCells; ++r) {
    put(p + kStartRegs + 4 * r, s.start_regs[r], 4);
    put(p + kEndRegs + 4 * r, s.end_regs[r], 4);
  }
  st.contribution.to_bytes(p + kContribution);
  put(p + kOutputLength, s.output.size(), 4);
  put(p + kClaimCount, s.claims.size(), 4);
  for (size_t i = 0; i < s.claims.size(); ++i) put(p + kShardOutputFixedBytes + 4 * i, s.claims[i], 4);
  for (size_t i = 0; i < s.output.size(); ++i) p[bytes_at + i] = s.output[i];
  return out;
}

Result<ShardGuestOutput> decode_shard_output(std::span<const uint8_t> bytes) {
  if (bytes.size() < kShardOutputFixedBytes)
    return Error{ErrorCode::kInvalidArgument, "shard guest output: shorter than its fixed part", kShardOutputFixedBytes,
                 bytes.size()};
  const uint8_t* p = bytes.data();
  const uint64_t n = get(p + kOutputLength, 4), m = get(p + kClaimCount, 4);
  const uint64_t bytes_at = kShardOutputFixedBytes + 4 * m;
  if (bytes.size() != bytes_at + n)
    return Error{ErrorCode::kInvalidArgument, "shard guest output: length differs from its claims and output length",
                 bytes_at + n, bytes.size()};
  ShardGuestOutput r;
  for (size_t i = 0; i < r.vk_digest.bytes.size(); ++i) r.vk_digest.bytes[i] = p[i];
  circuit::ShardStatement& s = r.statement.rv;
  s.start_cycle = get(p + 32, 8);
  s.end_cycle = get(p + 40, 8);
  s.start_pc = static_cast<uint32_t>(get(p + 48, 4));
  s.end_pc = static_cast<uint32_t>(get(p + 52, 4));
  const uint64_t last = get(p + 56, 4);
  if (last > 1) return Error{ErrorCode::kInvalidArgument, "shard guest output: last is not a bit", 1, last};
  s.last = last == 1;
  s.exit_code = static_cast<uint32_t>(get(p + 60, 4));
  s.payload_len = get(p + 64, 8);
  for (size_t i = 0; i < circuit::kNumRegisterCells; ++i) {
    s.start_regs[i] = static_cast<uint32_t>(get(p + kStartRegs + 4 * i, 4));
    s.end_regs[i] = static_cast<uint32_t>(get(p + kEndRegs + 4 * i, 4));
  }
  Result<multiset::Point> c = multiset::Point::from_bytes(bytes.subspan(kContribution, multiset::Point::kBytes));
  if (!c.ok())
    return Error{ErrorCode::kInvalidArgument, "shard guest output: the contribution is not a curve point", 0, 0};
  r.statement.contribution = *c;
  s.output.assign(bytes.begin() + bytes_at, bytes.end());
  // Claims: increasing whole claims inside [start output length, start + n).
  const uint64_t begin = s.start_regs[circuit::kOutputLengthCell];
  uint64_t next = begin;
  for (uint64_t i = 0; i < m; ++i) {
    const uint64_t at = get(p + kShardOutputFixedBytes + 4 * i, 4);
    if (at < next || at + circuit::kClaimBytes > begin + n)
      return Error{ErrorCode::kInvalidArgument,
                   "shard guest output: a claim position out of order or outside the output", next, at};
    s.claims.push_back(static_cast<uint32_t>(at));
    next = at + circuit::kClaimBytes;
  }
  return r;
}

}  // namespace goldfinch::recursion
