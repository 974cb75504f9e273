// The Poseidon2 permutation written once against PackedField (one state per lane) and
// instantiated in each ISA's translation unit (poseidon2_packed_<isa>.cc). Everything here is
// always_inline or mangled with the packing type, so instantiations cannot collide across ISAs.
// The round structure is multiset/poseidon2.cc's, step for step.
#pragma once

#include <cstddef>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/packed.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/merkle/poseidon2_merkle.h"
#include "goldfinch/multiset/poseidon2_constants.h"

namespace goldfinch::merkle::detail {

namespace pc = multiset::poseidon2_constants;

template <PackedField P>
GF_INLINE P p2_sbox(P x) {
  const P x2 = x.square();
  const P x3 = x2 * x;
  return x3 * x3 * x;
}

template <PackedField P>
GF_INLINE P p2_dbl(P x) {
  return x + x;
}

template <PackedField P>
GF_INLINE void p2_m4(P* s) {
  const P t0 = s[0] + s[1];
  const P t1 = s[2] + s[3];
  const P t2 = p2_dbl(s[1]) + t1;
  const P t3 = p2_dbl(s[3]) + t0;
  const P t4 = p2_dbl(p2_dbl(t1)) + t3;
  const P t5 = p2_dbl(p2_dbl(t0)) + t2;
  s[0] = t3 + t5;
  s[1] = t5;
  s[2] = t2 + t4;
  s[3] = t4;
}

template <PackedField P>
GF_INLINE void p2_external(P* s) {
  p2_m4(s);
  p2_m4(s + 4);
  for (size_t i = 0; i < 4; ++i) {
    const P sum = s[i] + s[i + 4];
    s[i] = s[i] + sum;
    s[i + 4] = s[i + 4] + sum;
  }
}

template <PackedField P>
GF_INLINE void p2_full_round(P* s, const std::array<uint64_t, 8>& rc) {
  for (size_t i = 0; i < 8; ++i) s[i] = p2_sbox(s[i] + P::broadcast(Fp::from_canonical(rc[i])));
  p2_external(s);
}

template <PackedField P>
GF_INLINE void p2_permute_lanes(P* s) {
  p2_external(s);
  for (size_t r = 0; r < 4; ++r) p2_full_round(s, pc::kExternal[r]);
  for (size_t r = 0; r < pc::kInternal.size(); ++r) {
    s[0] = p2_sbox(s[0] + P::broadcast(Fp::from_canonical(pc::kInternal[r])));
    P sum = s[0];
    for (size_t i = 1; i < 8; ++i) sum = sum + s[i];
    for (size_t i = 0; i < 8; ++i) s[i] = s[i] * P::broadcast(Fp::from_canonical(pc::kInternalDiagMinusOne[i])) + sum;
  }
  for (size_t r = 4; r < 8; ++r) p2_full_round(s, pc::kExternal[r]);
}

// Permutes n states (8 elements each, contiguous): W at a time through a transposed copy, the
// remainder one at a time with PackedScalar.
template <PackedField P>
void p2_permute_batch(Fp* states, size_t n) {
  constexpr size_t W = P::kWidth;
  size_t k = 0;
  if constexpr (W > 1) {
    for (; k + W <= n; k += W) {
      alignas(64) Fp t[8][W];
      Fp* base = states + 8 * k;
      for (size_t lane = 0; lane < W; ++lane)
        for (size_t i = 0; i < 8; ++i) t[i][lane] = base[8 * lane + i];
      P s[8];
      for (size_t i = 0; i < 8; ++i) s[i] = P::load(t[i]);
      p2_permute_lanes(s);
      for (size_t i = 0; i < 8; ++i) s[i].store(t[i]);
      for (size_t lane = 0; lane < W; ++lane)
        for (size_t i = 0; i < 8; ++i) base[8 * lane + i] = t[i][lane];
    }
  }
  for (; k < n; ++k) {
    PackedScalar s[8];
    for (size_t i = 0; i < 8; ++i) s[i] = PackedScalar::load(states + 8 * k + i);
    p2_permute_lanes(s);
    for (size_t i = 0; i < 8; ++i) s[i].store(states + 8 * k + i);
  }
}

// ---- The Merkle hash (poseidon2_merkle.h), one leaf or node per lane. ----
//
// Two vectors go through the permutation side by side (2W leaves or nodes per pass): each round's
// work on one is independent of the other's, so the out-of-order core overlaps the partial
// rounds' serial s-box chain of one vector with the other's. Fewer inputs than that run in one
// vector (its spare lanes repeat the last input and are not stored) when there are at least
// kP2VectorTail, else one at a time: a vector permutation costs about three scalar ones
// (AVX-512: 8 lanes at ~3x the scalar throughput).
inline constexpr size_t kP2VectorTail = 3;

// Raw u64 <-> Fp through always_inline code only (the ODR rule of field/packed.h).
GF_INLINE Fp p2_fp(uint64_t canonical) { return __builtin_bit_cast(Fp, canonical); }
GF_INLINE uint64_t p2_word(Fp x) { return __builtin_bit_cast(uint64_t, x); }

// p2_permute_lanes of N independent vectors of states, interleaved round by round.
template <size_t N, PackedField P>
GF_INLINE void p2_permute_lanes_n(P (&s)[N][8]) {
  if constexpr (N == 1) {
    p2_permute_lanes(s[0]);
  } else {
    for (size_t n = 0; n < N; ++n) p2_external(s[n]);
    for (size_t r = 0; r < 4; ++r)
      for (size_t n = 0; n < N; ++n) p2_full_round(s[n], pc::kExternal[r]);
    for (size_t r = 0; r < pc::kInternal.size(); ++r) {
      const P rc = P::broadcast(Fp::from_canonical(pc::kInternal[r]));
      // Step by step across the vectors, so that their s-box chains sit side by side in the code.
      for (size_t n = 0; n < N; ++n) s[n][0] = p2_sbox(s[n][0] + rc);
      P sum[N];
      for (size_t n = 0; n < N; ++n) {
        sum[n] = s[n][0];
        for (size_t i = 1; i < 8; ++i) sum[n] = sum[n] + s[n][i];
      }
      for (size_t i = 0; i < 8; ++i) {
        const P d = P::broadcast(Fp::from_canonical(pc::kInternalDiagMinusOne[i]));
        for (size_t n = 0; n < N; ++n) s[n][i] = s[n][i] * d + sum[n];
      }
    }
    for (size_t r = 4; r < 8; ++r)
      for (size_t n = 0; n < N; ++n) p2_full_round(s[n], pc::kExternal[r]);
  }
}

// Writes lanes [0, lanes) of the first 4 elements of s (N vectors) as digests out[0 .. lanes).
template <size_t N, PackedField P>
GF_INLINE void p2_store_digests(P (&s)[N][8], size_t lanes, hash::Digest* out) {
  constexpr size_t W = P::kWidth;
  alignas(64) Fp t[N][4][W];
  for (size_t n = 0; n < N; ++n)
    for (size_t i = 0; i < 4; ++i) s[n][i].store(t[n][i]);
  for (size_t lane = 0; lane < lanes; ++lane)
    for (size_t i = 0; i < 4; ++i) {
      const uint64_t w = p2_word(t[lane / W][i][lane % W]);
      __builtin_memcpy(out[lane].data() + 8 * i, &w, 8);
    }
}

// The leaf sponge of `lanes` <= N * W rows of `width` elements, row k at rows + k * width; the
// states stay in registers across the blocks. Digest k to out[k].
template <size_t N, PackedField P>
GF_INLINE void p2_leaf_lanes(const Fp* rows, size_t width, size_t lanes, hash::Digest* out) {
  constexpr size_t W = P::kWidth;
  alignas(64) Fp t[N][4][W];
  P s[N][8];
  for (size_t n = 0; n < N; ++n) {
    for (size_t i = 0; i < 8; ++i) s[n][i] = P::broadcast(p2_fp(0));
    s[n][4] = P::broadcast(p2_fp(kPoseidon2LeafTag));
    s[n][5] = P::broadcast(p2_fp(width));  // a row length is far below p
  }
  if (width == 0) p2_permute_lanes_n<N>(s);
  for (size_t c = 0; c < width; c += 4) {
    const size_t take = width - c < 4 ? width - c : 4;
    for (size_t lane = 0; lane < N * W; ++lane) {
      const Fp* row = rows + (lane < lanes ? lane : lanes - 1) * width + c;
      for (size_t i = 0; i < 4; ++i) t[lane / W][i][lane % W] = i < take ? row[i] : p2_fp(0);
    }
    for (size_t n = 0; n < N; ++n)
      for (size_t i = 0; i < 4; ++i) s[n][i] = P::load(t[n][i]);
    p2_permute_lanes_n<N>(s);
  }
  p2_store_digests<N>(s, lanes, out);
}

// compress(in[2k], in[2k + 1]) of `lanes` <= N * W pairs to out[k]; each input word is reduced
// mod p as poseidon2_digest_elems does (the verifier has rejected non-canonical proof digests).
template <size_t N, PackedField P>
GF_INLINE void p2_compress_lanes(const hash::Digest* in, size_t lanes, hash::Digest* out) {
  constexpr size_t W = P::kWidth;
  alignas(64) Fp t[N][8][W];
  for (size_t lane = 0; lane < N * W; ++lane) {
    const hash::Digest* pair = in + 2 * (lane < lanes ? lane : lanes - 1);
    for (size_t i = 0; i < 8; ++i) {
      uint64_t w;
      __builtin_memcpy(&w, pair[i / 4].data() + 8 * (i % 4), 8);
      t[lane / W][i][lane % W] = p2_fp(w >= Fp::kModulus ? w - Fp::kModulus : w);
    }
  }
  P s[N][8];
  for (size_t n = 0; n < N; ++n)
    for (size_t i = 0; i < 8; ++i) s[n][i] = P::load(t[n][i]);
  p2_permute_lanes_n<N>(s);
  p2_store_digests<N>(s, lanes, out);
}

// Splits [0, count) into passes: two(k, n) hashes inputs k .. k + n in two vectors (n <= 2W),
// one(k, n) in one (n <= W), scalar(k) input k alone. Full passes of 2W, then a remainder of more
// than W in two vectors, of kP2VectorTail..W in one, and fewer one at a time.
template <PackedField P, class Lanes2, class Lanes1, class LanesScalar>
GF_INLINE void p2_for_lanes(size_t count, Lanes2 two, Lanes1 one, LanesScalar scalar) {
  constexpr size_t W = P::kWidth;
  size_t k = 0;
  if constexpr (W > 1) {
    for (; k + 2 * W <= count; k += 2 * W) two(k, 2 * W);
    const size_t rest = count - k;
    if (rest > W) return two(k, rest);
    if (rest >= kP2VectorTail) return one(k, rest);
  }
  for (; k < count; ++k) scalar(k);
}

// out[k] = leaf(rows + k * width), k < count.
template <PackedField P>
void p2_hash_leaves(const Fp* rows, size_t width, size_t count, hash::Digest* out) {
  p2_for_lanes<P>(
      count, [&](size_t k, size_t n) { p2_leaf_lanes<2, P>(rows + k * width, width, n, out + k); },
      [&](size_t k, size_t n) { p2_leaf_lanes<1, P>(rows + k * width, width, n, out + k); },
      [&](size_t k) { p2_leaf_lanes<1, PackedScalar>(rows + k * width, width, 1, out + k); });
}

// out[k] = compress(in[2k], in[2k + 1]), k < pairs.
template <PackedField P>
void p2_compress_pairs(const hash::Digest* in, size_t pairs, hash::Digest* out) {
  p2_for_lanes<P>(
      pairs, [&](size_t k, size_t n) { p2_compress_lanes<2, P>(in + 2 * k, n, out + k); },
      [&](size_t k, size_t n) { p2_compress_lanes<1, P>(in + 2 * k, n, out + k); },
      [&](size_t k) { p2_compress_lanes<1, PackedScalar>(in + 2 * k, 1, out + k); });
}

}  // namespace goldfinch::merkle::detail
