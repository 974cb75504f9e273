// The seam between the Merkle commitment and its hash. A verifier needs only hash_leaf and
// compress (scalar, one at a time); the prover also needs the bulk forms that hash many rows or
// node pairs at once (SIMD). BLAKE3 implements both (blake3_merkle.h, blake3_merkle_bulk.h); a
// second hash (e.g. an algebraic one for recursion) only has to model these concepts.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

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

// Optional capabilities of a verifier's hasher: the leaves of many opened rows, and the parents of
// many node pairs, at once (the host's BLAKE3 runs them through the SIMD hash_many kernel,
// blake3_merkle_batch.h). The verifiers (verify.h, mixed_verify.h) use them when the hasher has
// them and hash_leaf / compress one at a time otherwise (the in-VM verifier, whose BLAKE3 is the
// scalar code or the precompile).
template <class H>
concept MerkleLeafBatchHasher =
    MerkleVerifyHasher<H> && requires(const H& h, std::span<const Fp> rows, size_t n, typename H::Digest* out) {
      // out[i] = hash_leaf(rows.subspan(i * width, width)) for i < count; rows.size() == count * width.
      h.hash_leaves(rows, n, n, out);
    };
template <class H>
concept MerkleNodeBatchHasher =
    MerkleVerifyHasher<H> && requires(const H& h, size_t n, const typename H::Digest* in, typename H::Digest* out) {
      // out[i] = compress(in[2i], in[2i + 1]) for i < pairs.
      h.compress_pairs(in, n, out);
    };

// The parents of one Merkle level as the verifiers compute them: add(left, right, dst) gives
// *dst = compress(left, right), at once for a hasher without compress_pairs, else queued (left and
// right copied) until finish(), which hashes them all in one call. A dst may be the slot of a child
// already added (the verifiers write parents over the level in place).
template <MerkleVerifyHasher H>
class ParentHasher {
 public:
  using Digest = typename H::Digest;
  explicit ParentHasher(const H& h) : h_(h) {}
  void add(const Digest& left, const Digest& right, Digest* dst) {
    if constexpr (MerkleNodeBatchHasher<H>) {
      pairs_.push_back(left);
      pairs_.push_back(right);
      dsts_.push_back(dst);
    } else {
      *dst = h_.compress(left, right);
    }
  }
  void finish() {
    if constexpr (MerkleNodeBatchHasher<H>) {
      parents_.resize(dsts_.size());
      h_.compress_pairs(pairs_.data(), dsts_.size(), parents_.data());
      for (size_t i = 0; i < dsts_.size(); ++i) *dsts_[i] = parents_[i];
      pairs_.clear();
      dsts_.clear();
    }
  }

 private:
  struct None {};
  template <class T>
  using IfBatch = std::conditional_t<MerkleNodeBatchHasher<H>, std::vector<T>, None>;
  const H& h_;
  [[no_unique_address]] IfBatch<Digest> pairs_, parents_;
  [[no_unique_address]] IfBatch<Digest*> dsts_;
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
