// The verifier-safe half of LogUp: challenges, and the public terms' contribution.
#include "goldfinch/air/logup.h"

#include <algorithm>

#include "goldfinch/field/ext3_horner.h"

namespace goldfinch::air {

LogupChallenges LogupChallenges::from(const Fp3& alpha, const Fp3& beta, size_t max_fields) {
  LogupChallenges ch{alpha, {}};
  ch.beta_powers.resize(max_fields + 1);
  Fp3 p = Fp3::one();
  for (auto& b : ch.beta_powers) {
    b = p;
    p *= beta;
  }
  return ch;
}

size_t max_interaction_fields(std::span<const Interaction> interactions) {
  size_t m = 0;
  for (const auto& it : interactions) m = std::max(m, it.fields.size());
  return m;
}

namespace {
constexpr size_t kShortTuple = 8;  // a stack buffer (zeroed: Fp's default value) for the reversed fields
}  // namespace

Error PublicLogupSum::add(std::span<const PublicBusTerm> terms) {
  for (const PublicBusTerm& t : terms) {
    if (t.fields.size() + 1 > ch_.beta_powers.size())
      return Error{ErrorCode::kInvalidArgument, "public bus term has more fields than any interaction",
                   ch_.beta_powers.size() - 1, t.fields.size()};
    // bus + sum_j beta^(j+1) field_j, as bus + Horner(beta; field_(n-1), ..., field_0) for the
    // short tuples (one GF_FP3_HORNER call in the VM): the same value.
    Fp3 f = Fp3(Fp::from_u64(t.bus));
    const size_t n = t.fields.size();
    if (n <= kShortTuple && n > 0) {
      Fp reversed[kShortTuple];
      for (size_t j = 0; j < n; ++j) reversed[n - 1 - j] = t.fields[j];
      f += fp3_horner_base(ch_.beta_powers[1], reversed, n);
    } else {
      for (size_t j = 0; j < n; ++j) f += ch_.beta_powers[j + 1] * t.fields[j];
    }
    const Fp3 d = ch_.alpha - f;
    if (d.is_zero()) return Error{ErrorCode::kMismatch, "public bus term has a zero LogUp denominator", 0, 0};
    const Fp sm = t.direction == Direction::kSend ? t.multiplicity : -t.multiplicity;
    num_ = num_ * d + den_ * sm;
    den_ *= d;
  }
  return Error::none();
}

Result<Fp3> public_logup_sum(std::span<const PublicBusTerm> terms, const LogupChallenges& ch) {
  PublicLogupSum s(ch);
  if (Error e = s.add(terms); !e.ok()) return e;
  return s.sum();
}

}  // namespace goldfinch::air
