// The seam between the Merkle commitment and its hash. A verifier needs only hash_leaf and
// compress (scalar, one at a time); the prover also needs the bulk forms that hash many rows or
// node pairs at once (SIMD). BLAKE3 implements both (blake3_merkle.h, blake3_merkle_bulk.h); a
// second hash (e.g. an algebraic one for recursion) only has to model these concepts.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/matrix.h"

namespace goldfinch::merkle {

template <class H>
concept MerkleVerifyHasher =
    std::regular<typename H::Digest> &&
    requires(const H& h, std::span<const Fp> row, const typename H::Digest& d) {
      // Leaf: the hash of one matrix row (its elements in canonical form).
      { h.hash_leaf(row) } -> std::same_as<typename H::Digest>;
      // Node: the hash of its two children, domain-separated from leaves.
      { h.compress(d, d) } -> std::same_as<typename H::Digest>;
    };

template <class H>
concept MerkleHasher =
    MerkleVerifyHasher<H> &&
    requires(const H& h, ConstMatrixView m, size_t n, const typename H::Digest* in, typename H::Digest* out) {
      // out[i] = hash_leaf(m.row(first + i)) for i < count.
      h.hash_rows(m, n, n, out);
      // out[i] = compress(in[2i], in[2i + 1]) for i < pairs.
      h.compress_pairs(in, n, out);
    };

}  // namespace goldfinch::merkle
