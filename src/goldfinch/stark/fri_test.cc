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
#include "goldfinch/stark/proof_io.h"

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

// A streamed first layer (the streaming prover's: the tallest codeword made in blocks, never whole)
// commits, folds and opens exactly as the kept codeword does: the same roots, final polynomial and
// query bytes, with blocks of any size that holds whole leaves, and with a streamed shorter class.
TEST(FriStreamed, BlocksGiveTheSameLayersAndOpeningsAsTheWholeCodeword) {
  std::mt19937_64 rng(3);
  constexpr unsigned kLogBlowup = 2, kLogShort = 4;
  for (unsigned a = 1; a <= 3; ++a) {
    for (unsigned log_block : {a, a + 1u, kLogShort + a}) {
      for (bool stream_short : {false, true}) {
        ProofLayout L;
        L.log_blowup = kLogBlowup;
        L.log_max_height = kLogShort + a;
        L.class_log_heights = {L.log_max_height, kLogShort};
        L.fri_log_arities = {a, 1, 1};
        L.num_fri_rounds = L.fri_log_arities.size();
        StarkParams params = StarkParams::testing();
        params.log_folding_arity = static_cast<uint8_t>(a);
        params.log_final_poly_len = 0;
        const size_t tall_size = size_t{1} << (L.log_max_height + kLogBlowup);
        const size_t short_size = size_t{1} << (kLogShort + kLogBlowup);
        std::vector<Fp3> tall(tall_size), shorter(short_size);
        for (auto& v : tall) v = random_ext(rng);
        for (auto& v : shorter) v = random_ext(rng);
        auto streamed = [](const std::vector<Fp3>& v, size_t block) {
          FriCodeword c;
          c.size = v.size();
          c.block = block;
          c.make_block = [v, block](size_t k) {
            RowMajorMatrix m = RowMajorMatrix::uninitialized(block, 3);
            for (size_t i = 0; i < block; ++i)
              for (size_t j = 0; j < 3; ++j) m.at(i, j) = v[k * block + i][j];
            return m;
          };
          return c;
        };
        auto run = [&](bool stream, std::vector<uint8_t>* bytes) {
          std::vector<FriCodeword> reduced;
          reduced.push_back(stream ? streamed(tall, size_t{1} << log_block)
                                   : FriCodeword::kept(Fp3Buffer(tall.begin(), tall.end())));
          reduced.push_back(stream && stream_short ? streamed(shorter, size_t{1} << kLogShort)
                                                   : FriCodeword::kept(Fp3Buffer(shorter.begin(), shorter.end())));
          Transcript tr(merkle::MerkleHash::kBlake3, "fri streamed test");
          FriProverOutput out = fri_commit(L, params, std::move(reduced), tr, true);
          EXPECT_EQ(out.layers[0].streamed_tree != nullptr, stream) << "a " << a << ", block 2^" << log_block;
          std::vector<uint64_t> queries;
          for (int q = 0; q < 6; ++q) queries.push_back(rng() % tall_size);
          queries.push_back(tall_size - 1);
          queries = merkle::sorted_unique(queries);
          ProofWriter w;
          for (const FriLayer& layer : out.layers) w.put_digest(layer.root());
          for (const Fp3& c : out.final_poly) w.put_ext(c);
          w.put_u8(out.ok);
          w.put_ext(tr.squeeze_ext("after"));
          write_fri_queries(w, out, queries);
          *bytes = w.finish();
        };
        const uint64_t seed = rng();
        std::vector<uint8_t> kept_bytes, streamed_bytes;
        rng.seed(seed);
        run(false, &kept_bytes);
        rng.seed(seed);
        run(true, &streamed_bytes);
        EXPECT_EQ(kept_bytes, streamed_bytes)
            << "arity 2^" << a << ", block 2^" << log_block << ", short " << (stream_short ? "streamed" : "kept");
      }
    }
  }
}

}  // namespace
}  // namespace goldfinch::stark
