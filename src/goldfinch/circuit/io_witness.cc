// Witness generation (the prover side) of io.h; the AIR itself (interactions, constants,
// preprocessed columns) is in io.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/io.h"

#include <algorithm>
#include <bit>

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

size_t padded_height(size_t rows) { return std::max<size_t>(4, std::bit_ceil(std::max<size_t>(rows, 1))); }

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

RowMajorMatrix IoCallTable::trace(std::span<const IoCallEvent> events, LookupCounts& counts) {
  using namespace io_call;
  RowMajorMatrix t(padded_height(events.size()), kNumCols);
  for (size_t r = 0; r < events.size(); ++r) {
    const IoCallEvent& e = events[r];
    auto set = [&](Col c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); };
    const bool read = e.kind == kIoRead, write = e.kind == kIoWrite, claim = e.kind == kIoClaim;
    set(read ? kIsRead : write ? kIsWrite : claim ? kIsClaim : kIsCommit, 1);
    set(kClk, e.clk);
    set(kA0, e.a0);
    set(kRes, e.result);
    set(kA1, e.a1);
    set(kA2, e.a2);
    const uint32_t buf = read || write ? e.a1 : e.a0, len = read || write ? e.a2 : claim ? kClaimBytes : e.a1;
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
