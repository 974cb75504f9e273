// FRI's roll-in of a shorter height class, against the attack its weight prevents. A fold by 2^a
// with challenge beta gives the coset component F_j of F (F(x) = sum_j x^j F_j(x^(2^a))) the weight
// beta^j, j < 2^a. Were a shorter class R rolled in with the weight of some F_j, a prover could send
// F_j = -R with R far from low degree: the folded value would be zero, of low degree, for every
// beta. fri_roll_in_weight gives R the weight beta^(2^a), used by no component.
#include <gtest/gtest.h>

#include <random>

#include "goldfinch/base/bits.h"
#include "goldfinch/stark/domain.h"
#include "goldfinch/stark/fri_prover.h"

namespace goldfinch::stark {
namespace {

Fp3 random_ext(std::mt19937_64& rng) { return {Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())}; }

// Runs FRI on a tall class F = sum_j x^j F_j(x^(2^a)) and a class R rolled in after the first
// round of arity 2^a; true when the last layer has low degree (the prover's own check).
bool fri_accepts(unsigned log_arity, const std::vector<std::vector<Fp3>>& components, const std::vector<Fp3>& rolled) {
  constexpr unsigned kLogBlowup = 1, kLogShort = 3;
  ProofLayout L;
  L.log_blowup = kLogBlowup;
  L.log_max_height = kLogShort + log_arity;
  L.class_log_heights = {L.log_max_height, kLogShort};
  L.fri_log_arities = {log_arity, 1, 1, 1};
  L.num_fri_rounds = L.fri_log_arities.size();
  const unsigned log_n = L.log_max_height + kLogBlowup;
  std::vector<Fp3> tall(size_t{1} << log_n);
  for (size_t p = 0; p < tall.size(); ++p) {
    const Fp x = lde_point(log_n, p);  // row p >> a of the folded domain holds x^(2^a)
    Fp xj = Fp::one();
    for (const auto& f : components) {
      tall[p] += f[p >> log_arity] * xj;
      xj *= x;
    }
  }
  StarkParams params = StarkParams::testing();
  params.log_folding_arity = static_cast<uint8_t>(log_arity);
  Transcript tr(merkle::MerkleHash::kBlake3, "fri roll-in test");
  std::vector<Fp3Buffer> reduced;
  reduced.emplace_back(tall.begin(), tall.end());
  reduced.emplace_back(rolled.begin(), rolled.end());
  return fri_commit(L, params, std::move(reduced), tr, true).ok;
}

TEST(FriRollIn, WeightIsTheFirstPowerAfterTheFold) {
  std::mt19937_64 rng(1);
  const Fp3 beta = random_ext(rng);
  EXPECT_EQ(fri_roll_in_weight(beta, 1), beta * beta);  // arity 2: proofs unchanged
  EXPECT_EQ(fri_roll_in_weight(beta, 4), beta.pow(16));
}

TEST(FriAttack, RolledInClassCannotCancelAFoldComponent) {
  constexpr size_t kShortLde = 16;  // 2^(kLogShort + kLogBlowup)
  std::mt19937_64 rng(2);
  for (unsigned a = 1; a <= 4; ++a) {
    const size_t arity = size_t{1} << a;
    // Control: constant components and a constant rolled-in class are of low degree.
    std::vector<std::vector<Fp3>> components(arity);
    for (auto& f : components) f.assign(kShortLde, random_ext(rng));
    EXPECT_TRUE(fri_accepts(a, components, std::vector<Fp3>(kShortLde, random_ext(rng)))) << "arity " << arity;
    // Attack: one component far from low degree, cancelled by the rolled-in class.
    for (size_t j = 0; j < arity; ++j) {
      for (auto& f : components) f.assign(kShortLde, Fp3::zero());
      std::vector<Fp3> rolled(kShortLde);
      for (size_t i = 0; i < kShortLde; ++i) {
        components[j][i] = random_ext(rng);
        rolled[i] = -components[j][i];
      }
      EXPECT_FALSE(fri_accepts(a, components, rolled)) << "arity " << arity << ", component " << j;
    }
  }
}

}  // namespace
}  // namespace goldfinch::stark
