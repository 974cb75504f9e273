// Poseidon2 (Goldilocks, width 8) against published vectors: Plonky3's tests of its
// HorizenLabs-compatible instance (goldilocks/src/poseidon2.rs, test_poseidon2_width_8_zeroes /
// _range / _random), which check Plonky3 against HorizenLabs' reference implementation.
#include <gtest/gtest.h>

#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/multiset/poseidon2_constants.h"
#include "goldfinch/multiset/test_util.h"

namespace goldfinch::multiset {
namespace {

Poseidon2State state_of(const std::array<uint64_t, 8>& v) {
  Poseidon2State s;
  for (size_t i = 0; i < 8; ++i) s[i] = Fp::from_u64(v[i]);
  return s;
}

void expect_permutes_to(const std::array<uint64_t, 8>& in, const std::array<uint64_t, 8>& want) {
  Poseidon2State s = state_of(in);
  poseidon2_permute(s);
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(s[i].value(), want[i]) << "lane " << i;
}

TEST(Poseidon2, ConstantsAreCanonical) {
  namespace pc = poseidon2_constants;
  for (const auto& round : pc::kExternal)
    for (uint64_t c : round) EXPECT_LT(c, Fp::kModulus);
  for (uint64_t c : pc::kInternal) EXPECT_LT(c, Fp::kModulus);
  for (uint64_t c : pc::kInternalDiagMinusOne) EXPECT_LT(c, Fp::kModulus);
}

TEST(Poseidon2, PublishedVectorZeros) {
  expect_permutes_to({0, 0, 0, 0, 0, 0, 0, 0},
                     {4214787979728720400ull, 12324939279576102560ull, 10353596058419792404ull,
                      15456793487362310586ull, 10065219879212154722ull, 16227496357546636742ull,
                      2959271128466640042ull, 14285409611125725709ull});
}

TEST(Poseidon2, PublishedVectorRange) {
  expect_permutes_to({0, 1, 2, 3, 4, 5, 6, 7},
                     {14266028122062624699ull, 5353147180106052723ull, 15203350112844181434ull,
                      17630919042639565165ull, 16601551015858213987ull, 10184091939013874068ull,
                      16774100645754596496ull, 12047415603622314780ull});
}

TEST(Poseidon2, PublishedVectorRandom) {
  expect_permutes_to({5116996373749832116ull, 8931548647907683339ull, 17132360229780760684ull,
                      11280040044015983889ull, 11957737519043010992ull, 15695650327991256125ull,
                      17604752143022812942ull, 543194415197607509ull},
                     {1831346684315917658ull, 13497752062035433374ull, 12149460647271516589ull,
                      15656333994315312197ull, 4671534937670455565ull, 3140092508031220630ull,
                      4251208148861706881ull, 6973971209430822232ull});
}

// A permutation: distinct inputs differing in one lane give distinct outputs, every lane moves.
TEST(Poseidon2, EveryInputLaneReachesEveryOutputLane) {
  auto rng = testing::seeded_rng("Poseidon2.EveryInputLaneReachesEveryOutputLane", 31);
  Poseidon2State base;
  for (auto& x : base) x = testing::random_fp(rng);
  Poseidon2State out0 = base;
  poseidon2_permute(out0);
  for (size_t lane = 0; lane < 8; ++lane) {
    Poseidon2State s = base;
    s[lane] += Fp::one();
    poseidon2_permute(s);
    for (size_t j = 0; j < 8; ++j) EXPECT_NE(s[j], out0[j]) << lane << " -> " << j;
  }
}

}  // namespace
}  // namespace goldfinch::multiset
