#include "goldfinch/stark/prover_parts.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "goldfinch/air/builders.h"
#include "goldfinch/air/logup_packed.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/ext_point_inverse.h"
#include "goldfinch/field/lazy_ext.h"
#include "goldfinch/ntt/lde.h"
#include "goldfinch/ntt/ntt.h"
#include "goldfinch/stark/domain.h"

namespace goldfinch::stark::detail {
namespace {

// Deterministic parallel sum of per-chunk partial vectors: chunk partials are added in order.
constexpr size_t kSumGrain = 4096;

}  // namespace

OpeningWeights::OpeningWeights(unsigned log_height, const Fp3& z) : log_n(log_height) {
  const size_t n = size_t{1} << log_n;
  const Fp w_inv = Fp::two_adic_root_inverse(log_n);
  // On the coset gH, x_i = g w^i: f(z) = (z^n - g^n)/(n g^n) * sum_i f(x_i) x_i/(z - x_i), and
  // f(z w) = the same scale * sum_i f(x_i) x_(i-1)/(z - x_(i-1)) (as x_i/(zw - x_i) =
  // x_(i-1)/(z - x_(i-1))). Stored per extension row q, which holds x_rev(q).
  const std::span<const Fp> xs = bit_reversed_coset(log_n);
  at_z.resize(n);
  at_zw.resize(n);
  const PointInverter inv(z);
  parallel_for_chunks(n, kSumGrain, [&](size_t b, size_t e) {
    std::vector<Fp> scratch(e - b), prev(e - b);
    for (size_t q = b; q < e; ++q) prev[q - b] = xs[q] * w_inv;
    // x / (z - x) = -x / (x - z)
    inv.invert(std::span<const Fp>(xs.data() + b, e - b), std::span<Fp3>(at_z.data() + b, e - b), scratch);
    inv.invert(prev, std::span<Fp3>(at_zw.data() + b, e - b), scratch);
    for (size_t q = b; q < e; ++q) {
      at_z[q] = -(at_z[q] * xs[q]);
      at_zw[q] = -(at_zw[q] * prev[q - b]);
    }
  });
  Fp3 zn = z;
  for (unsigned i = 0; i < log_n; ++i) zn = zn * zn;
  const Fp gn = kCosetShift.pow(n);
  scale = (zn - gn) * (Fp::from_u64(n) * gn).inverse();
}

OpeningWeights OpeningWeights::powers(unsigned log_height, const Fp3& z) {
  OpeningWeights w;
  w.log_n = log_height;
  const size_t n = size_t{1} << log_height;
  const Fp3 zw = z * Fp::two_adic_root(log_height);
  w.at_z.resize(n);
  w.at_zw.resize(n);
  w.scale = Fp3::one();
  parallel_for_chunks(n, kSumGrain, [&](size_t b, size_t e) {
    Fp3 pz = z.pow(b), pzw = zw.pow(b);
    for (size_t i = b; i < e; ++i) {
      w.at_z[i] = pz;
      w.at_zw[i] = pzw;
      pz *= z;
      pzw *= zw;
    }
  });
  return w;
}

void open_lde(ConstMatrixView lde, const OpeningWeights& wts, std::vector<Fp3>* out_z, std::vector<Fp3>* out_zw) {
  const size_t n = size_t{1} << wts.log_n, w = lde.width;
  GF_CHECK(lde.height >= n, "opening outside the extension");
  // Rows in storage order; per-chunk partial sums added in chunk order (exact field arithmetic:
  // the values equal the barycentric evaluation over H of the traces themselves).
  const size_t chunks = (n + kSumGrain - 1) / kSumGrain;
  std::vector<Fp3> part_z(chunks * w), part_zw(chunks * w);
  parallel_for(chunks, [&](size_t c) {
    const size_t b = c * kSumGrain, e = std::min(n, b + kSumGrain);
    std::vector<LazyExtSum> sz(w), szw(w);
    for (size_t q = b; q < e; ++q) {
      const Fp3 wz = wts.at_z[q], wzw = wts.at_zw[q];
      const Fp* row = lde.data + q * w;
      for (size_t col = 0; col < w; ++col) {
        sz[col].add_mul(wz, row[col]);
        szw[col].add_mul(wzw, row[col]);
      }
    }
    for (size_t col = 0; col < w; ++col) {
      part_z[c * w + col] = sz[col].reduce();
      part_zw[c * w + col] = szw[col].reduce();
    }
  });
  out_z->assign(w, Fp3::zero());
  out_zw->assign(w, Fp3::zero());
  for (size_t c = 0; c < chunks; ++c)
    for (size_t col = 0; col < w; ++col) {
      (*out_z)[col] += part_z[c * w + col];
      (*out_zw)[col] += part_zw[c * w + col];
    }
  for (size_t col = 0; col < w; ++col) {
    (*out_z)[col] *= wts.scale;
    (*out_zw)[col] *= wts.scale;
  }
}

Result<bool> compute_quotient(const QuotientInput& in, RowMajorMatrix* chunks) {
  const TableLayout& tl = *in.layout;
  // The quotient has degree < qd * n, so it is evaluated on the coset g * <w_M>, M = n * qd'
  // (qd' = qd rounded up to a power of two) — a subset of the committed LDE coset: point
  // g * w_M^j is LDE row rev_M(j) (bit-reversed storage), and the next-row point (times w_n) is
  // j + qd'. Evaluating on M rather than N = n * blowup points saves blowup / qd' of the work.
  // Storage rows [k n, (k+1) n) (block k) are the points g w_M^(rev(k) + qd' i): the coset
  // g w_M^rev(k) H, whose next-row points stay in the block; the blocks are visited one by one.
  const unsigned log_n = tl.log_height;
  const unsigned log_q = log2_ceil(tl.quotient_degree);
  const unsigned log_M = log_n + log_q;
  GF_CHECK(log_q <= in.log_blowup, "quotient degree above the blowup");
  const size_t n = size_t{1} << log_n, M = size_t{1} << log_M, Q = size_t{1} << log_q;
  const Fp w_inv = Fp::two_adic_root_inverse(log_n);
  // Z_H(x) = x^n - 1 takes Q values on the coset: g^n w_Q^(j mod Q) - 1.
  std::vector<Fp> zh(Q), inv_zh(Q);
  {
    const Fp gn = kCosetShift.pow(n), wQ = Fp::two_adic_root(log_q);
    Fp acc = gn;
    for (size_t j = 0; j < Q; ++j) {
      zh[j] = acc - Fp::one();
      acc *= wQ;
    }
    inv_zh = zh;
    batch_inverse(inv_zh);
  }
  const auto interactions = in.air->interactions();
  const air::LogupLayout logup(interactions.size());
  const std::vector<air::FlatInteraction> flat =
      logup.empty() ? std::vector<air::FlatInteraction>{} : air::flatten_interactions(interactions, *in.logup);
  const size_t own = in.alpha_powers.size() - logup.num_constraints();
  RowMajorMatrix q = RowMajorMatrix::uninitialized(M, 3);  // bit-reversed rows, all written below
  constexpr size_t kGrain = 1024;
  // Rows are visited in storage (bit-reversed) order, so the LDE rows r and the next-row
  // points stream through memory instead of jumping by the bit reversal; q is written in the
  // same order and the inverse NTT takes bit-reversed input.
  const std::span<const Fp> xs = bit_reversed_coset(log_M);
  // The LogUp part goes through the packed kernels, one row per lane, for whole groups of W rows
  // of a chunk; the remaining rows (and every row without SIMD) take eval_logup_flat.
  const air::LogupKernels* kernels = logup.empty() ? nullptr : air::logup_kernels();
  const air::LogupProgram program = kernels ? air::LogupProgram::from(flat) : air::LogupProgram{};
  const air::LogupProgramView pv = air::view_of(program);
  std::vector<Fp> logup_alpha, claimed(3);
  if (kernels) {
    for (size_t k = own; k < in.alpha_powers.size(); ++k)
      for (size_t c = 0; c < 3; ++c) logup_alpha.push_back(in.alpha_powers[k][c]);
    for (size_t c = 0; c < 3; ++c) claimed[c] = in.claimed_sum[c];
  }
  const size_t aux_w = logup.base_width();
  // Rows [first, first + n) of an extension view (none when absent).
  auto block_of = [n](ConstMatrixView v, size_t first) {
    return v.data ? ConstMatrixView(v.data + first * v.width, n, v.width) : ConstMatrixView();
  };
  // Rows [s0, s0 + len) of block blk (storage rows base + s). `main`, `aux`: their extensions on
  // those rows (row s - s0); the next-row values come from `main_nxt`, `aux_nxt`, at row s - s0
  // (kApart), at row rev(rev(s - s0) + 1) (kApartRotated: the sub-coset one step of w_m further
  // round), or from the same block (kSame: they hold the whole block, row rn). Main and LogUp
  // columns start at main_off, aux_off in their matrices.
  enum NextRows { kSame, kApart, kApartRotated };
  auto visit = [&](size_t blk, size_t s0, size_t len, ConstMatrixView main, ConstMatrixView main_nxt,
                   ConstMatrixView aux, ConstMatrixView aux_nxt, NextRows apart, size_t main_off, size_t aux_off) {
    const unsigned log_len = log2_exact(len);
    const size_t base = blk * n;
    const ConstMatrixView pre = block_of(in.ldes.lde[kPreRound], base);
    const size_t pre_off = tl.col_offset[kPreRound];
    parallel_for_chunks(len, kGrain, [&](size_t b0, size_t e0) {
      const size_t b = s0 + b0, e = s0 + e0;
      std::vector<Fp> inv_first(e - b), inv_last(e - b);
      for (size_t s = b; s < e; ++s) {
        inv_first[s - b] = xs[base + s] - Fp::one();
        inv_last[s - b] = xs[base + s] - w_inv;
      }
      batch_inverse(inv_first);
      batch_inverse(inv_last);
      const size_t W = kernels ? kernels->lanes : 1;
      const size_t packed_end = kernels ? b + (e - b) / W * W : b;
      std::vector<Fp3> acc(e - b);
      std::vector<air::SelectorValues<Fp>> sels(e - b);
      std::vector<uint64_t> next(e - b);
      air::ProverRowBuilder builder(in.alpha_powers.first(own), in.public_values);
      for (size_t s = b; s < e; ++s) {
        const size_t r = base + s, sl = s - s0;
        const uint64_t j = reverse_bits(r, log_M);
        const uint64_t rn = reverse_bits((j + Q) & (M - 1), log_M) - base;  // in the block
        const size_t sn = apart == kSame    ? rn
                          : apart == kApart ? sl
                                            : reverse_bits((reverse_bits(sl, log_len) + 1) & (len - 1), log_len);
        next[s - b] = sn;
        const Fp z_h = zh[j & (Q - 1)];
        const air::SelectorValues<Fp> sel{z_h * inv_first[s - b], z_h * inv_last[s - b], xs[r] - w_inv};
        sels[s - b] = sel;
        const Fp* pre_cur = pre.data ? pre.data + s * pre.width + pre_off : nullptr;
        const Fp* pre_nxt = pre.data ? pre.data + rn * pre.width + pre_off : nullptr;
        builder.set_point(main.data + sl * main.width + main_off, main_nxt.data + sn * main_nxt.width + main_off,
                          pre_cur, pre_nxt, sel);
        in.air->eval_prover(builder);
        GF_CHECK(builder.constraints_seen() == own,
                 "a table's prover-side evaluation has fewer constraints than its symbolic one");
        acc[s - b] = builder.accumulated();
        if (!logup.empty() && s >= packed_end) {
          size_t k = own;
          LazyExtSum lz;
          air::eval_logup_flat(flat, logup, main.data + sl * main.width + main_off, pre_cur,
                               aux.data + sl * aux.width + aux_off, aux_nxt.data + sn * aux_nxt.width + aux_off,
                               in.claimed_sum, sel, [&](const Fp3& v) { lz.add_mul(in.alpha_powers[k++], v); });
          acc[s - b] += lz.reduce();
        }
      }
      if (packed_end > b) {
        std::vector<Fp> values(pv.num_values * W), aux_cur(aux_w * W), aux_nx(aux_w * W), sel(3 * W), out(3 * W);
        std::vector<const Fp*> main_rows(W), pre_rows(W);
        for (size_t g = b; g < packed_end; g += W) {
          for (size_t l = 0; l < W; ++l) {
            const size_t s = g + l, sl = s - s0, sn = next[s - b];
            main_rows[l] = main.data + sl * main.width + main_off;
            pre_rows[l] = pre.data ? pre.data + s * pre.width + pre_off : nullptr;
            const Fp* a = aux.data + sl * aux.width + aux_off;
            const Fp* an = aux_nxt.data + sn * aux_nxt.width + aux_off;
            for (size_t c = 0; c < aux_w; ++c) {
              aux_cur[c * W + l] = a[c];
              aux_nx[c * W + l] = an[c];
            }
            sel[l] = sels[s - b].first;
            sel[W + l] = sels[s - b].last;
            sel[2 * W + l] = sels[s - b].transition;
          }
          program.gather(main_rows.data(), pre_rows.data(), W, values.data());
          kernels->quotient(pv, values.data(), aux_cur.data(), aux_nx.data(), sel.data(), logup_alpha.data(),
                            claimed.data(), out.data());
          for (size_t l = 0; l < W; ++l) acc[g + l - b] += Fp3(out[l], out[W + l], out[2 * W + l]);
        }
      }
      for (size_t s = b; s < e; ++s) {
        const size_t r = base + s;
        const uint64_t j = reverse_bits(r, log_M);
        const Fp3 qv = acc[s - b] * inv_zh[j & (Q - 1)];
        for (size_t c = 0; c < 3; ++c) q.at(r, c) = qv[c];
      }
    });
  };
  for (size_t blk = 0; blk < Q; ++blk) {
    const size_t m = std::min(n, in.sub_rows ? in.sub_rows : n), k = n / m;
    const Fp c = kCosetShift * Fp::two_adic_root(log_M).pow(reverse_bits(blk, log_q));
    if (!in.make_rows) {
      const ConstMatrixView main = block_of(in.ldes.lde[kMainRound], blk * n);
      const ConstMatrixView aux = block_of(in.ldes.lde[kAuxRound], blk * n);
      visit(blk, 0, n, main, main, aux, aux, kSame, tl.col_offset[kMainRound], tl.col_offset[kAuxRound]);
      continue;
    }
    if (k == 1) {  // the whole block at once: its next-row points are in it
      auto x = in.make_rows(c, n);
      if (!x.ok()) return x.error();
      visit(blk, 0, n, x->main.view(), x->main.view(), x->aux.view(), x->aux.view(), kSame, 0, 0);
      continue;
    }
    // Streaming: block blk is the coset c H, c = g w_M^rev(blk); its rows [t m, (t+1) m) are the
    // sub-coset c w_n^u <w_m> with u = rev_k(t), and their next-row points (times w_n) the
    // sub-coset c w_n^(u+1) <w_m>, row for row. Visiting u = 0, 1, ..., k-1, each sub-coset made
    // serves as the next rows of one sub-block and the rows of the following one; the last one's
    // next rows, c w_n^k <w_m> = c w_m <w_m>, are the first sub-coset's points one step round, so
    // it is kept: k are made, three live at a time.
    const unsigned log_k = log2_exact(k);
    const Fp wn = Fp::two_adic_root(log_n);
    auto first = in.make_rows(c, m);
    if (!first.ok()) return first.error();
    std::optional<QuotientBlock> cur;
    const QuotientBlock* here = &*first;
    Fp shift = c;
    for (size_t u = 0; u < k; ++u) {
      const size_t t = reverse_bits(u, log_k);
      if (u + 1 == k) {
        visit(blk, t * m, m, here->main.view(), first->main.view(), here->aux.view(), first->aux.view(),
              kApartRotated, 0, 0);
        break;
      }
      shift *= wn;
      auto nxt = in.make_rows(shift, m);
      if (!nxt.ok()) return nxt.error();
      visit(blk, t * m, m, here->main.view(), nxt->main.view(), here->aux.view(), nxt->aux.view(), kApart, 0, 0);
      cur.reset();  // the sub-coset just visited (never the first, kept to the end)
      cur = std::move(*nxt);
      here = &*cur;
    }
  }
  // Coefficients of Q(g y) from its values at g w_M^j (bit-reversed rows), then of Q(x):
  // c_i = c'_i g^-i.
  RowMajorMatrix& coeffs = q;
  GF_CHECK(ntt::inverse_rows(coeffs.view(), ntt::Order::kBitReversed, ntt::Order::kNatural).ok(), "quotient iNTT failed");
  const Fp g_inv = kCosetShift.inverse();
  parallel_for_chunks(M, 4096, [&](size_t b, size_t e) {
    Fp s = g_inv.pow(b);
    for (size_t i = b; i < e; ++i) {
      for (size_t c = 0; c < 3; ++c) coeffs.at(i, c) *= s;
      s *= g_inv;
    }
  });
  const size_t qd = tl.quotient_degree;
  bool ok = true;
  for (size_t i = qd * n; i < M && ok; ++i)
    for (size_t c = 0; c < 3; ++c) ok &= coeffs.at(i, c).is_zero();
  *chunks = RowMajorMatrix::uninitialized(n, 3 * qd);
  parallel_for_chunks(n, 4096, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i)
      for (size_t k = 0; k < qd; ++k)
        for (size_t c = 0; c < 3; ++c) chunks->at(i, 3 * k + c) = coeffs.at(k * n + i, c);
  });
  return ok;
}

std::vector<Fp3> evaluate_coefficients(ConstMatrixView coeffs, const Fp3& z) {
  std::vector<Fp3> out(coeffs.width, Fp3::zero());
  for (size_t i = coeffs.height; i-- > 0;)
    for (size_t c = 0; c < coeffs.width; ++c) out[c] = out[c] * z + coeffs.at(i, c);
  return out;
}

namespace {

std::vector<Fp> build_bit_reversed_coset(unsigned log_n) {
  const size_t n = size_t{1} << log_n;
  std::vector<Fp> pts(n);
  const Fp omega = Fp::two_adic_root(log_n);
  parallel_for_chunks(n, 1 << 14, [&](size_t b, size_t e) {
    Fp x = kCosetShift * omega.pow(b);
    for (size_t j = b; j < e; ++j) {
      pts[reverse_bits(j, log_n)] = x;
      x *= omega;
    }
  });
  return pts;
}

}  // namespace

// The bit-reversed coset of 2^k points is the first 2^k points of any larger one (for r < 2^k,
// rev_K(r) = rev_k(r) * 2^(K-k) and w_(2^K)^(2^(K-k)) = w_(2^k)), so one table, grown to the
// largest size asked for, serves every height. Tables are kept for the life of the process
// (callers hold spans); a larger request builds a new one.
std::span<const Fp> bit_reversed_coset(unsigned log_n) {
  GF_CHECK(log_n <= Fp::kTwoAdicity, "coset above 2^32 points");
  static std::mutex mu;
  static std::vector<std::unique_ptr<const std::vector<Fp>>> tables;
  static std::atomic<const std::vector<Fp>*> current{nullptr};
  const size_t n = size_t{1} << log_n;
  const std::vector<Fp>* t = current.load(std::memory_order_acquire);
  if (t == nullptr || t->size() < n) {
    std::lock_guard<std::mutex> lock(mu);
    t = current.load(std::memory_order_relaxed);
    if (t == nullptr || t->size() < n) {
      tables.push_back(std::make_unique<const std::vector<Fp>>(build_bit_reversed_coset(log_n)));
      t = tables.back().get();
      current.store(t, std::memory_order_release);
    }
  }
  return {t->data(), n};
}

DeepSums::DeepSums(unsigned class_log_height)
    : log_n(class_log_height),
      sums(RowMajorMatrix::uninitialized(size_t{1} << class_log_height, kWidth)),
      const_z(Fp3::zero()),
      const_zw(Fp3::zero()) {}

void deep_accumulate(const ProofLayout& L, const ClassLdes& ldes, std::span<const Fp3> openings, const Fp3& gamma,
                     DeepSums* acc) {
  deep_accumulate(
      L,
      [&](Round r, size_t column) -> DeepColumnData {
        const ConstMatrixView& m = ldes.lde[r];
        if (m.data == nullptr) return {};
        return {m.data + column, m.width};
      },
      openings, gamma, acc);
}

void deep_accumulate(const ProofLayout& L, const DeepLocator& locate, std::span<const Fp3> openings, const Fp3& gamma,
                     DeepSums* acc) {
  const std::vector<DeepColumn> cols = deep_columns(L, acc->log_n);
  // Term powers: a column with a z*w opening takes gamma^k (at z) and gamma^(k+1) (at z*w), so the
  // z*w sum is gamma times the z-sum restricted to those columns; quotient columns take one power.
  // The powers run over every column of the class; only the rounds with a view are summed.
  struct Term {
    const Fp* base;
    size_t stride;
    Fp3 power;
  };
  std::vector<Term> paired, single;
  Fp3 g = Fp3::one();
  for (const DeepColumn& c : cols) {
    const DeepColumnData d = locate(c.round, c.column);
    const bool here = d.base != nullptr;
    const Term t{d.base, d.stride, g};
    if (here) acc->const_z += g * openings[c.opening_z];
    g *= gamma;
    if (c.opening_zw >= 0) {
      if (here) acc->const_zw += g * openings[static_cast<size_t>(c.opening_zw)];
      g *= gamma;
      if (here) paired.push_back(t);
    } else if (here) {
      single.push_back(t);
    }
  }
  // The sums P(x) over the paired terms and S(x) over the single ones are polynomials of degree
  // < n (every column of the class is one), so they are taken on the first n extension rows only
  // (bit-reversed storage puts the coset gH there, in bit-reversed order) and extended by
  // deep_finish. Field arithmetic is exact: the sums of the rounds taken apart add up to the same
  // values as one sum over all of them.
  const bool first = !acc->started;
  acc->started = true;
  RowMajorMatrix& sums = acc->sums;
  parallel_for_chunks(sums.height(), 1024, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      LazyExtSum lp, ls;
      for (const Term& t : paired) lp.add_mul(t.power, t.base[r * t.stride]);
      for (const Term& t : single) ls.add_mul(t.power, t.base[r * t.stride]);
      const Fp3 ap = lp.reduce(), as = ls.reduce();
      Fp* row = &sums.at(r, 0);
      if (first) {
        for (size_t c = 0; c < 3; ++c) {
          row[c] = ap[c];
          row[3 + c] = as[c];
        }
        row[6] = row[7] = Fp::zero();
      } else {
        for (size_t c = 0; c < 3; ++c) {
          row[c] += ap[c];
          row[3 + c] += as[c];
        }
      }
    }
  });
}

namespace {

// R's values from the extension rows of P and S (6 base columns: P, then S) at the points xs.
void deep_values(ConstMatrixView pe, std::span<const Fp> xs, const PointInverter& pz, const PointInverter& pzw,
                 const Fp3& const_z, const Fp3& const_zw, const Fp3& gamma, Fp3* out) {
  parallel_for_chunks(pe.height, 1024, [&](size_t b, size_t e) {
    std::vector<Fp3> inv_z(e - b), inv_zw(e - b);
    std::vector<Fp> scratch(e - b);
    const std::span<const Fp> chunk(xs.data() + b, e - b);
    pz.invert(chunk, inv_z, scratch);
    pzw.invert(chunk, inv_zw, scratch);
    for (size_t r = b; r < e; ++r) {
      const Fp* row = pe.data + r * pe.width;
      const Fp3 ap(row[0], row[1], row[2]), as(row[3], row[4], row[5]);
      out[r] = (ap + as - const_z) * inv_z[r - b] + (ap * gamma - const_zw) * inv_zw[r - b];
    }
  });
}

// The coefficient sums of one class and what R needs besides, shared by the blocks a streamed
// codeword makes.
struct DeepBlocks {
  RowMajorMatrix coeffs;  // P(g y) and S(g y), n x DeepSums::kWidth
  unsigned log_n = 0, log_blowup = 0;
  Fp3 const_z, const_zw, gamma;
  PointInverter pz, pzw;
  size_t block_rows = 0;  // m, a power of two dividing n
  // Block k: rows [k m, (k + 1) m) of the extension (bit-reversed), the points
  // g w_N^rev(k) <w_m> (rev over log(N / m) bits): one sub-coset of P(g y) and S(g y).
  RowMajorMatrix block(size_t k) const {
    const size_t m = block_rows;
    const unsigned log_N = log_n + log_blowup, log_m = log2_exact(m);
    auto ext =
        ntt::evaluate_on_subcoset(coeffs.view(), m, Fp::two_adic_root(log_N).pow(reverse_bits(k, log_N - log_m)));
    GF_CHECK(ext.ok() && ext->height() == m, "DEEP extension failed");
    RowMajorMatrix out = RowMajorMatrix::uninitialized(m, 3);
    deep_values(ext->view(), bit_reversed_coset(log_N).subspan(k * m, m), pz, pzw, const_z, const_zw, gamma,
                reinterpret_cast<Fp3*>(out.data().data()));
    return out;
  }
};

}  // namespace

FriCodeword deep_codeword(const ProofLayout& L, DeepSums&& acc, const Fp3& z, const Fp3& gamma, size_t block_rows) {
  GF_CHECK(acc.started && acc.coefficients, "a streamed DEEP codeword needs coefficient sums");
  const size_t n = size_t{1} << acc.log_n;
  if (block_rows == 0) block_rows = n;
  GF_CHECK(is_pow2(block_rows) && block_rows <= n, "a DEEP block divides the class height");
  const Fp3 zw = z * Fp::two_adic_root(acc.log_n);
  // Coefficients c_i of P and S: those of P(g y) are c_i g^i.
  RowMajorMatrix sums = std::move(acc.sums);
  parallel_for_chunks(n, 4096, [&](size_t b, size_t e) {
    Fp p = kCosetShift.pow(b);
    for (size_t i = b; i < e; ++i, p *= kCosetShift)
      for (size_t c = 0; c < DeepSums::kWidth; ++c) sums.at(i, c) *= p;
  });
  auto blocks =
      std::make_shared<const DeepBlocks>(DeepBlocks{std::move(sums), acc.log_n, L.log_blowup, acc.const_z, acc.const_zw,
                                                    gamma, PointInverter(z), PointInverter(zw), block_rows});
  FriCodeword c;
  c.size = n << L.log_blowup;
  c.block = block_rows;
  c.make_block = [blocks](size_t k) { return blocks->block(k); };
  return c;
}

Fp3Buffer deep_finish(const ProofLayout& L, DeepSums&& acc, const Fp3& z, const Fp3& gamma) {
  GF_CHECK(acc.started && !acc.coefficients, "deep_finish takes sums of values (coefficient sums: deep_codeword)");
  const unsigned log_N = acc.log_n + L.log_blowup;
  const size_t N = size_t{1} << log_N;
  const Fp3 zw = z * Fp::two_adic_root(acc.log_n);
  // The 6 base columns of P and S, padded to 8 so the row NTT fills its 8-lane kernels, extended
  // from the n rows. Coefficients of P(g y) and S(g y) from their values at y = w_n^j
  // (bit-reversed rows); their values at y = w_N^k are P and S at the extension's points
  // g w_N^k (bit-reversed, as stored): all N rows at once.
  RowMajorMatrix sums = std::move(acc.sums);
  GF_CHECK(ntt::inverse_rows(sums.view(), ntt::Order::kBitReversed, ntt::Order::kNatural).ok(), "DEEP iNTT failed");
  auto ext = ntt::evaluate_on_coset(sums.view(), size_t{1} << L.log_blowup, {.shift = Fp::one()});
  GF_CHECK(ext.ok() && ext->height() == N, "DEEP extension failed");
  Fp3Buffer out(N);  // every element written below
  deep_values(ext->view(), bit_reversed_coset(log_N), PointInverter(z), PointInverter(zw), acc.const_z, acc.const_zw,
              gamma, out.data());
  return out;
}

Fp3Buffer deep_reduce(const ProofLayout& L, unsigned class_log_height, const ClassLdes& ldes,
                             std::span<const Fp3> openings, const Fp3& z, const Fp3& gamma) {
  DeepSums acc(class_log_height);
  deep_accumulate(L, ldes, openings, gamma, &acc);
  return deep_finish(L, std::move(acc), z, gamma);
}

}  // namespace goldfinch::stark::detail
