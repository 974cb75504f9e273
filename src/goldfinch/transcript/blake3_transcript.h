// The transcript instance Goldfinch uses: BLAKE3 for the chain and BLAKE3's keyed XOF for output.
#pragma once

#include "goldfinch/hash/blake3.h"
#include "goldfinch/transcript/transcript.h"

namespace goldfinch::transcript {

struct Blake3TranscriptHash {
  static Digest hash(std::span<const uint8_t> in) { return hash::blake3(in); }
  static void keyed_xof(const Digest& key, std::span<const uint8_t> in, std::span<uint8_t> out) {
    hash::Blake3Hasher h = hash::Blake3Hasher::new_keyed(key.data());
    h.update(in);
    h.finalize_xof(out);
  }
};

using Blake3Transcript = Transcript<Blake3TranscriptHash>;

}  // namespace goldfinch::transcript
