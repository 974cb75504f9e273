// Witness generation (the prover side) of lookups.h; the AIR itself (interactions, constants,
// preprocessed columns) is in lookups.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/lookups.h"

namespace goldfinch::circuit {

using air::Direction;
using air::LinearCombination;

RowMajorMatrix RangeU16Table::trace(const LookupCounts& counts) {
  RowMajorMatrix t(kHeight, 1);
  for (size_t r = 0; r < kHeight; ++r) t.at(r, 0) = Fp::from_u64(counts.range16_count(static_cast<uint32_t>(r)));
  return t;
}

RowMajorMatrix ByteTable::trace(const LookupCounts& counts) {
  RowMajorMatrix t(kHeight, 4);
  for (uint32_t a = 0; a < 256; ++a)
    for (uint32_t b = 0; b < 256; ++b) {
      const size_t r = a * 256 + b;
      for (uint32_t k = 0; k < 4; ++k)
        t.at(r, k) = Fp::from_u64(counts.byte_count(static_cast<ByteOp>(k + 1), a, b));
    }
  return t;
}

}  // namespace goldfinch::circuit
