// FRI, prover side, over all trace heights at once: the reduced polynomial of the tallest
// height class is folded by 2^a per round (its evaluations committed as cosets of 2^a points, which
// are adjacent rows in bit-reversed order); when the domain has shrunk to a shorter class's LDE size,
// that class's reduced polynomial is added times beta^(2^a) (rolled in, fri_roll_in_weight). The last
// layer is sent as the coefficients of a polynomial of 2^log_final_poly_len terms.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "goldfinch/field/ext3.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/mixed_tree.h"
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

// One height class's DEEP codeword (bit-reversed order), kept whole or, for the streaming prover,
// made on demand in blocks of `block` consecutive values (a block is a coset of the class's trace
// domain size, so making one costs one small transform: the whole codeword never exists at once).
struct FriCodeword {
  Fp3Buffer values;  // kept: the whole codeword (make_block empty)
  size_t size = 0;   // streamed: the codeword's length, a multiple of block
  size_t block = 0;
  std::function<RowMajorMatrix(size_t k)> make_block;  // values [k block, (k+1) block): block x 3

  static FriCodeword kept(Fp3Buffer v) {
    FriCodeword c;
    c.values = std::move(v);
    return c;
  }
  bool streamed() const { return static_cast<bool>(make_block); }
  size_t length() const { return streamed() ? size : values.size(); }
  // The whole codeword: the kept values (moved out), or every block made in turn.
  Fp3Buffer take_all();
};

struct FriLayer {
  Fp3Buffer values;  // the layer's codeword, bit-reversed order; empty for a streamed layer
  merkle::MerkleTree<merkle::SelectedMerkle> tree;  // under params.merkle_hash, over leaves()
  // A streamed layer (streaming mode's first layer): its values are made again from `source` for
  // the openings, and its tree (the same digests as `tree` would have) keeps no rows.
  std::shared_ptr<const FriCodeword> source;
  std::unique_ptr<merkle::MixedMerkleTree<merkle::SelectedMerkle>> streamed_tree;
  unsigned log_arity = 1;
  const hash::Digest& root() const { return streamed_tree ? streamed_tree->root() : tree.root(); }
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

// reduced: one codeword per trace-height class, tallest first (bit-reversed LDE order). A streamed
// tallest codeword gives a streamed first layer: committed block by block, then made once more to
// be folded (blocks fold on their own: a leaf's 2^a values are adjacent), and again for the
// openings; a streamed shorter class is added to the layer it is rolled into a block at a time.
// Either form gives the same proof.
FriProverOutput fri_commit(const ProofLayout& L, const StarkParams& params, std::vector<FriCodeword> reduced,
                           Transcript& tr, bool allow_high_degree);
FriProverOutput fri_commit(const ProofLayout& L, const StarkParams& params, std::vector<Fp3Buffer> reduced,
                           Transcript& tr, bool allow_high_degree);

// Writes the query-phase openings of every layer.
void write_fri_queries(ProofWriter& w, const FriProverOutput& fri, std::span<const uint64_t> queries);

}  // namespace goldfinch::stark
