// The BLAKE3 compression table of the RV32IM circuit: the circuit side of the GF_BLAKE3_COMPRESS
// precompile (precompile_events.h is the contract with the CPU). Each call is a group of 8 rows:
// rows 0..6 run the 7 rounds (8 G functions each, on bit-decomposed 32-bit words), row 7 the
// feed-forward; the call's 6 register reads and 40 memory accesses are spread over the group's
// rows in 6 access slots per row. docs/circuit_blake3.md has every column and constraint.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/circuit/precompile_events.h"

namespace goldfinch::circuit {

namespace blake3_cols {
inline constexpr uint32_t kRowsPerCall = 8;
inline constexpr uint32_t kSlots = 6;  // memory or register accesses per row
// One G function's columns: the bits of a1 = a + b + mx, c1 = c + d1, a2 = a1 + b1 + my,
// c2 = c1 + d2, d2 = (d1 ^ a2) >>> 8 and b2 = (b1 ^ c2) >>> 7, then the four carries.
// d1 = (d ^ a1) >>> 16 and b1 = (b ^ c1) >>> 12 are not columns: their bits are degree-2 xors.
inline constexpr uint32_t kGA1 = 0, kGC1 = 32, kGA2 = 64, kGC2 = 96, kGD2 = 128, kGB2 = 160;
inline constexpr uint32_t kGCarryA1 = 192, kGCarryC1 = 193, kGCarryA2 = 194, kGCarryC2 = 195;
inline constexpr uint32_t kGWidth = 196;
// One access slot's columns.
inline constexpr uint32_t kSlotAddr = 0, kSlotOld = 1, kSlotVal = 2, kSlotTsPrev = 3, kSlotLo = 4, kSlotHi = 5,
                          kSlotRo = 6;
inline constexpr uint32_t kSlotWidth = 7;

inline constexpr uint32_t kStep = 0;     // 8 one-hot step flags: row k of the call has step k
inline constexpr uint32_t kIsReal = 8;   // a real call (constant within a call)
inline constexpr uint32_t kClk = 9;      // constant within a call
inline constexpr uint32_t kRecv = 10;    // is_real * step0: the call's kBusPrecompile multiplicity
inline constexpr uint32_t kMult45 = 11;  // is_real * (1 - step7): slots 4 and 5 are unused on row 7
inline constexpr uint32_t kCvW0 = 12;    // cv pointer = 4 (w0 + 2^16 w1); likewise block and out
inline constexpr uint32_t kCvW1 = 13;    // (all six constant within a call)
inline constexpr uint32_t kBlkW0 = 14;
inline constexpr uint32_t kBlkW1 = 15;
inline constexpr uint32_t kOutW0 = 16;
inline constexpr uint32_t kOutW1 = 17;
inline constexpr uint32_t kCvBits = 18;              // 8 x 32 bits of the input cv (constant within a call)
inline constexpr uint32_t kOutV = kCvBits + 256;     // the 16 output words (constant within a call)
inline constexpr uint32_t kMsg = kOutV + 16;         // the round's 16 message words (permuted row to row)
inline constexpr uint32_t kState = kMsg + 16;        // 16 x 32 bits of the state at the round's start
inline constexpr uint32_t kG = kState + 512;         // 8 G functions
inline constexpr uint32_t kSlot = kG + 8 * kGWidth;  // 6 access slots
inline constexpr uint32_t kNumCols = kSlot + kSlots * kSlotWidth;

// What an access slot holds on a step's row.
enum class SlotKind : uint8_t { kNone, kReg, kCv, kBlock, kOut };
struct SlotUse {
  SlotKind kind = SlotKind::kNone;
  uint32_t index = 0;  // register a1..a6 (1..6), or the word of cv, block or out
};
// kPlan[step][slot]: row 0 reads a1..a6, rows 1-2 the cv, rows 2-4 the block, rows 5-7 write out.
const std::array<std::array<SlotUse, kSlots>, kRowsPerCall>& slot_plan();
// The timestamp offset of an access kind within the call (4 clk + offset).
uint32_t slot_ts_offset(SlotKind kind);
// The message column holding block word j on step k's row.
uint32_t message_column(uint32_t step, uint32_t j);
}  // namespace blake3_cols

// BLAKE3's IV and message permutation (the spec's constants, kept apart from src/goldfinch/hash,
// which the tests use as an oracle).
inline constexpr uint32_t kBlake3Iv[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                                          0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};
inline constexpr uint8_t kBlake3MsgPerm[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

class Blake3Table : public air::AirBase<Blake3Table> {
 public:
  std::string name() const override { return "blake3_compress"; }
  size_t width() const override { return blake3_cols::kNumCols; }
  // A run without BLAKE3 compress calls leaves the table out of its proof (it has no rows).
  bool optional() const override { return true; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const {
    if constexpr (std::is_same_v<typename B::Expr, Fp3>)
      eval_ext(b);
    else
      eval_generic(b);
  }
  // The constraints for any builder, and the same ones computed with F_p^3 Horner sums for the
  // builders over F_p^3 (blake3_table_ext.h: same polynomials, order and values; fewer cycles
  // in the verifier guest).
  template <class B>
  void eval_generic(B& b) const;
  template <class B>
  void eval_ext(B& b) const;
  // 8 rows per event, then padding groups (honest compressions of an all-zero input) up to a
  // power of two (at least one group). Records the range lookups in `counts`.
  static RowMajorMatrix trace(std::span<const Blake3Event> events, LookupCounts& counts);
  // Fills one round row's state bits, message and G columns for state v and message m, and
  // returns the state after the round in v (witness generation; tests rebuild rows with it).
  static void fill_round(std::span<Fp> row, uint32_t v[16], const uint32_t m[16]);
};

template <class B>
void Blake3Table::eval_generic(B& b) const {
  using namespace blake3_cols;
  using E = typename B::Expr;
  auto c = [&](uint32_t i) { return b.main(i); };
  auto n = [&](uint32_t i) { return b.main_next(i); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E zero = k(0), one = k(1), two = k(2), two32 = k(uint64_t{1} << 32);
  auto bxor = [&](const E& x, const E& y) { return x + y - two * x * y; };
  auto pack = [&](const E* bits) {
    E acc = zero;
    for (uint32_t i = 0; i < 32; ++i) acc = acc + bits[i] * k(uint64_t{1} << i);
    return acc;
  };
  auto pack_cols = [&](uint32_t base) {
    E acc = zero;
    for (uint32_t i = 0; i < 32; ++i) acc = acc + c(base + i) * k(uint64_t{1} << i);
    return acc;
  };
  E s[kRowsPerCall];
  for (uint32_t j = 0; j < kRowsPerCall; ++j) s[j] = c(kStep + j);
  const E is_real = c(kIsReal);
  const E not_last = one - s[7];

  // Step flags: row 0 has step 0, each row the next step, the last row ends a call (so the
  // height is a multiple of 8 and no call is cut off).
  b.assert_zero_first_row(s[0] - one, "row 0 has step 0");
  for (uint32_t j = 1; j < kRowsPerCall; ++j) b.assert_zero_first_row(s[j], "row 0 has step 0");
  for (uint32_t j = 0; j < kRowsPerCall; ++j)
    b.assert_zero_transition(n(kStep + (j + 1) % kRowsPerCall) - s[j], "step flags advance");
  b.assert_zero_last_row(not_last, "the last row ends a call");

  // Call-constant columns and the multiplicity columns.
  b.assert_bool(is_real, "is_real is boolean");
  for (uint32_t col : {kIsReal, kClk, kCvW0, kCvW1, kBlkW0, kBlkW1, kOutW0, kOutW1})
    b.assert_zero_transition(not_last * (n(col) - c(col)), "call parameter constant within the call");
  for (uint32_t i = 0; i < 256 + 16; ++i)
    b.assert_zero_transition(not_last * (n(kCvBits + i) - c(kCvBits + i)),
                             "cv bits and out words constant within the call");
  b.assert_zero(c(kRecv) - is_real * s[0], "recv = is_real * step0");
  b.assert_zero(c(kMult45) - is_real * not_last, "mult45 = is_real * (1 - step7)");
  const E pad = one - is_real;
  for (uint32_t col : {kClk, kCvW0, kCvW1, kBlkW0, kBlkW1, kOutW0, kOutW1})
    b.assert_zero(pad * c(col), "padding: zero parameters");
  for (uint32_t w = 0; w < 8; ++w) b.assert_zero(pad * pack_cols(kCvBits + 32 * w), "padding: zero cv");
  for (uint32_t i = 0; i < 16; ++i) b.assert_zero(pad * c(kMsg + i), "padding: zero block");
  for (uint32_t w = 12; w < 16; ++w)
    b.assert_zero(pad * s[0] * pack_cols(kState + 32 * w), "padding: zero counter, block_len, flags");

  // The initial state (step 0): cv, IV[0..3], counter, block_len <= 64, flags < 256.
  for (uint32_t i = 0; i < 256; ++i) b.assert_zero(s[0] * (c(kState + i) - c(kCvBits + i)), "initial state: cv");
  for (uint32_t w = 0; w < 4; ++w)
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero(s[0] * (c(kState + 32 * (8 + w) + i) - k((kBlake3Iv[w] >> i) & 1)), "initial state: IV");
  const uint32_t len = kState + 32 * 14, flags = kState + 32 * 15;
  for (uint32_t i = 7; i < 32; ++i) b.assert_zero(s[0] * c(len + i), "block_len <= 64");
  for (uint32_t i = 0; i < 6; ++i) b.assert_zero(s[0] * c(len + 6) * c(len + i), "block_len <= 64");
  for (uint32_t i = 8; i < 32; ++i) b.assert_zero(s[0] * c(flags + i), "flags < 256");
  for (uint32_t i = 0; i < 512; ++i) b.assert_bool(c(kState + i), "state bit is boolean");

  // The round: column step, then diagonal step. v[p] are the bits of state word p.
  std::vector<std::vector<E>> v(16, std::vector<E>(32, zero));
  for (uint32_t p = 0; p < 16; ++p)
    for (uint32_t i = 0; i < 32; ++i) v[p][i] = c(kState + 32 * p + i);
  static constexpr uint32_t kGWords[8][4] = {{0, 4, 8, 12},  {1, 5, 9, 13},  {2, 6, 10, 14}, {3, 7, 11, 15},
                                             {0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13},  {3, 4, 9, 14}};
  for (uint32_t g = 0; g < 8; ++g) {
    const uint32_t base = kG + g * kGWidth;
    std::vector<E>& a = v[kGWords[g][0]];
    std::vector<E>& bb = v[kGWords[g][1]];
    std::vector<E>& cc = v[kGWords[g][2]];
    std::vector<E>& d = v[kGWords[g][3]];
    const E mx = c(kMsg + 2 * g), my = c(kMsg + 2 * g + 1);
    std::vector<E> a1(32, zero), c1(32, zero), a2(32, zero), c2(32, zero), d2(32, zero), b2(32, zero), d1(32, zero),
        b1(32, zero);
    for (uint32_t i = 0; i < 32; ++i) {
      a1[i] = c(base + kGA1 + i);
      c1[i] = c(base + kGC1 + i);
      a2[i] = c(base + kGA2 + i);
      c2[i] = c(base + kGC2 + i);
      d2[i] = c(base + kGD2 + i);
      b2[i] = c(base + kGB2 + i);
      b.assert_bool(a1[i], "G: a1 bit is boolean");
      b.assert_bool(c1[i], "G: c1 bit is boolean");
      b.assert_bool(a2[i], "G: a2 bit is boolean");
      b.assert_bool(c2[i], "G: c2 bit is boolean");
    }
    const E ka1 = c(base + kGCarryA1), kc1 = c(base + kGCarryC1), ka2 = c(base + kGCarryA2), kc2 = c(base + kGCarryC2);
    b.assert_zero(ka1 * (ka1 - one) * (ka1 - two), "G: carry of a1 is 0, 1 or 2");
    b.assert_bool(kc1, "G: carry of c1 is boolean");
    b.assert_zero(ka2 * (ka2 - one) * (ka2 - two), "G: carry of a2 is 0, 1 or 2");
    b.assert_bool(kc2, "G: carry of c2 is boolean");
    b.assert_zero(pack(a1.data()) + two32 * ka1 - pack(a.data()) - pack(bb.data()) - mx, "G: a1 = a + b + mx");
    for (uint32_t i = 0; i < 32; ++i) d1[i] = bxor(d[(i + 16) % 32], a1[(i + 16) % 32]);
    b.assert_zero(pack(c1.data()) + two32 * kc1 - pack(cc.data()) - pack(d1.data()), "G: c1 = c + d1");
    for (uint32_t i = 0; i < 32; ++i) b1[i] = bxor(bb[(i + 12) % 32], c1[(i + 12) % 32]);
    b.assert_zero(pack(a2.data()) + two32 * ka2 - pack(a1.data()) - pack(b1.data()) - my, "G: a2 = a1 + b1 + my");
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero(d2[i] - bxor(d1[(i + 8) % 32], a2[(i + 8) % 32]), "G: d2 = (d1 ^ a2) >>> 8");
    b.assert_zero(pack(c2.data()) + two32 * kc2 - pack(c1.data()) - pack(d2.data()), "G: c2 = c1 + d2");
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero(b2[i] - bxor(b1[(i + 7) % 32], c2[(i + 7) % 32]), "G: b2 = (b1 ^ c2) >>> 7");
    a = a2;
    bb = b2;
    cc = c2;
    d = d2;
  }
  // The next row's state is this round's output; its message is this one permuted.
  for (uint32_t p = 0; p < 16; ++p)
    for (uint32_t i = 0; i < 32; ++i)
      b.assert_zero_transition(not_last * (n(kState + 32 * p + i) - v[p][i]), "state after the round");
  for (uint32_t i = 0; i < 16; ++i)
    b.assert_zero_transition(not_last * (n(kMsg + i) - c(kMsg + kBlake3MsgPerm[i])), "message permutation");

  // Feed-forward (step 7, whose state is the one after 7 rounds): out[i] = v[i] ^ v[i + 8],
  // out[i + 8] = v[i + 8] ^ cv[i].
  for (uint32_t w = 0; w < 8; ++w) {
    std::vector<E> lo(32, zero), hi(32, zero);
    for (uint32_t i = 0; i < 32; ++i) {
      lo[i] = bxor(c(kState + 32 * w + i), c(kState + 32 * (w + 8) + i));
      hi[i] = bxor(c(kState + 32 * (w + 8) + i), c(kCvBits + 32 * w + i));
    }
    b.assert_zero(s[7] * (c(kOutV + w) - pack(lo.data())), "feed-forward: out[i] = v[i] ^ v[i + 8]");
    b.assert_zero(s[7] * (c(kOutV + 8 + w) - pack(hi.data())), "feed-forward: out[i + 8] = v[i + 8] ^ cv[i]");
  }

  // Access slots: on step k, slot j holds the access slot_plan()[k][j], tied by step flags.
  const E cv_w = c(kCvW0) + k(1 << 16) * c(kCvW1), blk_w = c(kBlkW0) + k(1 << 16) * c(kBlkW1),
          out_w = c(kOutW0) + k(1 << 16) * c(kOutW1);
  const E reads = s[0] + s[1] + s[2] + s[3] + s[4];
  const E no_ro = s[0] + s[5] + s[6] + s[7];
  const auto& plan = slot_plan();
  for (uint32_t j = 0; j < kSlots; ++j) {
    const uint32_t base = kSlot + j * kSlotWidth;
    const E mult = j < 4 ? is_real : c(kMult45);
    E addr = zero, val = zero, ts = k(4) * c(kClk);
    for (uint32_t st = 0; st < kRowsPerCall; ++st) {
      const SlotUse u = plan[st][j];
      E a = zero, x = zero;
      switch (u.kind) {
        case SlotKind::kNone:
          continue;
        case SlotKind::kReg:
          a = k(10 + u.index);
          x = u.index == 1 ? k(4) * blk_w : u.index == 6 ? k(4) * out_w : pack_cols(kState + 32 * (10 + u.index));
          break;
        case SlotKind::kCv:
          a = cv_w + k(u.index);
          x = pack_cols(kCvBits + 32 * u.index);
          break;
        case SlotKind::kBlock:
          a = blk_w + k(u.index);
          x = c(kMsg + message_column(st, u.index));
          break;
        case SlotKind::kOut:
          a = out_w + k(u.index);
          x = c(kOutV + u.index);
          break;
      }
      addr = addr + s[st] * a;
      val = val + s[st] * x;
      ts = ts + s[st] * k(slot_ts_offset(u.kind));
    }
    const E ro = c(base + kSlotRo);
    b.assert_bool(ro, "slot: ro is boolean");
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

#include "goldfinch/circuit/blake3_table_ext.h"  // IWYU pragma: export
