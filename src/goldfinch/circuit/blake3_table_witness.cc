// Witness generation (the prover side) of blake3_table.h; the AIR itself (interactions, constants,
// preprocessed columns) is in blake3_table.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/blake3_table.h"

#include <algorithm>
#include <bit>

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

using namespace blake3_cols;

uint32_t rotr(uint32_t x, uint32_t n) { return (x >> n) | (x << (32 - n)); }

void set_bits(std::span<Fp> row, uint32_t base, uint32_t x) {
  for (uint32_t i = 0; i < 32; ++i) row[base + i] = Fp::from_u64((x >> i) & 1);
}

// One G function on (a, b, c, d) with message words mx, my; fills its columns.
void fill_g(std::span<Fp> row, uint32_t base, uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d, uint32_t mx,
            uint32_t my) {
  uint64_t s = uint64_t{a} + b + mx;
  const uint32_t a1 = static_cast<uint32_t>(s);
  row[base + kGCarryA1] = Fp::from_u64(s >> 32);
  const uint32_t d1 = rotr(d ^ a1, 16);
  s = uint64_t{c} + d1;
  const uint32_t c1 = static_cast<uint32_t>(s);
  row[base + kGCarryC1] = Fp::from_u64(s >> 32);
  const uint32_t b1 = rotr(b ^ c1, 12);
  s = uint64_t{a1} + b1 + my;
  const uint32_t a2 = static_cast<uint32_t>(s);
  row[base + kGCarryA2] = Fp::from_u64(s >> 32);
  const uint32_t d2 = rotr(d1 ^ a2, 8);
  s = uint64_t{c1} + d2;
  const uint32_t c2 = static_cast<uint32_t>(s);
  row[base + kGCarryC2] = Fp::from_u64(s >> 32);
  const uint32_t b2 = rotr(b1 ^ c2, 7);
  set_bits(row, base + kGA1, a1);
  set_bits(row, base + kGC1, c1);
  set_bits(row, base + kGA2, a2);
  set_bits(row, base + kGC2, c2);
  set_bits(row, base + kGD2, d2);
  set_bits(row, base + kGB2, b2);
  a = a2;
  b = b2;
  c = c2;
  d = d2;
}

// The inputs of one group of rows: a call or a padding compression (all zero).
struct GroupInput {
  uint32_t cv[8] = {};
  uint32_t block[16] = {};
  uint32_t counter_lo = 0, counter_hi = 0, block_len = 0, flags = 0;
};

void fill_group(RowMajorMatrix& t, size_t row0, const GroupInput& in, uint32_t out[16]) {
  uint32_t v[16], m[16];
  for (uint32_t i = 0; i < 8; ++i) v[i] = in.cv[i];
  for (uint32_t i = 0; i < 4; ++i) v[8 + i] = kBlake3Iv[i];
  v[12] = in.counter_lo;
  v[13] = in.counter_hi;
  v[14] = in.block_len;
  v[15] = in.flags;
  std::copy(in.block, in.block + 16, m);
  uint32_t final_state[16] = {};
  for (uint32_t r = 0; r < kRowsPerCall; ++r) {
    std::span<Fp> row(&t.at(row0 + r, 0), kNumCols);
    row[kStep + r] = Fp::one();
    for (uint32_t w = 0; w < 8; ++w) set_bits(row, kCvBits + 32 * w, in.cv[w]);
    if (r == kRowsPerCall - 1) std::copy(v, v + 16, final_state);
    Blake3Table::fill_round(row, v, m);  // row 7 runs an 8th round whose result is unused
    uint32_t next[16];
    for (uint32_t i = 0; i < 16; ++i) next[i] = m[kBlake3MsgPerm[i]];
    std::copy(next, next + 16, m);
  }
  for (uint32_t i = 0; i < 8; ++i) {
    out[i] = final_state[i] ^ final_state[i + 8];
    out[i + 8] = final_state[i + 8] ^ in.cv[i];
  }
  for (uint32_t r = 0; r < kRowsPerCall; ++r)
    for (uint32_t i = 0; i < 16; ++i) t.at(row0 + r, kOutV + i) = Fp::from_u64(out[i]);
}

}  // namespace

void Blake3Table::fill_round(std::span<Fp> row, uint32_t v[16], const uint32_t m[16]) {
  for (uint32_t p = 0; p < 16; ++p) set_bits(row, kState + 32 * p, v[p]);
  for (uint32_t i = 0; i < 16; ++i) row[kMsg + i] = Fp::from_u64(m[i]);
  static constexpr uint32_t kGWords[8][4] = {{0, 4, 8, 12},  {1, 5, 9, 13},  {2, 6, 10, 14}, {3, 7, 11, 15},
                                             {0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13},  {3, 4, 9, 14}};
  for (uint32_t g = 0; g < 8; ++g)
    fill_g(row, kG + g * kGWidth, v[kGWords[g][0]], v[kGWords[g][1]], v[kGWords[g][2]], v[kGWords[g][3]], m[2 * g],
           m[2 * g + 1]);
}

RowMajorMatrix Blake3Table::trace(std::span<const Blake3Event> events, LookupCounts& counts) {
  const size_t groups = std::bit_ceil(std::max<size_t>(events.size(), 1));
  RowMajorMatrix t(groups * kRowsPerCall, kNumCols);
  const auto& plan = slot_plan();
  for (size_t e = 0; e < events.size(); ++e) {
    const Blake3Event& ev = events[e];
    const size_t row0 = e * kRowsPerCall;
    GroupInput in;
    std::copy(ev.cv.begin(), ev.cv.end(), in.cv);
    std::copy(ev.block.begin(), ev.block.end(), in.block);
    in.counter_lo = ev.regs[2];
    in.counter_hi = ev.regs[3];
    in.block_len = ev.regs[4];
    in.flags = ev.regs[5];
    uint32_t out[16];
    fill_group(t, row0, in, out);
    const uint32_t ptr_w[3] = {ev.regs[0] >> 2, ev.regs[1] >> 2, ev.regs[6] >> 2};
    for (uint32_t p = 0; p < 3; ++p) {
      counts.range16(ptr_w[p] & 0xFFFF);
      counts.range16(4 * (ptr_w[p] >> 16));
    }
    for (uint32_t r = 0; r < kRowsPerCall; ++r) {
      const size_t row = row0 + r;
      auto set = [&](uint32_t c, uint64_t v) { t.at(row, c) = Fp::from_u64(v); };
      set(kIsReal, 1);
      set(kClk, ev.clk);
      set(kRecv, r == 0);
      set(kMult45, r != kRowsPerCall - 1);
      for (uint32_t p = 0; p < 3; ++p) {
        set(kCvW0 + 2 * p, ptr_w[p] & 0xFFFF);
        set(kCvW1 + 2 * p, ptr_w[p] >> 16);
      }
      for (uint32_t j = 0; j < kSlots; ++j) {
        const SlotUse u = plan[r][j];
        if (u.kind == SlotKind::kNone) continue;
        const uint32_t base = kSlot + j * kSlotWidth;
        uint32_t addr = 0, old = 0, val = 0;
        uint64_t prev = 0;
        bool ro = false;
        switch (u.kind) {
          case SlotKind::kReg:
            addr = 10 + u.index;
            old = val = ev.regs[u.index];
            prev = ev.reg_ts_prev[u.index - 1];
            break;
          case SlotKind::kCv:
            addr = ptr_w[0] + u.index;
            old = val = ev.cv[u.index];
            prev = ev.cv_ts_prev[u.index];
            ro = ev.cv_ro[u.index];
            break;
          case SlotKind::kBlock:
            addr = ptr_w[1] + u.index;
            old = val = ev.block[u.index];
            prev = ev.block_ts_prev[u.index];
            ro = ev.block_ro[u.index];
            break;
          case SlotKind::kOut:
            addr = ptr_w[2] + u.index;
            old = ev.out_before[u.index];
            val = out[u.index];
            prev = ev.out_ts_prev[u.index];
            break;
          case SlotKind::kNone:
            break;
        }
        const uint64_t ts = 4 * ev.clk + slot_ts_offset(u.kind);
        GF_CHECK(ts > prev && ts - prev - 1 < (uint64_t{1} << 32), "BLAKE3 access timestamp gap");
        const uint64_t gap = ts - prev - 1;
        set(base + kSlotAddr, addr);
        set(base + kSlotOld, old);
        set(base + kSlotVal, val);
        set(base + kSlotTsPrev, prev);
        set(base + kSlotLo, gap & 0xFFFF);
        set(base + kSlotHi, gap >> 16);
        set(base + kSlotRo, ro);
        counts.range16(static_cast<uint32_t>(gap & 0xFFFF));
        counts.range16(static_cast<uint32_t>(gap >> 16));
      }
    }
  }
  for (size_t g = events.size(); g < groups; ++g) {
    uint32_t out[16];
    fill_group(t, g * kRowsPerCall, GroupInput{}, out);
  }
  return t;
}

}  // namespace goldfinch::circuit
