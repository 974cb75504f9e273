#include "goldfinch/multiset/gfp5.h"

namespace goldfinch::multiset {
namespace {

constexpr uint64_t kP = Fp::kModulus;
constexpr uint64_t kQ = 0xFFFFFFFFull;  // p - 1 = 2^32 * kQ

// gamma[i] = 3^(i (p-1)/5): (z^i)^p = gamma[i] z^i.
constexpr std::array<Fp, 5> frobenius_gammas() {
  const Fp g = Fp::from_canonical(Fp5::kNonResidue).pow((kP - 1) / 5);
  std::array<Fp, 5> out{};
  Fp acc = Fp::one();
  for (auto& x : out) {
    x = acc;
    acc *= g;
  }
  return out;
}
constexpr std::array<Fp, 5> kGamma = frobenius_gammas();

// The constant coefficient of a * b, when a * b is known to lie in F_p.
Fp mul_const_coeff(const Fp5& a, const Fp5& b) {
  const Fp w = Fp::from_canonical(Fp5::kNonResidue);
  return a[0] * b[0] + w * (a[1] * b[4] + a[2] * b[3] + a[3] * b[2] + a[4] * b[1]);
}

// x^(p + p^2 + p^3 + p^4) with three multiplications (the EcGFp5 paper's chain).
Fp5 conjugate_product(const Fp5& x) {
  const Fp5 t0 = x.frobenius(1);        // x^p
  const Fp5 t1 = t0 * t0.frobenius(1);  // x^(p + p^2)
  return t1 * t1.frobenius(2);          // x^(p + p^2 + p^3 + p^4)
}

}  // namespace

int fp_legendre(Fp x) {
  const Fp l = x.pow((kP - 1) / 2);
  if (l.is_zero()) return 0;
  return l == Fp::one() ? 1 : -1;
}

std::optional<Fp> fp_sqrt(Fp x) {
  if (x.is_zero()) return Fp::zero();
  if (fp_legendre(x) != 1) return std::nullopt;
  // Tonelli–Shanks: invariant r^2 = x t, t of order dividing 2^m, c of order 2^m.
  unsigned m = Fp::kTwoAdicity;
  Fp c = Fp::from_canonical(Fp::kTwoAdicGenerator);
  Fp t = x.pow(kQ);
  Fp r = x.pow((kQ + 1) / 2);
  while (t != Fp::one()) {
    unsigned i = 0;
    for (Fp s = t; s != Fp::one(); s = s.square()) ++i;
    GF_CHECK(i < m, "Tonelli-Shanks: order of t did not shrink");
    const Fp b = c.exp_pow2(m - i - 1);
    m = i;
    c = b.square();
    t *= c;
    r *= b;
  }
  return r;
}

Fp5 Fp5::pow(std::span<const uint64_t> e_le) const {
  Fp5 acc = one();
  for (size_t limb = e_le.size(); limb-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      acc = acc.square();
      if ((e_le[limb] >> bit) & 1) acc *= *this;
    }
  }
  return acc;
}

Fp5 Fp5::frobenius(unsigned k) const {
  k %= 5;
  Fp5 out = *this;
  for (size_t i = 1; i < 5; ++i) out.c_[i] = c_[i] * kGamma[i].pow(k);
  return out;
}

Fp Fp5::norm() const { return mul_const_coeff(*this, conjugate_product(*this)); }

Fp5 Fp5::inverse() const {
  const Fp5 t = conjugate_product(*this);
  const Fp n = mul_const_coeff(*this, t);
  return t * n.inverse();  // n = 0 only for x = 0, and then t = 0 too
}

int Fp5::legendre() const { return fp_legendre(norm()); }

std::optional<Fp5> Fp5::sqrt() const {
  // x = x^r / x^(r-1) with r = 1 + p + ... + p^4, so sqrt(x) = sqrt(x^r) / x^((r-1)/2), and
  // x^r = N(x) is in F_p. (r-1)/2 = p (1 + p^2) (p+1)/2, so e = frob1(d frob2(d)) with
  // d = x^((p+1)/2).
  if (is_zero()) return zero();
  const uint64_t half_p_plus_1 = (kP - 1) / 2 + 1;
  const Fp5 d = pow(half_p_plus_1);
  const Fp5 e = (d * d.frobenius(2)).frobenius(1);  // x^((r-1)/2)
  const Fp g = mul_const_coeff(*this, e.square());   // x^r
  const std::optional<Fp> s = fp_sqrt(g);
  if (!s) return std::nullopt;
  return e.inverse() * *s;
}

void Fp5::to_bytes(uint8_t out[kBytes]) const {
  for (size_t i = 0; i < 5; ++i) c_[i].to_bytes(out + 8 * i);
}

Result<Fp5> Fp5::from_bytes(std::span<const uint8_t> in) {
  if (in.size() < kBytes) return Error{ErrorCode::kTruncated, "GF(p^5) element", kBytes, in.size()};
  if (in.size() > kBytes) return Error{ErrorCode::kTrailingBytes, "GF(p^5) element", kBytes, in.size()};
  Fp5 out;
  for (size_t i = 0; i < 5; ++i) {
    Result<Fp> c = Fp::from_bytes(in.data() + 8 * i);
    if (!c.ok()) return Error{ErrorCode::kNonCanonical, "GF(p^5) coefficient >= p", Fp::kModulus - 1, c.error().got};
    out.c_[i] = *c;
  }
  return out;
}

}  // namespace goldfinch::multiset
