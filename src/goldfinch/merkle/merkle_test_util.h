// Test helpers: seeded random matrices and an independent reference Merkle tree built with the
// plain one-shot keyed BLAKE3 (no hash_many, no tree code), one node at a time.
#pragma once

#include <algorithm>
#include <random>
#include <vector>

#include "goldfinch/field/matrix.h"
#include "goldfinch/hash/blake3.h"
#include "goldfinch/merkle/blake3_merkle_bulk.h"

namespace goldfinch::merkle::testing {

inline RowMajorMatrix random_matrix(size_t height, size_t width, uint64_t seed) {
  std::mt19937_64 rng(seed);
  RowMajorMatrix m(height, width);
  for (auto& x : m.data()) x = Fp::from_u64(rng());
  return m;
}

// A streamed tree's row source (MixedMerkleTree::commit_streamed) that hands matrix j's row
// `first` over as a one-row block copied from mats[j].
inline auto one_row_blocks(const std::vector<RowMajorMatrix>& mats) {
  return [&mats](size_t j, size_t first) {
    RowMajorMatrix b(1, mats[j].width());
    std::copy_n(mats[j].row(first).data(), mats[j].width(), b.row(0).data());
    return b;
  };
}

// layers[level][pos], level 0 = leaves, last = {root}.
inline std::vector<std::vector<hash::Digest>> reference_layers(const RowMajorMatrix& m) {
  const hash::Key leaf_key = hash::key_from_digest(hash::blake3_derive_key("goldfinch merkle leaf v1", {}));
  const hash::Key node_key = hash::key_from_digest(hash::blake3_derive_key("goldfinch merkle node v1", {}));
  std::vector<std::vector<hash::Digest>> layers(1);
  for (size_t i = 0; i < m.height(); ++i) {
    std::vector<uint8_t> bytes;
    for (Fp x : m.row(i)) {
      uint8_t b[8];
      x.to_bytes(b);
      bytes.insert(bytes.end(), b, b + 8);
    }
    layers[0].push_back(hash::blake3_keyed(leaf_key, bytes));
  }
  while (layers.back().size() > 1) {
    const auto& cur = layers.back();
    std::vector<hash::Digest> next;
    for (size_t i = 0; i + 1 < cur.size(); i += 2) {
      std::vector<uint8_t> bytes(cur[i].bytes.begin(), cur[i].bytes.end());
      bytes.insert(bytes.end(), cur[i + 1].bytes.begin(), cur[i + 1].bytes.end());
      next.push_back(hash::blake3_keyed(node_key, bytes));
    }
    layers.push_back(next);
  }
  return layers;
}

}  // namespace goldfinch::merkle::testing
