#include "goldfinch/multiset/air/hash_to_curve_table.h"

#include <algorithm>

namespace goldfinch::multiset {

using namespace h2c;

void HashToCurveTable::fill_row(std::span<Fp> row, const HashToCurveRow& r, bool real, circuit::LookupCounts* counts) {
  GF_CHECK(row.size() == kNumCols, "hash-to-curve row width");
  const HashToCurveWitness& w = r.w;
  row[kIsSend] = Fp::from_u64(real && r.send);
  row[kIsReceive] = Fp::from_u64(real && !r.send);
  for (uint32_t i = 0; i < kTableTupleLen; ++i) row[kT0 + i] = r.tuple[i];
  row[kK] = w.counter;
  Poseidon2State s = hash_to_curve_input(r.tuple, w.counter.value());
  poseidon2_permute(s);
  for (uint32_t i = 0; i < Fp5::kDegree; ++i) {
    GF_CHECK(s[i] == w.x[i], "hash-to-curve witness x is not the permutation output");
    row[kX0 + i] = w.x[i];
    row[kY0 + i] = w.y[i];
  }
  row[kS5] = s[5];
  row[kS6] = s[6];
  row[kS7] = s[7];
  row[kY0Inv] = w.y0_inv;
  const uint64_t half = w.y0_lo_half.value(), hi = w.y0_hi.value();
  GF_CHECK(half < (uint64_t{1} << 31) && hi < (uint64_t{1} << 32), "hash-to-curve sign limbs out of range");
  row[kHalfLo] = Fp::from_u64(half & 0xFFFF);
  row[kHalfHi] = Fp::from_u64(half >> 16);
  row[kHiLo] = Fp::from_u64(hi & 0xFFFF);
  row[kHiHi] = Fp::from_u64(hi >> 16);
  const Fp e = w.y0_hi - Fp::from_u64(0xFFFFFFFFull);
  row[kCanonInv] = e.is_zero() ? Fp::zero() : e.inverse();
  if (real && counts) {
    for (uint64_t v : {half & 0xFFFF, half >> 16, (half >> 16) * 2, hi & 0xFFFF, hi >> 16, w.counter.value(),
                       w.counter.value() * 256})
      counts->range16(static_cast<uint32_t>(v));
  }
}

RowMajorMatrix HashToCurveTable::trace(std::span<const HashToCurveRow> rows, const HashToCurveRow& padding, size_t height,
                                       circuit::LookupCounts& counts) {
  GF_CHECK(rows.size() <= height, "hash-to-curve trace: more rows than the height");
  RowMajorMatrix t(height, kNumCols);
  std::vector<Fp> pad(kNumCols);
  fill_row(pad, padding, false, nullptr);
  for (size_t r = 0; r < height; ++r) {
    if (r < rows.size()) fill_row(t.row(r), rows[r], true, &counts);
    else std::copy(pad.begin(), pad.end(), t.row(r).begin());
  }
  return t;
}

}  // namespace goldfinch::multiset
