// The Fiat–Shamir transcript of proofs committed with Poseidon2 (StarkParams::merkle_hash ==
// kPoseidon2, the `recursion` preset): a field-native duplex sponge over the width-8 Goldilocks
// Poseidon2 permutation (multiset/poseidon2.h; one GF_POSEIDON2 call inside the VM), so a verifier
// running in the VM never calls BLAKE3. Same calls as transcript.h's Transcript; docs/transcript.md
// gives the construction and the argument for its encoding and sampling.
//
//   state  = 8 elements: rate s[0..3], capacity s[4..7]; starts as (0,0,0,0, kTag, 1, 0, 0)
//   stream = the records below, as field elements; every 4 elements (a block) overwrite the rate,
//            then the state is permuted
//   records: init    [0x82 + 256 len(label)] pack7(label)
//            absorb  [tag + 256 len(label)] pack7(label) payload   (tags as transcript.h's)
//              bytes : [n] pack7(bytes)       digest: w0..w3 mod p, [flags: bit i = (w_i >= p)]
//              u64   : [lo32] [hi32]          base  : [n] elements   ext: [n] (c0 c1 c2) each
//            squeeze [0x80 + 256 len(label)] pack7(label) [count], zeros to the block's end,
//                    the last block absorbed; output: the rate, then permute and the rate again
//                    while more elements are needed
//   pack7: 7 bytes per element, little-endian, the last element zero-filled at the top.
// Sampling: a base element is one rate element (uniform); an index in [0, 2^k), k <= 32, is the
// low k bits of one element (p = 1 mod 2^32: distance from uniform < 1/p < 2^-63).
// Proof of work: seed = 4 elements squeezed with label "pow"; a nonce is valid for `bits` when the
// low `bits` bits of P(seed, 0x81, lo32(nonce), hi32(nonce), 0)[0] are zero.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/transcript/transcript.h"

namespace goldfinch::transcript {

// The capacity's domain tag (ASCII "transcpt", little-endian; below p) and the version after it.
inline constexpr uint64_t kPoseidon2TranscriptTag = 0x747063736e617274;
inline constexpr uint64_t kPoseidon2TranscriptVersion = 1;
inline constexpr uint8_t kInit = 0x82;

class Poseidon2Transcript {
 public:
  using Seed = std::array<Fp, 4>;
  static constexpr size_t kRate = 4;

  explicit Poseidon2Transcript(std::string_view label) {
    state_.fill(Fp::zero());
    state_[kRate] = Fp::from_canonical(kPoseidon2TranscriptTag);
    state_[kRate + 1] = Fp::from_canonical(kPoseidon2TranscriptVersion);
    header(kInit, label);
  }

  void absorb_bytes(std::string_view label, std::span<const uint8_t> bytes) {
    header(kBytes, label);
    put_length(bytes.size());
    put_packed(bytes.data(), bytes.size());
  }
  void absorb_digest(std::string_view label, const Digest& d) {
    header(kDigest, label);
    uint64_t flags = 0;
    for (size_t i = 0; i < 4; ++i) {
      uint64_t w = 0;
      for (size_t b = 0; b < 8; ++b) w |= static_cast<uint64_t>(d.bytes[8 * i + b]) << (8 * b);
      if (w >= Fp::kModulus) flags |= uint64_t{1} << i;
      put(Fp::from_u64(w));
    }
    put(Fp::from_canonical(flags));
  }
  void absorb_u64(std::string_view label, uint64_t v) {
    header(kU64, label);
    put(Fp::from_canonical(v & 0xFFFFFFFF));
    put(Fp::from_canonical(v >> 32));
  }
  void absorb_base(std::string_view label, std::span<const Fp> v) {
    header(kBase, label);
    put_length(v.size());
    put_many(v.data(), v.size());
  }
  void absorb_base(std::string_view label, Fp v) { absorb_base(label, std::span<const Fp>(&v, 1)); }
  void absorb_ext(std::string_view label, std::span<const Fp3> v) {
    header(kExt, label);
    put_length(v.size());
    static_assert(sizeof(Fp3) == 3 * sizeof(Fp));
    if (!v.empty()) put_many(&v[0][0], 3 * v.size());  // c0 c1 c2 of each, in memory order
  }
  void absorb_ext(std::string_view label, const Fp3& v) { absorb_ext(label, std::span<const Fp3>(&v, 1)); }

  // out.size() elements bound to everything absorbed so far (and to the label and the count).
  void squeeze_bases(std::string_view label, std::span<Fp> out) {
    header(kSqueeze, label);
    put_length(out.size());
    while (fill_ != 0) put(Fp::zero());  // the last block, zero-filled, is absorbed by put
    for (size_t i = 0; i < out.size(); ++i) {
      if (i != 0 && i % kRate == 0) multiset::poseidon2_permute(state_);
      out[i] = state_[i % kRate];
    }
  }
  Fp squeeze_base(std::string_view label) {
    Fp r;
    squeeze_bases(label, std::span<Fp>(&r, 1));
    return r;
  }
  Fp3 squeeze_ext(std::string_view label) {
    Fp c[3];
    squeeze_bases(label, c);
    return {c[0], c[1], c[2]};
  }

  // `count` indices uniform in [0, 2^log_domain) (within 2^-63 each; see the header comment).
  std::vector<uint64_t> squeeze_indices(std::string_view label, size_t count, unsigned log_domain) {
    GF_CHECK(log_domain <= 32, "query domain too large for one Goldilocks element");
    std::vector<Fp> e(count);
    squeeze_bases(label, e);
    std::vector<uint64_t> idx(count);
    const uint64_t mask = (uint64_t{1} << log_domain) - 1;
    for (size_t i = 0; i < count; ++i) idx[i] = e[i].value() & mask;
    return idx;
  }

  // Proof of work, as Transcript's: the prover searches (grinding.h), the verifier calls check_pow.
  Seed pow_seed() {
    Seed seed;
    squeeze_bases("pow", seed);
    return seed;
  }
  static bool pow_ok(const Seed& seed, uint64_t nonce, unsigned bits) {
    if (bits == 0) return true;
    multiset::Poseidon2State s;
    for (size_t i = 0; i < 4; ++i) s[i] = seed[i];
    s[4] = Fp::from_canonical(kPow);
    s[5] = Fp::from_canonical(nonce & 0xFFFFFFFF);
    s[6] = Fp::from_canonical(nonce >> 32);
    s[7] = Fp::zero();
    multiset::poseidon2_permute(s);
    const uint64_t mask = bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    return (s[0].value() & mask) == 0;
  }
  bool check_pow(unsigned bits, uint64_t nonce) {
    const Seed seed = pow_seed();
    const bool ok = pow_ok(seed, nonce, bits);
    absorb_u64("pow nonce", nonce);
    return ok;
  }

  const multiset::Poseidon2State& state() const { return state_; }

 private:
  // One element of the stream: into the rate; a full block permutes.
  void put(Fp x) {
    state_[fill_++] = x;
    if (fill_ == kRate) {
      multiset::poseidon2_permute(state_);
      fill_ = 0;
    }
  }
  // Bytes 7 to an element, little-endian; the caller has put the length first.
  // Full groups in 32-bit halves (the guest is RV32: no 64-bit shift per byte).
  void put_packed(const uint8_t* p, size_t n) {
    size_t at = 0;
    for (; at + 7 <= n; at += 7) {
      const uint32_t lo = p[at] | uint32_t{p[at + 1]} << 8 | uint32_t{p[at + 2]} << 16 | uint32_t{p[at + 3]} << 24;
      const uint32_t hi = p[at + 4] | uint32_t{p[at + 5]} << 8 | uint32_t{p[at + 6]} << 16;
      put(Fp::from_canonical(lo | uint64_t{hi} << 32));
    }
    if (at < n) {
      uint64_t w = 0;
      for (size_t b = 0; at + b < n; ++b) w |= static_cast<uint64_t>(p[at + b]) << (8 * b);
      put(Fp::from_canonical(w));
    }
  }
  // n elements in order, a block at a time.
  void put_many(const Fp* x, size_t n) {
    while (n != 0) {
      const size_t k = std::min(kRate - fill_, n);
      for (size_t i = 0; i < k; ++i) state_[fill_ + i] = x[i];
      fill_ += k;
      x += k;
      n -= k;
      if (fill_ == kRate) {
        multiset::poseidon2_permute(state_);
        fill_ = 0;
      }
    }
  }
  // Every length here counts bytes or elements held in memory, so it is far below p.
  void put_length(uint64_t n) {
    GF_CHECK(n < Fp::kModulus, "transcript record too long");
    put(Fp::from_canonical(n));
  }
  void header(uint8_t tag, std::string_view label) {
    GF_CHECK(label.size() < 256, "transcript label longer than 255 bytes");
    put(Fp::from_canonical(tag + 256 * static_cast<uint64_t>(label.size())));
    put_packed(reinterpret_cast<const uint8_t*>(label.data()), label.size());
  }

  multiset::Poseidon2State state_;
  size_t fill_ = 0;  // elements of the current block written into the rate
};

// A 32-byte digest of a byte string under a domain label, for keys committed with Poseidon2:
// the transcript above started with `domain`, the bytes absorbed (label "bytes"), 4 elements
// squeezed (label "digest"), as canonical little-endian u64 words.
inline Digest poseidon2_bytes_digest(std::string_view domain, std::span<const uint8_t> bytes) {
  Poseidon2Transcript t(domain);
  t.absorb_bytes("bytes", bytes);
  Fp e[4];
  t.squeeze_bases("digest", e);
  Digest d;
  for (size_t i = 0; i < 4; ++i)
    for (size_t b = 0; b < 8; ++b) d.bytes[8 * i + b] = static_cast<uint8_t>(e[i].value() >> (8 * b));
  return d;
}

}  // namespace goldfinch::transcript
