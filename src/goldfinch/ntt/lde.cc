// Coset LDE. With coefficients c_i (i < n) and N = n * B, the bit-reversed output splits into B
// contiguous blocks of n rows: row k * n + q holds f(s_k * w_n^rev(q)) with
// s_k = shift * w_N^rev_B(k), i.e. block k is the DIF (natural -> bit-reversed) of the
// coefficients multiplied by s_k^i. Each block is filled and transformed independently, so no
// zero padding is materialized. The natural-order LDE is the bit-reversed one followed by one
// row permutation (the STARK uses the bit-reversed order).
#include "goldfinch/ntt/lde.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/packed_ops.h"
#include "goldfinch/ntt/transform.h"

namespace goldfinch::ntt {
namespace {

Error check_shape(ConstMatrixView m, size_t blowup) {
  if (!is_pow2(m.height)) return Error{ErrorCode::kInvalidArgument, "LDE height is not a power of two", 0, m.height};
  if (!is_pow2(blowup)) return Error{ErrorCode::kInvalidArgument, "LDE blowup is not a power of two", 0, blowup};
  if (log2_exact(m.height) + log2_exact(blowup) > Fp::kTwoAdicity)
    return Error{ErrorCode::kInvalidArgument, "LDE size above 2^32", uint64_t{1} << Fp::kTwoAdicity,
                 uint64_t{m.height} * blowup};
  if (m.size() > 0 && m.data == nullptr) return Error{ErrorCode::kInvalidArgument, "matrix view without data", 0, 0};
  return Error::none();
}

// Writes the bit-reversed (or natural) LDE of the polynomials whose natural-order coefficients,
// each multiplied by `scale`, are the rows of coeffs into out (N x w). coeffs may be out's last
// block: blocks are produced in order and the last one is scaled and transformed in place.
void coset_blocks(ConstMatrixView coeffs, Fp scale, size_t blowup, const CosetOptions& opt, MatrixView out) {
  const size_t n = coeffs.height, w = coeffs.width;
  const unsigned log_n = log2_exact(n), log_b = log2_exact(blowup);
  const Fp w_big = Fp::two_adic_root(log_n + log_b);
  for (size_t k = 0; k < blowup; ++k) {
    const Fp s_k = opt.shift * w_big.pow(reverse_bits(k, log_b));
    Fp* block = out.data + k * n * w;
    parallel_for_chunks(n, 1024, [&](size_t b, size_t e) {
      Fp p = scale * s_k.pow(b);
      for (size_t i = b; i < e; ++i, p *= s_k)
        packed::scale({block + i * w, w}, {coeffs.data + i * w, w}, p, opt.isa);
    });
    detail::rows_dif(MatrixView{block, n, w}, false, Fp::one(), opt.isa);
  }
  if (opt.order == Order::kNatural) detail::bit_reverse_rows(out);
}

// An uninitialized matrix (every caller overwrites it entirely); large buffers are backed by
// transparent huge pages where the kernel allows it (see MatrixAllocator): 512x fewer page faults
// when the LDE first touches its output, and fewer TLB misses in the strided four-step passes.
RowMajorMatrix allocate_matrix(size_t height, size_t width) { return RowMajorMatrix::uninitialized(height, width); }

RowMajorMatrix copy_of(ConstMatrixView m) {
  RowMajorMatrix out = allocate_matrix(m.height, m.width);
  std::copy_n(m.data, m.size(), out.data().data());
  return out;
}

Error check_output(ConstMatrixView in, size_t blowup, MatrixView out) {
  if (out.height != in.height * blowup || out.width != in.width)
    return Error{ErrorCode::kInvalidArgument, "LDE output matrix has the wrong shape", uint64_t{in.height} * blowup,
                 out.height};
  if (out.size() > 0 && out.data == nullptr) return Error{ErrorCode::kInvalidArgument, "matrix view without data", 0, 0};
  return Error::none();
}

}  // namespace

Error coset_lde_into(ConstMatrixView trace, size_t blowup, MatrixView out, const CosetOptions& opt) {
  if (Error e = check_shape(trace, blowup); !e.ok()) return e;
  if (Error e = check_output(trace, blowup, out); !e.ok()) return e;
  if (opt.shift.is_zero()) return Error{ErrorCode::kInvalidArgument, "LDE coset shift is zero", 1, 0};
  // Copy the trace in bit-reversed row order into the last output block, where an unscaled
  // inverse DIT (bit-reversed -> natural) turns it into n * c_i in natural order (1/n is folded
  // into the coset multiplication). coset_blocks fills blocks 0..B-2 from there and finally
  // transforms the last block in place, so no separate coefficient buffer is allocated.
  const size_t n = trace.height, w = trace.width;
  const unsigned log_n = log2_exact(n);
  Fp* coeffs = out.data + (blowup - 1) * n * w;
  parallel_for_chunks(n, 1024, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) std::copy_n(trace.data + reverse_bits(i, log_n) * w, w, coeffs + i * w);
  });
  detail::rows_dit(MatrixView{coeffs, n, w}, true, Fp::one(), opt.isa);
  coset_blocks(ConstMatrixView{coeffs, n, w}, Fp::from_u64(n).inverse(), blowup, opt, out);
  return Error::none();
}

Result<RowMajorMatrix> coset_lde(ConstMatrixView trace, size_t blowup, const CosetOptions& opt) {
  if (Error e = check_shape(trace, blowup); !e.ok()) return e;
  RowMajorMatrix out = allocate_matrix(trace.height * blowup, trace.width);
  if (Error e = coset_lde_into(trace, blowup, out.view(), opt); !e.ok()) return e;
  return out;
}

Result<RowMajorMatrix> interpolate(ConstMatrixView evals, Isa isa) {
  if (Error e = check_shape(evals, 1); !e.ok()) return e;
  RowMajorMatrix coeffs = copy_of(evals);
  if (Error e = inverse_rows(coeffs.view(), Order::kNatural, Order::kNatural, isa); !e.ok()) return e;
  return coeffs;
}

Result<RowMajorMatrix> evaluate_on_coset(ConstMatrixView coeffs, size_t blowup, const CosetOptions& opt) {
  if (Error e = check_shape(coeffs, blowup); !e.ok()) return e;
  if (opt.shift.is_zero()) return Error{ErrorCode::kInvalidArgument, "LDE coset shift is zero", 1, 0};
  RowMajorMatrix out = allocate_matrix(coeffs.height * blowup, coeffs.width);
  coset_blocks(coeffs, Fp::one(), blowup, opt, out.view());
  return out;
}

Error fold_onto_subcoset(ConstMatrixView coeffs, Fp shift, MatrixView out, size_t col, Isa isa) {
  if (Error e = check_shape(coeffs, 1); !e.ok()) return e;
  const size_t n = coeffs.height, m = out.height, w = coeffs.width;
  if (!is_pow2(m) || m > n)
    return Error{ErrorCode::kInvalidArgument, "sub-coset size is not a power of two dividing the height", n, m};
  if (col + w > out.width) return Error{ErrorCode::kInvalidArgument, "sub-coset columns outside the output", out.width, col + w};
  if (shift.is_zero()) return Error{ErrorCode::kInvalidArgument, "LDE coset shift is zero", 1, 0};
  if (w == 0) return Error::none();
  // Row j of out: shift^j * sum_i c_(j + m i) t^i with t = shift^m, by Horner over i from the top.
  const size_t k = n / m;
  const Fp t = shift.pow(m);
  parallel_for_chunks(m, 256, [&](size_t b, size_t e) {
    Fp p = shift.pow(b);
    for (size_t j = b; j < e; ++j, p *= shift) {
      const std::span<Fp> acc(out.data + j * out.width + col, w);
      const Fp* top = coeffs.data + (j + m * (k - 1)) * w;
      if (k == 1) {
        packed::scale(acc, {top, w}, p, isa);
        continue;
      }
      std::copy_n(top, w, acc.data());
      for (size_t i = k - 1; i-- > 0;) packed::mul_add(acc, acc, t, {coeffs.data + (j + m * i) * w, w}, isa);
      packed::scale(acc, acc, p, isa);
    }
  });
  return Error::none();
}

Result<RowMajorMatrix> evaluate_on_subcoset(ConstMatrixView coeffs, size_t m, Fp shift, Isa isa) {
  if (Error e = check_shape(coeffs, 1); !e.ok()) return e;
  if (!is_pow2(m) || m > coeffs.height)
    return Error{ErrorCode::kInvalidArgument, "sub-coset size is not a power of two dividing the height", coeffs.height, m};
  RowMajorMatrix out = allocate_matrix(m, coeffs.width);
  if (Error e = fold_onto_subcoset(coeffs, shift, out.view(), 0, isa); !e.ok()) return e;
  if (Error e = forward_rows(out.view(), Order::kNatural, Order::kBitReversed, isa); !e.ok()) return e;
  return out;
}

}  // namespace goldfinch::ntt
