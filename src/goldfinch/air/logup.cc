#include "goldfinch/air/logup.h"

#include <algorithm>

#include "goldfinch/base/parallel.h"

namespace goldfinch::air {

namespace {

void batch_inverse_ext(std::span<Fp3> v) {
  std::vector<Fp3> prefix(v.size());
  Fp3 acc = Fp3::one();
  for (size_t i = 0; i < v.size(); ++i) {
    prefix[i] = acc;
    acc *= v[i];
  }
  GF_CHECK(!acc.is_zero(), "LogUp denominator is zero (probability ~ n / p^3)");
  Fp3 inv = acc.inverse();
  for (size_t i = v.size(); i-- > 0;) {
    const Fp3 vi = v[i];
    v[i] = inv * prefix[i];
    inv *= vi;
  }
}

}  // namespace

RowMajorMatrix build_logup_aux(std::span<const Interaction> interactions, ConstMatrixView main,
                               ConstMatrixView pre, const LogupChallenges& ch, Fp3* claimed_sum) {
  const LogupLayout layout(interactions.size());
  const size_t n = main.height;
  RowMajorMatrix aux(n, layout.base_width());
  if (layout.empty()) {
    *claimed_sum = Fp3::zero();
    return aux;
  }
  const size_t m = interactions.size();
  // Denominators and signed multiplicities for every (row, interaction), rows in parallel blocks.
  std::vector<Fp3> den(n * m), mult(n * m);
  parallel_for_chunks(n, 1024, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      auto main_at = [&](uint32_t c) { return main.at(r, c); };
      auto pre_at = [&](uint32_t c) { return pre.at(r, c); };
      for (size_t i = 0; i < m; ++i) {
        const Interaction& it = interactions[i];
        Fp3 f = Fp3(Fp::from_u64(it.bus));
        for (size_t j = 0; j < it.fields.size(); ++j)
          f += ch.beta_powers[j + 1] * it.fields[j].eval<Fp>(main_at, pre_at, Fp::zero());
        den[r * m + i] = ch.alpha - f;
        const Fp mu = it.multiplicity.eval<Fp>(main_at, pre_at, Fp::zero());
        mult[r * m + i] = Fp3(it.direction == Direction::kSend ? mu : -mu);
      }
    }
    batch_inverse_ext(std::span<Fp3>(den.data() + b * m, (e - b) * m));
  });
  // Helpers row by row, then the running sum (sequential prefix sum: deterministic).
  Fp3 running = Fp3::zero();
  for (size_t r = 0; r < n; ++r) {
    Fp3 row_sum = Fp3::zero();
    for (size_t c = 0; c < layout.num_helpers; ++c) {
      Fp3 h = Fp3::zero();
      for (size_t i = c * kLogupChunk; i < std::min((c + 1) * kLogupChunk, m); ++i) h += mult[r * m + i] * den[r * m + i];
      for (size_t k = 0; k < 3; ++k) aux.at(r, 3 * c + k) = h[k];
      row_sum += h;
    }
    running += row_sum;
    for (size_t k = 0; k < 3; ++k) aux.at(r, 3 * layout.running_sum_column() + k) = running[k];
  }
  *claimed_sum = running;
  return aux;
}

}  // namespace goldfinch::air
