// The prover's Merkle commitment to the rows of a row-major matrix (height a power of two):
// leaves are row hashes, each node hashes its two children, the root commits to the matrix.
// Building runs the bulk (SIMD) hash over fixed chunks with parallel_for, so the tree is
// byte-identical for any thread count. The lowest `dropped_levels` layers can be discarded after
// commit (the leaf layer is the largest); openings then recompute the needed nodes from the rows,
// so the matrix must be passed to open(). Proof format: see verify.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/error.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/hasher.h"
#include "goldfinch/merkle/huge_page_allocator.h"
#include "goldfinch/merkle/verify.h"

namespace goldfinch::merkle {

struct MerkleOptions {
  // Layers 0 .. dropped_levels-1 (layer 0 = leaf hashes) are not kept after commit; clamped so
  // the root is always kept.
  unsigned dropped_levels = 0;
};

template <class Digest>
struct MerkleProof {
  std::vector<Digest> nodes;  // see verify.h for the order
};

// The rows at `indices` (in that order), laid out as verify_batch expects them.
inline std::vector<Fp> gather_rows(ConstMatrixView m, std::span<const uint64_t> indices) {
  std::vector<Fp> rows;
  rows.reserve(indices.size() * m.width);
  for (uint64_t i : indices) {
    GF_CHECK(i < m.height, "gather_rows: index out of range");
    auto r = m.row(i);
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

// Sorted, duplicate-free copy of query indices (what open() and verify_batch() take).
inline std::vector<uint64_t> sorted_unique(std::span<const uint64_t> indices) {
  std::vector<uint64_t> v(indices.begin(), indices.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

template <MerkleHasher H>
class MerkleTree {
 public:
  using Digest = typename H::Digest;
  using Layer = std::vector<Digest, HugePageAllocator<Digest>>;

  static Result<MerkleTree> commit(ConstMatrixView m, MerkleOptions options = {}, H hasher = H{}) {
    if (!is_pow2(m.height)) {
      return Error{ErrorCode::kInvalidArgument, "Merkle tree height must be a power of two", 0, m.height};
    }
    MerkleTree t;
    t.hasher_ = std::move(hasher);
    t.height_ = m.height;
    t.width_ = m.width;
    t.log_height_ = log2_exact(m.height);
    t.dropped_ = std::min(options.dropped_levels, t.log_height_);
    t.layers_.resize(t.log_height_ + 1);
    Layer cur(m.height);
    t.hash_rows_parallel(m, 0, m.height, cur.data());
    for (unsigned level = 0; level < t.log_height_; ++level) {
      Layer next(cur.size() / 2);
      t.compress_parallel(cur.data(), next.size(), next.data());
      if (level >= t.dropped_) t.layers_[level] = std::move(cur);
      cur = std::move(next);
    }
    t.layers_[t.log_height_] = std::move(cur);
    return t;
  }

  const Digest& root() const { return layers_[log_height_][0]; }
  size_t height() const { return height_; }
  size_t width() const { return width_; }
  unsigned log_height() const { return log_height_; }
  unsigned dropped_levels() const { return dropped_; }
  const H& hasher() const { return hasher_; }
  // A kept layer (level >= dropped_levels()): height >> level digests.
  std::span<const Digest> layer(unsigned level) const {
    GF_CHECK(level <= log_height_ && level >= dropped_, "Merkle layer not kept");
    return layers_[level];
  }

  // The hash of leaf i: from the kept leaf layer or recomputed from row i of `m`.
  Digest leaf_hash(ConstMatrixView m, size_t i) const {
    GF_CHECK(i < height_, "leaf index out of range");
    if (dropped_ == 0) return layers_[0][i];
    check_matrix(m);
    return hasher_.hash_leaf(m.row(i));
  }

  // Batch opening of rows `indices` (strictly increasing, < height). `m` must be the committed
  // matrix; it is read only for levels that were dropped.
  Result<MerkleProof<Digest>> open(ConstMatrixView m, std::span<const uint64_t> indices) const {
    if (Error e = check_opening_shape(height_, width_, indices, indices.size() * width_); !e.ok()) return e;
    const Subtrees sub = dropped_ ? recompute_subtrees(m, indices) : Subtrees{};
    MerkleProof<Digest> proof;
    std::vector<uint64_t> known(indices.begin(), indices.end());
    for (unsigned level = 0; level < log_height_; ++level) {
      size_t out = 0;
      for (size_t k = 0; k < known.size();) {
        const uint64_t pos = known[k];
        if ((pos & 1) == 0 && k + 1 < known.size() && known[k + 1] == pos + 1) {
          k += 2;
        } else {
          proof.nodes.push_back(node(sub, level, pos ^ 1));
          k += 1;
        }
        known[out++] = pos >> 1;
      }
      known.resize(out);
    }
    return proof;
  }

 private:
  // Rows per parallel task: about 64 KiB of row data, a multiple of 16 (the widest kernel).
  size_t row_grain() const {
    const size_t bytes = std::max<size_t>(width_ * Fp::kBytes, 1);
    return std::max<size_t>(16, (size_t{64} << 10) / bytes / 16 * 16);
  }
  static constexpr size_t kPairGrain = 2048;

  void hash_rows_parallel(ConstMatrixView m, size_t first, size_t count, Digest* out) const {
    parallel_for_chunks(count, row_grain(),
                        [&](size_t b, size_t e) { hasher_.hash_rows(m, first + b, e - b, out + b); });
  }
  void compress_parallel(const Digest* in, size_t pairs, Digest* out) const {
    parallel_for_chunks(pairs, kPairGrain, [&](size_t b, size_t e) { hasher_.compress_pairs(in + 2 * b, e - b, out + b); });
  }

  void check_matrix(ConstMatrixView m) const {
    GF_CHECK(m.height == height_ && m.width == width_, "matrix differs in shape from the committed one");
  }

  // The dropped layers of every 2^dropped-row block that holds an opened index:
  // blocks[b] is the block number, layers[b][level] its nodes at that level.
  struct Subtrees {
    std::vector<uint64_t> blocks;
    std::vector<std::vector<std::vector<Digest>>> layers;
  };

  Subtrees recompute_subtrees(ConstMatrixView m, std::span<const uint64_t> indices) const {
    check_matrix(m);
    Subtrees s;
    for (uint64_t i : indices) {
      const uint64_t block = i >> dropped_;
      if (s.blocks.empty() || s.blocks.back() != block) s.blocks.push_back(block);
    }
    s.layers.resize(s.blocks.size());
    for (size_t b = 0; b < s.blocks.size(); ++b) {
      auto& layers = s.layers[b];
      layers.resize(dropped_);
      layers[0].resize(size_t{1} << dropped_);
      hasher_.hash_rows(m, s.blocks[b] << dropped_, layers[0].size(), layers[0].data());
      for (unsigned level = 1; level < dropped_; ++level) {
        layers[level].resize(layers[level - 1].size() / 2);
        hasher_.compress_pairs(layers[level - 1].data(), layers[level].size(), layers[level].data());
      }
    }
    return s;
  }

  Digest node(const Subtrees& s, unsigned level, uint64_t pos) const {
    if (level >= dropped_) return layers_[level][pos];
    const uint64_t block = pos >> (dropped_ - level);
    const size_t b = static_cast<size_t>(std::lower_bound(s.blocks.begin(), s.blocks.end(), block) - s.blocks.begin());
    GF_CHECK(b < s.blocks.size() && s.blocks[b] == block, "Merkle opening needs a block it did not recompute");
    return s.layers[b][level][pos - (block << (dropped_ - level))];
  }

  H hasher_{};
  size_t height_ = 0;
  size_t width_ = 0;
  unsigned log_height_ = 0;
  unsigned dropped_ = 0;
  std::vector<Layer> layers_;  // layers_[level] is empty for level < dropped_
};

}  // namespace goldfinch::merkle
