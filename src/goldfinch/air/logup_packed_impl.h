// Bodies of the packed LogUp kernels (logup_packed.h), written once against PackedField and
// instantiated in each ISA's translation unit. Every name here is always_inline or a template
// over the packing, so instantiations for different ISAs cannot be merged by the linker.
#pragma once

#include <cstddef>
#include <cstdint>

#include "goldfinch/air/logup.h"
#include "goldfinch/air/logup_packed.h"
#include "goldfinch/field/packed.h"

namespace goldfinch::air::packed_logup {

// F_p^3 = F_p[x] / (x^3 - x - 1), one element per lane.
template <PackedField P>
struct P3 {
  P c0, c1, c2;

  GF_INLINE static P3 load(const Fp* p) {
    constexpr size_t W = P::kWidth;
    return {P::load(p), P::load(p + W), P::load(p + 2 * W)};
  }
  GF_INLINE void store(Fp* p) const {
    constexpr size_t W = P::kWidth;
    c0.store(p);
    c1.store(p + W);
    c2.store(p + 2 * W);
  }
  GF_INLINE static P3 broadcast(const Fp* k) { return {P::broadcast(k[0]), P::broadcast(k[1]), P::broadcast(k[2])}; }
  GF_INLINE static P3 base(P x) {
    const P z = P::broadcast(Fp::zero());
    return {x, z, z};
  }
  GF_INLINE friend P3 operator+(const P3& a, const P3& b) { return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
  GF_INLINE friend P3 operator-(const P3& a, const P3& b) { return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
  GF_INLINE friend P3 operator*(const P3& a, P s) { return {a.c0 * s, a.c1 * s, a.c2 * s}; }
  // The product c0..c4 with Karatsuba's six multiplications (a packed multiplication costs about
  // six additions), then x^3 = x + 1 and x^4 = x^2 + x (as Fp3::operator*, which is exact too).
  GF_INLINE friend P3 operator*(const P3& a, const P3& b) {
    const P v0 = a.c0 * b.c0, v1 = a.c1 * b.c1, v2 = a.c2 * b.c2;
    const P d1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1;       // a0 b1 + a1 b0
    const P d3 = (a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2;       // a1 b2 + a2 b1
    const P d2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1;  // a0 b2 + a1 b1 + a2 b0
    return {v0 + d3, d1 + d3 + v2, d2 + v2};
  }
};

// alpha - fingerprint of interaction i for the lanes' rows.
template <PackedField P>
GF_INLINE P3<P> denominator(const LogupProgramView& p, const Fp* values, size_t i) {
  constexpr size_t W = P::kWidth;
  P3<P> d = P3<P>::broadcast(p.den_const + 3 * i);
  for (uint32_t t = p.den_begin[i]; t < p.den_begin[i + 1]; ++t) {
    const P v = P::load(values + size_t{p.den_value[t]} * W);
    d = d + P3<P>::broadcast(p.den_coef + 3 * size_t{t}) * v;
  }
  return d;
}

// The signed multiplicity of interaction i.
template <PackedField P>
GF_INLINE P multiplicity(const LogupProgramView& p, const Fp* values, size_t i) {
  constexpr size_t W = P::kWidth;
  P m = P::broadcast(p.mult_const[i]);
  for (uint32_t t = p.mult_begin[i]; t < p.mult_begin[i + 1]; ++t)
    m = m + P::broadcast(p.mult_coef[t]) * P::load(values + size_t{p.mult_value[t]} * W);
  return m;
}

template <PackedField P>
void quotient(const LogupProgramView& p, const Fp* values, const Fp* aux, const Fp* aux_next, const Fp* sel,
              const Fp* alpha, const Fp* claimed, Fp* out) {
  constexpr size_t W = P::kWidth;
  using E = P3<P>;
  const P zero = P::broadcast(Fp::zero());
  E acc{zero, zero, zero}, helper_sum = acc, helper_next_sum = acc;
  size_t k = 0;
  for (size_t c = 0; c < p.num_helpers; ++c) {
    const size_t begin = c * kLogupChunk;
    const size_t end = begin + kLogupChunk < p.num_interactions ? begin + kLogupChunk : p.num_interactions;
    // h d0 d1 ... - sum_i m_i prod_(l != i) d_l, as eval_logup_flat builds it.
    E prod = denominator<P>(p, values, begin);
    const P m0 = multiplicity<P>(p, values, begin);
    E rhs = E::base(m0);
    if (end - begin > 1) {  // the first step with m0 as a base element: rhs = m0 d1 + d0 m1
      const E d = denominator<P>(p, values, begin + 1);
      rhs = d * m0 + prod * multiplicity<P>(p, values, begin + 1);
      prod = prod * d;
    }
    for (size_t i = begin + 2; i < end; ++i) {
      const E d = denominator<P>(p, values, i);
      rhs = rhs * d + prod * multiplicity<P>(p, values, i);
      prod = prod * d;
    }
    const E h = E::load(aux + 3 * c * W);
    acc = acc + E::broadcast(alpha + 3 * k++) * (h * prod - rhs);
    helper_sum = helper_sum + h;
    helper_next_sum = helper_next_sum + E::load(aux_next + 3 * c * W);
  }
  const size_t sc = p.num_helpers;
  const E s = E::load(aux + 3 * sc * W), s_next = E::load(aux_next + 3 * sc * W);
  const P first = P::load(sel), last = P::load(sel + W), transition = P::load(sel + 2 * W);
  acc = acc + E::broadcast(alpha + 3 * k++) * ((s - helper_sum) * first);
  acc = acc + E::broadcast(alpha + 3 * k++) * ((s_next - s - helper_next_sum) * transition);
  acc = acc + E::broadcast(alpha + 3 * k++) * ((s - E::broadcast(claimed)) * last);
  acc.store(out);
}

template <PackedField P>
void fractions(const LogupProgramView& p, const Fp* values, Fp* den, Fp* mult) {
  constexpr size_t W = P::kWidth;
  for (size_t i = 0; i < p.num_interactions; ++i) {
    denominator<P>(p, values, i).store(den + 3 * i * W);
    multiplicity<P>(p, values, i).store(mult + i * W);
  }
}

template <PackedField P>
void prefix_products(const Fp* v, size_t count, Fp* prefix, Fp* total) {
  constexpr size_t W = P::kWidth;
  using E = P3<P>;
  const P zero = P::broadcast(Fp::zero());
  E acc{P::broadcast(Fp::one()), zero, zero};
  for (size_t i = 0; i < count; ++i) {
    acc.store(prefix + 3 * i * W);
    acc = acc * E::load(v + 3 * i * W);
  }
  acc.store(total);
}

template <PackedField P>
void finish_inverse(Fp* v, const Fp* prefix, size_t count, const Fp* inv_total) {
  constexpr size_t W = P::kWidth;
  using E = P3<P>;
  E inv = E::load(inv_total);
  for (size_t i = count; i-- > 0;) {
    const E vi = E::load(v + 3 * i * W);
    (inv * E::load(prefix + 3 * i * W)).store(v + 3 * i * W);
    inv = inv * vi;
  }
}

template <PackedField P>
void helpers(const LogupProgramView& p, const Fp* inv_den, const Fp* mult, Fp* helper_out, Fp* row_sum) {
  constexpr size_t W = P::kWidth;
  using E = P3<P>;
  const P zero = P::broadcast(Fp::zero());
  E sum{zero, zero, zero};
  for (size_t c = 0; c < p.num_helpers; ++c) {
    const size_t begin = c * kLogupChunk;
    const size_t end = begin + kLogupChunk < p.num_interactions ? begin + kLogupChunk : p.num_interactions;
    E h{zero, zero, zero};
    for (size_t i = begin; i < end; ++i) h = h + E::load(inv_den + 3 * i * W) * P::load(mult + i * W);
    h.store(helper_out + 3 * c * W);
    sum = sum + h;
  }
  sum.store(row_sum);
}

template <PackedField P>
constexpr LogupKernels kernels() {
  return LogupKernels{P::kWidth, quotient<P>, fractions<P>, prefix_products<P>, finish_inverse<P>, helpers<P>};
}

}  // namespace goldfinch::air::packed_logup
