// Witness generation (the prover side) of divrem_chip.h; the AIR itself (interactions, constants,
// preprocessed columns) is in divrem_chip.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/divrem_chip.h"

#include "goldfinch/base/check.h"

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::LinearCombination;

namespace {

bool is_signed_op(AluOp op) { return op == kDiv || op == kRem; }

}  // namespace

DivRemClaim DivRemChip::honest_claim(AluOp op, uint32_t a, uint32_t b) {
  GF_CHECK(handles(op), "DivRemChip given a non-division op");
  const bool sgn = is_signed_op(op);
  const int64_t A = sgn ? static_cast<int32_t>(a) : static_cast<int64_t>(a);
  const int64_t B = sgn ? static_cast<int32_t>(b) : static_cast<int64_t>(b);
  int64_t Q, R;
  if (B == 0) {
    Q = sgn ? -1 : 0xFFFFFFFFll;  // q = 2^32 - 1 either way; R = A
    R = A;
  } else {
    Q = A / B;  // C++ truncates toward zero; INT_MIN / -1 = 2^31 is fine in 64 bits
    R = A % B;
  }
  DivRemClaim c;
  c.q = static_cast<uint32_t>(Q);
  c.r = static_cast<uint32_t>(R);
  c.q_neg = Q < 0;
  c.r_neg = R < 0;
  c.b_zero = B == 0;
  return c;
}

void DivRemChip::fill_row(std::span<Fp> row, const AluEvent& e, const DivRemClaim& claim, LookupCounts& counts) {
  GF_CHECK(row.size() == kWidth, "DivRemChip row width");
  GF_CHECK(handles(e.op), "DivRemChip given a non-division op");
  const bool sgn = is_signed_op(e.op);
  const int64_t a0 = e.a & 0xFFFF, a1 = e.a >> 16, b0 = e.b & 0xFFFF, b1 = e.b >> 16;
  const int64_t q0 = claim.q & 0xFFFF, q1 = claim.q >> 16;
  // Carry out of the low word (exact for an honest claim; floor otherwise).
  const __int128 low = static_cast<__int128>(q0 * b0) + (static_cast<__int128>(q0 * b1 + q1 * b0) << 16) +
                       static_cast<__int128>(claim.r) - static_cast<__int128>(e.a);
  const int64_t carry = static_cast<int64_t>(low >> 32);
  // |B| + 2^32 b_zero - |R| - 1, kept as its low 32 bits.
  const bool eb = sgn && (e.b >> 31);
  const int64_t abs_b = eb ? (1ll << 32) - e.b : e.b;
  const int64_t abs_r = claim.r_neg ? (1ll << 32) - claim.r : claim.r;
  const uint64_t diff = static_cast<uint64_t>(abs_b + (claim.b_zero ? 1ll << 32 : 0) - abs_r - 1) & 0xFFFFFFFFu;
  const bool returns_q = e.op == kDiv || e.op == kDivu;

  const Col sel = e.op == kDiv ? kIsDiv : e.op == kDivu ? kIsDivu : e.op == kRem ? kIsRem : kIsRemu;
  for (auto& v : row) v = Fp::zero();
  row[sel] = Fp::one();
  const int64_t values[kWidth] = {0, 0, 0, 0, a0, a1, e.a >> 31, b0, b1, e.b >> 31, q0, q1, claim.q_neg,
                                  claim.r & 0xFFFF, claim.r >> 16, claim.r_neg, returns_q ? claim.q : claim.r,
                                  claim.b_zero, carry & 0xFFFF, carry >> 16,
                                  static_cast<int64_t>(diff & 0xFFFF), static_cast<int64_t>(diff >> 16)};
  for (uint32_t c = kA0; c < kWidth; ++c) row[c] = Fp::from_i64(values[c]);
  for (uint32_t c : {kA0, kA1, kB0, kB1, kQ0, kQ1, kR0, kR1, kCarryLo, kD0, kD1})
    counts.range16(static_cast<uint32_t>(values[c]));
  counts.range16(static_cast<uint32_t>((a1 << 1) & 0xFFFF));
  counts.range16(static_cast<uint32_t>((b1 << 1) & 0xFFFF));
}

RowMajorMatrix DivRemChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  size_t n = 4;
  while (n < events.size()) n *= 2;
  RowMajorMatrix t(n, kWidth);
  for (size_t r = 0; r < events.size(); ++r)
    fill_row(t.row(r), events[r], honest_claim(events[r].op, events[r].a, events[r].b), counts);
  return t;
}

}  // namespace goldfinch::circuit
