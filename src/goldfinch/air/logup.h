// LogUp buses: how a table's interactions become auxiliary columns and constraints.
//
// For interaction i on a row: fingerprint f_i = bus_i + sum_j beta^(j+1) * field_ij, denominator
// d_i = alpha - f_i, signed multiplicity s_i * m_i (s = +1 send, -1 receive). Interactions are
// grouped in chunks of kLogupChunk; helper column h_c = sum_{i in c} s_i m_i / d_i, constrained by
//     h_c * prod_{i in c} d_i - sum_{i in c} s_i m_i prod_{l in c, l != i} d_l = 0   (every row)
// and a running-sum column S with
//     S - sum_c h_c = 0 (first row),  S' - S - sum_c h_c' = 0 (transition),  S - sigma = 0 (last row)
// where sigma is the table's claimed sum, sent in the proof. The verifier checks that the claimed
// sums of all tables plus the public terms' sum s m / (alpha - f) add up to zero. All aux values
// are in F_p^3; each aux column is committed as three base columns (c0, c1, c2).
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/base/error.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/field/lazy_ext.h"
#include "goldfinch/field/matrix.h"

namespace goldfinch::air {

inline constexpr size_t kLogupChunk = 2;  // helper constraints have degree kLogupChunk + 1

struct LogupChallenges {
  Fp3 alpha;
  std::vector<Fp3> beta_powers;  // beta^0 .. beta^max_fields

  static LogupChallenges from(const Fp3& alpha, const Fp3& beta, size_t max_fields);
};

struct LogupLayout {
  size_t num_interactions = 0;
  size_t num_helpers = 0;

  explicit LogupLayout(size_t interactions)
      : num_interactions(interactions), num_helpers((interactions + kLogupChunk - 1) / kLogupChunk) {}
  bool empty() const { return num_interactions == 0; }
  size_t ext_width() const { return empty() ? 0 : num_helpers + 1; }  // helpers then S
  size_t base_width() const { return 3 * ext_width(); }
  size_t running_sum_column() const { return num_helpers; }
  size_t num_constraints() const { return empty() ? 0 : num_helpers + 3; }
  unsigned max_degree() const { return empty() ? 0 : static_cast<unsigned>(kLogupChunk + 1); }
};

// Largest number of fields over the interactions (for the beta powers needed).
size_t max_interaction_fields(std::span<const Interaction> interactions);

// Builds the aux trace (height = main height, width = layout.base_width()) and the claimed sum.
RowMajorMatrix build_logup_aux(std::span<const Interaction> interactions, ConstMatrixView main,
                               ConstMatrixView pre, const LogupChallenges& ch, Fp3* claimed_sum);

// sum over public terms of s * m / (alpha - f). Errors if a denominator is zero.
Result<Fp3> public_logup_sum(std::span<const PublicBusTerm> terms, const LogupChallenges& ch);

// The same sum over the public terms of several tables with one inversion in all (the in-VM
// verifier has ~100 terms; an F_p^3 inversion costs ~4 000 cycles there). add() checks one
// table's terms with public_logup_sum's errors, in its order — a zero denominator is an error,
// never a term — and keeps the running sum as one fraction num / den: n/d + s m/d' is
// (n d' + s m d) / (d d'). den is then a product of non-zero elements, so it is never zero.
class PublicLogupSum {
 public:
  explicit PublicLogupSum(const LogupChallenges& ch) : ch_(ch) {}
  Error add(std::span<const PublicBusTerm> terms);
  Fp3 sum() const { return num_ * den_.inverse(); }

 private:
  const LogupChallenges& ch_;
  Fp3 num_ = Fp3::zero(), den_ = Fp3::one();
};

// The prover's form of an interaction, for evaluating it on every row of a trace or of the
// quotient domain: the denominator alpha - fingerprint as one linear form with F_p^3 coefficients
// (bus, beta powers, the fields' coefficients and the sign folded in; a column that appears in
// several fields is one term), and the signed multiplicity s * m as one with F_p coefficients.
// It gives exactly the values eval_logup computes (field arithmetic is exact), with three base
// multiplications per column instead of an extension product per field.
struct FlatInteraction {
  Fp3 den_const;
  std::vector<std::pair<uint32_t, Fp3>> den_main, den_pre;  // (column, coefficient)
  Fp mult_const;
  std::vector<std::pair<uint32_t, Fp>> mult_main, mult_pre;

  // alpha - fingerprint at a row whose main and preprocessed values are `main` and `pre`.
  GF_INLINE Fp3 denominator(const Fp* main, const Fp* pre) const {
    LazyExtSum s;
    for (const auto& [c, k] : den_main) s.add_mul(k, main[c]);
    for (const auto& [c, k] : den_pre) s.add_mul(k, pre[c]);
    return s.reduce() + den_const;
  }
  // The signed multiplicity (+m sent, -m received) at the same row.
  GF_INLINE Fp multiplicity(const Fp* main, const Fp* pre) const {
    Fp m = mult_const;
    for (const auto& [c, k] : mult_main) m += k * main[c];
    for (const auto& [c, k] : mult_pre) m += k * pre[c];
    return m;
  }
};

std::vector<FlatInteraction> flatten_interactions(std::span<const Interaction> interactions, const LogupChallenges& ch);

// The LogUp constraints of eval_logup at one point of the prover's quotient domain, from the
// flattened interactions and the row's main / preprocessed values and aux rows (3 base values per
// ext column): fold(value) with each value already multiplied by its selector, in eval_logup's order.
template <class Fold>
GF_INLINE void eval_logup_flat(std::span<const FlatInteraction> flat, const LogupLayout& layout, const Fp* main,
                               const Fp* pre, const Fp* aux, const Fp* aux_next, const Fp3& claimed_sum,
                               const SelectorValues<Fp>& sel, Fold&& fold) {
  if (layout.empty()) return;
  auto ext = [](const Fp* p, size_t c) { return Fp3(p[3 * c], p[3 * c + 1], p[3 * c + 2]); };
  Fp3 helper_sum = Fp3::zero(), helper_next_sum = Fp3::zero();
  for (size_t c = 0; c < layout.num_helpers; ++c) {
    const size_t begin = c * kLogupChunk;
    const size_t k = std::min(begin + kLogupChunk, flat.size()) - begin;
    Fp3 d[kLogupChunk];
    Fp m[kLogupChunk];
    for (size_t i = 0; i < k; ++i) {
      d[i] = flat[begin + i].denominator(main, pre);
      m[i] = flat[begin + i].multiplicity(main, pre);
    }
    Fp3 prod = d[0], rhs;
    if (k == 1) {
      rhs = Fp3(m[0]);
    } else {
      // h d0 d1 ... - sum_i m_i prod_(l != i) d_l, built up one denominator at a time:
      // rhs_(j+1) = rhs_j d_j + m_j prod_j.
      rhs = Fp3(m[0]);
      for (size_t i = 1; i < k; ++i) {
        rhs = rhs * d[i] + prod * m[i];
        prod *= d[i];
      }
    }
    const Fp3 h = ext(aux, c);
    fold(h * prod - rhs);
    helper_sum += h;
    helper_next_sum += ext(aux_next, c);
  }
  const size_t sc = layout.running_sum_column();
  const Fp3 s = ext(aux, sc), s_next = ext(aux_next, sc);
  fold((s - helper_sum) * sel.first);
  fold((s_next - s - helper_next_sum) * sel.transition);
  fold((s - claimed_sum) * sel.last);
}

inline Fp3 lift(Fp v) { return Fp3(v); }
inline const Fp3& lift(const Fp3& v) { return v; }

// Evaluates the LogUp constraints at one point, in the order documented above, calling
// fold(value) with each constraint value already multiplied by its selector. V is F_p (prover,
// on the quotient domain) or F_p^3 (verifier, at z). main_at/pre_at return V; aux/aux_next return
// the F_p^3 aux value of an ext column.
template <class V, class MainAt, class PreAt, class AuxAt, class AuxNextAt, class Fold>
void eval_logup(std::span<const Interaction> interactions, const LogupLayout& layout,
                const LogupChallenges& ch, MainAt&& main_at, PreAt&& pre_at, AuxAt&& aux,
                AuxNextAt&& aux_next, const Fp3& claimed_sum, const SelectorValues<V>& sel, Fold&& fold) {
  if (layout.empty()) return;
  Fp3 helper_sum = Fp3::zero(), helper_next_sum = Fp3::zero();
  for (size_t c = 0; c < layout.num_helpers; ++c) {
    const size_t begin = c * kLogupChunk;
    const size_t end = std::min(begin + kLogupChunk, interactions.size());
    Fp3 d[kLogupChunk], m[kLogupChunk];
    for (size_t i = begin; i < end; ++i) {
      const Interaction& it = interactions[i];
      Fp3 f = Fp3(Fp::from_u64(it.bus));
      for (size_t j = 0; j < it.fields.size(); ++j)
        f += ch.beta_powers[j + 1] * lift(it.fields[j].template eval<V>(main_at, pre_at, V{}));
      d[i - begin] = ch.alpha - f;
      const Fp3 mult = lift(it.multiplicity.template eval<V>(main_at, pre_at, V{}));
      m[i - begin] = it.direction == Direction::kSend ? mult : -mult;
    }
    const size_t k = end - begin;
    Fp3 prod = Fp3::one();
    for (size_t i = 0; i < k; ++i) prod *= d[i];
    Fp3 rhs = Fp3::zero();
    for (size_t i = 0; i < k; ++i) {
      Fp3 term = m[i];
      for (size_t l = 0; l < k; ++l)
        if (l != i) term *= d[l];
      rhs += term;
    }
    const Fp3 h = aux(c);
    fold(h * prod - rhs);
    helper_sum += h;
    helper_next_sum += aux_next(c);
  }
  const Fp3 s = aux(layout.running_sum_column());
  const Fp3 s_next = aux_next(layout.running_sum_column());
  fold((s - helper_sum) * lift(sel.first));
  fold((s_next - s - helper_next_sum) * lift(sel.transition));
  fold((s - claimed_sum) * lift(sel.last));
}

}  // namespace goldfinch::air
