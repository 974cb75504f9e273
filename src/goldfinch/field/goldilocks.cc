#include "goldfinch/field/goldilocks.h"

#include <vector>

namespace goldfinch {

void batch_inverse(std::span<Fp> v, std::span<Fp> scratch) {
  GF_CHECK(scratch.size() >= v.size(), "batch_inverse scratch too small");
  const size_t n = v.size();
  Fp acc = Fp::one();
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = acc;  // product of the non-zero elements before i
    if (!v[i].is_zero()) acc *= v[i];
  }
  Fp inv = acc.inverse();
  for (size_t i = n; i-- > 0;) {
    if (v[i].is_zero()) continue;
    const Fp vi = v[i];
    v[i] = inv * scratch[i];
    inv *= vi;
  }
}

void batch_inverse(std::span<Fp> v) {
  std::vector<Fp> scratch(v.size());
  batch_inverse(v, scratch);
}

}  // namespace goldfinch
