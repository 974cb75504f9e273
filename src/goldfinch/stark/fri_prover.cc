#include "goldfinch/stark/fri_prover.h"

#include <map>

#include "goldfinch/base/parallel.h"
#include "goldfinch/merkle/mixed_tree.h"
#include "goldfinch/ntt/lde.h"
#include "goldfinch/stark/domain.h"
#include "goldfinch/stark/proof_format.h"
#include "goldfinch/stark/prover_parts.h"

namespace goldfinch::stark {

Fp3Buffer FriCodeword::take_all() {
  if (!streamed()) return std::move(values);
  Fp3Buffer out(size);  // every element written below
  for (size_t k = 0; k * block < size; ++k) {
    const RowMajorMatrix b = make_block(k);
    GF_CHECK(b.height() == block && b.width() == 3, "a codeword block has the wrong shape");
    std::copy_n(reinterpret_cast<const Fp3*>(b.data().data()), block, out.data() + k * block);
  }
  return out;
}

namespace {

// One binary fold of `pairs` pairs of a layer from pair `first` on (in[0] is the layer's value
// 2 first): out[i] = fri_fold(in[2i], in[2i+1]) with the pair's point x. The layer's points are
// shift * w^rev(p) (w of the layer's order, bit-reversed positions p), and xs[p] = g w^rev(p) for
// every smaller order too (bit_reversed_coset), so pair i's point is (shift / g) xs[2 (first + i)].
void fold_pairs(const Fp3* in, size_t first, size_t pairs, Fp shift, const Fp3& beta, std::span<const Fp> xs,
                Fp3* out) {
  GF_CHECK(2 * (first + pairs) <= xs.size(), "FRI fold beyond the coset table");
  const Fp two_s = shift * kCosetShift.inverse() * Fp::from_canonical(2);
  parallel_for_chunks(pairs, 2048, [&](size_t b, size_t e) {
    std::vector<Fp> inv_2x(e - b);
    for (size_t i = b; i < e; ++i) inv_2x[i - b] = two_s * xs[2 * (first + i)];
    batch_inverse(inv_2x);
    for (size_t i = b; i < e; ++i) out[i] = fri_fold(in[2 * i], in[2 * i + 1], beta, inv_2x[i - b]);
  });
}

// `count` values of a layer from position `first` on (both multiples of 2^a), folded a times with
// beta, beta^2, ...: the count >> a values from first >> a of the layer after the round.
Fp3Buffer fold_round(const Fp3* in, size_t first, size_t count, unsigned a, Fp shift, Fp3 beta,
                     std::span<const Fp> xs) {
  Fp3Buffer cur;
  const Fp3* src = in;
  for (unsigned j = 0; j < a; ++j) {
    Fp3Buffer next(count / 2);  // every element written below
    fold_pairs(src, first / 2, count / 2, shift, beta, xs, next.data());
    cur = std::move(next);
    src = cur.data();
    first /= 2;
    count /= 2;
    shift = shift.square();
    beta = beta.square();
  }
  return cur;
}

}  // namespace

FriProverOutput fri_commit(const ProofLayout& L, const StarkParams& params, std::vector<Fp3Buffer> reduced,
                           Transcript& tr, bool allow_high_degree) {
  std::vector<FriCodeword> codewords;
  for (Fp3Buffer& r : reduced) codewords.push_back(FriCodeword::kept(std::move(r)));
  return fri_commit(L, params, std::move(codewords), tr, allow_high_degree);
}

FriProverOutput fri_commit(const ProofLayout& L, const StarkParams& params, std::vector<FriCodeword> reduced,
                           Transcript& tr, bool allow_high_degree) {
  FriProverOutput out;
  unsigned log_size = L.log_max_height + L.log_blowup;
  const std::span<const Fp> xs = detail::bit_reversed_coset(log_size);
  GF_CHECK(reduced[0].length() == size_t{1} << log_size, "the tallest class has the wrong size");
  // The first layer is streamed when the tallest codeword is (and its blocks hold whole leaves).
  const bool stream_first = L.num_fri_rounds > 0 && reduced[0].streamed() &&
                            reduced[0].block % (size_t{1} << L.fri_log_arities[0]) == 0 &&
                            (reduced[0].size >> L.fri_log_arities[0]) >= 2;
  Fp3Buffer cur;
  if (!stream_first) cur = reduced[0].take_all();
  Fp shift = kCosetShift;
  size_t next_class = 1;
  for (size_t k = 0; k < L.num_fri_rounds; ++k) {
    const unsigned a = L.fri_log_arities[k];
    const size_t size = size_t{1} << log_size, leaf_width = size_t{3} << a;
    // A leaf is a coset of 2^a points: 2^a adjacent rows in bit-reversed order, which are 3 * 2^a
    // adjacent base elements of the layer's values.
    FriLayer layer;
    layer.log_arity = a;
    const bool stream = k == 0 && stream_first;
    if (stream) {
      // Streamed: the leaves are hashed block by block as they are made (the tree keeps no rows;
      // its lowest levels are recomputed from rows made again for an opening).
      auto src = std::make_shared<const FriCodeword>(std::move(reduced[0]));
      const size_t leaves_per_block = src->block >> a;
      auto tree = merkle::MixedMerkleTree<merkle::SelectedMerkle>::commit_streamed(
          {ConstMatrixView{nullptr, size >> a, leaf_width}},
          [&](size_t, size_t first_leaf) {
            GF_CHECK(first_leaf % leaves_per_block == 0, "a streamed FRI layer is made in whole blocks");
            RowMajorMatrix b = src->make_block(first_leaf / leaves_per_block);
            return RowMajorMatrix(std::move(b.data()), leaf_width);
          },
          merkle::SelectedMerkle(params.merkle_hash));
      GF_CHECK(tree.ok(), "FRI layer commitment failed");
      layer.streamed_tree = std::make_unique<merkle::MixedMerkleTree<merkle::SelectedMerkle>>(std::move(*tree));
      layer.source = std::move(src);
    } else {
      // The layer keeps its values and commits to them in place (no copy: at the first layer a
      // copy was as large as the DEEP codeword). The lowest layers of digests (31/32 of them) are
      // not kept: the leaves are, and an opening rehashes the at most 32 leaves under a kept node
      // (as the mixed trees of the rounds do).
      layer.values = std::move(cur);
      auto tree = merkle::MerkleTree<merkle::SelectedMerkle>::commit(layer.leaves(), {.dropped_levels = 5},
                                                                     merkle::SelectedMerkle(params.merkle_hash));
      GF_CHECK(tree.ok(), "FRI layer commitment failed");
      layer.tree = std::move(*tree);
    }
    tr.absorb_digest("fri root", layer.root());
    const Fp3 beta = tr.squeeze_ext("fri beta");
    // Folding by 2^a with beta = a binary folds with beta, beta^2, beta^4, ...
    if (stream) {
      // Each block folds on its own (its leaves are whole): made once more, folded, dropped.
      const FriCodeword& src = *layer.source;
      cur = Fp3Buffer(size >> a);  // every element written below
      for (size_t b = 0; b * src.block < size; ++b) {
        const RowMajorMatrix block = src.make_block(b);
        const Fp3Buffer folded =
            fold_round(reinterpret_cast<const Fp3*>(block.data().data()), b * src.block, src.block, a, shift, beta, xs);
        std::copy(folded.begin(), folded.end(), cur.begin() + static_cast<ptrdiff_t>((b * src.block) >> a));
      }
    } else {
      cur = fold_round(layer.values.data(), 0, size, a, shift, beta, xs);
    }
    for (unsigned j = 0; j < a; ++j) shift = shift.square();
    log_size -= a;
    out.layers.push_back(std::move(layer));
    if (next_class < L.class_log_heights.size() && L.class_log_heights[next_class] + L.log_blowup == log_size) {
      // A streamed class is added a block at a time (it is never whole).
      const Fp3 weight = fri_roll_in_weight(beta, a);
      FriCodeword& r = reduced[next_class];
      GF_CHECK(r.length() == cur.size(), "rolled-in class has the wrong size");
      auto add = [&](const Fp3* v, size_t first, size_t count) {
        parallel_for_chunks(count, 4096, [&](size_t b, size_t e) {
          for (size_t i = b; i < e; ++i) cur[first + i] += weight * v[i];
        });
      };
      if (r.streamed()) {
        for (size_t b = 0; b * r.block < r.size; ++b) {
          const RowMajorMatrix block = r.make_block(b);
          add(reinterpret_cast<const Fp3*>(block.data().data()), b * r.block, r.block);
        }
      } else {
        add(r.values.data(), 0, r.values.size());
      }
      r = FriCodeword();  // freed
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
    const FriLayer& layer = fri.layers[k];
    shift += layer.log_arity;
    const std::vector<uint64_t> leaves = merkle::positions_at_level(queries, shift);
    if (layer.streamed_tree) {
      // The leaves the opening reads (the queried ones and those under the kept nodes above
      // them), from the blocks that hold them, made once more.
      const FriCodeword& src = *layer.source;
      const size_t leaf_width = size_t{3} << layer.log_arity, leaves_per_block = src.block >> layer.log_arity;
      const std::vector<uint64_t> read = layer.streamed_tree->rows_read(0, leaves);
      std::map<uint64_t, std::vector<Fp>> rows;
      for (size_t i = 0; i < read.size();) {
        const size_t b = read[i] / leaves_per_block;
        const RowMajorMatrix block = src.make_block(b);
        for (; i < read.size() && read[i] / leaves_per_block == b; ++i) {
          const Fp* row = block.data().data() + (read[i] - b * leaves_per_block) * leaf_width;
          rows.emplace(read[i], std::vector<Fp>(row, row + leaf_width));
        }
      }
      auto proof = layer.streamed_tree->open(leaves, [&](size_t, uint64_t pos) -> std::span<const Fp> {
        auto it = rows.find(pos);
        GF_CHECK(it != rows.end(), "a streamed FRI opening reads a leaf it did not make");
        return it->second;
      });
      GF_CHECK(proof.ok(), "FRI layer opening failed");
      w.put_u64(proof->nodes.size());
      for (uint64_t p : leaves) w.put_fps(rows.at(p));
      for (const auto& d : proof->nodes) w.put_digest(d);
      continue;
    }
    const ConstMatrixView values = layer.leaves();
    auto proof = layer.tree.open(values, leaves);
    GF_CHECK(proof.ok(), "FRI layer opening failed");
    w.put_u64(proof->nodes.size());
    for (uint64_t p : leaves) w.put_fps(values.row(p));
    for (const auto& d : proof->nodes) w.put_digest(d);
  }
  w.end();
}

}  // namespace goldfinch::stark
