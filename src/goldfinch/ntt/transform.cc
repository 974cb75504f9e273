// Orchestration of the core transforms: size classes, the four-step decomposition for long
// columns, cache blocking and column strips for matrices, threads. Inner loops are in kernels_*.
#include "goldfinch/ntt/transform.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/packed_ops.h"
#include "goldfinch/ntt/kernels.h"
#include "goldfinch/ntt/twiddles.h"

namespace goldfinch::ntt::detail {
namespace {

// A row block at most this large runs all its remaining layers in one kernel call (in L2).
constexpr size_t kBlockBytes = size_t{256} << 10;
// Four-step: the outer transforms run on buffers of about kUnitBytes, kUnitMinCols to kUnitMaxCols
// elements wide (see outer_transforms).
constexpr size_t kUnitBytes = size_t{512} << 10;
constexpr size_t kUnitMinCols = 16;
constexpr size_t kUnitMaxCols = 64;
// Matrices at least this large (and tall) use the four-step decomposition too.
constexpr size_t kFourStepMinBytes = size_t{4} << 20;
constexpr size_t kFourStepMinRows = 256;
// Matrices smaller than this run on the calling thread.
constexpr size_t kParallelMinElems = size_t{1} << 15;
// Matrices: column strips of at most this many columns are the unit of parallel work.
constexpr size_t kMatrixStripCols = 32;

void rows_dif_blocked(const Kernels& k, Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  if (h < 8 || h * w * sizeof(Fp) <= kBlockBytes) {
    k.dif_rows(x, h, w, stride, tw);
    return;
  }
  k.dif_rows_radix4(x, h, w, stride, tw);
  const size_t q = h / 4;
  for (size_t i = 0; i < 4; ++i) rows_dif_blocked(k, x + i * q * stride, q, w, stride, tw);
}

void rows_dit_blocked(const Kernels& k, Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {
  if (h < 8 || h * w * sizeof(Fp) <= kBlockBytes) {
    k.dit_rows(x, h, w, stride, tw);
    return;
  }
  const size_t q = h / 4;
  for (size_t i = 0; i < 4; ++i) rows_dit_blocked(k, x + i * q * stride, q, w, stride, tw);
  k.dit_rows_radix4(x, h, w, stride, tw);
}

void scale_all(Fp* x, size_t n, Fp scale, Isa isa) {
  if (scale == Fp::one()) return;
  parallel_for_chunks(n, size_t{1} << 16, [&](size_t b, size_t e) {
    packed::scale({x + b, e - b}, {x + b, e - b}, scale, isa);
  });
}

Fp root(unsigned log_n, bool inverse) {
  const Fp w = Fp::two_adic_root(log_n);
  return inverse ? w.inverse() : w;
}

// Four-step split h = h1 * h2 with h2 >= h1; h1 is capped so that the outer transforms' buffers
// stay at least kUnitBytes / (h1 * 8) = 64 elements wide (long copies). Inner columns longer than
// kFourStepMin (columns above 2^26) run a nested four-step.
constexpr unsigned kMaxLogH1 = 10;
std::atomic<unsigned> g_max_log_h1{kMaxLogH1};  // lowered only by tests
struct Split {
  unsigned log_h1, log_h2;
  size_t h1, h2;
};
Split split(unsigned log_h) {
  Split s;
  s.log_h1 = std::min(log_h / 2, g_max_log_h1.load(std::memory_order_relaxed));
  s.log_h2 = log_h - s.log_h1;
  s.h1 = size_t{1} << s.log_h1;
  s.h2 = size_t{1} << s.log_h2;
  return s;
}

// Step (1) of the four-step on an h x w matrix viewed as h1 x h2 x w: for each inner index j2 and
// column, a transform of length h1 across rows r1 * h2 + j2. Work units are a few consecutive j2
// (or a strip of columns when w is wide) copied to a contiguous h1-row buffer (rows 2^k apart in
// memory would alias in the cache's sets), transformed with rows_dif/dit, and copied back.
template <bool kDif>
void outer_transforms(const Kernels& k, Fp* x, size_t w, const Split& sp, const Fp* tw) {
  // Unit width (elements per buffer row): a power of two in [16, 64] that keeps the buffer near
  // kUnitBytes; wide rows also mean fewer, longer copies.
  const size_t target = std::clamp<size_t>(std::bit_floor(std::max<size_t>(kUnitBytes / (sp.h1 * sizeof(Fp)), 1)),
                                           kUnitMinCols, kUnitMaxCols);
  // Consecutive j2 per unit: a power of two, so units tile h2 exactly.
  const size_t group = w >= target ? 1 : std::min(sp.h2, std::bit_floor(target / w));
  const size_t col_chunk = w >= target ? target : w;  // columns per unit
  const size_t col_units = (w + col_chunk - 1) / col_chunk;
  const size_t units = (sp.h2 / group) * col_units;
  parallel_for_chunks(units, 2, [&](size_t b, size_t e) {
    std::vector<Fp> buf(sp.h1 * group * col_chunk);
    for (size_t u = b; u < e; ++u) {
      const size_t j2 = (u / col_units) * group, c0 = (u % col_units) * col_chunk;
      const size_t uw = group == 1 ? std::min(col_chunk, w - c0) : group * w;  // unit width
      Fp* base = x + j2 * w + c0;
      for (size_t r = 0; r < sp.h1; ++r) std::copy_n(base + r * sp.h2 * w, uw, buf.data() + r * uw);
      if constexpr (kDif) rows_dif_blocked(k, buf.data(), sp.h1, uw, uw, tw);
      else rows_dit_blocked(k, buf.data(), sp.h1, uw, uw, tw);
      for (size_t r = 0; r < sp.h1; ++r) std::copy_n(buf.data() + r * uw, uw, base + r * sp.h2 * w);
    }
  });
}

template <bool kDif>
void column_core(Fp* x, size_t n, bool inverse, Fp scale, Isa isa);

// Steps (2) and (3) for one r1: multiply row (r1, j2) by scale * base^j2, then transform the h2
// contiguous rows (in cache, or by a nested four-step for a very long column). The twiddle comes
// before a DIF and after a DIT.
template <bool kDif>
void inner_transform(const Kernels& k, Fp* x, size_t w, size_t h2, const Fp* tw, bool inverse, Fp base, Fp scale,
                     Isa isa) {
  auto twiddle = [&] {
    if (w == 1) return k.twiddle_row(x, h2, base, scale);
    Fp p = scale;
    for (size_t j2 = 0; j2 < h2; ++j2, p *= base) packed::scale({x + j2 * w, w}, {x + j2 * w, w}, p, isa);
  };
  if constexpr (kDif) twiddle();
  if (w == 1) {
    column_core<kDif>(x, h2, inverse, Fp::one(), isa);
  } else {
    if constexpr (kDif) rows_dif_blocked(k, x, h2, w, w, tw);
    else rows_dit_blocked(k, x, h2, w, w, tw);
  }
  if constexpr (!kDif) twiddle();
}

// Four-step transform of every column of a contiguous h x w matrix (w = 1: a single column).
// DIF, natural -> bit-reversed, viewing row index j = j1 * h2 + j2: (1) a DIF of length h1 over
// j1 for every (j2, column), leaving r1 = rev(k1); (2) multiply row (r1, j2) by w_h^(j2 * k1);
// (3) a DIF of length h2 over j2 within each r1 block. Row (rev k1, rev k2) then holds
// X[k1 + h1 k2], exactly position rev_h(k1 + h1 k2): bit-reversed output without a transpose.
// DIT (bit-reversed -> natural) is the transpose: the same steps in reverse order.
template <bool kDif>
void four_step(const Kernels& k, Fp* x, size_t h, size_t w, bool inverse, Fp scale, Isa isa) {
  const unsigned log_h = log2_exact(h);
  const Split sp = split(log_h);
  const Fp* tw = twiddle_table(sp.log_h2, inverse);
  const Fp wh = root(log_h, inverse);
  if constexpr (kDif) outer_transforms<true>(k, x, w, sp, tw);
  parallel_for_chunks(sp.h1, 1, [&](size_t b, size_t e) {
    for (size_t r1 = b; r1 < e; ++r1)
      inner_transform<kDif>(k, x + r1 * sp.h2 * w, w, sp.h2, tw, inverse, wh.pow(reverse_bits(r1, sp.log_h1)), scale, isa);
  });
  if constexpr (!kDif) outer_transforms<false>(k, x, w, sp, tw);
}

template <bool kDif>
void column_core(Fp* x, size_t n, bool inverse, Fp scale, Isa isa) {
  if (n == 1) {
    x[0] *= scale;
    return;
  }
  const Kernels& k = kernels_for(isa);
  const unsigned log_n = log2_exact(n);
  if (n >= kFourStepMin) {
    return four_step<kDif>(k, x, n, 1, inverse, scale, isa);
  }
  const Fp* tw = twiddle_table(log_n, inverse);
  if (n < kMinColumn) {
    if constexpr (kDif) k.dif_rows(x, n, 1, 1, tw);
    else k.dit_rows(x, n, 1, 1, tw);
  } else {
    if constexpr (kDif) k.dif_column(x, n, tw);
    else k.dit_column(x, n, tw);
  }
  scale_all(x, n, scale, isa);
}

template <bool kDif>
void rows_core(MatrixView m, bool inverse, Fp scale, Isa isa) {
  if (m.width == 0 || m.height == 0) return;
  if (m.width == 1) return column_core<kDif>(m.data, m.height, inverse, scale, isa);
  const Kernels& k = kernels_for(isa);
  if (m.height >= kFourStepMinRows && m.size() * sizeof(Fp) >= kFourStepMinBytes)
    return four_step<kDif>(k, m.data, m.height, m.width, inverse, scale, isa);
  const Fp* tw = twiddle_table(log2_exact(m.height), inverse);
  // Strips of whole cache lines; narrower when that is what gives every thread work.
  size_t strip = kMatrixStripCols;
  const size_t threads = static_cast<size_t>(max_threads());
  if (m.size() < kParallelMinElems) strip = m.width;  // not worth waking threads
  else if ((m.width + strip - 1) / strip < threads) strip = std::max<size_t>(8, ((m.width + threads - 1) / threads + 7) / 8 * 8);
  parallel_for_chunks(m.width, strip, [&](size_t c0, size_t c1) {
    if constexpr (kDif) rows_dif_blocked(k, m.data + c0, m.height, c1 - c0, m.width, tw);
    else rows_dit_blocked(k, m.data + c0, m.height, c1 - c0, m.width, tw);
  });
  scale_all(m.data, m.size(), scale, isa);
}

}  // namespace

void column_dif(Fp* x, size_t n, bool inverse, Fp scale, Isa isa) { column_core<true>(x, n, inverse, scale, isa); }
void column_dit(Fp* x, size_t n, bool inverse, Fp scale, Isa isa) { column_core<false>(x, n, inverse, scale, isa); }
void rows_dif(MatrixView m, bool inverse, Fp scale, Isa isa) { rows_core<true>(m, inverse, scale, isa); }
void rows_dit(MatrixView m, bool inverse, Fp scale, Isa isa) { rows_core<false>(m, inverse, scale, isa); }

// Tiled bit reversal: with the index split as (a, m, b), a and b of kTileBits bits each,
// rev(a, m, b) = (rev b, rev m, rev a). For each pair (m, rev m) the 8 x 8 tiles at (*, m, *) and
// (*, rev m, *) are read whole (eight cache lines each), transposed and written to each other's
// place, so every line moves once instead of once per element.
void bit_reverse_column(Fp* x, size_t n) {
  constexpr unsigned kTileBits = 3;
  constexpr size_t kTile = size_t{1} << kTileBits;
  const unsigned log_n = log2_exact(n);
  if (log_n < 2 * kTileBits + 4) return bit_reverse_permute(x, n);
  const unsigned mid_bits = log_n - 2 * kTileBits;
  const size_t row_stride = n >> kTileBits;  // distance between consecutive a
  size_t rev_t[kTile];
  for (size_t i = 0; i < kTile; ++i) rev_t[i] = reverse_bits(i, kTileBits);
  parallel_for_chunks(size_t{1} << mid_bits, 4096, [&](size_t b0, size_t e0) {
    Fp ta[kTile][kTile], tb[kTile][kTile];
    for (size_t m = b0; m < e0; ++m) {
      const size_t mr = reverse_bits(m, mid_bits);
      if (mr < m) continue;
      Fp* pa = x + (m << kTileBits);
      Fp* pb = x + (mr << kTileBits);
      for (size_t a = 0; a < kTile; ++a)
        for (size_t b = 0; b < kTile; ++b) {
          ta[a][b] = pa[a * row_stride + b];
          tb[a][b] = pb[a * row_stride + b];
        }
      // Element (a, m, b) goes to (rev b, rev m, rev a), and the other tile's back.
      for (size_t a = 0; a < kTile; ++a)
        for (size_t b = 0; b < kTile; ++b) {
          pb[rev_t[b] * row_stride + rev_t[a]] = ta[a][b];
          pa[rev_t[b] * row_stride + rev_t[a]] = tb[a][b];
        }
    }
  });
}

void set_four_step_max_log_h1(unsigned log_h1) { g_max_log_h1.store(log_h1 == 0 ? kMaxLogH1 : log_h1); }

void bit_reverse_rows(MatrixView m) {
  if (m.height < 2) return;
  const unsigned bits = log2_exact(m.height);
  for (size_t i = 0; i < m.height; ++i) {
    const size_t j = reverse_bits(i, bits);
    if (i < j) std::swap_ranges(m.data + i * m.width, m.data + (i + 1) * m.width, m.data + j * m.width);
  }
}

}  // namespace goldfinch::ntt::detail
