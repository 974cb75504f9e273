// The Keccak-f[1600] table of the RV32IM circuit: the circuit side of the GF_KECCAK_F precompile
// (precompile_events.h). Each call is one permutation of 24 rows, one round per row, proven bit by
// bit (theta through C, C' and A' bits, rho and pi as fixed index maps, chi and iota on A''). The
// table receives the call (kPrecompileKeccakF, clk, a0) on kBusPrecompile on the permutation's
// first row and accesses the 50 state words in memory space 1 at 4 clk + 2, three per row on its
// first 17 rows. docs/circuit_keccak.md has every column and constraint.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/circuit/precompile_events.h"

namespace goldfinch::circuit {

namespace keccak {

inline constexpr uint32_t kRounds = 24;
inline constexpr uint32_t kSlots = 3;     // memory words accessed per row: word j = 3 step + slot
inline constexpr uint32_t kWords = 50;    // the state's u32 words
inline constexpr uint32_t kSlotCols = 6;  // per slot: before, after, ts_prev, ts_lo, ts_hi, mult
inline constexpr uint32_t kSlotBefore = 0, kSlotAfter = 1, kSlotTsPrev = 2, kSlotTsLo = 3, kSlotTsHi = 4, kSlotMult = 5;

// Column layout. Lane i = A[x, y] with i = x + 5 y; limb k of a lane holds its bits 16 k .. 16 k + 15.
enum Col : uint32_t {
  kStep = 0,                  // 24 step flags: step r on row r of the permutation
  kIsReal = kStep + kRounds,  // 1 on the rows of a call, constant within a permutation
  kClk,                       // the call's cycle
  kH0,                        // a0 = 8 (h0 + 2^16 h1)
  kH1,
  kCall,                      // is_real * step[0]: receives the call
  kA,                         // 100: the round's input state, A[i] limb k at kA + 4 i + k
  kC = kA + 100,              // 320: C[x] bit z at kC + 64 x + z (column parities of A)
  kCp = kC + 320,             // 320: C'[x] = C[x] ^ C[x - 1] ^ rot(C[x + 1], 1)
  kAp = kCp + 320,            // 1600: A'[i] bit z at kAp + 64 i + z (A after theta)
  kApp = kAp + 1600,          // 100: A'' limbs (after rho, pi, chi)
  kApp00Bits = kApp + 100,    // 64: the bits of A''[0, 0]
  kAppp00 = kApp00Bits + 64,  // 4: A'''[0, 0] limbs (after iota); the round output's lane 0
  kPre = kAppp00 + 4,         // 100: the permutation's input, constant within a permutation
  kPost = kPre + 100,         // 100: the permutation's output, constant within a permutation
  kSlot = kPost + 100,        // kSlots * kSlotCols: the memory accesses of this row
  kNumCols = kSlot + kSlots * kSlotCols,
};

// The column of limb k of lane i of the round's output.
inline constexpr uint32_t out_col(uint32_t lane, uint32_t limb) {
  return lane == 0 ? kAppp00 + limb : kApp + 4 * lane + limb;
}

// Round constants and rotation offsets (FIPS 202), and the pi map: lane i of B = rho-pi(A') is
// lane pi_src(i) of A', rotated left by rho(pi_src(i)).
uint64_t round_constant(uint32_t round);
uint32_t rho_offset(uint32_t lane);
uint32_t pi_source(uint32_t lane);

}  // namespace keccak

class KeccakTable : public air::AirBase<KeccakTable> {
 public:
  std::string name() const override { return "keccak_f"; }
  size_t width() const override { return keccak::kNumCols; }
  // A run without Keccak-f calls leaves the table out of its proof (it has no rows).
  bool optional() const override { return true; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;

  // One permutation per event, then honest permutations of the zero state with is_real = 0 up to
  // the next power of two >= 24 n + 1 rows (at least 32). The pre- and postimage columns and the
  // words sent to memory are the event's `before` and `after`: an `after` that is not
  // keccak_f1600(before) gives a witness the constraints reject.
  static RowMajorMatrix trace(std::span<const KeccakEvent> events, LookupCounts& counts);
  static size_t height_for(size_t permutations);
  // Fills the round columns (step flags, A, C, C', A', A'', A''[0,0] bits, A'''[0,0]) of `row`
  // for round `round` on input `state`, and replaces `state` by the round's output.
  static void fill_round(std::span<Fp> row, uint32_t round, std::array<uint64_t, 25>& state);
};

template <class B>
void KeccakTable::eval(B& b) const {
  using namespace keccak;
  using E = typename B::Expr;
  auto c = [&](uint32_t col) { return b.main(col); };
  auto n = [&](uint32_t col) { return b.main_next(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1), two = k(2);
  auto xor2 = [&](const E& x, const E& y) { return x + y - two * x * y; };
  auto xor3 = [&](const E& x, const E& y, const E& z) { return xor2(xor2(x, y), z); };
  auto rot_x = [](uint32_t x, int d) { return (x + 5 + d) % 5; };

  // Step flags: one-hot step 0 on the first row, rotating by one each row (so one-hot everywhere).
  for (uint32_t r = 0; r < kRounds; ++r) {
    b.assert_zero_first_row(c(kStep + r) - (r == 0 ? one : k(0)), "step flags start at step 0");
    b.assert_zero_transition(n(kStep + (r + 1) % kRounds) - c(kStep + r), "step flags rotate");
  }
  const E step0 = c(kStep), last = c(kStep + kRounds - 1);
  const E not_last = one - last;

  // Theta. C and C' bits, and the C' relation C'[x] = C[x] ^ C[x - 1] ^ rot(C[x + 1], 1).
  for (uint32_t i = 0; i < 320; ++i) {
    b.assert_bool(c(kC + i), "C bit is boolean");
    b.assert_bool(c(kCp + i), "C' bit is boolean");
  }
  for (uint32_t x = 0; x < 5; ++x)
    for (uint32_t z = 0; z < 64; ++z)
      b.assert_zero(c(kCp + 64 * x + z) - xor3(c(kC + 64 * x + z), c(kC + 64 * rot_x(x, -1) + z),
                                               c(kC + 64 * rot_x(x, 1) + (z + 63) % 64)),
                    "C' = C[x] ^ C[x-1] ^ rot(C[x+1], 1)");
  // A' = A ^ C ^ C' (= A ^ D): the parity of the column sum of A' is C' (D appears 5 times)...
  for (uint32_t i = 0; i < 1600; ++i) b.assert_bool(c(kAp + i), "A' bit is boolean");
  for (uint32_t x = 0; x < 5; ++x)
    for (uint32_t z = 0; z < 64; ++z) {
      E diff = k(0) - c(kCp + 64 * x + z);
      for (uint32_t y = 0; y < 5; ++y) diff = diff + c(kAp + 64 * (x + 5 * y) + z);
      b.assert_zero(diff * (diff - two) * (diff - k(4)), "column parity of A' is C'");
    }
  // ...and A's limbs are the xors A' ^ C ^ C' recomposed (which pins A' given A, C and C', and C
  // as A's column parity; and proves every limb of A 16-bit).
  for (uint32_t i = 0; i < 25; ++i) {
    const uint32_t x = i % 5;
    for (uint32_t l = 0; l < 4; ++l) {
      E acc = k(0);
      for (uint32_t j = 0; j < 16; ++j) {
        const uint32_t z = 16 * l + j;
        acc = acc + k(uint64_t{1} << j) * xor3(c(kAp + 64 * i + z), c(kC + 64 * x + z), c(kCp + 64 * x + z));
      }
      b.assert_zero(c(kA + 4 * i + l) - acc, "A limb = A' ^ C ^ C' bits");
    }
  }
  // Rho and pi (index maps), chi: A''[x, y] = B[x, y] ^ (~B[x + 1, y] & B[x + 2, y]).
  auto bbit = [&](uint32_t lane, uint32_t z) {
    const uint32_t src = pi_source(lane);
    return c(kAp + 64 * src + (z + 64 - rho_offset(src)) % 64);
  };
  for (uint32_t i = 0; i < 25; ++i) {
    const uint32_t x = i % 5, y = i / 5;
    for (uint32_t l = 0; l < 4; ++l) {
      E acc = k(0);
      for (uint32_t j = 0; j < 16; ++j) {
        const uint32_t z = 16 * l + j;
        const E bn = bbit((x + 1) % 5 + 5 * y, z), bnn = bbit((x + 2) % 5 + 5 * y, z);
        acc = acc + k(uint64_t{1} << j) * xor2(bbit(i, z), (one - bn) * bnn);
      }
      b.assert_zero(c(kApp + 4 * i + l) - acc, "A'' limb = chi");
    }
  }
  // Iota on lane 0: A''[0,0] bits (boolean, recomposing its limbs), xored with the round constant
  // of the step (a linear combination of the step flags).
  for (uint32_t z = 0; z < 64; ++z) b.assert_bool(c(kApp00Bits + z), "A''[0,0] bit is boolean");
  for (uint32_t l = 0; l < 4; ++l) {
    E acc = k(0), acc_out = k(0);
    for (uint32_t j = 0; j < 16; ++j) {
      const uint32_t z = 16 * l + j;
      E rc = k(0);
      for (uint32_t r = 0; r < kRounds; ++r)
        if ((round_constant(r) >> z) & 1) rc = rc + c(kStep + r);
      acc = acc + k(uint64_t{1} << j) * c(kApp00Bits + z);
      acc_out = acc_out + k(uint64_t{1} << j) * xor2(c(kApp00Bits + z), rc);
    }
    b.assert_zero(c(kApp + l) - acc, "A''[0,0] limb = its bits");
    b.assert_zero(c(kAppp00 + l) - acc_out, "A'''[0,0] = A''[0,0] ^ round constant");
  }

  // The permutation: step 0's input is the preimage, step r + 1's input is step r's output, and
  // on real permutations the postimage is step 23's output (0 on padding).
  const E is_real = c(kIsReal);
  b.assert_bool(is_real, "is_real is boolean");
  for (uint32_t i = 0; i < 100; ++i) {
    const uint32_t lane = i / 4, limb = i % 4;
    b.assert_zero(step0 * (c(kA + i) - c(kPre + i)), "step 0 input = preimage");
    b.assert_zero_transition(not_last * (n(kA + i) - c(out_col(lane, limb))), "next round input = this round output");
    b.assert_zero_transition(not_last * (n(kPre + i) - c(kPre + i)), "preimage constant within a permutation");
    b.assert_zero_transition(not_last * (n(kPost + i) - c(kPost + i)), "postimage constant within a permutation");
    b.assert_zero(is_real * last * (c(kPost + i) - c(out_col(lane, limb))), "postimage = step 23 output");
    b.assert_zero((one - is_real) * c(kPost + i), "padding postimage is 0");
  }
  // The call: is_real, clk and a0 constant within a permutation; 0 on padding; a real permutation
  // is never cut off by the end of the trace (is_real = 0 on the last row).
  for (uint32_t col : {kIsReal, kClk, kH0, kH1})
    b.assert_zero_transition(not_last * (n(col) - c(col)), "call columns constant within a permutation");
  for (uint32_t col : {kClk, kH0, kH1}) b.assert_zero((one - is_real) * c(col), "padding call columns are 0");
  b.assert_zero_last_row(is_real, "is_real is 0 on the last row");
  b.assert_zero(c(kCall) - is_real * step0, "call = is_real * step 0");

  // Memory slots: slot s of step r is word 3 r + s (when < 50): before = its preimage limbs,
  // after = its postimage limbs, multiplicity = is_real when used, the timestamp gap in limbs.
  const E ts = k(4) * c(kClk) + two;
  for (uint32_t s = 0; s < kSlots; ++s) {
    const uint32_t base = kSlot + kSlotCols * s;
    E used = k(0), before = k(0), after = k(0);
    for (uint32_t r = 0; r < kRounds; ++r) {
      const uint32_t j = kSlots * r + s;
      if (j >= kWords) continue;
      used = used + c(kStep + r);
      before = before + c(kStep + r) * (c(kPre + 2 * j) + k(1 << 16) * c(kPre + 2 * j + 1));
      after = after + c(kStep + r) * (c(kPost + 2 * j) + k(1 << 16) * c(kPost + 2 * j + 1));
    }
    const E mult = c(base + kSlotMult);
    b.assert_zero(mult - is_real * used, "slot multiplicity = is_real * slot used");
    b.assert_zero(c(base + kSlotBefore) - before, "slot word before = preimage limbs");
    b.assert_zero(c(base + kSlotAfter) - after, "slot word after = postimage limbs");
    b.assert_zero(mult * (ts - c(base + kSlotTsPrev) - one - c(base + kSlotTsLo) - k(1 << 16) * c(base + kSlotTsHi)),
                  "slot word accessed after its last access");
    for (uint32_t col : {kSlotTsPrev, kSlotTsLo, kSlotTsHi})
      b.assert_zero((one - mult) * c(base + col), "unused slot timestamps are 0");
  }
}

}  // namespace goldfinch::circuit
