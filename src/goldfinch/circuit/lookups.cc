#include "goldfinch/circuit/lookups.h"

namespace goldfinch::circuit {

using air::Direction;
using air::LinearCombination;

RowMajorMatrix RangeU16Table::preprocessed_trace(size_t height) const {
  GF_CHECK(height == kHeight, "the u16 range table has 2^16 rows");
  RowMajorMatrix t(kHeight, 1);
  for (size_t r = 0; r < kHeight; ++r) t.at(r, 0) = Fp::from_u64(r);
  return t;
}

std::vector<air::Interaction> RangeU16Table::interactions() const {
  return {{kBusRange16, {LinearCombination::pre(0)}, LinearCombination::main(0), Direction::kReceive}};
}

RowMajorMatrix ByteTable::preprocessed_trace(size_t height) const {
  GF_CHECK(height == kHeight, "the byte table has 2^16 rows");
  RowMajorMatrix t(kHeight, 5);
  for (uint32_t a = 0; a < 256; ++a)
    for (uint32_t b = 0; b < 256; ++b) {
      const size_t r = a * 256 + b;
      t.at(r, 0) = Fp::from_u64(a);
      t.at(r, 1) = Fp::from_u64(b);
      t.at(r, 2) = Fp::from_u64(a & b);
      t.at(r, 3) = Fp::from_u64(a | b);
      t.at(r, 4) = Fp::from_u64(a ^ b);
    }
  return t;
}

std::vector<air::Interaction> ByteTable::interactions() const {
  auto op = [](ByteOp o) { return LinearCombination::constant_value(Fp::from_u64(o)); };
  const auto a = LinearCombination::pre(0), b = LinearCombination::pre(1);
  return {
      {kBusByte, {op(kByteAnd), a, b, LinearCombination::pre(2)}, LinearCombination::main(0), Direction::kReceive},
      {kBusByte, {op(kByteOr), a, b, LinearCombination::pre(3)}, LinearCombination::main(1), Direction::kReceive},
      {kBusByte, {op(kByteXor), a, b, LinearCombination::pre(4)}, LinearCombination::main(2), Direction::kReceive},
      {kBusByte, {op(kByteRange), a, b, LinearCombination::constant_value(Fp::zero())}, LinearCombination::main(3),
       Direction::kReceive},
  };
}

}  // namespace goldfinch::circuit
