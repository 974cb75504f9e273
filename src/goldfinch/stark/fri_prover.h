// FRI, prover side, over all trace heights at once: the reduced polynomial of the tallest
// height class is folded by 2^a per round (its evaluations committed as cosets of 2^a points, which
// are adjacent rows in bit-reversed order); when the domain has shrunk to a shorter class's LDE size,
// that class's reduced polynomial is added times beta^(2^a) (rolled in, fri_roll_in_weight). The last
// layer is sent as the coefficients of a polynomial of 2^log_final_poly_len terms.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "goldfinch/field/ext3.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/selected_merkle.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/stark/fri_fold.h"
#include "goldfinch/stark/layout.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/transcript_setup.h"

namespace goldfinch::stark {

static_assert(sizeof(Fp3) == 3 * sizeof(Fp), "a layer's values are read as rows of base elements");

// A codeword of F_p^3 values in matrix storage (field/matrix.h: from the block cache when large,
// so DEEP's codewords and the FRI layers reuse the memory the earlier phases freed; not zeroed).
using Fp3Buffer = std::vector<Fp3, MatrixAllocator<Fp3>>;

struct FriLayer {
  Fp3Buffer values;  // the layer's codeword, bit-reversed order
  merkle::MerkleTree<merkle::SelectedMerkle> tree;  // under params.merkle_hash, over leaves()
  unsigned log_arity = 1;
  // The committed leaves, read in place: one row per coset of 2^log_arity adjacent values (bit-
  // reversed order), their F_p^3 coefficients in row order.
  ConstMatrixView leaves() const {
    return {reinterpret_cast<const Fp*>(values.data()), values.size() >> log_arity, size_t{3} << log_arity};
  }
};

struct FriProverOutput {
  std::vector<FriLayer> layers;
  std::vector<Fp3> final_poly;  // coefficients, low degree first
  bool ok = true;               // false when the last layer had too high a degree
};

// reduced: one vector per trace-height class, tallest first (bit-reversed LDE order).
FriProverOutput fri_commit(const ProofLayout& L, const StarkParams& params, std::vector<Fp3Buffer> reduced,
                           Transcript& tr, bool allow_high_degree);

// Writes the query-phase openings of every layer.
void write_fri_queries(ProofWriter& w, const FriProverOutput& fri, std::span<const uint64_t> queries);

}  // namespace goldfinch::stark
