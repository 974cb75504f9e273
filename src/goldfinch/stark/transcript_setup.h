// The opening of every proof's transcript, shared by the prover and the verifier, and the
// out-of-domain point sampler.
#pragma once

#include <vector>

#include "goldfinch/stark/vk.h"
#include "goldfinch/transcript/selected_transcript.h"

namespace goldfinch::stark {

// BLAKE3 for BLAKE3-committed proofs, the Poseidon2 sponge for Poseidon2-committed ones
// (docs/transcript.md): the transcript hash follows StarkParams::merkle_hash.
using Transcript = transcript::SelectedTranscript;

// Binds the verifying key (parameters, table set, preprocessed commitment) and the trace
// heights before anything else.
inline Transcript begin_transcript(merkle::MerkleHash hash, const hash::Digest& vk_digest,
                                   const std::vector<uint8_t>& log_heights) {
  Transcript t(hash, "goldfinch stark v1");
  t.absorb_digest("vk", vk_digest);
  t.absorb_bytes("log heights", log_heights);
  return t;
}
inline Transcript begin_transcript(const VerifyingKey& vk, const std::vector<uint8_t>& log_heights) {
  return begin_transcript(vk.params.merkle_hash, vk.digest(), log_heights);
}

// z in F_p^3 outside F_p, so it lies outside every trace and LDE domain (which are in F_p).
inline Fp3 sample_ood_point(Transcript& t) {
  for (;;) {
    const Fp3 z = t.squeeze_ext("ood point");
    if (!z.is_base()) return z;
  }
}

}  // namespace goldfinch::stark
