#include "goldfinch/air/example_airs.h"

#include <random>

namespace goldfinch::air::examples {

RowMajorMatrix FibonacciAir::trace(size_t n, Fp a0, Fp b0, std::vector<Fp>* public_values) {
  RowMajorMatrix t(n, 2);
  Fp a = a0, b = b0;
  for (size_t r = 0; r < n; ++r) {
    t.at(r, 0) = a;
    t.at(r, 1) = b;
    const Fp next = a + b;
    a = b;
    b = next;
  }
  *public_values = {a0, b0, t.at(n - 1, 1)};
  return t;
}

RowMajorMatrix U16TableAir::preprocessed_trace(size_t height) const {
  GF_CHECK(height == kHeight, "the u16 table has exactly 2^16 rows");
  RowMajorMatrix t(height, 1);
  for (size_t r = 0; r < height; ++r) t.at(r, 0) = Fp::from_u64(r);
  return t;
}

RowMajorMatrix U16TableAir::multiplicities(const RowMajorMatrix& checked_values) {
  RowMajorMatrix m(kHeight, 1);
  for (size_t r = 0; r < checked_values.height(); ++r) {
    const uint64_t v = checked_values.at(r, 0).value();
    GF_CHECK(v < kHeight, "value is not 16-bit");
    m.at(v, 0) += Fp::one();
  }
  return m;
}

RowMajorMatrix PublicOutputAir::trace(std::span<const uint64_t> values, std::vector<Fp>* public_values) {
  size_t height = 4;
  while (height < values.size()) height *= 2;
  RowMajorMatrix t(height, 3);
  public_values->clear();
  for (size_t i = 0; i < values.size(); ++i) {
    t.at(i, 0) = Fp::one();
    t.at(i, 1) = Fp::from_u64(i);
    t.at(i, 2) = Fp::from_u64(values[i]);
    public_values->push_back(Fp::from_u64(values[i]));
  }
  return t;
}

RowMajorMatrix SyntheticAir::trace(size_t height, uint64_t seed) const {
  RowMajorMatrix t(height, width_);
  std::mt19937_64 rng(seed);
  t.at(0, 0) = Fp::one();
  for (size_t i = 1; i < width_; ++i) t.at(0, i) = Fp::from_u64(rng());
  for (size_t r = 1; r < height; ++r)
    for (size_t i = 0; i < width_; ++i) {
      const Fp x = t.at(r - 1, i);
      t.at(r, i) = x * x * x + t.at(r - 1, (i + 1) % width_);
    }
  return t;
}

}  // namespace goldfinch::air::examples
