#include "goldfinch/merkle/poseidon2_merkle_bulk.h"

#include <algorithm>

#include "goldfinch/merkle/poseidon2_packed.h"

namespace goldfinch::merkle {
namespace {
// States per batch: a few vectors' worth, small enough to stay in L1 (32 x 64 bytes).
constexpr size_t kBatch = 32;
}  // namespace

void Poseidon2Merkle::hash_rows(ConstMatrixView m, size_t first, size_t count, Digest* out) const {
  Fp states[8 * kBatch];
  const size_t w = m.width;
  for (size_t b = 0; b < count; b += kBatch) {
    const size_t n = std::min(kBatch, count - b);
    for (size_t k = 0; k < n; ++k) {
      Fp* s = states + 8 * k;
      for (size_t i = 0; i < 8; ++i) s[i] = Fp::zero();
      s[4] = Fp::from_canonical(kPoseidon2LeafTag);
      s[5] = Fp::from_u64(w);
    }
    if (w == 0) poseidon2_permute_batch(states, n, isa_);
    for (size_t c = 0; c < w; c += kPoseidon2Rate) {
      const size_t take = std::min(kPoseidon2Rate, w - c);
      for (size_t k = 0; k < n; ++k) {
        const Fp* row = m.row(first + b + k).data() + c;
        Fp* s = states + 8 * k;
        for (size_t i = 0; i < kPoseidon2Rate; ++i) s[i] = i < take ? row[i] : Fp::zero();
      }
      poseidon2_permute_batch(states, n, isa_);
    }
    for (size_t k = 0; k < n; ++k) out[b + k] = poseidon2_digest_of(states + 8 * k);
  }
}

void Poseidon2Merkle::compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
  Fp states[8 * kBatch];
  for (size_t b = 0; b < pairs; b += kBatch) {
    const size_t n = std::min(kBatch, pairs - b);
    for (size_t k = 0; k < n; ++k) {
      const auto l = poseidon2_digest_elems(in[2 * (b + k)]), r = poseidon2_digest_elems(in[2 * (b + k) + 1]);
      for (size_t i = 0; i < 4; ++i) {
        states[8 * k + i] = l[i];
        states[8 * k + 4 + i] = r[i];
      }
    }
    poseidon2_permute_batch(states, n, isa_);
    for (size_t k = 0; k < n; ++k) out[b + k] = poseidon2_digest_of(states + 8 * k);
  }
}

}  // namespace goldfinch::merkle
