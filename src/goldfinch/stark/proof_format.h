// Section tags and fixed values of the proof format (docs/proof_format.md). The prover writes the
// sections in this order; the verifier reads them in this order and rejects anything else.
#pragma once

#include <cstdint>

#include "goldfinch/merkle/merkle_hash.h"

namespace goldfinch::stark {

inline constexpr uint32_t kProofVersion = 1;
// The header's hash id: the Merkle hash of the proof's commitments (StarkParams::merkle_hash).
inline constexpr uint32_t kHashIdBlake3 = 1;
inline constexpr uint32_t kHashIdPoseidon2 = 2;
inline constexpr uint8_t kProofMagic[8] = {'G', 'F', 'P', 'R', 'O', 'O', 'F', 0};
// The heights section's entry for an optional table the proof leaves out (air::Air::optional).
inline constexpr uint8_t kAbsentLogHeight = 0xFF;

inline constexpr uint32_t hash_id_of(merkle::MerkleHash h) {
  return h == merkle::MerkleHash::kPoseidon2 ? kHashIdPoseidon2 : kHashIdBlake3;
}

enum SectionTag : uint32_t {
  kTagHeader = 1,          // magic, version, hash id, params, table count, vk digest
  kTagHeights = 2,         // u8 log2 height per table (kAbsentLogHeight: left out)
  kTagPublicValues = 3,    // F_p per public value, tables in order
  kTagMainRoot = 4,        // digest
  kTagAux = 5,             // count = tables with buses: digest (if count > 0), then F_p^3 claimed sums
  kTagQuotientRoot = 6,    // digest
  kTagOpenings = 7,        // F_p^3 openings at z and z*w (layout.h order)
  kTagFri = 8,             // count = FRI rounds: digests, then final polynomial F_p^3 coefficients
  kTagPow = 9,             // u64 nonce
  kTagRoundOpening = 10,   // 10 + round (pre, main, aux, quotient): count = class matrices;
                           // u64 sibling count, opened rows (F_p), sibling digests
  kTagFriQueries = 14,     // count = FRI rounds; per round: u64 sibling count, pairs (6 F_p each), siblings
};

}  // namespace goldfinch::stark
