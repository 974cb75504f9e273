// Orchestration of the core transforms: size classes, the four-step decomposition for long
// columns, cache blocking and column strips for matrices, threads. Inner loops are in kernels_*.
#include "goldfinch/ntt/transform.h"

#include <algorithm>
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
// Four-step: columns of the n1 x n2 matrix are transformed in strips this wide, copied to a
// contiguous buffer (strided rows 2^k apart would alias in the cache's sets).
constexpr size_t kStripCols = 16;
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

// Runs fn(strip_buffer, first_column) over the n1 x n2 matrix at x in kStripCols-wide strips:
// the strip is copied into a contiguous n1 x kStripCols buffer, transformed, copied back.
template <class Fn>
void for_each_strip(Fp* x, size_t n1, size_t n2, Fn&& fn) {
  const size_t strips = n2 / kStripCols;
  parallel_for_chunks(strips, 4, [&](size_t b, size_t e) {
    std::vector<Fp> buf(n1 * kStripCols);
    for (size_t s = b; s < e; ++s) {
      const size_t c0 = s * kStripCols;
      for (size_t r = 0; r < n1; ++r) std::copy_n(x + r * n2 + c0, kStripCols, buf.data() + r * kStripCols);
      fn(buf.data());
      for (size_t r = 0; r < n1; ++r) std::copy_n(buf.data() + r * kStripCols, kStripCols, x + r * n2 + c0);
    }
  });
}

// Four-step split n = n1 * n2 with n2 >= n1 (rows of the view are the longer side).
struct Split {
  unsigned log_n1, log_n2;
  size_t n1, n2;
};
Split split(unsigned log_n) {
  Split s;
  s.log_n1 = log_n / 2;
  s.log_n2 = log_n - s.log_n1;
  s.n1 = size_t{1} << s.log_n1;
  s.n2 = size_t{1} << s.log_n2;
  return s;
}

// DIF, natural -> bit-reversed, for n >= kFourStepMin. With x viewed as n1 x n2 (row-major):
// (1) a DIF down every column (size n1), leaving row r = rev(k1); (2) multiply entry (r, j2) by
// w_n^(j2 * k1); (3) a DIF along every row (size n2). Entry (rev k1, rev k2) then holds
// X[k1 + n1 k2], which is exactly position rev_n(k1 + n1 k2): bit-reversed output, no transpose.
void four_step_dif(const Kernels& k, Fp* x, size_t n, bool inverse, Fp scale) {
  const unsigned log_n = log2_exact(n);
  const Split sp = split(log_n);
  const Fp* tw = twiddle_table(sp.log_n2, inverse);
  for_each_strip(x, sp.n1, sp.n2, [&](Fp* buf) { rows_dif_blocked(k, buf, sp.n1, kStripCols, kStripCols, tw); });
  const Fp w = root(log_n, inverse);
  parallel_for_chunks(sp.n1, 8, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      Fp* row = x + r * sp.n2;
      k.twiddle_row(row, sp.n2, w.pow(reverse_bits(r, sp.log_n1)), scale);
      k.dif_column(row, sp.n2, tw);
    }
  });
}

// DIT, bit-reversed -> natural: the transpose of four_step_dif, its steps in reverse order.
void four_step_dit(const Kernels& k, Fp* x, size_t n, bool inverse, Fp scale) {
  const unsigned log_n = log2_exact(n);
  const Split sp = split(log_n);
  const Fp* tw = twiddle_table(sp.log_n2, inverse);
  const Fp w = root(log_n, inverse);
  parallel_for_chunks(sp.n1, 8, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      Fp* row = x + r * sp.n2;
      k.dit_column(row, sp.n2, tw);
      k.twiddle_row(row, sp.n2, w.pow(reverse_bits(r, sp.log_n1)), scale);
    }
  });
  for_each_strip(x, sp.n1, sp.n2, [&](Fp* buf) { rows_dit_blocked(k, buf, sp.n1, kStripCols, kStripCols, tw); });
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
    if constexpr (kDif) four_step_dif(k, x, n, inverse, scale);
    else four_step_dit(k, x, n, inverse, scale);
    return;
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
  const Fp* tw = twiddle_table(log2_exact(m.height), inverse);
  // Strips of whole cache lines; narrower when that is what gives every thread work.
  size_t strip = kMatrixStripCols;
  const size_t threads = static_cast<size_t>(max_threads());
  if ((m.width + strip - 1) / strip < threads) strip = std::max<size_t>(8, ((m.width + threads - 1) / threads + 7) / 8 * 8);
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

void bit_reverse_rows(MatrixView m) {
  if (m.height < 2) return;
  const unsigned bits = log2_exact(m.height);
  for (size_t i = 0; i < m.height; ++i) {
    const size_t j = reverse_bits(i, bits);
    if (i < j) std::swap_ranges(m.data + i * m.width, m.data + (i + 1) * m.width, m.data + j * m.width);
  }
}

}  // namespace goldfinch::ntt::detail
