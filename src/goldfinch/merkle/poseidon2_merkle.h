// Poseidon2 (Goldilocks, width 8: multiset/poseidon2.h) as the Merkle hash, scalar form (what the
// verifier links, also inside the VM). A digest is 4 field elements, stored as 4 canonical
// little-endian u64 in the same 32-byte hash::Digest the proof format carries for BLAKE3.
//   leaf(row) = first 4 elements of a sponge (rate 4, capacity 4) over the row's elements: the
//               capacity starts as (kPoseidon2LeafTag, row length, 0, 0); each block of 4 elements
//               (the last zero-padded) overwrites the rate, then the state is permuted; an empty
//               row is one permutation of the initial state.
//   node(l, r) = first 4 elements of P(l || r) (Plonky3's TruncatedPermutation<_, 2, 4, 8>).
// docs/merkle.md gives the security argument. A digest from untrusted bytes must be checked
// with is_canonical() first (merkle/selected_verify.h does for every proof digest); the hasher
// itself reduces a non-canonical word mod p rather than read it as something else.
#pragma once

#include <array>
#include <span>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::merkle {

// The leaf sponge's domain tag (ASCII "leaf"), in the first capacity element.
inline constexpr uint64_t kPoseidon2LeafTag = 0x6661656c;
inline constexpr size_t kPoseidon2Rate = 4;
inline constexpr size_t kPoseidon2DigestElems = 4;

// A digest's 4 elements: each little-endian u64 of the bytes, reduced mod p.
std::array<Fp, 4> poseidon2_digest_elems(const hash::Digest& d);
// The digest of 4 canonical elements.
hash::Digest poseidon2_digest_of(const Fp* elems);
// Whether every one of the digest's 4 little-endian u64 words is below p.
bool poseidon2_digest_is_canonical(const hash::Digest& d);

class Poseidon2MerkleScalar {
 public:
  using Digest = hash::Digest;

  Digest hash_leaf(std::span<const Fp> row) const;
  Digest compress(const Digest& left, const Digest& right) const;
};

}  // namespace goldfinch::merkle
