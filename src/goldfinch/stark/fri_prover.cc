#include "goldfinch/stark/fri_prover.h"

#include "goldfinch/base/parallel.h"
#include "goldfinch/merkle/mixed_tree.h"
#include "goldfinch/ntt/lde.h"
#include "goldfinch/stark/domain.h"
#include "goldfinch/stark/proof_format.h"

namespace goldfinch::stark {

FriProverOutput fri_commit(const ProofLayout& L, const StarkParams& params, std::vector<Fp3Buffer> reduced,
                           Transcript& tr, bool allow_high_degree) {
  FriProverOutput out;
  Fp3Buffer cur = std::move(reduced[0]);
  unsigned log_size = L.log_max_height + L.log_blowup;
  Fp shift = kCosetShift;
  size_t next_class = 1;
  for (size_t k = 0; k < L.num_fri_rounds; ++k) {
    const unsigned a = L.fri_log_arities[k];
    // A leaf is a coset of 2^a points: 2^a adjacent rows in bit-reversed order, which are 3 * 2^a
    // adjacent base elements of the layer's values. The layer keeps its values and commits to them
    // in place (no copy: at the first layer a copy was as large as the DEEP codeword).
    FriLayer layer;
    layer.values = std::move(cur);
    layer.log_arity = a;
    const ConstMatrixView leaves = layer.leaves();
    // The lowest layers of digests (31/32 of them) are not kept: the leaves are, and an opening
    // rehashes the at most 32 leaves under a kept node (as the mixed trees of the rounds do).
    auto tree = merkle::MerkleTree<merkle::SelectedMerkle>::commit(leaves, {.dropped_levels = 5},
                                                                    merkle::SelectedMerkle(params.merkle_hash));
    GF_CHECK(tree.ok(), "FRI layer commitment failed");
    tr.absorb_digest("fri root", tree->root());
    const Fp3 beta = tr.squeeze_ext("fri beta");
    // Folding by 2^a with beta = a binary folds with beta, beta^2, beta^4, ...
    Fp3 beta_j = beta;
    const Fp3Buffer* src = &layer.values;  // the first binary fold reads the layer's values
    for (unsigned j = 0; j < a; ++j) {
      const Fp3Buffer& in = *src;
      const size_t half = in.size() / 2;
      Fp3Buffer next(half);  // every element written below
      const Fp omega = Fp::two_adic_root(log_size);
      // 2x for pair i: x_j = shift * w^j (natural order, j < half); pair i holds x_rev(i).
      std::vector<Fp> two_x(half);
      parallel_for_chunks(half, 1 << 14, [&](size_t b, size_t e) {
        Fp x = shift * omega.pow(b) * Fp::from_canonical(2);
        for (size_t t = b; t < e; ++t) {
          two_x[reverse_bits(t, log_size - 1)] = x;
          x *= omega;
        }
      });
      parallel_for_chunks(half, 2048, [&](size_t b, size_t e) {
        std::vector<Fp> inv_2x(two_x.begin() + b, two_x.begin() + e);
        batch_inverse(inv_2x);
        for (size_t i = b; i < e; ++i) next[i] = fri_fold(in[2 * i], in[2 * i + 1], beta_j, inv_2x[i - b]);
      });
      cur = std::move(next);
      src = &cur;
      --log_size;
      shift = shift.square();
      beta_j = beta_j.square();
    }
    layer.tree = std::move(*tree);
    out.layers.push_back(std::move(layer));
    if (next_class < L.class_log_heights.size() && L.class_log_heights[next_class] + L.log_blowup == log_size) {
      const Fp3 weight = fri_roll_in_weight(beta, a);
      const Fp3Buffer& r = reduced[next_class];
      GF_CHECK(r.size() == cur.size(), "rolled-in class has the wrong size");
      for (size_t i = 0; i < cur.size(); ++i) cur[i] += weight * r[i];
      ++next_class;
    }
  }
  GF_CHECK(next_class == L.class_log_heights.size(), "a height class was never rolled into FRI");
  // Final layer: values at shift * w^rev(j) -> coefficients of P(x).
  const size_t size = cur.size();
  RowMajorMatrix values(size, 3);
  for (size_t j = 0; j < size; ++j)
    for (size_t c = 0; c < 3; ++c) values.at(j, c) = cur[reverse_bits(j, log_size)][c];
  RowMajorMatrix coeffs = *ntt::interpolate(values.view());
  const Fp s_inv = shift.inverse();
  Fp s = Fp::one();
  const size_t len = size_t{1} << params.log_final_poly_len;
  for (size_t i = 0; i < size; ++i) {
    const Fp3 c(coeffs.at(i, 0) * s, coeffs.at(i, 1) * s, coeffs.at(i, 2) * s);
    if (i < len) out.final_poly.push_back(c);
    else if (!c.is_zero()) out.ok = false;
    s *= s_inv;
  }
  (void)allow_high_degree;
  tr.absorb_ext("fri final poly", out.final_poly);
  return out;
}

void write_fri_queries(ProofWriter& w, const FriProverOutput& fri, std::span<const uint64_t> queries) {
  w.begin(kTagFriQueries, static_cast<uint32_t>(fri.layers.size()));
  unsigned shift = 0;  // log2 of the total folding before each layer's leaves
  for (size_t k = 0; k < fri.layers.size(); ++k) {
    shift += fri.layers[k].log_arity;
    const std::vector<uint64_t> leaves = merkle::positions_at_level(queries, shift);
    const ConstMatrixView values = fri.layers[k].leaves();
    auto proof = fri.layers[k].tree.open(values, leaves);
    GF_CHECK(proof.ok(), "FRI layer opening failed");
    w.put_u64(proof->nodes.size());
    for (uint64_t p : leaves) w.put_fps(values.row(p));
    for (const auto& d : proof->nodes) w.put_digest(d);
  }
  w.end();
}

}  // namespace goldfinch::stark
