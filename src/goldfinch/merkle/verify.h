// Verification of a batch opening of a Merkle commitment to the rows of a matrix.
//
// Proof format (shared with MerkleTree::open): the opened indices must be strictly increasing
// and below the height (a power of two). Walking the levels from the leaves up, the known nodes
// of a level are visited left to right; a node whose sibling is also known is paired with it,
// otherwise its sibling is the next proof node. So the proof lists, level by level and left to
// right, exactly the siblings that are neither opened nor computable, each once.
//
// Freestanding-friendly on purpose (the recursion guest runs this): no exceptions, no iostream,
// no maps, no threads or SIMD dispatch here (a hasher with hash_leaves and compress_pairs, hasher.h,
// hashes the opened rows and each level's parents in one call); errors come back as goldfinch::Error:
//   kInvalidArgument  bad shape or indices: height not a power of two (got = height), no indices,
//                     rows.size() != indices.size() * width (expected, got), an index >= height
//                     (expected = height, got = index), a duplicate or decreasing index
//                     (expected = smallest allowed index, got = index)
//   kTruncated        the proof ran out of nodes (expected = level, got = node position there)
//   kTrailingBytes    proof nodes left over (expected = nodes used, got = nodes given)
//   kBadPath          the recomputed root differs from the commitment (expected = height,
//                     got = number of opened rows)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/error.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/merkle/hasher.h"

namespace goldfinch::merkle {

// Checks the shape of an opening request: height, index order and range, row count.
inline Error check_opening_shape(uint64_t height, size_t width, std::span<const uint64_t> indices, size_t row_elems) {
  if (!is_pow2(height)) return Error{ErrorCode::kInvalidArgument, "Merkle height is not a power of two", 0, height};
  if (indices.empty()) return Error{ErrorCode::kInvalidArgument, "no indices to open", 1, 0};
  size_t want_elems = 0;
  if (__builtin_mul_overflow(indices.size(), width, &want_elems) || want_elems != row_elems) {
    return Error{ErrorCode::kInvalidArgument, "opened rows do not match indices x width", want_elems, row_elems};
  }
  for (size_t k = 0; k < indices.size(); ++k) {
    if (indices[k] >= height) return Error{ErrorCode::kInvalidArgument, "opened index out of range", height, indices[k]};
    if (k > 0 && indices[k] == indices[k - 1]) {
      return Error{ErrorCode::kInvalidArgument, "duplicate opened index", indices[k - 1] + 1, indices[k]};
    }
    if (k > 0 && indices[k] < indices[k - 1]) {
      return Error{ErrorCode::kInvalidArgument, "opened indices not increasing", indices[k - 1] + 1, indices[k]};
    }
  }
  return Error::none();
}

// Verifies that `rows` (indices.size() rows of `width` elements, in index order) are the rows at
// `indices` of a height x width matrix committed to by `root`, given the batch proof `proof`.
template <MerkleVerifyHasher H>
Error verify_batch(const H& hasher, const typename H::Digest& root, uint64_t height, size_t width,
                   std::span<const uint64_t> indices, std::span<const Fp> rows,
                   std::span<const typename H::Digest> proof) {
  using Digest = typename H::Digest;
  if (Error e = check_opening_shape(height, width, indices, rows.size()); !e.ok()) return e;
  struct Node {
    uint64_t pos;
    Digest digest;
  };
  std::vector<Node> known(indices.size());
  if constexpr (MerkleLeafBatchHasher<H>) {
    std::vector<Digest> leaves(indices.size());
    hasher.hash_leaves(rows, width, indices.size(), leaves.data());
    for (size_t k = 0; k < indices.size(); ++k) known[k] = {indices[k], leaves[k]};
  } else {
    for (size_t k = 0; k < indices.size(); ++k)
      known[k] = {indices[k], hasher.hash_leaf(rows.subspan(k * width, width))};
  }
  size_t used = 0;
  ParentHasher<H> parents(hasher);
  const unsigned levels = log2_exact(height);
  for (unsigned level = 0; level < levels; ++level) {
    size_t out = 0;
    for (size_t k = 0; k < known.size();) {
      const uint64_t pos = known[k].pos;
      const Digest *left, *right;
      if ((pos & 1) == 0 && k + 1 < known.size() && known[k + 1].pos == pos + 1) {
        left = &known[k].digest;
        right = &known[k + 1].digest;
        k += 2;
      } else {
        if (used == proof.size()) return Error{ErrorCode::kTruncated, "Merkle proof has too few nodes", level, pos ^ 1};
        const Digest* sibling = &proof[used++];
        left = (pos & 1) ? sibling : &known[k].digest;
        right = (pos & 1) ? &known[k].digest : sibling;
        k += 1;
      }
      known[out].pos = pos >> 1;
      parents.add(*left, *right, &known[out].digest);  // left and right read before the slot is reused: out < k
      ++out;
    }
    parents.finish();
    known.resize(out);
  }
  if (used != proof.size()) return Error{ErrorCode::kTrailingBytes, "Merkle proof has unused nodes", used, proof.size()};
  if (!(known[0].digest == root)) {
    return Error{ErrorCode::kBadPath, "recomputed Merkle root differs from the commitment", height, indices.size()};
  }
  return Error::none();
}

}  // namespace goldfinch::merkle
