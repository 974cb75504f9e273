// Blake3Table::eval_ext: the table's constraints for a builder whose Expr is F_p^3 (the verifier's
// out-of-domain check), the same polynomials in the same order as eval_generic and the same
// values, computed with fewer operations. Every linear combination, product and bit packing is
// one F_p^3 Horner sum (GF_FP3_HORNER: one ecall in the verifier guest, where an F_p^3 addition
// in RV32IM software costs ~90 instructions and the call ~20):
//   pack(bits) = sum_i bits_i 2^i       = 2^32 * H(1/2; bits_0..bits_31)
//   x ^ y      = x + y - 2xy             = H(-1; x, xy, y, xy)
//   x (x - 1)  = x^2 - x                 = H(x; 1, -1)  (F_p coefficients)
// with H(x; c_0..c_{n-1}) = sum_i c_i x^(n - i). blake3_table_test.cc checks it against
// eval_generic on random openings; the guest runs it through the precompile.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

#include "goldfinch/circuit/blake3_table.h"
#include "goldfinch/field/ext3.h"

namespace goldfinch::circuit {

namespace blake3_ext {

// H(x; c_0..c_{n-1}) with c_i in F_p^3 (kind 3) or F_p (kind 1), written to *out.
GF_INLINE void horner3(Fp3* out, const Fp3& x, const Fp3* c, uint32_t n) {
#if defined(GF_VERIFIER_IN_GUEST)
  gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&x), reinterpret_cast<const uint64_t*>(c), n, 3,
                       reinterpret_cast<uint64_t*>(out));
#else
  Fp3 acc;
  for (uint32_t i = 0; i < n; ++i) acc = (acc + c[i]) * x;
  *out = acc;
#endif
}
GF_INLINE void horner1(Fp3* out, const Fp3& x, const Fp* c, uint32_t n) {
#if defined(GF_VERIFIER_IN_GUEST)
  gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&x), reinterpret_cast<const uint64_t*>(c), n, 1,
                       reinterpret_cast<uint64_t*>(out));
#else
  Fp3 acc;
  for (uint32_t i = 0; i < n; ++i) acc = (acc + c[i]) * x;
  *out = acc;
#endif
}
// The result by value, in storage that is not cleared first (six stores per call saved).
union Fp3Out {
  Fp3Out() {}
  Fp3 v;
};
GF_INLINE Fp3 horner3(const Fp3& x, const Fp3* c, uint32_t n) {
  Fp3Out r;
  horner3(&r.v, x, c, n);
  return r.v;
}
GF_INLINE Fp3 horner1(const Fp3& x, const Fp* c, uint32_t n) {
  Fp3Out r;
  horner1(&r.v, x, c, n);
  return r.v;
}

inline constexpr Fp3 kMinusOne{Fp::from_u64(Fp::kModulus - 1)};
inline constexpr Fp3 kHalf{Fp::from_u64((Fp::kModulus + 1) / 2)};
inline constexpr Fp kTwo32 = Fp::from_u64(uint64_t{1} << 32);
inline constexpr Fp kBoolPoly[2] = {Fp::from_u64(1), Fp::from_u64(Fp::kModulus - 1)};  // x^2 - x
inline constexpr Fp kCarryPoly[3] = {Fp::from_u64(1), Fp::from_u64(Fp::kModulus - 3),
                                     Fp::from_u64(2)};  // x^3 - 3x^2 + 2x = x (x - 1) (x - 2)

// x (x - 1).
GF_INLINE Fp3 boolean(const Fp3& x) { return horner1(x, kBoolPoly, 2); }
// t[0] - t[1].
GF_INLINE Fp3 diff(const Fp3* t) { return horner3(kMinusOne, t, 2); }
// 2^-32 * pack(bits): H(1/2; bits).
GF_INLINE Fp3 half_pack(const Fp3* bits) { return horner3(kHalf, bits, 32); }
// The working memory of eval_ext, taken from the heap without being cleared: every Fp3 in it is
// written before it is read. (A zeroed stack frame of this size cost ~60 k cycles per evaluation
// in the guest, and stack offsets past 2 KiB cost three more instructions per access, so the
// frame stays under 2 KiB.) t is the coefficient scratch of the Horner sums below; t[5] stays 0.
struct Scratch {
  Fp3 t[6];
  Fp3 a1[32], c1[32], d1[32], b1[32], p[32];
  Fp3 cv[256], st[512], msg[16], half_cv[8], pack_cv[8], half_st[16];
  Fp3 outs[8][4][32];  // a2, c2, d2, b2 of each G function
};
// *out = x ^ y = x - xy + y - xy.
GF_INLINE void bxor_to(Fp3* t, Fp3* out, const Fp3& x, const Fp3& y) {
  t[0] = x;
  horner3(&t[1], y, &t[0], 1);
  t[2] = y;
  t[3] = t[1];
  horner3(out, kMinusOne, t, 4);
}
// z - (x ^ y) = z - x + xy - y + xy - 0.
GF_INLINE Fp3 minus_bxor(Fp3* t, const Fp3& z, const Fp3& x, const Fp3& y) {
  t[0] = z;
  t[1] = x;
  horner3(&t[2], y, &t[1], 1);
  t[3] = y;
  t[4] = t[2];
  return horner3(kMinusOne, t, 6);
}
// pack(out) + 2^32 carry - pack(x) - pack(y) from the half packs: 2^32 (h_out - h_x + carry - h_y).
GF_INLINE Fp3 add_check(Fp3* t, const Fp3& h_out, const Fp3& carry, const Fp3& h_x, const Fp3& h_y) {
  t[0] = h_out;
  t[1] = h_x;
  t[2] = carry;
  t[3] = h_y;
  return horner3(kMinusOne, t, 4) * kTwo32;
}
// 2^-32 * pack(x ^ y) from the bits and the half packs of x and y: h_x - h_p + h_y - h_p with
// p_i = x_i y_i (p: 32 elements of scratch).
GF_INLINE Fp3 half_pack_xor(Fp3* t, Fp3* p, const Fp3* x, const Fp3* y, const Fp3& h_x, const Fp3& h_y) {
  for (uint32_t i = 0; i < 32; ++i) horner3(&p[i], y[i], &x[i], 1);
  t[0] = h_x;
  t[1] = half_pack(p);
  t[2] = h_y;
  t[3] = t[1];
  return horner3(kMinusOne, t, 4);
}

}  // namespace blake3_ext

template <class B>
void Blake3Table::eval_ext(B& b) const {
  using namespace blake3_cols;
  using namespace blake3_ext;
  static_assert(std::is_same_v<typename B::Expr, Fp3>, "eval_ext is for builders over F_p^3");
  auto c = [&](uint32_t i) { return b.main(i); };
  auto n = [&](uint32_t i) { return b.main_next(i); };
  auto k = [&](uint64_t v) { return Fp3(Fp::from_u64(v)); };
  const Fp3 one = Fp3::one();
  const std::unique_ptr<Scratch, void (*)(Scratch*)> scratch(static_cast<Scratch*>(::operator new(sizeof(Scratch))),
                                                             [](Scratch* p) { ::operator delete(p); });
  Scratch& m = *scratch;
  Fp3* const t = m.t;
  t[5] = Fp3::zero();
  auto diff_next = [&](uint32_t col, const Fp3& x) {  // n(col) - x
    t[0] = n(col);
    t[1] = x;
    return diff(t);
  };
  Fp3 s[kRowsPerCall];
  for (uint32_t j = 0; j < kRowsPerCall; ++j) s[j] = c(kStep + j);
  const Fp3 is_real = c(kIsReal);
  const Fp3 not_last = one - s[7];

  b.assert_zero_first_row(s[0] - one, "row 0 has step 0");
  for (uint32_t j = 1; j < kRowsPerCall; ++j) b.assert_zero_first_row(s[j], "row 0 has step 0");
  for (uint32_t j = 0; j < kRowsPerCall; ++j)
    b.assert_zero_transition(n(kStep + (j + 1) % kRowsPerCall) - s[j], "step flags advance");
  b.assert_zero_last_row(not_last, "the last row ends a call");

  b.assert_zero(boolean(is_real), "is_real is boolean");
  for (uint32_t col : {kIsReal, kClk, kCvW0, kCvW1, kBlkW0, kBlkW1, kOutW0, kOutW1})
    b.assert_zero_transition(not_last * diff_next(col, c(col)), "call parameter constant within the call");
  // The cv, the state at the round's start and the message, and the packed words of cv and state.
  Fp3 *const cv = m.cv, *const st = m.st, *const msg = m.msg;
  Fp3 *const half_cv = m.half_cv, *const pack_cv = m.pack_cv, *const half_st = m.half_st;
  for (uint32_t i = 0; i < 256 + 16; ++i) {
    const Fp3 x = c(kCvBits + i);
    if (i < 256) cv[i] = x;
    b.assert_zero_transition(not_last * diff_next(kCvBits + i, x), "cv bits and out words constant within the call");
  }
  b.assert_zero(c(kRecv) - is_real * s[0], "recv = is_real * step0");
  b.assert_zero(c(kMult45) - is_real * not_last, "mult45 = is_real * (1 - step7)");
  const Fp3 pad = one - is_real;
  for (uint32_t col : {kClk, kCvW0, kCvW1, kBlkW0, kBlkW1, kOutW0, kOutW1})
    b.assert_zero(pad * c(col), "padding: zero parameters");
  for (uint32_t w = 0; w < 8; ++w) {
    half_cv[w] = half_pack(cv + 32 * w);
    pack_cv[w] = half_cv[w] * kTwo32;
    b.assert_zero(pad * pack_cv[w], "padding: zero cv");
  }
  for (uint32_t i = 0; i < 16; ++i) {
    msg[i] = c(kMsg + i);
    b.assert_zero(pad * msg[i], "padding: zero block");
  }
  for (uint32_t i = 0; i < 512; ++i) st[i] = c(kState + i);
  for (uint32_t w = 0; w < 16; ++w) half_st[w] = half_pack(st + 32 * w);
  const Fp3 pad_s0 = pad * s[0];
  for (uint32_t w = 12; w < 16; ++w)
    b.assert_zero(pad_s0 * (half_st[w] * kTwo32), "padding: zero counter, block_len, flags");

  for (uint32_t i = 0; i < 256; ++i) {
    t[0] = st[i];
    t[1] = cv[i];
    b.assert_zero(s[0] * diff(t), "initial state: cv");
  }
  for (uint32_t w = 0; w < 4; ++w)
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero(s[0] * (st[32 * (8 + w) + i] - Fp::from_u64((kBlake3Iv[w] >> i) & 1)), "initial state: IV");
  const uint32_t len = 32 * 14, flags = 32 * 15;
  for (uint32_t i = 7; i < 32; ++i) b.assert_zero(s[0] * st[len + i], "block_len <= 64");
  const Fp3 s0_len6 = s[0] * st[len + 6];
  for (uint32_t i = 0; i < 6; ++i) b.assert_zero(s0_len6 * st[len + i], "block_len <= 64");
  for (uint32_t i = 8; i < 32; ++i) b.assert_zero(s[0] * st[flags + i], "flags < 256");
  for (uint32_t i = 0; i < 512; ++i) b.assert_zero(boolean(st[i]), "state bit is boolean");

  // The round. v[p] points at the bits of state word p: st first, then a G function's outputs.
  static constexpr uint32_t kGWords[8][4] = {{0, 4, 8, 12},  {1, 5, 9, 13},  {2, 6, 10, 14}, {3, 7, 11, 15},
                                             {0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13},  {3, 4, 9, 14}};
  const Fp3* v[16];
  for (uint32_t p = 0; p < 16; ++p) v[p] = st + 32 * p;
  Fp3 *const a1 = m.a1, *const c1 = m.c1, *const d1 = m.d1, *const b1 = m.b1;
  for (uint32_t g = 0; g < 8; ++g) {
    const uint32_t base = kG + g * kGWidth;
    const Fp3* a = v[kGWords[g][0]];
    const Fp3* bb = v[kGWords[g][1]];
    const Fp3* cc = v[kGWords[g][2]];
    const Fp3* d = v[kGWords[g][3]];
    Fp3* a2 = m.outs[g][0];
    Fp3* c2 = m.outs[g][1];
    Fp3* d2 = m.outs[g][2];
    Fp3* b2 = m.outs[g][3];
    const Fp3 mx = c(kMsg + 2 * g), my = c(kMsg + 2 * g + 1);
    for (uint32_t i = 0; i < 32; ++i) {
      a1[i] = c(base + kGA1 + i);
      c1[i] = c(base + kGC1 + i);
      a2[i] = c(base + kGA2 + i);
      c2[i] = c(base + kGC2 + i);
      d2[i] = c(base + kGD2 + i);
      b2[i] = c(base + kGB2 + i);
      b.assert_zero(boolean(a1[i]), "G: a1 bit is boolean");
      b.assert_zero(boolean(c1[i]), "G: c1 bit is boolean");
      b.assert_zero(boolean(a2[i]), "G: a2 bit is boolean");
      b.assert_zero(boolean(c2[i]), "G: c2 bit is boolean");
    }
    const Fp3 ka1 = c(base + kGCarryA1), kc1 = c(base + kGCarryC1), ka2 = c(base + kGCarryA2),
              kc2 = c(base + kGCarryC2);
    b.assert_zero(horner1(ka1, kCarryPoly, 3), "G: carry of a1 is 0, 1 or 2");
    b.assert_zero(boolean(kc1), "G: carry of c1 is boolean");
    b.assert_zero(horner1(ka2, kCarryPoly, 3), "G: carry of a2 is 0, 1 or 2");
    b.assert_zero(boolean(kc2), "G: carry of c2 is boolean");
    const Fp3 h_a1 = half_pack(a1);
    b.assert_zero(add_check(t, h_a1, ka1, half_pack(a), half_pack(bb)) - mx, "G: a1 = a + b + mx");
    for (uint32_t i = 0; i < 32; ++i) bxor_to(t, &d1[i], d[(i + 16) % 32], a1[(i + 16) % 32]);
    const Fp3 h_c1 = half_pack(c1);
    b.assert_zero(add_check(t, h_c1, kc1, half_pack(cc), half_pack(d1)), "G: c1 = c + d1");
    for (uint32_t i = 0; i < 32; ++i) bxor_to(t, &b1[i], bb[(i + 12) % 32], c1[(i + 12) % 32]);
    b.assert_zero(add_check(t, half_pack(a2), ka2, h_a1, half_pack(b1)) - my, "G: a2 = a1 + b1 + my");
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero(minus_bxor(t, d2[i], d1[(i + 8) % 32], a2[(i + 8) % 32]), "G: d2 = (d1 ^ a2) >>> 8");
    b.assert_zero(add_check(t, half_pack(c2), kc2, h_c1, half_pack(d2)), "G: c2 = c1 + d2");
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero(minus_bxor(t, b2[i], b1[(i + 7) % 32], c2[(i + 7) % 32]), "G: b2 = (b1 ^ c2) >>> 7");
    v[kGWords[g][0]] = a2;
    v[kGWords[g][1]] = b2;
    v[kGWords[g][2]] = c2;
    v[kGWords[g][3]] = d2;
  }
  for (uint32_t p = 0; p < 16; ++p)
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero_transition(not_last * diff_next(kState + 32 * p + i, v[p][i]), "state after the round");
  for (uint32_t i = 0; i < 16; ++i)
    b.assert_zero_transition(not_last * diff_next(kMsg + i, msg[kBlake3MsgPerm[i]]), "message permutation");

  // Feed-forward on the step's own state bits st.
  for (uint32_t w = 0; w < 8; ++w) {
    const Fp3* lo_x = st + 32 * w;
    const Fp3* hi_x = st + 32 * (w + 8);
    const Fp3 lo = half_pack_xor(t, m.p, lo_x, hi_x, half_st[w], half_st[w + 8]) * kTwo32;
    const Fp3 hi = half_pack_xor(t, m.p, hi_x, cv + 32 * w, half_st[w + 8], half_cv[w]) * kTwo32;
    b.assert_zero(s[7] * (c(kOutV + w) - lo), "feed-forward: out[i] = v[i] ^ v[i + 8]");
    b.assert_zero(s[7] * (c(kOutV + 8 + w) - hi), "feed-forward: out[i + 8] = v[i + 8] ^ cv[i]");
  }

  // Access slots, as in eval_generic with the packed words above.
  const Fp3 cv_w = c(kCvW0) + k(1 << 16) * c(kCvW1), blk_w = c(kBlkW0) + k(1 << 16) * c(kBlkW1),
            out_w = c(kOutW0) + k(1 << 16) * c(kOutW1);
  const Fp3 reads = s[0] + s[1] + s[2] + s[3] + s[4];
  const Fp3 no_ro = s[0] + s[5] + s[6] + s[7];
  const auto& plan = slot_plan();
  for (uint32_t j = 0; j < kSlots; ++j) {
    const uint32_t base = kSlot + j * kSlotWidth;
    const Fp3 mult = j < 4 ? is_real : c(kMult45);
    Fp3 addr, val, ts = k(4) * c(kClk);
    for (uint32_t step = 0; step < kRowsPerCall; ++step) {
      const SlotUse u = plan[step][j];
      Fp3 ad, x;
      switch (u.kind) {
        case SlotKind::kNone:
          continue;
        case SlotKind::kReg:
          ad = k(10 + u.index);
          x = u.index == 1 ? k(4) * blk_w : u.index == 6 ? k(4) * out_w : half_st[10 + u.index] * kTwo32;
          break;
        case SlotKind::kCv:
          ad = cv_w + k(u.index);
          x = pack_cv[u.index];
          break;
        case SlotKind::kBlock:
          ad = blk_w + k(u.index);
          x = msg[message_column(step, u.index)];
          break;
        case SlotKind::kOut:
          ad = out_w + k(u.index);
          x = c(kOutV + u.index);
          break;
      }
      addr = addr + s[step] * ad;
      val = val + s[step] * x;
      ts = ts + s[step] * k(slot_ts_offset(u.kind));
    }
    const Fp3 ro = c(base + kSlotRo);
    b.assert_zero(boolean(ro), "slot: ro is boolean");
    b.assert_zero(ro * no_ro, "slot: registers and out words are not read-only");
    for (uint32_t f = 0; f < kSlotWidth; ++f) b.assert_zero((one - mult) * c(base + f), "slot: unused slot is zero");
    b.assert_zero(mult * (c(base + kSlotAddr) - addr), "slot: address");
    b.assert_zero(mult * (c(base + kSlotVal) - val), "slot: value");
    b.assert_zero(reads * (c(base + kSlotOld) - c(base + kSlotVal)), "slot: a read leaves the value");
    b.assert_zero(mult * (ts - c(base + kSlotTsPrev) - one - c(base + kSlotLo) - k(1 << 16) * c(base + kSlotHi)),
                  "slot: accessed after its previous access");
  }
}

}  // namespace goldfinch::circuit
