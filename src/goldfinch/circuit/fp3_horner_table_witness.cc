// Witness generation (the prover side) of fp3_horner_table.h; the AIR itself (interactions) is in
// fp3_horner_table.cc, which the verifier guest compiles too.
#include <algorithm>
#include <bit>

#include "goldfinch/circuit/fp3_horner_table.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/vm/memory_map.h"

namespace goldfinch::circuit {

namespace {

using namespace fp3_cols;

static_assert(kMaxTerms == vm::kMaxFp3HornerTerms);

Fp word_pair(uint32_t lo, uint32_t hi) { return Fp::from_u64(uint64_t{lo} | uint64_t{hi} << 32); }

}  // namespace

RowMajorMatrix Fp3HornerTable::trace(std::span<const Fp3HornerEvent> events, LookupCounts& counts) {
  size_t rows = 0;
  for (const Fp3HornerEvent& ev : events) rows += ev.regs[2];
  RowMajorMatrix t(std::max<size_t>(4, std::bit_ceil(std::max<size_t>(rows, 1))), kNumCols);
  size_t row = 0;
  auto gap = [&](size_t r, uint32_t base, uint64_t ts, uint64_t prev) {
    GF_CHECK(ts > prev && ts - prev - 1 < (uint64_t{1} << 32), "F_p^3 Horner access timestamp gap");
    const uint64_t g = ts - prev - 1;
    t.at(r, base + kSlotTsPrev) = Fp::from_u64(prev);
    t.at(r, base + kSlotLo) = Fp::from_u64(g & 0xFFFF);
    t.at(r, base + kSlotHi) = Fp::from_u64(g >> 16);
    counts.range16(static_cast<uint32_t>(g & 0xFFFF));
    counts.range16(static_cast<uint32_t>(g >> 16));
  };
  for (const Fp3HornerEvent& ev : events) {
    const uint32_t n = ev.regs[2], kind = ev.regs[4];
    // The CPU witness admits only 1 <= n <= 4096, kind 1 or 3 and 4-aligned pointers (the executor
    // traps on others); tests build traces of other calls (kind 2, n = 4097) to see them refused,
    // so their out-of-range lookups are left uncounted here.
    GF_CHECK(n >= 1 && kind >= 1 && kind <= 3 && ev.coeffs.size() == size_t{2} * kind * n, "F_p^3 Horner event shape");
    auto count16 = [&](uint64_t v) {
      if (v < (1u << 16)) counts.range16(static_cast<uint32_t>(v));
    };
    const uint64_t ts = 4 * ev.clk;
    const uint32_t ptr_w[3] = {ev.regs[0] >> 2, ev.regs[1] >> 2, ev.regs[3] >> 2};
    for (uint32_t p = 0; p < 3; ++p) {
      count16(ptr_w[p] & 0xFFFF);
      count16(4 * (ptr_w[p] >> 16));
    }
    count16(n - 1);
    count16(uint64_t{kMaxTerms} - n);  // wraps above 2^16 for n > 4096
    Fp3 x;
    for (uint32_t j = 0; j < 3; ++j) x[j] = word_pair(ev.x[2 * j], ev.x[2 * j + 1]);
    Fp inv[3];
    for (uint32_t j = 0; j < 3; ++j) {
      const Fp d = Fp::from_u64(0xFFFFFFFFu) - Fp::from_u64(ev.out[2 * j + 1]);
      inv[j] = d.is_zero() ? Fp::zero() : d.inverse();
    }
    Fp3 acc = Fp3::zero();
    for (uint32_t i = 0; i < n; ++i, ++row) {
      auto set = [&](uint32_t c, uint64_t v) { t.at(row, c) = Fp::from_u64(v); };
      const bool first = i == 0, last = i + 1 == n;
      set(kIsReal, 1);
      set(kFirst, first);
      set(kLast, last);
      set(kCnt, n - i);
      set(kClk, ev.clk);
      set(kN, n);
      t.at(row, kIsExt) = Fp::from_u64(kind - 1) * Fp::from_u64(2).inverse();  // kind = 1 + 2 is_ext
      for (uint32_t p = 0; p < 3; ++p) {
        set(kXW0 + 2 * p, ptr_w[p] & 0xFFFF);
        set(kXW1 + 2 * p, ptr_w[p] >> 16);
      }
      for (uint32_t j = 0; j < 6; ++j) {
        set(kX + j, ev.x[j]);
        set(kOut + j, ev.out[j]);
        set(kOutHi + j, ev.out[j] >> 16);
      }
      for (uint32_t j = 0; j < 3; ++j) t.at(row, kOutInv + j) = inv[j];
      const uint32_t cw = 2 * kind;
      set(kCAddr, ptr_w[1] + cw * i);
      Fp3 ci = Fp3::zero();
      for (uint32_t w = 0; w < cw; ++w) {
        const size_t q = size_t{cw} * i + w;
        set(kC + w, ev.coeffs[q]);
        set(c_slot(w, kSlotRo), ev.coeffs_ro[q]);
        gap(row, c_slot(w, 0), ts + 2, ev.coeffs_ts_prev[q]);
      }
      for (uint32_t j = 0; j < kind; ++j)
        ci[j] = word_pair(ev.coeffs[size_t{cw} * i + 2 * j], ev.coeffs[size_t{cw} * i + 2 * j + 1]);
      for (uint32_t j = 0; j < 3; ++j) t.at(row, kAcc + j) = acc[j];
      acc = (acc + ci) * x;
      for (uint32_t j = 0; j < 3; ++j) t.at(row, kAccNext + j) = acc[j];
      if (first) {
        for (uint32_t r = 0; r < 4; ++r) gap(row, reg_slot(r, 0), ts + 2, ev.reg_ts_prev[r]);
        for (uint32_t j = 0; j < 6; ++j) {
          set(x_slot(j, kSlotRo), ev.x_ro[j]);
          gap(row, x_slot(j, 0), ts + 1, ev.x_ts_prev[j]);
        }
      }
      if (last) {
        for (uint32_t j = 0; j < 3; ++j)
          GF_CHECK(acc[j] == word_pair(ev.out[2 * j], ev.out[2 * j + 1]) &&
                       (uint64_t{ev.out[2 * j + 1]} << 32 | ev.out[2 * j]) < Fp::kModulus,
                   "F_p^3 Horner out is not the canonical Horner sum");
        for (uint32_t j = 0; j < 6; ++j) {
          set(out_slot(j, kSlotOld), ev.out_before[j]);
          gap(row, out_slot(j, 0), ts + 3, ev.out_ts_prev[j]);
          counts.range16(ev.out[j] & 0xFFFF);
          counts.range16(ev.out[j] >> 16);
        }
      }
    }
  }
  // Padding rows: zero, but for the out inverses of out = 0.
  const Fp inv_max = Fp::from_u64(0xFFFFFFFFu).inverse();
  for (; row < t.height(); ++row)
    for (uint32_t j = 0; j < 3; ++j) t.at(row, kOutInv + j) = inv_max;
  return t;
}

}  // namespace goldfinch::circuit
