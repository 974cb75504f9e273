#include "goldfinch/multiset/hash_to_curve.h"

#include <algorithm>

namespace goldfinch::multiset {
namespace {

constexpr uint64_t kTwo32 = uint64_t{1} << 32;

// The sign-rule decomposition of y0 (assumed canonical and non-zero).
void fill_sign_cells(HashToCurveWitness& w) {
  const uint64_t y0 = w.y[0].value();
  w.y0_inv = w.y[0].inverse();
  w.y0_lo = Fp::from_canonical(y0 & (kTwo32 - 1));
  w.y0_hi = Fp::from_canonical(y0 >> 32);
  w.y0_lo_half = Fp::from_canonical((y0 & (kTwo32 - 1)) >> 1);
}

}  // namespace

Poseidon2State hash_to_curve_input(std::span<const Fp> tuple, uint64_t counter) {
  GF_CHECK(tuple.size() <= kMaxTupleLen, "hash_to_curve tuple longer than kMaxTupleLen");
  Poseidon2State s{};
  for (size_t i = 0; i < tuple.size(); ++i) s[i] = tuple[i];
  s[4] = Fp::from_u64(counter);
  s[5] = Fp::from_canonical(tuple.size());
  s[6] = Fp::zero();
  s[7] = Fp::from_canonical(kHashToCurveDomain);
  return s;
}

Fp5 hash_to_curve_x(std::span<const Fp> tuple, uint64_t counter) {
  Poseidon2State s = hash_to_curve_input(tuple, counter);
  poseidon2_permute(s);
  return {s[0], s[1], s[2], s[3], s[4]};
}

Result<HashToCurveWitness> hash_to_curve_witness(std::span<const Fp> tuple) {
  if (tuple.size() > kMaxTupleLen)
    return Error{ErrorCode::kInvalidArgument, "hash_to_curve tuple too long", kMaxTupleLen, tuple.size()};
  for (uint64_t k = 0; k < kMaxCounter; ++k) {
    HashToCurveWitness w;
    w.counter = Fp::from_canonical(k);
    w.x = hash_to_curve_x(tuple, k);
    const std::optional<Fp5> root = curve_rhs(w.x).sqrt();
    if (!root || (*root)[0].is_zero()) continue;  // no root, or y0 = 0 where the sign is undefined
    w.y = (*root)[0].value() % 2 == 0 ? *root : -*root;
    fill_sign_cells(w);
    return w;
  }
  return Error{ErrorCode::kMismatch, "hash_to_curve: no counter below kMaxCounter", kMaxCounter, kMaxCounter};
}

Result<Point> hash_to_curve(std::span<const Fp> tuple) {
  Result<HashToCurveWitness> w = hash_to_curve_witness(tuple);
  if (!w.ok()) return w.error();
  return witness_point(*w);
}

Error check_hash_to_curve(std::span<const Fp> tuple, const HashToCurveWitness& w) {
  if (tuple.size() > kMaxTupleLen)
    return {ErrorCode::kInvalidArgument, "hash_to_curve tuple too long", kMaxTupleLen, tuple.size()};
  if (w.counter.value() >= kMaxCounter)
    return {ErrorCode::kInvalidArgument, "hash_to_curve counter out of range", kMaxCounter - 1, w.counter.value()};
  if (w.x != hash_to_curve_x(tuple, w.counter.value()))
    return {ErrorCode::kMismatch, "hash_to_curve x is not the Poseidon2 output at the counter", 0, 0};
  if (w.y.square() != curve_rhs(w.x))
    return {ErrorCode::kMismatch, "hash_to_curve y^2 != x^3 + A x + B", 0, 0};
  if (w.y[0] * w.y0_inv != Fp::one())
    return {ErrorCode::kMismatch, "hash_to_curve y0 has no inverse (y0 = 0)", 1, (w.y[0] * w.y0_inv).value()};
  if (w.y0_lo.value() >= kTwo32 || w.y0_hi.value() >= kTwo32)
    return {ErrorCode::kInvalidArgument, "hash_to_curve y0 limb not a u32", kTwo32 - 1,
            std::max(w.y0_lo.value(), w.y0_hi.value())};
  if (w.y0_hi.value() == kTwo32 - 1 && !w.y0_lo.is_zero())
    return {ErrorCode::kNonCanonical, "hash_to_curve y0 limbs encode a value >= p", 0, w.y0_lo.value()};
  if (w.y0_lo + w.y0_hi * Fp::from_canonical(kTwo32) != w.y[0])
    return {ErrorCode::kMismatch, "hash_to_curve y0 != y0_lo + 2^32 y0_hi", w.y[0].value(), 0};
  if (w.y0_lo_half.value() >= kTwo32 / 2)
    return {ErrorCode::kInvalidArgument, "hash_to_curve y0_lo_half not below 2^31", kTwo32 / 2 - 1,
            w.y0_lo_half.value()};
  if (w.y0_lo_half.dbl() != w.y0_lo)
    return {ErrorCode::kMismatch, "hash_to_curve sign rule: y0 is odd", 0, w.y0_lo.value()};
  return Error::none();
}

}  // namespace goldfinch::multiset
