#include "goldfinch/stark/ood_check.h"

#include <array>

#include "goldfinch/air/builders.h"
#include "goldfinch/base/check.h"
#include "goldfinch/stark/domain.h"

namespace goldfinch::stark {
namespace {

Error ood_fail(const char* what, uint64_t expected = 0, uint64_t got = 0) { return {ErrorCode::kMismatch, what, expected, got}; }

// a * x in F_p[x] / (x^3 - x - 1): (a0 + a1 x + a2 x^2) x = a2 + (a0 + a2) x + a1 x^2.
Fp3 mul_by_x(const Fp3& a) { return {a[2], a[0] + a[2], a[1]}; }

// Reconstructs an F_p^3 column value from the openings of its three base columns (adjacent in
// the openings): o0 + o1 x + o2 x^2, as o0 + x (o1 + x o2).
Fp3 ext_column(std::span<const Fp3> openings, const TableLayout& tl, Round r, bool next, size_t ext_col) {
  const Fp3* o = &openings[tl.opening(r, next, 3 * ext_col)];
  return o[0] + mul_by_x(o[1] + mul_by_x(o[2]));
}

// selectors_at(z, h) for every height h <= 32 of a present table, with one inversion for all of
// them (Montgomery's trick; an F_p^3 inversion is ~4 K cycles in the VM) instead of one per
// height. The denominators (z - 1)(z - w_h^-1) are never zero: z is outside F_p
// (sample_ood_point). Other heights are left to the caller (which rejects or derives them).
void batch_selectors(const OodCheckInput& in, std::array<air::SelectorValues<Fp3>, 64>& selectors,
                     std::array<bool, 64>& have) {
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
  // Selectors depend on the height only: computed once per height.
  std::array<air::SelectorValues<Fp3>, 64> selectors;
  std::array<bool, 64> have_selectors{};
  batch_selectors(in, selectors, have_selectors);
  std::vector<Fp3> powers;
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
    // alpha^0, alpha^1, ...: every table starts at alpha^0, so one list serves all of them, made
    // once and extended for a table with more constraints (not remade per table).
    const size_t num_powers = info.num_constraints + logup.num_constraints();
    if (powers.size() < num_powers) {
      Fp3 p = powers.empty() ? Fp3::one() : powers.back() * in.comp_alpha;
      const size_t from = powers.size();
      powers.resize(num_powers);
      for (size_t i = from; i < num_powers; ++i, p *= in.comp_alpha) powers[i] = p;
    }
    auto span_of = [&](Round r, bool next) {
      return std::span<const Fp3>(in.openings.data() + tl.opening(r, next, 0), tl.width[r]);
    };
    if (tl.log_height >= selectors.size()) return ood_fail("table height out of range", selectors.size() - 1, tl.log_height);
    if (!have_selectors[tl.log_height]) {
      selectors[tl.log_height] = selectors_at(in.z, tl.log_height);
      have_selectors[tl.log_height] = true;
    }
    const air::SelectorValues<Fp3>& sel = selectors[tl.log_height];
    // Constraints read only the public values the key declares (none for a variable-length table).
    const std::span<const Fp> declared_pv =
        info.num_public_values == kVariablePublicValues ? std::span<const Fp>{} : in.pv[t];
    air::VerifierBuilder b({span_of(kMainRound, false), span_of(kMainRound, true), span_of(kPreRound, false),
                            span_of(kPreRound, true)},
                           declared_pv, sel, std::span<const Fp3>(powers).first(info.num_constraints));
    in.tables[t]->eval_verifier(b);
    // The evaluation must be the one the key describes: no read or constraint out of range, and
    // exactly the declared number of constraints.
    if (!b.error().ok()) return b.error();
    if (b.constraints_seen() != info.num_constraints)
      return ood_fail("table evaluates a different number of constraints than its verifying key declares",
                      info.num_constraints, b.constraints_seen());
    Fp3 acc = b.accumulated();
    size_t k = info.num_constraints;
    const auto main_z = span_of(kMainRound, false);
    const auto pre_z = span_of(kPreRound, false);
    air::eval_logup<Fp3>(
        its, logup, in.lu, [&](uint32_t c) { return main_z[c]; }, [&](uint32_t c) { return pre_z[c]; },
        [&](size_t c) { return ext_column(in.openings, tl, kAuxRound, false, c); },
        [&](size_t c) { return ext_column(in.openings, tl, kAuxRound, true, c); }, in.claimed[t], sel,
        [&](const Fp3& v) { acc += powers[k++] * v; });
    // Q(z) = sum_j z^(jn) Q_j(z); check acc == Q(z) (z^n - 1).
    Fp3 zn = in.z;
    for (unsigned i = 0; i < tl.log_height; ++i) zn = zn * zn;
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
