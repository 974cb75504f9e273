#include "goldfinch/circuit/io.h"

#include <algorithm>
#include <bit>

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

LinearCombination col(uint32_t c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }
LinearCombination lin(std::initializer_list<std::pair<uint32_t, int64_t>> terms, uint64_t constant = 0) {
  LinearCombination lc;
  for (auto [c, k] : terms) lc.terms.push_back({Column::main(c), k >= 0 ? Fp::from_u64(k) : -Fp::from_u64(-k)});
  lc.constant = Fp::from_u64(constant);
  return lc;
}

// One memory access: receive (space, addr, old, t_prev), send (space, addr, new, 4 clk + 2).
void access(std::vector<Interaction>& out, LinearCombination space, LinearCombination addr, LinearCombination old_value,
            LinearCombination new_value, uint32_t ts_prev, uint32_t clk, const LinearCombination& mult) {
  out.push_back({kBusMemory, {space, addr, std::move(old_value), col(ts_prev)}, mult, Direction::kReceive});
  out.push_back({kBusMemory, {std::move(space), std::move(addr), std::move(new_value), lin({{clk, 4}}, 2)}, mult,
                 Direction::kSend});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// I/O call table.

std::vector<Interaction> IoCallTable::interactions() const {
  using namespace io_call;
  std::vector<Interaction> out;
  const LinearCombination is_real = lin({{kIsRead, 1}, {kIsCommit, 1}, {kIsWrite, 1}, {kIsClaim, 1}});
  const LinearCombination is_read = col(kIsRead);
  const LinearCombination fd_calls = lin({{kIsRead, 1}, {kIsWrite, 1}});
  const LinearCombination stateful = lin({{kIsRead, 1}, {kIsCommit, 1}, {kIsClaim, 1}});
  const LinearCombination call_kind =
      lin({{kIsRead, kIoRead}, {kIsCommit, kIoCommit}, {kIsWrite, kIoWrite}, {kIsClaim, kIoClaim}});
  // A claim's bytes are committed: its chunks are commit chunks, walked by the commit word table.
  const LinearCombination kind =
      lin({{kIsRead, kIoRead}, {kIsCommit, kIoCommit}, {kIsWrite, kIoWrite}, {kIsClaim, kIoCommit}});
  out.push_back({kBusIoCall, {call_kind, col(kClk), col(kA0), col(kRes)}, is_real, Direction::kReceive});
  access(out, konst(0), konst(11), col(kA1), col(kA1), kA1Ts, kClk, is_real);
  access(out, konst(0), konst(12), col(kA2), col(kA2), kA2Ts, kClk, fd_calls);
  // The state cell: the input cursor for reads, the output length for commits and claims.
  access(out, konst(0), lin({{kIsCommit, 1}, {kIsClaim, 1}}, kInputCursorCell), col(kCurOld), col(kCurNew), kCurTs,
         kClk, stateful);
  access(out, konst(2), konst(kInputLengthWord), col(kPayloadLen), col(kPayloadLen), kLenTs, kClk, is_read);
  for (auto [c, m] : {std::pair{kA1Lo, is_real}, {kA1Hi, is_real}, {kA2Lo, fd_calls}, {kA2Hi, fd_calls}, {kCurLo, stateful},
                      {kCurHi, stateful}, {kLenLo, is_read}, {kLenHi, is_read}, {kBufW0, is_real}})
    out.push_back({kBusRange16, {col(c)}, m, Direction::kSend});
  out.push_back({kBusRange16, {lin({{kBufW1, 4}})}, is_real, Direction::kSend});
  out.push_back({kBusRange16, {col(kDiffLo)}, col(kIsFd0), Direction::kSend});
  out.push_back({kBusRange16, {col(kDiffHi)}, col(kIsFd0), Direction::kSend});
  // The first chunk: (kind, clk, buf word, buf offset, stream position, bytes).
  out.push_back({kBusIoChunk,
                 {kind, col(kClk), lin({{kBufW0, 1}, {kBufW1, 1 << 16}}),
                  lin({{kOff0, 1}, {kOff1, 2}}), col(kCurOld), lin({{kCurNew, 1}, {kCurOld, -1}})},
                 col(kHasData), Direction::kSend});
  // A claim marks the output position of its first byte.
  out.push_back({kBusClaim, {col(kCurOld)}, col(kIsClaim), Direction::kSend});
  return out;
}

bool split_io_public_values(std::span<const Fp> pv, bool shard, IoPublicValues* out) {
  size_t at = 0;
  *out = {};
  if (shard) {
    if (pv.empty()) return false;
    out->start = pv[0];
    at = 1;
  }
  size_t n = 0;
  while (at + n < pv.size() && pv[at + n].value() >= kClaimTag) ++n;
  out->claims = pv.subspan(at, n);
  out->bytes = pv.subspan(at + n);
  return true;
}

std::vector<air::PublicBusTerm> IoCallTable::public_bus_terms(std::span<const Fp> public_values) const {
  std::vector<air::PublicBusTerm> out;
  // A shard's bytes start at the output position of its first byte (the output length at its
  // start); a whole run's at 0.
  IoPublicValues io;
  if (!split_io_public_values(public_values, shard_, &io)) return out;  // the statement rejects it
  out.reserve(io.claims.size() + io.bytes.size());
  for (Fp p : io.claims) out.push_back({kBusClaim, {p - Fp::from_u64(kClaimTag)}, Fp::one(), Direction::kReceive});
  for (size_t i = 0; i < io.bytes.size(); ++i)
    out.push_back({kBusOutput, {io.start + Fp::from_u64(i), io.bytes[i]}, Fp::one(), Direction::kReceive});
  return out;
}

// ---------------------------------------------------------------------------------------------
// I/O word tables.

std::vector<Interaction> IoWordsTable::interactions() const {
  using namespace io_words;
  std::vector<Interaction> out;
  // Sized up front: a reallocation moves every interaction built so far (in-VM setup cycles).
  out.reserve(2 + 2 + 2 + 2 + 4);
  const LinearCombination is_real = col(kIsReal);
  const LinearCombination off = lin({{kS1, 1}, {kS2, 2}, {kS3, 3}});
  // cnt = sum_j m_j with m_j = sum_{i <= j} s_i - sum_{i < j} e_i: s_i counts 4 - i times, e_i 3 - i.
  LinearCombination cnt = lin({{kS0, 4}, {kS1, 3}, {kS2, 2}, {kS3, 1}, {kE0, -3}, {kE1, -2}, {kE2, -1}});
  out.push_back({kBusIoChunk, {konst(kind_), col(kClk), col(kWord), off, col(kPos), col(kLeft)}, is_real, Direction::kReceive});
  LinearCombination next_pos = col(kPos), next_rem = col(kLeft);
  for (const auto& [c, k] : cnt.terms) {
    next_pos.terms.push_back({c, k});
    next_rem.terms.push_back({c, -k});
  }
  out.push_back({kBusIoChunk, {konst(kind_), col(kClk), lin({{kWord, 1}}, 1), konst(0), next_pos, next_rem},
                 lin({{kIsReal, 1}, {kE0, -1}, {kE1, -1}, {kE2, -1}, {kE3, -1}}), Direction::kSend});
  access(out, lin({{kRo, 1}}, 1), col(kWord), col(kOld), col(kNew), kTsPrev, kClk, is_real);
  out.push_back({kBusRange16, {col(kTsLo)}, is_real, Direction::kSend});
  out.push_back({kBusRange16, {col(kTsHi)}, is_real, Direction::kSend});
  out.push_back({kBusByte, {konst(kByteRange), col(kB0), col(kB1), konst(0)}, is_real, Direction::kSend});
  out.push_back({kBusByte, {konst(kByteRange), col(kB2), col(kB3), konst(0)}, is_real, Direction::kSend});
  // Byte j of the word: stream index pos + j - off, multiplicity m_j.
  for (uint32_t j = 0; j < 4; ++j) {
    LinearCombination index = col(kPos);
    index.constant = Fp::from_u64(j);
    for (const auto& [c, k] : off.terms) index.terms.push_back({c, -k});
    LinearCombination m;
    for (uint32_t i = 0; i <= j; ++i) m.terms.push_back({Column::main(kS0 + i), Fp::one()});
    for (uint32_t i = 0; i < j; ++i) m.terms.push_back({Column::main(kE0 + i), -Fp::one()});
    if (kind_ == kIoCommit)
      out.push_back({kBusOutput, {index, col(kB0 + j)}, m, Direction::kSend});
    else if (kind_ == kIoRead)
      out.push_back({kBusInput, {index, col(kD0 + j)}, m, Direction::kReceive});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Input stream table.

std::vector<Interaction> InputStreamTable::interactions() const {
  using namespace input_stream;
  std::vector<Interaction> out;
  const LinearCombination is_real = col(kIsReal);
  const LinearCombination addr = lin({{kIndex, 1}}, kInputPayloadWord);
  // A read-only word: receive (2, addr, v, t_prev), send (2, addr, v, t_prev + 1).
  out.push_back({kBusMemory, {konst(2), addr, col(kValue), col(kTsPrev)}, is_real, Direction::kReceive});
  out.push_back({kBusMemory, {konst(2), addr, col(kValue), lin({{kTsPrev, 1}}, 1)}, is_real, Direction::kSend});
  out.push_back({kBusByte, {konst(kByteRange), col(kC0), col(kC1), konst(0)}, is_real, Direction::kSend});
  out.push_back({kBusByte, {konst(kByteRange), col(kC2), col(kC3), konst(0)}, is_real, Direction::kSend});
  for (uint32_t j = 0; j < 4; ++j)
    out.push_back({kBusInput, {lin({{kIndex, 4}}, j), col(kC0 + j)}, col(kU0 + j), Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit
