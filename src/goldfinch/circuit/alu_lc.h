// Small builders of air::LinearCombination for the tables' bus fields (ALU chips, F_p^3 Horner): a weighted sum of main
// columns plus a constant (a u32 from its limbs, an op code from its selectors).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>

#include "goldfinch/air/air.h"

namespace goldfinch::circuit {

// sum_i coeff_i * main(col_i) + constant.
inline air::LinearCombination main_sum(std::initializer_list<std::pair<uint32_t, uint64_t>> terms,
                                       uint64_t constant = 0) {
  air::LinearCombination lc;
  for (const auto& [col, coeff] : terms) lc.terms.push_back({air::Column::main(col), Fp::from_u64(coeff)});
  lc.constant = Fp::from_u64(constant);
  return lc;
}

// The same with signed coefficients (a negative one is taken mod p): differences of columns.
inline air::LinearCombination main_sum_signed(std::initializer_list<std::pair<uint32_t, int64_t>> terms,
                                              uint64_t constant = 0) {
  air::LinearCombination lc;
  for (const auto& [col, coeff] : terms)
    lc.terms.push_back({air::Column::main(col), coeff >= 0 ? Fp::from_u64(coeff) : -Fp::from_u64(-coeff)});
  lc.constant = Fp::from_u64(constant);
  return lc;
}

inline air::LinearCombination constant_lc(uint64_t v) { return air::LinearCombination::constant_value(Fp::from_u64(v)); }

// Pads a row count to the chips' trace height: a power of two, at least 4.
inline size_t chip_height(size_t rows) {
  size_t n = 4;
  while (n < rows) n *= 2;
  return n;
}

}  // namespace goldfinch::circuit
