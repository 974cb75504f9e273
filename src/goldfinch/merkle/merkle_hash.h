// Which hash a Merkle commitment uses: a protocol parameter (stark::StarkParams::merkle_hash), so
// it is bound into the verifying key and the transcript. BLAKE3 (blake3_merkle.h) is the default;
// Poseidon2 (poseidon2_merkle.h) is the algebraic hash for proofs verified inside the VM.
#pragma once

#include <cstdint>
#include <string_view>

namespace goldfinch::merkle {

enum class MerkleHash : uint8_t { kBlake3 = 0, kPoseidon2 = 1 };

inline constexpr std::string_view merkle_hash_name(MerkleHash h) {
  return h == MerkleHash::kPoseidon2 ? "poseidon2" : "blake3";
}

// "blake3" or "poseidon2"; false for anything else.
inline constexpr bool parse_merkle_hash(std::string_view name, MerkleHash* out) {
  if (name == "blake3") return *out = MerkleHash::kBlake3, true;
  if (name == "poseidon2") return *out = MerkleHash::kPoseidon2, true;
  return false;
}

}  // namespace goldfinch::merkle
