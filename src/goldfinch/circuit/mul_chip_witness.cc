// Witness generation (the prover side) of mul_chip.h; the AIR itself (interactions, constants,
// preprocessed columns) is in mul_chip.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/mul_chip.h"

#include "goldfinch/base/check.h"

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::LinearCombination;

void MulChip::fill_row(std::span<Fp> row, const AluEvent& e, LookupCounts& counts) {
  GF_CHECK(row.size() == kWidth, "MulChip row width");
  GF_CHECK(handles(e.op), "MulChip given a non-multiply op");
  const bool signed_a = e.op == kMulh || e.op == kMulhsu, signed_b = e.op == kMulh;
  const __int128 sa = signed_a ? static_cast<int32_t>(e.a) : static_cast<__int128>(e.a);
  const __int128 sb = signed_b ? static_cast<int32_t>(e.b) : static_cast<__int128>(e.b);
  const __int128 product = sa * sb;  // |product| < 2^64
  const uint64_t low = static_cast<uint64_t>(product) & 0xFFFFFFFFu;
  const __int128 high_full = (product - static_cast<__int128>(low)) >> 32;  // floor(product / 2^32)
  const uint64_t high = static_cast<uint64_t>(high_full) & 0xFFFFFFFFu;
  const uint64_t a0 = e.a & 0xFFFF, a1 = e.a >> 16, b0 = e.b & 0xFFFF, b1 = e.b >> 16;
  const uint64_t low_sum = a0 * b0 + ((a0 * b1 + a1 * b0) << 16);
  GF_CHECK((low_sum - low) % (1ull << 32) == 0, "MulChip low word");
  const uint64_t carry = (low_sum - low) >> 32;
  const uint64_t res = e.op == kMul ? low : high, oth = e.op == kMul ? high : low;

  for (auto& v : row) v = Fp::zero();
  const Col sel = e.op == kMul ? kIsMul : e.op == kMulh ? kIsMulh : e.op == kMulhsu ? kIsMulhsu : kIsMulhu;
  row[sel] = Fp::one();
  const uint64_t values[kWidth] = {0, 0, 0, 0, a0, a1, e.a >> 31, b0, b1, e.b >> 31, res & 0xFFFF, res >> 16,
                                   oth & 0xFFFF, oth >> 16, carry & 0xFFFF, carry >> 16, high_full < 0 ? 1u : 0u};
  for (uint32_t c = kA0; c < kWidth; ++c) row[c] = Fp::from_u64(values[c]);
  for (uint32_t c : {kA0, kA1, kB0, kB1, kRes0, kRes1, kOth0, kOth1, kCarryLo})
    counts.range16(static_cast<uint32_t>(values[c]));
  counts.range16(static_cast<uint32_t>((a1 << 1) & 0xFFFF));
  counts.range16(static_cast<uint32_t>((b1 << 1) & 0xFFFF));
}

RowMajorMatrix MulChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  size_t n = 4;
  while (n < events.size()) n *= 2;
  RowMajorMatrix t(n, kWidth);
  for (size_t r = 0; r < events.size(); ++r) fill_row(t.row(r), events[r], counts);
  return t;
}

}  // namespace goldfinch::circuit
