// NTT loop bodies written once against PackedField and instantiated in each ISA's translation
// unit (kernels_<isa>.cc). Layers with a half-size below the packing width (the last layers of a
// single-column transform) need lane shuffles: each ISA supplies them as SmallLayers<P>.
// Twiddle tables use the layout tw[s + j] = w_{2s}^j for every layer half-size s (twiddles.h).
// Only always_inline helpers and names mangled with P may appear here (docs/ntt.md, ODR rule).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/packed.h"

namespace goldfinch::ntt::detail {

// dif(x, n, tw) / dit(x, n, tw): the layers with half-size s < P::kWidth on a contiguous column
// of n elements (n a multiple of 2 * kWidth), DIF order (largest s first) or DIT order.
template <class P>
struct SmallLayers;

// Gentleman-Sande: (a, b) <- (a + b, (a - b) w).
template <PackedField P>
GF_INLINE void dif_bfly(P& a, P& b, P w) {
  const P s = a + b;
  b = (a - b) * w;
  a = s;
}
// Cooley-Tukey: (a, b) <- (a + b w, a - b w).
template <PackedField P>
GF_INLINE void dit_bfly(P& a, P& b, P w) {
  const P t = b * w;
  b = a - t;
  a = a + t;
}

// One DIF layer of half-size s >= W on a contiguous column of n elements.
template <PackedField P>
GF_INLINE void dif_column_layer(Fp* x, size_t n, size_t s, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  for (size_t blk = 0; blk < n; blk += 2 * s) {
    Fp* a = x + blk;
    Fp* b = a + s;
    for (size_t j = 0; j < s; j += W) {
      P u = P::load(a + j), v = P::load(b + j);
      dif_bfly(u, v, P::load(tw + s + j));
      u.store(a + j);
      v.store(b + j);
    }
  }
}

template <PackedField P>
GF_INLINE void dit_column_layer(Fp* x, size_t n, size_t s, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  for (size_t blk = 0; blk < n; blk += 2 * s) {
    Fp* a = x + blk;
    Fp* b = a + s;
    for (size_t j = 0; j < s; j += W) {
      P u = P::load(a + j), v = P::load(b + j);
      dit_bfly(u, v, P::load(tw + s + j));
      u.store(a + j);
      v.store(b + j);
    }
  }
}

// Radix-4 DIF step: layers 2q and q on a contiguous column block of 4q elements (q >= W).
template <PackedField P>
GF_INLINE void dif_column_radix4(Fp* x, size_t n, size_t q, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  for (size_t blk = 0; blk < n; blk += 4 * q) {
    Fp* r0 = x + blk;
    for (size_t j = 0; j < q; j += W) {
      P v0 = P::load(r0 + j), v1 = P::load(r0 + q + j), v2 = P::load(r0 + 2 * q + j), v3 = P::load(r0 + 3 * q + j);
      dif_bfly(v0, v2, P::load(tw + 2 * q + j));
      dif_bfly(v1, v3, P::load(tw + 3 * q + j));
      const P t = P::load(tw + q + j);
      dif_bfly(v0, v1, t);
      dif_bfly(v2, v3, t);
      v0.store(r0 + j);
      v1.store(r0 + q + j);
      v2.store(r0 + 2 * q + j);
      v3.store(r0 + 3 * q + j);
    }
  }
}

template <PackedField P>
GF_INLINE void dit_column_radix4(Fp* x, size_t n, size_t q, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  for (size_t blk = 0; blk < n; blk += 4 * q) {
    Fp* r0 = x + blk;
    for (size_t j = 0; j < q; j += W) {
      P v0 = P::load(r0 + j), v1 = P::load(r0 + q + j), v2 = P::load(r0 + 2 * q + j), v3 = P::load(r0 + 3 * q + j);
      const P t = P::load(tw + q + j);
      dit_bfly(v0, v1, t);
      dit_bfly(v2, v3, t);
      dit_bfly(v0, v2, P::load(tw + 2 * q + j));
      dit_bfly(v1, v3, P::load(tw + 3 * q + j));
      v0.store(r0 + j);
      v1.store(r0 + q + j);
      v2.store(r0 + 2 * q + j);
      v3.store(r0 + 3 * q + j);
    }
  }
}

// Full DIF (natural in, bit-reversed out) of a contiguous column, n >= 2W a power of two.
template <PackedField P>
void dif_column(Fp* x, size_t n, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  size_t s = n / 2;
  for (; s >= 2 * W; s /= 4) dif_column_radix4<P>(x, n, s / 2, tw);
  if (s >= W) dif_column_layer<P>(x, n, s, tw);
  if constexpr (W > 1) SmallLayers<P>::dif(x, n, tw);
}

// Full DIT (bit-reversed in, natural out) of a contiguous column: the exact reverse of dif_column.
template <PackedField P>
void dit_column(Fp* x, size_t n, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  if constexpr (W > 1) SmallLayers<P>::dit(x, n, tw);
  // Same layer grouping as dif_column, walked backwards: q_min is the last radix-4 step's q.
  size_t s = n / 2, q_min = 0;
  for (; s >= 2 * W; s /= 4) q_min = s / 2;
  if (s >= W) dit_column_layer<P>(x, n, s, tw);
  if (q_min != 0)
    for (size_t q = q_min; q <= n / 4; q *= 4) dit_column_radix4<P>(x, n, q, tw);
}

// Column tails of the row kernels (w not a multiple of the lane count): by default one column at a
// time in scalar code; an ISA with masked loads and stores specializes this (kernels_avx512.cc) to
// run a tail of at least kMinCols columns as one partial vector (lanes past it load as zero and
// are never stored).
template <class P>
struct Tail {
  static constexpr bool kMasked = false;
  static constexpr size_t kMinCols = 0;
  explicit Tail(size_t /*cols*/) {}
  P load(const Fp* p) const;
  void store(Fp* p, P v) const;
};

// Row transforms: every column of an h-row (strided) matrix block transformed, SIMD across
// columns; row r starts at x + r * stride.
// The first butterfly of every block has the twiddle tw[s] = w^0 = 1 (a DIF and a DIT butterfly
// are then the same, (a, b) <- (a + b, a - b)): one in s of a layer's butterflies, about two
// layers' worth in all, needs no multiplication. Multiplying by 1 is exact, so the values are
// those of the general butterfly.
template <PackedField P>
GF_INLINE void row_bfly_unit(Fp* a, Fp* b, size_t w) {
  constexpr size_t W = P::kWidth;
  size_t c = 0;
  for (; c + W <= w; c += W) {
    const P u = P::load(a + c), v = P::load(b + c);
    (u + v).store(a + c);
    (u - v).store(b + c);
  }
  if constexpr (Tail<P>::kMasked) {
    if (w - c >= Tail<P>::kMinCols) {
      const Tail<P> t(w - c);
      const P u = t.load(a + c), v = t.load(b + c);
      t.store(a + c, u + v);
      t.store(b + c, u - v);
      return;
    }
  }
  for (; c < w; ++c) {
    const PackedScalar u = PackedScalar::load(a + c), v = PackedScalar::load(b + c);
    (u + v).store(a + c);
    (u - v).store(b + c);
  }
}

// Multiplication by one twiddle for the length of a row step. The default is the packed product;
// an ISA may specialize it (kernels_avx512.cc) for the twiddles of the layers with half-size at
// most kPow2MaxHalf, which are all powers of two up to sign (w_64 = 2^39, and 2^96 = -1), with
// shifts in place of the full 64 x 64-bit product. `pow2` says the twiddle is one of those.
inline constexpr size_t kPow2MaxHalf = 32;
template <class P>
struct TwiddleMul {
  P t;
  GF_INLINE static TwiddleMul make(Fp x, bool /*pow2*/) { return {P::broadcast(x)}; }
  GF_INLINE P operator()(P x) const { return x * t; }
};

// Two layers per pass over the block (half-sizes 2q and q for DIF, q and 2q for DIT) on the four
// rows j, j + q, j + 2q, j + 3q of a 4q-row block at r0: half the loads and stores of two radix-2
// layers, the same butterflies with the same twiddles, so the same values. kUnit: j = 0, where
// tw[2q] = tw[q] = 1 and three of the four butterflies need no multiplication (tw[3q] = w_4 does).
template <PackedField P, bool kDif, bool kUnit>
GF_INLINE void rows_radix4_step(Fp* r0, size_t q, size_t j, size_t w, size_t stride, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  Fp* r1 = r0 + q * stride;
  Fp* r2 = r1 + q * stride;
  Fp* r3 = r2 + q * stride;
  const Fp fa = tw[2 * q + j], fb = tw[3 * q + j], fc = tw[q + j];
  const bool pow2 = 2 * q <= kPow2MaxHalf;
  const TwiddleMul<P> ta = TwiddleMul<P>::make(fa, pow2), tb = TwiddleMul<P>::make(fb, pow2),
                      tc = TwiddleMul<P>::make(fc, pow2);
  // The butterflies of dif_bfly / dit_bfly with the product by the twiddle as `m`.
  auto dif = [](auto& a, auto& b, const auto& m) {
    const auto s = a + b;
    b = m(a - b);
    a = s;
  };
  auto dit = [](auto& a, auto& b, const auto& m) {
    const auto t = m(b);
    b = a - t;
    a = a + t;
  };
  auto unit = [](auto& a, auto& b) {
    const auto s = a + b;
    b = a - b;
    a = s;
  };
  auto four = [&](auto& v0, auto& v1, auto& v2, auto& v3, const auto& ma, const auto& mb, const auto& mc) {
    if constexpr (kDif) {
      if constexpr (kUnit) {
        unit(v0, v2);
      } else {
        dif(v0, v2, ma);
      }
      dif(v1, v3, mb);
      if constexpr (kUnit) {
        unit(v0, v1);
        unit(v2, v3);
      } else {
        dif(v0, v1, mc);
        dif(v2, v3, mc);
      }
    } else {
      if constexpr (kUnit) {
        unit(v0, v1);
        unit(v2, v3);
        unit(v0, v2);
      } else {
        dit(v0, v1, mc);
        dit(v2, v3, mc);
        dit(v0, v2, ma);
      }
      dit(v1, v3, mb);
    }
  };
  r0 += j * stride;
  r1 += j * stride;
  r2 += j * stride;
  r3 += j * stride;
  size_t c = 0;
  for (; c + W <= w; c += W) {
    P v0 = P::load(r0 + c), v1 = P::load(r1 + c), v2 = P::load(r2 + c), v3 = P::load(r3 + c);
    four(v0, v1, v2, v3, ta, tb, tc);
    v0.store(r0 + c);
    v1.store(r1 + c);
    v2.store(r2 + c);
    v3.store(r3 + c);
  }
  if constexpr (Tail<P>::kMasked) {
    if (w - c >= Tail<P>::kMinCols) {
      const Tail<P> t(w - c);
      P v0 = t.load(r0 + c), v1 = t.load(r1 + c), v2 = t.load(r2 + c), v3 = t.load(r3 + c);
      four(v0, v1, v2, v3, ta, tb, tc);
      t.store(r0 + c, v0);
      t.store(r1 + c, v1);
      t.store(r2 + c, v2);
      t.store(r3 + c, v3);
      return;
    }
  }
  if (c < w) {
    const TwiddleMul<PackedScalar> sa{PackedScalar{fa}}, sb{PackedScalar{fb}}, sc{PackedScalar{fc}};
    for (; c < w; ++c) {
      PackedScalar v0 = PackedScalar::load(r0 + c), v1 = PackedScalar::load(r1 + c), v2 = PackedScalar::load(r2 + c),
                   v3 = PackedScalar::load(r3 + c);
      four(v0, v1, v2, v3, sa, sb, sc);
      v0.store(r0 + c);
      v1.store(r1 + c);
      v2.store(r2 + c);
      v3.store(r3 + c);
    }
  }
}

// The two layers of rows_radix4_step on every 4q-row block of an h-row block.
template <PackedField P, bool kDif>
GF_INLINE void rows_radix4_layers(Fp* x, size_t h, size_t q, size_t w, size_t stride, const Fp* tw) {
  for (size_t blk = 0; blk < h; blk += 4 * q) {
    Fp* r0 = x + blk * stride;
    rows_radix4_step<P, kDif, true>(r0, q, 0, w, stride, tw);
    for (size_t j = 1; j < q; ++j) rows_radix4_step<P, kDif, false>(r0, q, j, w, stride, tw);
  }
}

// Full DIF over the h rows of a block, two layers per pass; an odd number of layers leaves the
// last one (half-size 1, twiddle 1) to a radix-2 pass.
template <PackedField P>
void dif_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  size_t s = h / 2;
  for (; s >= 2; s /= 4) rows_radix4_layers<P, true>(x, h, s / 2, w, stride, tw);
  if (s == 1)
    for (size_t blk = 0; blk < h; blk += 2) row_bfly_unit<P>(x + blk * stride, x + (blk + 1) * stride, w);
}

// Full DIT: the exact reverse of dif_rows (the lone half-size-1 layer first).
template <PackedField P>
void dit_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  if (h < 2) return;
  size_t q = 1;
  if (std::countr_zero(h) % 2 == 1) {
    for (size_t blk = 0; blk < h; blk += 2) row_bfly_unit<P>(x + blk * stride, x + (blk + 1) * stride, w);
    q = 2;
  }
  for (; 4 * q <= h; q *= 4) rows_radix4_layers<P, false>(x, h, q, w, stride, tw);
}

// The top two DIF layers (half-sizes h/2 and h/4) of an h-row block, h >= 4: one pass over it.
template <PackedField P, bool kDif>
void rows_radix4(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  rows_radix4_layers<P, kDif>(x, h, h / 4, w, stride, tw);
}

// x[c] *= scale * base^c for c < n: the four-step twiddle (and the inverse's 1/n) on one row.
// Keeps 64 consecutive powers in registers and advances them by base^64, so the multiplications
// form independent chains instead of one serial chain.
template <PackedField P>
void twiddle_row(Fp* x, size_t n, Fp base, Fp scale) {
  constexpr size_t W = P::kWidth;
  constexpr size_t kBlock = 64;
  using S = PackedScalar;
  alignas(64) Fp pw[kBlock];
  S acc_s{scale};
  for (size_t i = 0; i < kBlock; ++i, acc_s = acc_s * S{base}) acc_s.store(pw + i);
  if (n < kBlock) {
    for (size_t c = 0; c < n; ++c) (S::load(x + c) * S::load(pw + c)).store(x + c);
    return;
  }
  S step{base};
  for (int i = 0; i < 6; ++i) step = step.square();  // base^64
  const P sv = P::broadcast(step.v);
  P acc[kBlock / W];
  for (size_t k = 0; k < kBlock / W; ++k) acc[k] = P::load(pw + k * W);
  for (size_t c = 0; c < n; c += kBlock) {
    for (size_t k = 0; k < kBlock / W; ++k) {
      (P::load(x + c + k * W) * acc[k]).store(x + c + k * W);
      acc[k] = acc[k] * sv;
    }
  }
}

}  // namespace goldfinch::ntt::detail
