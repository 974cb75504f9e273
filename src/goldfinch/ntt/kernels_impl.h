// NTT loop bodies written once against PackedField and instantiated in each ISA's translation
// unit (kernels_<isa>.cc). Layers with a half-size below the packing width (the last layers of a
// single-column transform) need lane shuffles: each ISA supplies them as SmallLayers<P>.
// Twiddle tables use the layout tw[s + j] = w_{2s}^j for every layer half-size s (twiddles.h).
// Only always_inline helpers and names mangled with P may appear here (docs/ntt.md, ODR rule).
#pragma once

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

// One butterfly over whole rows a and b (w columns), with one twiddle for the row pair.
template <PackedField P, bool kDif>
GF_INLINE void row_bfly(Fp* a, Fp* b, size_t w, Fp t) {
  constexpr size_t W = P::kWidth;
  const P tv = P::broadcast(t);
  size_t c = 0;
  for (; c + W <= w; c += W) {
    P u = P::load(a + c), v = P::load(b + c);
    if constexpr (kDif) dif_bfly(u, v, tv);
    else dit_bfly(u, v, tv);
    u.store(a + c);
    v.store(b + c);
  }
  for (; c < w; ++c) {
    PackedScalar u = PackedScalar::load(a + c), v = PackedScalar::load(b + c);
    if constexpr (kDif) dif_bfly(u, v, PackedScalar{t});
    else dit_bfly(u, v, PackedScalar{t});
    u.store(a + c);
    v.store(b + c);
  }
}

// Full DIF over the h rows of a (strided) matrix block: every column transformed, SIMD across
// columns. Row r starts at x + r * stride.
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
  for (; c < w; ++c) {
    const PackedScalar u = PackedScalar::load(a + c), v = PackedScalar::load(b + c);
    (u + v).store(a + c);
    (u - v).store(b + c);
  }
}

template <PackedField P>
void dif_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  for (size_t s = h / 2; s >= 1; s /= 2)
    for (size_t blk = 0; blk < h; blk += 2 * s) {
      row_bfly_unit<P>(x + blk * stride, x + (blk + s) * stride, w);
      for (size_t j = 1; j < s; ++j)
        row_bfly<P, true>(x + (blk + j) * stride, x + (blk + j + s) * stride, w, tw[s + j]);
    }
}

template <PackedField P>
void dit_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  for (size_t s = 1; s < h; s *= 2)
    for (size_t blk = 0; blk < h; blk += 2 * s) {
      row_bfly_unit<P>(x + blk * stride, x + (blk + s) * stride, w);
      for (size_t j = 1; j < s; ++j)
        row_bfly<P, false>(x + (blk + j) * stride, x + (blk + j + s) * stride, w, tw[s + j]);
    }
}

// The top two DIF layers (half-sizes h/2 and h/4) of an h-row block, h >= 4: one pass over it.
template <PackedField P, bool kDif>
void rows_radix4(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  constexpr size_t W = P::kWidth;
  const size_t q = h / 4;
  for (size_t j = 0; j < q; ++j) {
    Fp* r0 = x + j * stride;
    Fp* r1 = r0 + q * stride;
    Fp* r2 = r1 + q * stride;
    Fp* r3 = r2 + q * stride;
    const P ta = P::broadcast(tw[2 * q + j]), tb = P::broadcast(tw[3 * q + j]), tc = P::broadcast(tw[q + j]);
    size_t c = 0;
    for (; c + W <= w; c += W) {
      P v0 = P::load(r0 + c), v1 = P::load(r1 + c), v2 = P::load(r2 + c), v3 = P::load(r3 + c);
      if constexpr (kDif) {
        dif_bfly(v0, v2, ta);
        dif_bfly(v1, v3, tb);
        dif_bfly(v0, v1, tc);
        dif_bfly(v2, v3, tc);
      } else {
        dit_bfly(v0, v1, tc);
        dit_bfly(v2, v3, tc);
        dit_bfly(v0, v2, ta);
        dit_bfly(v1, v3, tb);
      }
      v0.store(r0 + c);
      v1.store(r1 + c);
      v2.store(r2 + c);
      v3.store(r3 + c);
    }
    if (c < w) {
      // Column tail: finish it as two radix-2 layers through the row butterfly's scalar tail.
      const size_t tail = w - c;
      if constexpr (kDif) {
        row_bfly<PackedScalar, true>(r0 + c, r2 + c, tail, tw[2 * q + j]);
        row_bfly<PackedScalar, true>(r1 + c, r3 + c, tail, tw[3 * q + j]);
        row_bfly<PackedScalar, true>(r0 + c, r1 + c, tail, tw[q + j]);
        row_bfly<PackedScalar, true>(r2 + c, r3 + c, tail, tw[q + j]);
      } else {
        row_bfly<PackedScalar, false>(r0 + c, r1 + c, tail, tw[q + j]);
        row_bfly<PackedScalar, false>(r2 + c, r3 + c, tail, tw[q + j]);
        row_bfly<PackedScalar, false>(r0 + c, r2 + c, tail, tw[2 * q + j]);
        row_bfly<PackedScalar, false>(r1 + c, r3 + c, tail, tw[3 * q + j]);
      }
    }
  }
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
