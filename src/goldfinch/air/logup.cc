#include "goldfinch/air/logup.h"

#include <algorithm>

#include "goldfinch/air/logup_packed.h"
#include "goldfinch/base/parallel.h"

namespace goldfinch::air {

namespace {

void batch_inverse_ext(std::span<Fp3> v) {
  std::vector<Fp3> prefix(v.size());
  Fp3 acc = Fp3::one();
  for (size_t i = 0; i < v.size(); ++i) {
    prefix[i] = acc;
    acc *= v[i];
  }
  GF_CHECK(!acc.is_zero(), "LogUp denominator is zero (probability ~ n / p^3)");
  Fp3 inv = acc.inverse();
  for (size_t i = v.size(); i-- > 0;) {
    const Fp3 vi = v[i];
    v[i] = inv * prefix[i];
    inv *= vi;
  }
}

// Adds k to the coefficient of column `index` in a (column, coefficient) list.
template <class K>
void add_term(std::vector<std::pair<uint32_t, K>>& terms, uint32_t index, const K& k) {
  auto pos = std::find_if(terms.begin(), terms.end(), [index](const auto& t) { return t.first == index; });
  if (pos == terms.end()) terms.emplace_back(index, k);
  else pos->second += k;
}

}  // namespace

std::vector<FlatInteraction> flatten_interactions(std::span<const Interaction> interactions,
                                                  const LogupChallenges& ch) {
  std::vector<FlatInteraction> out;
  out.reserve(interactions.size());
  for (const Interaction& it : interactions) {
    FlatInteraction f;
    // alpha - (bus + sum_j beta^(j+1) field_j), collected per column.
    Fp3 fp_const = Fp3(Fp::from_u64(it.bus));
    std::vector<std::pair<uint32_t, Fp3>> per_col[2];
    for (size_t j = 0; j < it.fields.size(); ++j) {
      const Fp3& beta = ch.beta_powers[j + 1];
      fp_const += beta * it.fields[j].constant;
      for (const auto& term : it.fields[j].terms)
        add_term(per_col[term.first.kind], term.first.index, beta * term.second);
    }
    f.den_const = ch.alpha - fp_const;
    for (int kind = 0; kind < 2; ++kind)
      for (const auto& [c, k] : per_col[kind])
        if (!k.is_zero()) (kind == Column::kMain ? f.den_main : f.den_pre).emplace_back(c, -k);
    // s * m, s = +1 (send) or -1 (receive), collected per column.
    const Fp sign = it.direction == Direction::kSend ? Fp::one() : -Fp::one();
    f.mult_const = sign * it.multiplicity.constant;
    std::vector<std::pair<uint32_t, Fp>> mult_col[2];
    for (const auto& term : it.multiplicity.terms)
      add_term(mult_col[term.first.kind], term.first.index, sign * term.second);
    for (int kind = 0; kind < 2; ++kind)
      for (const auto& [c, k] : mult_col[kind])
        if (!k.is_zero()) (kind == Column::kMain ? f.mult_main : f.mult_pre).emplace_back(c, k);
    out.push_back(std::move(f));
  }
  return out;
}

RowMajorMatrix build_logup_aux(std::span<const Interaction> interactions, ConstMatrixView main,
                               ConstMatrixView pre, const LogupChallenges& ch, Fp3* claimed_sum) {
  return build_logup_aux(interactions, main, pre, ch, claimed_sum, logup_kernels());
}

RowMajorMatrix build_logup_aux(std::span<const Interaction> interactions, ConstMatrixView main,
                               ConstMatrixView pre, const LogupChallenges& ch, Fp3* claimed_sum,
                               const LogupKernels* kernels) {
  const LogupLayout layout(interactions.size());
  const size_t n = main.height;
  if (layout.empty()) {
    *claimed_sum = Fp3::zero();
    return RowMajorMatrix(n, 0);
  }
  // Every column of every row is written below (helpers, then the running sum).
  RowMajorMatrix aux = RowMajorMatrix::uninitialized(n, layout.base_width());
  const size_t m = interactions.size();
  const size_t sum_col = 3 * layout.running_sum_column();
  const std::vector<FlatInteraction> flat = flatten_interactions(interactions, ch);
  // Pass 1, rows in parallel blocks: denominators (one batch inversion per block), the helper
  // columns, and each row's sum parked in the running-sum column; each block's total. Groups of
  // W rows go through the packed kernels (one row per lane); the rest row by row.
  constexpr size_t kBlock = 1024;
  std::vector<Fp3> block_total((n + kBlock - 1) / kBlock);
  const LogupProgram program = kernels ? LogupProgram::from(flat) : LogupProgram{};
  const LogupProgramView pv = view_of(program);
  auto rows_scalar = [&](size_t b, size_t e) {
    std::vector<Fp3> den((e - b) * m);
    std::vector<Fp> mult((e - b) * m);
    for (size_t r = b; r < e; ++r) {
      const Fp* main_row = main.data + r * main.width;
      const Fp* pre_row = pre.data ? pre.data + r * pre.width : nullptr;
      for (size_t i = 0; i < m; ++i) {
        den[(r - b) * m + i] = flat[i].denominator(main_row, pre_row);
        mult[(r - b) * m + i] = flat[i].multiplicity(main_row, pre_row);
      }
    }
    batch_inverse_ext(den);
    Fp3 total = Fp3::zero();
    for (size_t r = b; r < e; ++r) {
      const Fp3* inv = den.data() + (r - b) * m;
      const Fp* mu = mult.data() + (r - b) * m;
      Fp3 row_sum = Fp3::zero();
      for (size_t c = 0; c < layout.num_helpers; ++c) {
        Fp3 h = Fp3::zero();
        for (size_t i = c * kLogupChunk; i < std::min((c + 1) * kLogupChunk, m); ++i) h += inv[i] * mu[i];
        for (size_t k = 0; k < 3; ++k) aux.at(r, 3 * c + k) = h[k];
        row_sum += h;
      }
      for (size_t k = 0; k < 3; ++k) aux.at(r, sum_col + k) = row_sum[k];
      total += row_sum;
    }
    return total;
  };
  // Rows [b, b + groups * W) through the kernels; returns their total.
  auto rows_packed = [&](size_t b, size_t groups) {
    const size_t W = kernels->lanes, H = layout.num_helpers;
    std::vector<Fp> values(pv.num_values * W), den(groups * m * 3 * W), mult(groups * m * W),
        prefix(groups * m * 3 * W), total(3 * W), inv_total(3 * W), helper(3 * H * W), row_sum(3 * W);
    std::vector<const Fp*> main_rows(W), pre_rows(W);
    for (size_t g = 0; g < groups; ++g) {
      for (size_t l = 0; l < W; ++l) {
        const size_t r = b + g * W + l;
        main_rows[l] = main.data + r * main.width;
        pre_rows[l] = pre.data ? pre.data + r * pre.width : nullptr;
      }
      program.gather(main_rows.data(), pre_rows.data(), W, values.data());
      kernels->fractions(pv, values.data(), den.data() + g * m * 3 * W, mult.data() + g * m * W);
    }
    kernels->prefix_products(den.data(), groups * m, prefix.data(), total.data());
    for (size_t l = 0; l < W; ++l) {
      const Fp3 t(total[l], total[W + l], total[2 * W + l]);
      GF_CHECK(!t.is_zero(), "LogUp denominator is zero (probability ~ n / p^3)");
      const Fp3 inv = t.inverse();
      for (size_t k = 0; k < 3; ++k) inv_total[k * W + l] = inv[k];
    }
    kernels->finish_inverse(den.data(), prefix.data(), groups * m, inv_total.data());
    Fp3 sum = Fp3::zero();
    for (size_t g = 0; g < groups; ++g) {
      kernels->helpers(pv, den.data() + g * m * 3 * W, mult.data() + g * m * W, helper.data(), row_sum.data());
      for (size_t l = 0; l < W; ++l) {
        const size_t r = b + g * W + l;
        for (size_t j = 0; j < 3 * H; ++j) aux.at(r, j) = helper[j * W + l];
        const Fp3 rs(row_sum[l], row_sum[W + l], row_sum[2 * W + l]);
        for (size_t k = 0; k < 3; ++k) aux.at(r, sum_col + k) = rs[k];
        sum += rs;
      }
    }
    return sum;
  };
  parallel_for_chunks(n, kBlock, [&](size_t b, size_t e) {
    const size_t groups = kernels ? (e - b) / kernels->lanes : 0;
    const size_t split = groups ? b + groups * kernels->lanes : b;
    Fp3 total = groups ? rows_packed(b, groups) : Fp3::zero();
    if (split < e) total += rows_scalar(split, e);
    block_total[b / kBlock] = total;
  });
  // Pass 2: block offsets (an exclusive prefix sum), then each block's running sum in parallel.
  // Field addition is exact, so the result does not depend on the blocking or the thread count.
  std::vector<Fp3> offset(block_total.size());
  Fp3 running = Fp3::zero();
  for (size_t i = 0; i < block_total.size(); ++i) {
    offset[i] = running;
    running += block_total[i];
  }
  parallel_for_chunks(n, kBlock, [&](size_t b, size_t e) {
    Fp3 acc = offset[b / kBlock];
    for (size_t r = b; r < e; ++r) {
      acc += Fp3(aux.at(r, sum_col), aux.at(r, sum_col + 1), aux.at(r, sum_col + 2));
      for (size_t k = 0; k < 3; ++k) aux.at(r, sum_col + k) = acc[k];
    }
  });
  *claimed_sum = running;
  return aux;
}

}  // namespace goldfinch::air
