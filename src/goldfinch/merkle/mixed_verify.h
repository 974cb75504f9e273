// Verifier side of mixed_tree.h: checks opened rows of several matrices of different heights
// against one root. Everything it reads comes from the proof, so every count is checked before
// use; no threads, no SIMD dispatch, no exceptions (it also runs inside the VM). A hasher with
// hash_leaves and compress_pairs (hasher.h: the host's SIMD BLAKE3) hashes a matrix's rows, and
// each level's parents, in one call.
#pragma once

#include <span>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/error.h"
#include "goldfinch/merkle/hasher.h"

namespace goldfinch::merkle {

// Distinct positions of the queries at `level` (queries sorted and distinct at level 0).
inline std::vector<uint64_t> positions_at_level(std::span<const uint64_t> queries, unsigned level) {
  std::vector<uint64_t> out;
  out.reserve(queries.size());
  for (uint64_t q : queries) {
    const uint64_t p = q >> level;
    if (out.empty() || out.back() != p) out.push_back(p);
  }
  return out;
}

struct MixedMatrixShape {
  unsigned log_height = 0;
  size_t width = 0;
};

// shapes: strictly decreasing heights, shapes[0] the tallest (log_height L). queries: strictly
// increasing, < 2^L. rows[j]: matrix j's opened rows at the distinct positions q >> (L - log h_j),
// in increasing order, `width` elements each. nodes: sibling digests in the order open() emits.
template <MerkleVerifyHasher H>
Error verify_mixed(const H& hasher, const typename H::Digest& root, std::span<const MixedMatrixShape> shapes,
                   std::span<const uint64_t> queries, std::span<const std::span<const Fp>> rows,
                   std::span<const typename H::Digest> nodes) {
  using Digest = typename H::Digest;
  if (shapes.empty() || rows.size() != shapes.size())
    return {ErrorCode::kInvalidArgument, "mixed opening: matrix count mismatch", shapes.size(), rows.size()};
  if (queries.empty()) return {ErrorCode::kInvalidArgument, "mixed opening: no queries", 1, 0};
  const unsigned L = shapes[0].log_height;
  for (size_t j = 1; j < shapes.size(); ++j)
    if (shapes[j].log_height >= shapes[j - 1].log_height)
      return {ErrorCode::kInvalidArgument, "mixed opening: heights must strictly decrease", shapes[j - 1].log_height,
              shapes[j].log_height};
  for (size_t k = 0; k < queries.size(); ++k) {
    if (L < 64 && (queries[k] >> L) != 0) return {ErrorCode::kInvalidArgument, "mixed opening: query out of range", 1ull << L, queries[k]};
    if (k && queries[k] <= queries[k - 1]) return {ErrorCode::kInvalidArgument, "mixed opening: queries not increasing", queries[k - 1] + 1, queries[k]};
  }
  // Positions per level are recomputed here, so each matrix's row count is known before reading.
  struct Node {
    uint64_t pos;
    Digest digest;
  };
  std::vector<Node> known;
  ParentHasher<H> parents(hasher);  // one call per level for a hasher with compress_pairs
  size_t matrix = 0;
  auto inject = [&](unsigned level, std::vector<Node>& cur) -> Error {
    if (matrix >= shapes.size() || L - shapes[matrix].log_height != level) return Error::none();
    const size_t w = shapes[matrix].width;
    if (rows[matrix].size() != cur.size() * w)
      return {ErrorCode::kTruncated, "mixed opening: wrong number of opened row elements", cur.size() * w,
              rows[matrix].size()};
    if constexpr (MerkleLeafBatchHasher<H>) {
      std::vector<Digest> leaves(cur.size());
      hasher.hash_leaves(rows[matrix], w, cur.size(), leaves.data());
      for (size_t k = 0; k < cur.size(); ++k) {
        if (level == 0) cur[k].digest = leaves[k];
        else parents.add(cur[k].digest, leaves[k], &cur[k].digest);
      }
      parents.finish();
    } else {
      for (size_t k = 0; k < cur.size(); ++k) {
        const Digest leaf = hasher.hash_leaf(rows[matrix].subspan(k * w, w));
        cur[k].digest = level == 0 ? leaf : hasher.compress(cur[k].digest, leaf);
      }
    }
    ++matrix;
    return Error::none();
  };
  known.reserve(queries.size());
  for (uint64_t q : queries) known.push_back({q, Digest{}});
  if (Error e = inject(0, known); !e.ok()) return e;
  if (matrix != 1) return {ErrorCode::kInvalidArgument, "mixed opening: first matrix must be the tallest", L, shapes[0].log_height};
  size_t used = 0;
  for (unsigned level = 0; level < L; ++level) {
    // Parents overwrite the level in place (out <= k: a node is read before its slot is reused),
    // and children are hashed where they lie: no copies of digests or nodes per level.
    size_t out = 0;
    for (size_t k = 0; k < known.size(); ++k) {
      const uint64_t pos = known[k].pos;
      const Digest *left, *right;
      if ((pos & 1) == 0 && k + 1 < known.size() && known[k + 1].pos == pos + 1) {
        left = &known[k].digest;
        right = &known[k + 1].digest;
        ++k;
      } else {
        if (used >= nodes.size()) return {ErrorCode::kTruncated, "mixed opening: missing sibling digest", used + 1, nodes.size()};
        const Digest* sib = &nodes[used++];
        left = (pos & 1) ? sib : &known[k].digest;
        right = (pos & 1) ? &known[k].digest : sib;
      }
      known[out].pos = pos >> 1;
      parents.add(*left, *right, &known[out].digest);
      ++out;
    }
    parents.finish();
    known.resize(out);
    if (Error e = inject(level + 1, known); !e.ok()) return e;
  }
  if (matrix != shapes.size()) return {ErrorCode::kInvalidArgument, "mixed opening: a matrix is below the root", shapes.size(), matrix};
  if (used != nodes.size()) return {ErrorCode::kTrailingBytes, "mixed opening: unused sibling digests", used, nodes.size()};
  if (known.size() != 1 || !(known[0].digest == root))
    return {ErrorCode::kBadPath, "mixed opening: recomputed root differs from the commitment", 0, 0};
  return Error::none();
}

}  // namespace goldfinch::merkle
