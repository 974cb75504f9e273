// The transcript for a hash chosen at run time (stark::StarkParams::merkle_hash): BLAKE3
// (blake3_transcript.h) for BLAKE3-committed proofs, the Poseidon2 sponge (poseidon2_transcript.h)
// for Poseidon2-committed ones, so a proof meant for the in-VM verifier needs no BLAKE3 at all.
// Every call switches once; the prover and the verifier use this type (stark/transcript_setup.h).
#pragma once

#include <utility>
#include <variant>

#include "goldfinch/merkle/merkle_hash.h"
#include "goldfinch/transcript/blake3_transcript.h"
#include "goldfinch/transcript/poseidon2_transcript.h"

namespace goldfinch::transcript {

class SelectedTranscript {
  using Variant = std::variant<Blake3Transcript, Poseidon2Transcript>;

 public:
  SelectedTranscript(merkle::MerkleHash hash, std::string_view label)
      : t_(hash == merkle::MerkleHash::kPoseidon2 ? Variant(std::in_place_index<1>, label)
                                                  : Variant(std::in_place_index<0>, label)) {}
  merkle::MerkleHash hash() const {
    return t_.index() == 1 ? merkle::MerkleHash::kPoseidon2 : merkle::MerkleHash::kBlake3;
  }

  // The concrete transcript (grinding.h searches on it).
  template <class F>
  decltype(auto) visit(F&& f) {
    if (auto* p = std::get_if<1>(&t_)) return f(*p);
    return f(*std::get_if<0>(&t_));
  }

  void absorb_bytes(std::string_view label, std::span<const uint8_t> b) {
    visit([&](auto& t) { t.absorb_bytes(label, b); });
  }
  void absorb_digest(std::string_view label, const Digest& d) {
    visit([&](auto& t) { t.absorb_digest(label, d); });
  }
  void absorb_u64(std::string_view label, uint64_t v) {
    visit([&](auto& t) { t.absorb_u64(label, v); });
  }
  void absorb_base(std::string_view label, std::span<const Fp> v) {
    visit([&](auto& t) { t.absorb_base(label, v); });
  }
  void absorb_base(std::string_view label, Fp v) { absorb_base(label, std::span<const Fp>(&v, 1)); }
  void absorb_ext(std::string_view label, std::span<const Fp3> v) {
    visit([&](auto& t) { t.absorb_ext(label, v); });
  }
  void absorb_ext(std::string_view label, const Fp3& v) { absorb_ext(label, std::span<const Fp3>(&v, 1)); }

  void squeeze_bases(std::string_view label, std::span<Fp> out) {
    visit([&](auto& t) { t.squeeze_bases(label, out); });
  }
  Fp squeeze_base(std::string_view label) {
    return visit([&](auto& t) { return t.squeeze_base(label); });
  }
  Fp3 squeeze_ext(std::string_view label) {
    return visit([&](auto& t) { return t.squeeze_ext(label); });
  }
  std::vector<uint64_t> squeeze_indices(std::string_view label, size_t count, unsigned log_domain) {
    return visit([&](auto& t) { return t.squeeze_indices(label, count, log_domain); });
  }
  bool check_pow(unsigned bits, uint64_t nonce) {
    return visit([&](auto& t) { return t.check_pow(bits, nonce); });
  }

 private:
  Variant t_;
};

}  // namespace goldfinch::transcript
