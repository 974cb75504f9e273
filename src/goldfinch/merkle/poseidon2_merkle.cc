#include "goldfinch/merkle/poseidon2_merkle.h"

#include <bit>
#include <cstring>

#include "goldfinch/multiset/poseidon2.h"

namespace goldfinch::merkle {

static_assert(std::endian::native == std::endian::little, "digests are little-endian u64 words");

std::array<Fp, 4> poseidon2_digest_elems(const hash::Digest& d) {
  std::array<Fp, 4> e;
  for (size_t i = 0; i < 4; ++i) {
    uint64_t w;
    std::memcpy(&w, d.data() + 8 * i, 8);
    e[i] = Fp::from_u64(w);
  }
  return e;
}

hash::Digest poseidon2_digest_of(const Fp* elems) {
  hash::Digest d;
  for (size_t i = 0; i < 4; ++i) {
    const uint64_t w = elems[i].value();
    std::memcpy(d.data() + 8 * i, &w, 8);
  }
  return d;
}

bool poseidon2_digest_is_canonical(const hash::Digest& d) {
  for (size_t i = 0; i < 4; ++i) {
    uint64_t w;
    std::memcpy(&w, d.data() + 8 * i, 8);
    if (w >= Fp::kModulus) return false;
  }
  return true;
}

Poseidon2MerkleScalar::Digest Poseidon2MerkleScalar::hash_leaf(std::span<const Fp> row) const {
  multiset::Poseidon2State s{};
  s[4] = Fp::from_canonical(kPoseidon2LeafTag);
  s[5] = Fp::from_u64(row.size());
  if (row.empty()) multiset::poseidon2_permute(s);
  for (size_t first = 0; first < row.size(); first += kPoseidon2Rate) {
    for (size_t i = 0; i < kPoseidon2Rate; ++i) s[i] = first + i < row.size() ? row[first + i] : Fp::zero();
    multiset::poseidon2_permute(s);
  }
  return poseidon2_digest_of(s.data());
}

Poseidon2MerkleScalar::Digest Poseidon2MerkleScalar::compress(const Digest& left, const Digest& right) const {
  multiset::Poseidon2State s;
#if defined(GF_VERIFIER_IN_GUEST)
  // In the VM the digests' words go into the state as they are, not reduced (a third of the cycles
  // of a compression): every digest a proof gives was checked canonical before any hashing
  // (MerkleVerifier::check_canonical), the hasher's own outputs are, and the GF_POSEIDON2 call
  // traps on a word >= p, so a non-canonical word that got here anyway fails closed.
  static_assert(sizeof(s) == 2 * sizeof(Digest) && sizeof(Fp) == sizeof(uint64_t));
  std::memcpy(static_cast<void*>(s.data()), &left, sizeof(left));
  std::memcpy(static_cast<void*>(s.data() + 4), &right, sizeof(right));
#else
  const std::array<Fp, 4> l = poseidon2_digest_elems(left), r = poseidon2_digest_elems(right);
  for (size_t i = 0; i < 4; ++i) {
    s[i] = l[i];
    s[4 + i] = r[i];
  }
#endif
  multiset::poseidon2_permute(s);
  return poseidon2_digest_of(s.data());
}

}  // namespace goldfinch::merkle
