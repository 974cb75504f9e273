// A Merkle commitment to several matrices of different power-of-two heights in one tree (the
// "mixed matrix commitment" the STARK's single FRI needs). The tallest matrix's rows are the
// leaves; at the level whose width equals a shorter matrix's height, every node is compressed
// once more with the hash of that matrix's row:  node' = compress(node, leaf_hash(row)).
// A query at index q of the tallest height opens row q >> (L - log h) of every matrix of height h.
// Openings are batched: rows at the distinct positions of each matrix, and the sibling digests no
// other opened path provides, level by level, left to right. mixed_verify.h checks them. The
// lowest kDroppedLevels digest layers (31/32 of the digests) are not kept after commit (the
// matrices are, or their rows are remade): an opened sibling below them is recomputed from the
// 2^level rows under it.
// commit_streamed builds the same tree from matrices made one at a time and not kept; its
// openings take the rows from the caller.
#pragma once

#include <algorithm>
#include <functional>
#include <span>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/error.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/hasher.h"
#include "goldfinch/merkle/huge_page_allocator.h"
#include "goldfinch/merkle/mixed_verify.h"  // positions_at_level

namespace goldfinch::merkle {

template <class Digest>
struct MixedOpening {
  std::vector<std::vector<Fp>> rows;  // per matrix: its opened rows, positions increasing
  std::vector<Digest> nodes;          // sibling digests, level by level, position increasing
};

template <MerkleHasher H>
class MixedMerkleTree {
 public:
  using Digest = typename H::Digest;
  // Digest layers: huge-page blocks from the block cache, not zero-filled (written entirely).
  using Layer = std::vector<Digest, HugePageAllocator<Digest>>;
  // Digest layers 0 .. kDroppedLevels-1 (the leaf hashes and the next four) are not kept: an opening
  // rehashes at most 2^kDroppedLevels rows of the tallest matrix per queried position (32 rows per
  // query and tree: a few thousand row hashes per proof, against 8 bytes per LDE row kept at 3).
  static constexpr unsigned kDroppedLevels = 5;

  // `matrices` sorted by height, strictly decreasing, each a power of two; at least one.
  static Result<MixedMerkleTree> commit(std::vector<ConstMatrixView> matrices, H hasher = H{}) {
    return build(
        std::move(matrices), [&](size_t, ConstMatrixView m, const RowsFn& use) { use(m, 0); }, std::move(hasher));
  }

  // The same tree (the same root), with the rows of matrix j produced by `make(j, first_row)`, a
  // block of its rows from first_row on (at least one), only when they are hashed and dropped
  // right after, so one block lives at a time (the prover's streaming mode). `shapes` gives each
  // matrix's height and width (data unused). The matrices are not kept: open() then needs their
  // rows from the caller (rows_read, open with a RowLookup).
  static Result<MixedMerkleTree> commit_streamed(std::vector<ConstMatrixView> shapes,
                                                 const std::function<RowMajorMatrix(size_t j, size_t first_row)>& make,
                                                 H hasher = H{}) {
    for (auto& m : shapes) m.data = nullptr;
    return build(
        std::move(shapes),
        [&](size_t j, ConstMatrixView shape, const RowsFn& use) {
          for (size_t row = 0; row < shape.height;) {
            const RowMajorMatrix m = make(j, row);
            GF_CHECK(m.height() > 0 && row + m.height() <= shape.height && m.width() == shape.width,
                     "a streamed block has the wrong shape");
            use(m.view(), row);
            row += m.height();
          }
        },
        std::move(hasher));
  }

  const Digest& root() const { return layers_[log_height_][0]; }
  unsigned log_height() const { return log_height_; }
  const std::vector<ConstMatrixView>& matrices() const { return matrices_; }

  // Row `pos` of matrix j (a span of its width).
  using RowLookup = std::function<std::span<const Fp>(size_t j, uint64_t pos)>;

  // `queries`: strictly increasing indices below the tallest height. Reads the committed matrices
  // (not after commit_streamed: use the overload with a RowLookup).
  Result<MixedOpening<Digest>> open(std::span<const uint64_t> queries) const {
    for (const ConstMatrixView& m : matrices_) GF_CHECK(m.data != nullptr, "a streamed tree opens from given rows");
    return open(queries, [&](size_t j, uint64_t pos) { return matrices_[j].row(pos); });
  }

  // The positions of matrix j that open(queries, row) looks up: the queried ones at its level and,
  // for a matrix that enters below the first kept layer, every row under the kept node above each
  // queried position (the dropped digests are recomputed from them); increasing.
  std::vector<uint64_t> rows_read(size_t j, std::span<const uint64_t> queries) const {
    const unsigned level = log_height_ - log2_exact(matrices_[j].height);
    std::vector<uint64_t> p = positions_at_level(queries, level);
    if (level < first_kept_) {
      const unsigned span = first_kept_ - level;  // rows under a node of the first kept layer
      std::vector<uint64_t> all;
      for (uint64_t a : positions_at_level(queries, first_kept_))
        for (uint64_t r = a << span; r < (a + 1) << span; ++r) all.push_back(r);
      p = std::move(all);
    }
    return p;
  }

  // open() with the rows taken from `row` instead of the committed matrices.
  Result<MixedOpening<Digest>> open(std::span<const uint64_t> queries, const RowLookup& row) const {
    for (size_t k = 0; k < queries.size(); ++k) {
      if (queries[k] >> log_height_) return Error{ErrorCode::kInvalidArgument, "query out of range", 0, queries[k]};
      if (k && queries[k] <= queries[k - 1])
        return Error{ErrorCode::kInvalidArgument, "queries not increasing", 0, queries[k]};
    }
    MixedOpening<Digest> o;
    for (size_t j = 0; j < matrices_.size(); ++j) {
      const unsigned level = log_height_ - log2_exact(matrices_[j].height);
      std::vector<Fp> rows;
      for (uint64_t p : positions_at_level(queries, level)) {
        const std::span<const Fp> r = row(j, p);
        GF_CHECK(r.size() == matrices_[j].width, "a looked-up row has the wrong width");
        rows.insert(rows.end(), r.begin(), r.end());
      }
      o.rows.push_back(std::move(rows));
    }
    for (unsigned level = 0; level < log_height_; ++level) {
      const std::vector<uint64_t> known = positions_at_level(queries, level);
      for (size_t k = 0; k < known.size(); ++k) {
        const uint64_t pos = known[k];
        if ((pos & 1) == 0 && k + 1 < known.size() && known[k + 1] == pos + 1) {
          ++k;  // both children known
          continue;
        }
        o.nodes.push_back(node(level, pos ^ 1, row));
      }
    }
    return o;
  }

 private:
  // use(rows, first_row): a block of a matrix's rows, from first_row on.
  using RowsFn = std::function<void(ConstMatrixView, size_t)>;
  // Calls use(matrix j) with the committed matrix (its shape is matrices[j]).
  using VisitFn = std::function<void(size_t j, ConstMatrixView shape, const RowsFn& use)>;

  static Result<MixedMerkleTree> build(std::vector<ConstMatrixView> matrices, const VisitFn& visit, H hasher) {
    if (matrices.empty()) return Error{ErrorCode::kInvalidArgument, "mixed tree needs a matrix", 1, 0};
    for (size_t j = 0; j < matrices.size(); ++j) {
      if (!is_pow2(matrices[j].height))
        return Error{ErrorCode::kInvalidArgument, "matrix height is not a power of two", 0, matrices[j].height};
      if (j > 0 && matrices[j].height >= matrices[j - 1].height)
        return Error{ErrorCode::kInvalidArgument, "matrix heights must strictly decrease", matrices[j - 1].height,
                     matrices[j].height};
    }
    MixedMerkleTree t;
    t.hasher_ = std::move(hasher);
    t.matrices_ = std::move(matrices);
    t.log_height_ = log2_exact(t.matrices_[0].height);
    t.first_kept_ = std::min(kDroppedLevels, t.log_height_);  // the root is always kept
    t.layers_.resize(t.log_height_ + 1);
    t.entering_.assign(t.log_height_ + 1, -1);
    for (size_t j = 0; j < t.matrices_.size(); ++j) {
      const unsigned h = log2_exact(t.matrices_[j].height);
      if (h <= t.log_height_) t.entering_[t.log_height_ - h] = static_cast<int>(j);
    }
    // Below the first kept layer the tree is built as the rows come, block by block: each block's
    // digests are compressed up to the next level where a matrix enters (or the first kept one), so
    // no whole layer of leaf digests (32 bytes per row of the tallest matrix) need exist: a stage
    // reads the digests at its level (none for the leaves) and one matrix's rows, and writes the
    // level `up` levels higher.
    size_t next_matrix = 1;
    auto next_stop = [&](unsigned level) {
      unsigned stop = t.first_kept_;
      if (next_matrix < t.matrices_.size())
        stop = std::min(stop, t.log_height_ - log2_exact(t.matrices_[next_matrix].height));
      return std::max(stop, level);
    };
    unsigned level = next_stop(0);
    Layer cur = t.stage(0, nullptr, level, visit);
    while (level < t.first_kept_) {
      // A matrix enters at this level (next_stop stopped here below the first kept layer).
      const size_t j = next_matrix++;
      const unsigned up = next_stop(level);
      cur = t.stage(j, &cur, up - level, visit);
      level = up;
    }
    // From here on every layer is kept (and small): a level at a time.
    for (;; ++level) {
      if (level > 0 && next_matrix < t.matrices_.size() && t.matrices_[next_matrix].height == cur.size()) {
        Layer rows(cur.size());
        visit(next_matrix, t.matrices_[next_matrix],
              [&](ConstMatrixView m, size_t first) { t.hash_rows(m, rows.data() + first); });
        Layer pairs(2 * cur.size());
        for (size_t i = 0; i < cur.size(); ++i) {
          pairs[2 * i] = cur[i];
          pairs[2 * i + 1] = rows[i];
        }
        t.compress_pairs(pairs.data(), cur.size(), cur.data());
        ++next_matrix;
      }
      if (level == t.log_height_) {
        t.layers_[level] = std::move(cur);
        break;
      }
      Layer next(cur.size() / 2);
      t.compress_pairs(cur.data(), next.size(), next.data());
      t.layers_[level] = std::move(cur);
      cur = std::move(next);
    }
    if (next_matrix != t.matrices_.size())
      return Error{ErrorCode::kInvalidArgument, "matrix shorter than one row at the root level", 1,
                   t.matrices_[next_matrix].height};
    return t;
  }

  // One stage of the lower tree: the digests of matrix j's rows (leaf hashes; when `below` is given,
  // matrix j enters there: compress(below[i], leaf hash of row i)), compressed `up` levels, in the
  // order the rows come (blocks of any size: digests wait until the 2^up under a node are there).
  Layer stage(size_t j, const Layer* below, unsigned up, const VisitFn& visit) const {
    const size_t group = size_t{1} << up;
    Layer out(matrices_[j].height >> up);
    size_t emitted = 0;
    std::vector<Digest> pending;  // the digests of a node not yet complete
    // Compresses `count` digests (a multiple of group) up `up` levels into out[emitted...].
    auto emit = [&](const Digest* d, size_t count) {
      if (up == 0) {
        std::copy_n(d, count, out.data() + emitted);
      } else {
        Layer a(count / 2), b;
        compress_pairs(d, a.size(), a.data());
        for (unsigned l = 1; l < up; ++l) {
          b.resize(a.size() / 2);
          compress_pairs(a.data(), b.size(), b.data());
          a.swap(b);
        }
        std::copy_n(a.data(), count / group, out.data() + emitted);
      }
      emitted += count / group;
    };
    visit(j, matrices_[j], [&](ConstMatrixView m, size_t first) {
      Layer d(m.height);
      hash_rows(m, d.data());
      if (below) {
        Layer pairs(2 * m.height);
        for (size_t i = 0; i < m.height; ++i) {
          pairs[2 * i] = (*below)[first + i];
          pairs[2 * i + 1] = d[i];
        }
        compress_pairs(pairs.data(), m.height, d.data());
      }
      size_t from = 0;
      if (pending.empty()) {
        GF_CHECK(first == emitted * group, "a matrix's rows came out of order");
        from = m.height / group * group;
        if (from) emit(d.data(), from);
      }
      pending.insert(pending.end(), d.begin() + static_cast<ptrdiff_t>(from), d.end());
      if (pending.size() >= group) {
        const size_t whole = pending.size() / group * group;
        emit(pending.data(), whole);
        pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(whole));
      }
    });
    GF_CHECK(pending.empty() && emitted == out.size(), "a matrix's rows did not cover it");
    return out;
  }

  Digest node(unsigned level, uint64_t pos, const RowLookup& row) const {
    if (level >= first_kept_ && !layers_[level].empty()) return layers_[level][pos];
    if (level == 0) return hasher_.hash_leaf(row(0, pos));  // a dropped layer: recomputed
    Digest d = hasher_.compress(node(level - 1, 2 * pos, row), node(level - 1, 2 * pos + 1, row));
    if (const int j = entering_[level]; j > 0) d = hasher_.compress(d, hasher_.hash_leaf(row(static_cast<size_t>(j), pos)));
    return d;
  }
  void hash_rows(ConstMatrixView m, Digest* out) const {
    parallel_for_chunks(m.height, 256, [&](size_t b, size_t e) { hasher_.hash_rows(m, b, e - b, out + b); });
  }
  void compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
    parallel_for_chunks(pairs, 1024, [&](size_t b, size_t e) { hasher_.compress_pairs(in + 2 * b, e - b, out + b); });
  }

  H hasher_{};
  std::vector<ConstMatrixView> matrices_;
  unsigned log_height_ = 0;
  unsigned first_kept_ = 0;    // layers_[level] is empty below it (but for a one-row tree's leaf)
  std::vector<int> entering_;  // per level: the matrix whose row hashes enter there (0 at the leaves), or -1
  std::vector<Layer> layers_;
};

}  // namespace goldfinch::merkle
