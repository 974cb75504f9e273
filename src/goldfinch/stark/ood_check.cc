#include "goldfinch/stark/ood_check.h"

#include <array>

#include "goldfinch/air/builders.h"
#include "goldfinch/base/check.h"
#include "goldfinch/field/ext3_horner.h"
#include "goldfinch/stark/domain.h"

namespace goldfinch::stark {
namespace {

Error ood_fail(const char* what, uint64_t expected = 0, uint64_t got = 0) { return {ErrorCode::kMismatch, what, expected, got}; }

// Reconstructs an F_p^3 column value from the openings of its three base columns (adjacent in
// the openings): o0 + o1 x + o2 x^2 in F_p^3 = F_p[x] / (x^3 - x - 1). As x^3 (o0 y^3 + o1 y^2 +
// o2 y) with y = 1/x = x^2 - 1 (x (x^2 - 1) = x^3 - x = 1) and x^3 = x + 1: a Horner sum of the
// three openings as they lie and one product, two GF_FP3_HORNER calls in the VM instead of eight
// F_p additions.
Fp3 ext_column(std::span<const Fp3> openings, const TableLayout& tl, Round r, bool next, size_t ext_col) {
#if defined(GF_VERIFIER_IN_GUEST)
  static constexpr Fp3 kInvX{-Fp::one(), Fp::zero(), Fp::one()}, kXCubed{Fp::one(), Fp::one(), Fp::zero()};
  Fp3 sum;
  gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&kInvX),
                       reinterpret_cast<const uint64_t*>(&openings[tl.opening(r, next, 3 * ext_col)]), 3, 3,
                       reinterpret_cast<uint64_t*>(&sum));
  return sum * kXCubed;
#else
  const Fp3* o = &openings[tl.opening(r, next, 3 * ext_col)];
  // a * x = (a0 + a1 x + a2 x^2) x = a2 + (a0 + a2) x + a1 x^2; o0 + x (o1 + x o2).
  auto mul_by_x = [](const Fp3& a) { return Fp3{a[2], a[0] + a[2], a[1]}; };
  return o[0] + mul_by_x(o[1] + mul_by_x(o[2]));
#endif
}

// A linear combination of the openings at z: the value LinearCombination::eval gives (field
// arithmetic is exact), without its products by 1 and sums with 0. Most are one column with
// coefficient 1 (a bus field that is a column): copied inline.
Fp3 lc_at_general(const air::LinearCombination& lc, std::span<const Fp3> main_z, std::span<const Fp3> pre_z);
GF_INLINE Fp3 lc_at(const air::LinearCombination& lc, std::span<const Fp3> main_z, std::span<const Fp3> pre_z) {
  if (lc.terms.size() == 1 && lc.constant.is_zero() && lc.terms[0].second == Fp::one()) {
    const air::Column c = lc.terms[0].first;
    return c.kind == air::Column::kMain ? main_z[c.index] : pre_z[c.index];
  }
  if (lc.terms.size() == 0) return Fp3(lc.constant);
  return lc_at_general(lc, main_z, pre_z);
}
Fp3 lc_at_general(const air::LinearCombination& lc, std::span<const Fp3> main_z, std::span<const Fp3> pre_z) {
  Fp3 acc = Fp3(lc.constant);
  bool first = true;
  for (const auto& [c, k] : lc.terms) {
    const Fp3& v = c.kind == air::Column::kMain ? main_z[c.index] : pre_z[c.index];
    const Fp3 t = k == Fp::one() ? v : v * k;
    if (first && lc.constant.is_zero())
      acc = t;
    else
      acc += t;
    first = false;
  }
  return acc;
}

// The LogUp constraints of one table at z: the values air::eval_logup gives, in its order (see
// air/logup.h), stored for the Horner fold at values[values.size() - 1 - k] for constraint k. A
// fingerprint bus + sum_j beta^(j+1) field_j is bus + Horner(beta; field_(n-1), ..., field_0),
// one GF_FP3_HORNER call per interaction in the VM.
void eval_logup_at_z(std::span<const air::Interaction> interactions, const air::LogupLayout& layout,
                     const air::LogupChallenges& ch, std::span<const Fp3> main_z, std::span<const Fp3> pre_z,
                     std::span<const Fp3> openings, const TableLayout& tl, const Fp3& claimed_sum,
                     const air::SelectorValues<Fp3>& sel, std::span<Fp3> values, std::vector<Fp3>& fields) {
  if (layout.empty()) return;
  GF_CHECK(values.size() == layout.num_constraints(), "one value per LogUp constraint");
  size_t k = 0;
  auto fold = [&](const Fp3& v) { values[values.size() - 1 - k++] = v; };
  const Fp3 beta = ch.beta_powers.size() > 1 ? ch.beta_powers[1] : Fp3::zero();
  Fp3 helper_sum = Fp3::zero(), helper_next_sum = Fp3::zero();
  for (size_t c = 0; c < layout.num_helpers; ++c) {
    const size_t begin = c * air::kLogupChunk;
    const size_t end = std::min(begin + air::kLogupChunk, interactions.size());
    Fp3 d[air::kLogupChunk], m[air::kLogupChunk];
    for (size_t i = begin; i < end; ++i) {
      const air::Interaction& it = interactions[i];
      const size_t n = it.fields.size();
      GF_CHECK(n < ch.beta_powers.size(), "interaction has more fields than the LogUp challenges cover");
      for (size_t j = 0; j < n; ++j) fields[n - 1 - j] = lc_at(it.fields[j], main_z, pre_z);
      const Fp3 f = fp3_horner(beta, fields.data(), n) + Fp::from_u64(it.bus);
      d[i - begin] = ch.alpha - f;
      const Fp3 mult = lc_at(it.multiplicity, main_z, pre_z);
      m[i - begin] = it.direction == air::Direction::kSend ? mult : -mult;
    }
    // prod d_i and sum_i m_i prod_(l != i) d_l, for the one or two interactions of the chunk.
    static_assert(air::kLogupChunk == 2);
    const bool pair = end - begin == 2;
    const Fp3 prod = pair ? d[0] * d[1] : d[0];
    const Fp3 rhs = pair ? m[0] * d[1] + m[1] * d[0] : m[0];
    const Fp3 h = ext_column(openings, tl, kAuxRound, false, c);
    fold(h * prod - rhs);
    helper_sum += h;
    helper_next_sum += ext_column(openings, tl, kAuxRound, true, c);
  }
  const Fp3 s = ext_column(openings, tl, kAuxRound, false, layout.running_sum_column());
  const Fp3 s_next = ext_column(openings, tl, kAuxRound, true, layout.running_sum_column());
  fold((s - helper_sum) * sel.first);
  fold((s_next - s - helper_next_sum) * sel.transition);
  fold((s - claimed_sum) * sel.last);
}

// selectors_at(z, h) for every height h <= 32 of a present table, with one inversion for all of
// them (Montgomery's trick; an F_p^3 inversion is ~4 K cycles in the VM) instead of one per
// height. The denominators (z - 1)(z - w_h^-1) are never zero: z is outside F_p
// (sample_ood_point). Other heights are left to the caller (which rejects or derives them).
void batch_selectors(const OodCheckInput& in, std::array<air::SelectorValues<Fp3>, 64>& selectors,
                     std::array<Fp3, 64>& z_to_n, std::array<bool, 64>& have) {
  std::array<bool, Fp::kTwoAdicity + 1> used{};
  for (const TableLayout& tl : in.L.tables)
    if (tl.present && tl.log_height <= Fp::kTwoAdicity) used[tl.log_height] = true;
  struct Height {
    unsigned log_n;
    Fp3 zh, transition, x_minus_one, den, prefix;
  };
  std::vector<Height> hs;
  const Fp3 x_minus_one = in.z - Fp::one();
  Fp3 xn = in.z;  // z^(2^at), squared up through the heights in increasing order
  unsigned at = 0;
  Fp3 acc = Fp3::one();
  for (unsigned h = 0; h <= Fp::kTwoAdicity; ++h) {
    if (!used[h]) continue;
    for (; at < h; ++at) xn = xn * xn;
    z_to_n[h] = xn;
    Height e{h, xn - Fp::one(), in.z - Fp::two_adic_root_inverse(h), x_minus_one, {}, acc};
    e.den = e.x_minus_one * e.transition;
    acc *= e.den;
    hs.push_back(e);
  }
  Fp3 inv = acc.inverse();
  for (size_t i = hs.size(); i-- > 0;) {
    const Height& e = hs[i];
    const Fp3 inv_den = inv * e.prefix;  // 1 / den
    inv *= e.den;
    selectors[e.log_n] = {e.zh * e.transition * inv_den, e.zh * e.x_minus_one * inv_den, e.transition};
    have[e.log_n] = true;
  }
}

}  // namespace

Error check_out_of_domain(const OodCheckInput& in) {
  Fp3 bus_total = Fp3::zero();
  // Selectors (and z^n) depend on the height only: computed once per height.
  std::array<air::SelectorValues<Fp3>, 64> selectors;
  std::array<Fp3, 64> z_to_n;
  std::array<bool, 64> have_selectors{};
  batch_selectors(in, selectors, z_to_n, have_selectors);
  // A table's constraint values, last constraint first (see VerifierBuilder), then folded as
  // sum_k alpha^k v_k = v_0 + Horner(alpha; v_(N-1), ..., v_1): made once, grown for a larger table.
  std::vector<Fp3> values, fields(in.lu.beta_powers.size());  // fields: one interaction's, reversed
  air::PublicLogupSum public_sum(in.lu);  // every table's public terms, inverted once at the end
  std::vector<air::Interaction> own;
  GF_CHECK(in.interactions.empty() || in.interactions.size() == in.vk.tables.size(), "one interaction list per table");
  for (size_t t = 0; t < in.vk.tables.size(); ++t) {
    const TableLayout& tl = in.L.tables[t];
    if (!tl.present) continue;  // an absent optional table: no rows, no constraints, nothing on the buses
    const TableInfo& info = in.vk.tables[t];
    std::span<const air::Interaction> its;
    if (in.interactions.empty()) {
      own = in.tables[t]->interactions();
      its = own;
    } else {
      its = in.interactions[t];
    }
    const air::LogupLayout logup(its.size());
    const size_t num_values = info.num_constraints + logup.num_constraints();
    if (values.size() < num_values) values.resize(num_values);
    const std::span<Fp3> table_values = std::span<Fp3>(values).first(num_values);
    auto span_of = [&](Round r, bool next) {
      return std::span<const Fp3>(in.openings.data() + tl.opening(r, next, 0), tl.width[r]);
    };
    if (tl.log_height >= selectors.size()) return ood_fail("table height out of range", selectors.size() - 1, tl.log_height);
    if (!have_selectors[tl.log_height]) {
      selectors[tl.log_height] = selectors_at(in.z, tl.log_height);
      Fp3 zn = in.z;
      for (unsigned i = 0; i < tl.log_height; ++i) zn = zn * zn;
      z_to_n[tl.log_height] = zn;
      have_selectors[tl.log_height] = true;
    }
    const air::SelectorValues<Fp3>& sel = selectors[tl.log_height];
    // Constraints read only the public values the key declares (none for a variable-length table).
    const std::span<const Fp> declared_pv =
        info.num_public_values == kVariablePublicValues ? std::span<const Fp>{} : in.pv[t];
    air::VerifierBuilder b(
        {span_of(kMainRound, false), span_of(kMainRound, true), span_of(kPreRound, false), span_of(kPreRound, true)},
        declared_pv, sel, table_values.last(info.num_constraints));
    in.tables[t]->eval_verifier(b);
    // The evaluation must be the one the key describes: no read or constraint out of range, and
    // exactly the declared number of constraints.
    if (!b.error().ok()) return b.error();
    if (b.constraints_seen() != info.num_constraints)
      return ood_fail("table evaluates a different number of constraints than its verifying key declares",
                      info.num_constraints, b.constraints_seen());
    eval_logup_at_z(its, logup, in.lu, span_of(kMainRound, false), span_of(kPreRound, false), in.openings, tl,
                    in.claimed[t], sel, table_values.first(logup.num_constraints()), fields);
    // acc = sum_k alpha^k v_k over the table's constraints, then its LogUp constraints.
    const Fp3 acc = num_values == 0
                        ? Fp3::zero()
                        : table_values[num_values - 1] + fp3_horner(in.comp_alpha, values.data(), num_values - 1);
    // Q(z) = sum_j z^(jn) Q_j(z); check acc == Q(z) (z^n - 1).
    const Fp3 zn = z_to_n[tl.log_height];
    Fp3 q = Fp3::zero(), zpow = Fp3::one();
    for (size_t j = 0; j < tl.quotient_degree; ++j) {
      q += zpow * ext_column(in.openings, tl, kQuotientRound, false, j);
      zpow *= zn;
    }
    if (!(acc == q * (zn - Fp::one()))) return ood_fail("constraints do not hold at the out-of-domain point", t, 0);
    bus_total += in.claimed[t];
    if (Error e = public_sum.add(in.public_terms[t]); !e.ok()) return e;
  }
  bus_total += public_sum.sum();
  if (!bus_total.is_zero()) return ood_fail("LogUp buses do not balance (claimed sums and public terms do not add to zero)");

  return Error::none();
}

}  // namespace goldfinch::stark
