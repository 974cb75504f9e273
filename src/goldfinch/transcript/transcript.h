// Fiat–Shamir transcript: the prover and the verifier make the same calls in the same order, and
// every challenge is a hash of everything absorbed before it. Generic over the hash (concept
// TranscriptHash); BLAKE3 is the default (blake3_transcript.h).
//
// Construction (a hash chain with an explicit squeeze step):
//   state_0     = H("goldfinch transcript v1" || len(label) || label)
//   absorb      : pending ||= tag || len(label) || label || u64 len(payload) || payload
//   squeeze     : state = H(state || pending || kSqueeze || len(label) || label); pending = {}
//                 output = XOF_keyed(state, "out") truncated to the bytes needed
// Tags separate the kinds (bytes, digest, base element, extension element, u64), labels separate
// the roles, and lengths make the encoding injective, so two different call sequences never hash
// the same bytes.
//
// Sampling: a base element is a 128-bit XOF word reduced mod p (statistical distance from uniform
// <= p / 2^128 < 2^-64 per element, far below any soundness term); an extension element is three
// of them. A query index in [0, 2^k) takes the low k bits of a 64-bit word, exactly uniform.
// Proof of work: a nonce is valid for `bits` when the low `bits` bits of the first 64-bit word of
// H(state || kPow || nonce) are zero, with state taken right after a squeeze of label "pow".
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::transcript {

using hash::Digest;

// What the transcript needs from a hash: a 32-byte digest of a byte string, and an extendable
// output keyed by a 32-byte key.
template <class H>
concept TranscriptHash = requires(std::span<const uint8_t> in, std::span<uint8_t> out, const Digest& key) {
  { H::hash(in) } -> std::same_as<Digest>;
  { H::keyed_xof(key, in, out) } -> std::same_as<void>;
};

enum Tag : uint8_t {
  kBytes = 1,
  kDigest = 2,
  kBase = 3,
  kExt = 4,
  kU64 = 5,
  kSqueeze = 0x80,
  kPow = 0x81,
};

template <TranscriptHash H>
class Transcript {
 public:
  explicit Transcript(std::string_view label) {
    static constexpr std::string_view kDomain = "goldfinch transcript v1";
    std::vector<uint8_t> init(kDomain.begin(), kDomain.end());
    put_label(init, label);
    state_ = H::hash(init);
    pending_.assign(state_.bytes.begin(), state_.bytes.end());
  }

  void absorb_bytes(std::string_view label, std::span<const uint8_t> bytes) {
    header(kBytes, label, bytes.size());
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  }
  void absorb_digest(std::string_view label, const Digest& d) {
    header(kDigest, label, Digest::kBytes);
    pending_.insert(pending_.end(), d.bytes.begin(), d.bytes.end());
  }
  void absorb_u64(std::string_view label, uint64_t v) {
    header(kU64, label, 8);
    put_u64(pending_, v);
  }
  void absorb_base(std::string_view label, std::span<const Fp> v) {
    header(kBase, label, 8 * v.size());
    put_fps(pending_, v.data(), v.size());
  }
  void absorb_base(std::string_view label, Fp v) { absorb_base(label, std::span<const Fp>(&v, 1)); }
  void absorb_ext(std::string_view label, std::span<const Fp3> v) {
    header(kExt, label, 24 * v.size());
    static_assert(sizeof(Fp3) == 3 * sizeof(Fp));
    put_fps(pending_, v.empty() ? nullptr : &v[0][0], 3 * v.size());
  }
  void absorb_ext(std::string_view label, const Fp3& v) { absorb_ext(label, std::span<const Fp3>(&v, 1)); }

  // Fills `out` with challenge bytes bound to everything absorbed so far.
  void squeeze_bytes(std::string_view label, std::span<uint8_t> out) {
    // pending_ starts with the state's 32 bytes: H(state || pending || squeeze) without a copy.
    pending_.push_back(kSqueeze);
    put_label(pending_, label);
    state_ = H::hash(pending_);
    pending_.assign(state_.bytes.begin(), state_.bytes.end());
    static constexpr uint8_t kOut[3] = {'o', 'u', 't'};
    H::keyed_xof(state_, kOut, out);
  }

  Fp squeeze_base(std::string_view label) {
    Fp r;
    squeeze_bases(label, std::span<Fp>(&r, 1));
    return r;
  }
  void squeeze_bases(std::string_view label, std::span<Fp> out) {
    std::vector<uint8_t> bytes(16 * out.size());
    squeeze_bytes(label, bytes);
    for (size_t i = 0; i < out.size(); ++i) out[i] = reduce_wide(bytes.data() + 16 * i);
  }
  Fp3 squeeze_ext(std::string_view label) {
    Fp c[3];
    squeeze_bases(label, c);
    return {c[0], c[1], c[2]};
  }

  // `count` indices uniform in [0, 2^log_domain).
  std::vector<uint64_t> squeeze_indices(std::string_view label, size_t count, unsigned log_domain) {
    GF_CHECK(log_domain <= 63, "query domain too large");
    std::vector<uint8_t> bytes(8 * count);
    squeeze_bytes(label, bytes);
    std::vector<uint64_t> idx(count);
    const uint64_t mask = (uint64_t{1} << log_domain) - 1;
    for (size_t i = 0; i < count; ++i) idx[i] = load_u64(bytes.data() + 8 * i) & mask;
    return idx;
  }

  // Proof of work. Returns the digest seed that candidate nonces are checked against; the
  // prover searches (grinding.h), the verifier calls check_pow. Both then absorb the nonce.
  Digest pow_seed() {
    Digest seed;
    squeeze_bytes("pow", seed.bytes);
    return seed;
  }
  static bool pow_ok(const Digest& seed, uint64_t nonce, unsigned bits) {
    if (bits == 0) return true;
    uint8_t buf[32 + 1 + 8];
    for (size_t i = 0; i < 32; ++i) buf[i] = seed.bytes[i];
    buf[32] = kPow;
    for (int i = 0; i < 8; ++i) buf[33 + i] = static_cast<uint8_t>(nonce >> (8 * i));
    const Digest h = H::hash(buf);
    const uint64_t word = load_u64(h.data());
    const uint64_t mask = bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    return (word & mask) == 0;
  }
  // Verifier side of grinding: checks the nonce and binds it into the transcript.
  bool check_pow(unsigned bits, uint64_t nonce) {
    const Digest seed = pow_seed();
    const bool ok = pow_ok(seed, nonce, bits);
    absorb_u64("pow nonce", nonce);
    return ok;
  }

  const Digest& state() const { return state_; }

 private:
  static void put_u64(std::vector<uint8_t>& out, uint64_t v) {
    const size_t at = out.size();
    out.resize(at + 8);
    for (int i = 0; i < 8; ++i) out[at + i] = static_cast<uint8_t>(v >> (8 * i));
  }
  // n canonical elements as little-endian u64 (one copy on little-endian hosts and the guest).
  static void put_fps(std::vector<uint8_t>& out, const Fp* p, size_t n) {
    if constexpr (std::endian::native == std::endian::little) {
      static_assert(sizeof(Fp) == 8);
      const auto* bytes = reinterpret_cast<const uint8_t*>(p);
      out.insert(out.end(), bytes, bytes + 8 * n);  // no zero fill before the copy
    } else {
      const size_t at = out.size();
      out.resize(at + 8 * n);
      for (size_t k = 0; k < n; ++k)
        for (int i = 0; i < 8; ++i) out[at + 8 * k + i] = static_cast<uint8_t>(p[k].value() >> (8 * i));
    }
  }
  static uint64_t load_u64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
  }
  static void put_label(std::vector<uint8_t>& out, std::string_view label) {
    GF_CHECK(label.size() < 256, "transcript label longer than 255 bytes");
    out.push_back(static_cast<uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
  }
  void header(Tag tag, std::string_view label, uint64_t len) {
    // Room for this header and payload and the next squeeze's, so a large absorb (the in-VM
    // verifier's ~100 KB of openings) is copied once, never moved by the buffer growing.
    const size_t need = pending_.size() + 2 * (1 + 256 + 8) + len;
    if (need > pending_.capacity()) pending_.reserve(std::max(need, 2 * pending_.capacity()));
    pending_.push_back(tag);
    put_label(pending_, label);
    put_u64(pending_, len);
  }
  // 128 little-endian bits reduced mod p: lo + hi * 2^64.
  static Fp reduce_wide(const uint8_t* p) {
    return Fp::from_canonical(Fp::reduce_wide(load_u64(p), load_u64(p + 8)));
  }

  Digest state_{};
  std::vector<uint8_t> pending_;
};

}  // namespace goldfinch::transcript
