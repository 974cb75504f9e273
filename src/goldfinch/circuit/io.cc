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

size_t padded_height(size_t rows) { return std::max<size_t>(4, std::bit_ceil(std::max<size_t>(rows, 1))); }

// One memory access: receive (space, addr, old, t_prev), send (space, addr, new, 4 clk + 2).
void access(std::vector<Interaction>& out, LinearCombination space, LinearCombination addr, LinearCombination old_value,
            LinearCombination new_value, uint32_t ts_prev, uint32_t clk, const LinearCombination& mult) {
  out.push_back({kBusMemory, {space, addr, std::move(old_value), col(ts_prev)}, mult, Direction::kReceive});
  out.push_back({kBusMemory, {std::move(space), std::move(addr), std::move(new_value), lin({{clk, 4}}, 2)}, mult,
                 Direction::kSend});
}

// t - t_prev - 1 as two 16-bit limbs, recorded as range lookups.
void ts_limbs(RowMajorMatrix& t, size_t r, uint64_t ts, uint64_t prev, uint32_t lo, uint32_t hi, LookupCounts& counts) {
  GF_CHECK(ts > prev && ts - prev - 1 < (uint64_t{1} << 32), "I/O access timestamp gap");
  const uint64_t d = ts - prev - 1;
  t.at(r, lo) = Fp::from_u64(d & 0xFFFF);
  t.at(r, hi) = Fp::from_u64(d >> 16);
  counts.range16(static_cast<uint32_t>(d & 0xFFFF));
  counts.range16(static_cast<uint32_t>(d >> 16));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// I/O call table.

std::vector<Interaction> IoCallTable::interactions() const {
  using namespace io_call;
  std::vector<Interaction> out;
  const LinearCombination is_real = lin({{kIsRead, 1}, {kIsCommit, 1}, {kIsWrite, 1}});
  const LinearCombination is_read = col(kIsRead);
  const LinearCombination fd_calls = lin({{kIsRead, 1}, {kIsWrite, 1}});
  const LinearCombination stateful = lin({{kIsRead, 1}, {kIsCommit, 1}});
  const LinearCombination kind = lin({{kIsRead, kIoRead}, {kIsCommit, kIoCommit}, {kIsWrite, kIoWrite}});
  out.push_back({kBusIoCall, {kind, col(kClk), col(kA0), col(kRes)}, is_real, Direction::kReceive});
  access(out, konst(0), konst(11), col(kA1), col(kA1), kA1Ts, kClk, is_real);
  access(out, konst(0), konst(12), col(kA2), col(kA2), kA2Ts, kClk, fd_calls);
  access(out, konst(0), lin({{kIsCommit, 1}}, kInputCursorCell), col(kCurOld), col(kCurNew), kCurTs, kClk, stateful);
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
  return out;
}

std::vector<air::PublicBusTerm> IoCallTable::public_bus_terms(std::span<const Fp> public_values) const {
  std::vector<air::PublicBusTerm> out;
  out.reserve(public_values.size());
  // A shard's list starts with the output position of its first byte (the output length at its
  // start); a whole run's starts at 0.
  size_t first = 0;
  Fp offset = Fp::zero();
  if (shard_) {
    if (public_values.empty()) return out;  // the statement rejects it
    offset = public_values[0];
    first = 1;
  }
  for (size_t i = first; i < public_values.size(); ++i)
    out.push_back({kBusOutput, {offset + Fp::from_u64(i - first), public_values[i]}, Fp::one(), Direction::kReceive});
  return out;
}

RowMajorMatrix IoCallTable::trace(std::span<const IoCallEvent> events, LookupCounts& counts) {
  using namespace io_call;
  RowMajorMatrix t(padded_height(events.size()), kNumCols);
  for (size_t r = 0; r < events.size(); ++r) {
    const IoCallEvent& e = events[r];
    auto set = [&](Col c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); };
    const bool read = e.kind == kIoRead, write = e.kind == kIoWrite;
    set(read ? kIsRead : write ? kIsWrite : kIsCommit, 1);
    set(kClk, e.clk);
    set(kA0, e.a0);
    set(kRes, e.result);
    set(kA1, e.a1);
    set(kA2, e.a2);
    const uint32_t buf = read || write ? e.a1 : e.a0, len = read || write ? e.a2 : e.a1;
    set(kBuf, buf);
    set(kLen, len);
    set(kBufW0, (buf >> 2) & 0xFFFF);
    set(kBufW1, buf >> 18);
    set(kOff0, buf & 1);
    set(kOff1, (buf >> 1) & 1);
    counts.range16((buf >> 2) & 0xFFFF);
    counts.range16(4 * (buf >> 18));
    set(kCurOld, e.cursor_old);
    set(kCurNew, e.cursor_new);
    const uint32_t n = e.cursor_new - e.cursor_old;
    set(kHasData, n != 0);
    const uint64_t ts = 4 * e.clk + 2;
    ts_limbs(t, r, ts, e.a1_ts, kA1Lo, kA1Hi, counts);
    set(kA1Ts, e.a1_ts);
    if (read || write) {
      ts_limbs(t, r, ts, e.a2_ts, kA2Lo, kA2Hi, counts);
      set(kA2Ts, e.a2_ts);
    }
    const Fp pq = (Fp::from_u64(e.a0) - Fp::one()) * (Fp::from_u64(e.a0) - Fp::from_u64(2));
    t.at(r, kPq) = pq;
    if (write) {
      const bool console = e.a0 == 1 || e.a0 == 2;
      set(kConsole, console);
      if (!console) t.at(r, kPqInv) = pq.inverse();
    } else {
      ts_limbs(t, r, ts, e.cursor_ts, kCurLo, kCurHi, counts);
      set(kCurTs, e.cursor_ts);
    }
    if (read) {
      set(kPayloadLen, e.payload_len);
      ts_limbs(t, r, ts, e.len_ts, kLenLo, kLenHi, counts);
      set(kLenTs, e.len_ts);
      if (e.a0 == 0) {
        set(kIsFd0, 1);
        const uint32_t left = e.payload_len - e.cursor_old;
        const bool lt = left < len;
        set(kLt, lt);
        const uint32_t diff = lt ? len - left - 1 : left - len;
        set(kDiffLo, diff & 0xFFFF);
        set(kDiffHi, diff >> 16);
        counts.range16(diff & 0xFFFF);
        counts.range16(diff >> 16);
      } else {
        t.at(r, kFdInv) = Fp::from_u64(e.a0).inverse();
      }
    }
  }
  for (size_t r = events.size(); r < t.height(); ++r) t.at(r, kPq) = Fp::from_u64(2);  // (0 - 1)(0 - 2)
  return t;
}

// ---------------------------------------------------------------------------------------------
// I/O word tables.

std::vector<Interaction> IoWordsTable::interactions() const {
  using namespace io_words;
  std::vector<Interaction> out;
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

RowMajorMatrix IoWordsTable::trace(std::span<const IoWordEvent> events, LookupCounts& counts) {
  using namespace io_words;
  RowMajorMatrix t(padded_height(events.size()), kNumCols);
  for (size_t r = 0; r < events.size(); ++r) {
    const IoWordEvent& e = events[r];
    auto set = [&](uint32_t c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); };
    set(kIsReal, 1);
    set(kClk, e.clk);
    set(kWord, e.word);
    set(kPos, e.pos);
    set(kLeft, e.remaining);
    set(kRo, e.read_only);
    set(kOld, e.old_word);
    set(kNew, e.new_word);
    for (uint32_t j = 0; j < 4; ++j) {
      set(kB0 + j, (e.old_word >> (8 * j)) & 0xFF);
      set(kD0 + j, e.data[j]);
    }
    counts.byte_op(kByteRange, e.old_word & 0xFF, (e.old_word >> 8) & 0xFF);
    counts.byte_op(kByteRange, (e.old_word >> 16) & 0xFF, e.old_word >> 24);
    set(kS0 + e.off, 1);
    const uint32_t room = 4 - e.off;
    if (e.remaining <= room) set(kE0 + e.off + e.remaining - 1, 1);
    set(kTsPrev, e.ts_prev);
    ts_limbs(t, r, 4 * e.clk + 2, e.ts_prev, kTsLo, kTsHi, counts);
  }
  return t;
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

RowMajorMatrix InputStreamTable::trace(std::span<const InputWordEvent> events, LookupCounts& counts) {
  using namespace input_stream;
  RowMajorMatrix t(padded_height(events.size()), kNumCols);
  for (size_t r = 0; r < events.size(); ++r) {
    const InputWordEvent& e = events[r];
    auto set = [&](uint32_t c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); };
    set(kIsReal, 1);
    set(kIndex, e.index);
    set(kValue, e.value);
    for (uint32_t j = 0; j < 4; ++j) {
      set(kC0 + j, (e.value >> (8 * j)) & 0xFF);
      set(kU0 + j, e.uses[j]);
    }
    counts.byte_op(kByteRange, e.value & 0xFF, (e.value >> 8) & 0xFF);
    counts.byte_op(kByteRange, (e.value >> 16) & 0xFF, e.value >> 24);
    set(kTsPrev, e.ts_prev);
  }
  return t;
}

}  // namespace goldfinch::circuit
