// Batch values 1 / (x_i - z) for many base-field x_i and one fixed z in F_p^3 \ F_p, the inner
// step of DEEP quotients and barycentric evaluation. With z1 = z^p and z2 = z^(p^2) (z's
// conjugates), m(X) = (X - z)(X - z1)(X - z2) has base-field coefficients, so
//   1 / (x - z) = (x - z1)(x - z2) / m(x) = (x^2 - s x + t) / m(x),  s = z1 + z2, t = z1 z2,
// which needs one base-field inversion per point (batched) instead of an F_p^3 inversion.
#pragma once

#include <span>
#include <vector>

#include "goldfinch/field/ext3.h"

namespace goldfinch {

class PointInverter {
 public:
  explicit PointInverter(const Fp3& z) {
    GF_CHECK(!z.is_base(), "PointInverter needs z outside the base field");
    const Fp3 z1 = z.pow(Fp::kModulus), z2 = z1.pow(Fp::kModulus);
    s_ = z1 + z2;
    t_ = z1 * z2;
    const Fp3 e1 = z + s_, e2 = z * s_ + t_, e3 = z * t_;
    GF_CHECK(e1.is_base() && e2.is_base() && e3.is_base(), "minimal polynomial of z is not over F_p");
    e1_ = e1[0];
    e2_ = e2[0];
    e3_ = e3[0];
  }

  // out[i] = 1 / (xs[i] - z). `scratch` holds xs.size() base elements.
  void invert(std::span<const Fp> xs, std::span<Fp3> out, std::span<Fp> scratch) const {
    for (size_t i = 0; i < xs.size(); ++i) {
      const Fp x = xs[i];
      scratch[i] = ((x - e1_) * x + e2_) * x - e3_;  // m(x) = x^3 - e1 x^2 + e2 x - e3
    }
    batch_inverse(scratch.first(xs.size()));
    for (size_t i = 0; i < xs.size(); ++i) {
      const Fp x = xs[i];
      const Fp3 num = Fp3(x * x) - s_ * x + t_;
      out[i] = num * scratch[i];
    }
  }

 private:
  Fp3 s_, t_;
  Fp e1_, e2_, e3_;
};

}  // namespace goldfinch
