#include "goldfinch/stark/layout.h"

#include <algorithm>

#include "goldfinch/air/logup.h"

namespace goldfinch::stark {

size_t TableLayout::opening(Round r, bool next, size_t col) const {
  size_t base = openings_offset;
  switch (r) {
    case kPreRound: return base + (next ? width[kPreRound] : 0) + col;
    case kMainRound: base += 2 * width[kPreRound]; return base + (next ? width[kMainRound] : 0) + col;
    case kAuxRound:
      base += 2 * (width[kPreRound] + width[kMainRound]);
      return base + (next ? width[kAuxRound] : 0) + col;
    case kQuotientRound: return base + 2 * (width[kPreRound] + width[kMainRound] + width[kAuxRound]) + col;
  }
  return 0;
}

Result<ProofLayout> ProofLayout::make(const VerifyingKey& vk, const std::vector<uint8_t>& log_heights) {
  if (log_heights.size() != vk.tables.size())
    return Error{ErrorCode::kMismatch, "one trace height per table expected", vk.tables.size(), log_heights.size()};
  if (vk.params.log_folding_arity == 0)
    return Error{ErrorCode::kInvalidArgument, "FRI folding arity must be at least 2", 1, 0};
  ProofLayout L;
  L.log_blowup = vk.params.log_blowup;
  L.merkle_hash = vk.params.merkle_hash;
  L.tables.resize(vk.tables.size());
  size_t openings = 0;
  for (size_t t = 0; t < vk.tables.size(); ++t) {
    const TableInfo& info = vk.tables[t];
    TableLayout& tl = L.tables[t];
    if (log_heights[t] == kAbsentLogHeight) {
      if (info.preprocessed_width || info.num_public_values)
        return Error{ErrorCode::kInvalidArgument, "a table with preprocessed columns or public values cannot be absent", 0, t};
      tl.present = false;
      tl.quotient_degree = 0;
      tl.openings_offset = openings;
      continue;  // no columns in any round, no openings
    }
    tl.log_height = log_heights[t];
    if (tl.log_height > kMaxLogHeight)
      return Error{ErrorCode::kInvalidArgument, "trace height above 2^27", kMaxLogHeight, tl.log_height};
    // The LDE domain must fit in F_p's two-adic subgroup (2^32): 2^27 rows at blowup 2^6 do not.
    if (tl.log_height + vk.params.log_blowup > Fp::kTwoAdicity)
      return Error{ErrorCode::kInvalidArgument, "trace LDE larger than the field's two-adic subgroup",
                   Fp::kTwoAdicity - vk.params.log_blowup, tl.log_height};
    if (tl.log_height < vk.params.log_final_poly_len)
      return Error{ErrorCode::kInvalidArgument, "trace shorter than the FRI final polynomial", vk.params.log_final_poly_len,
                   tl.log_height};
    if (info.fixed_log_height != kNoFixedHeight && info.fixed_log_height != tl.log_height)
      return Error{ErrorCode::kMismatch, "table with preprocessed columns has another height", info.fixed_log_height,
                   tl.log_height};
    tl.quotient_degree = info.quotient_degree();
    if (tl.quotient_degree > (size_t{1} << vk.params.log_blowup))
      return Error{ErrorCode::kInvalidArgument, "constraint degree too high for the blowup", size_t{1} << vk.params.log_blowup,
                   tl.quotient_degree};
    tl.width[kPreRound] = info.preprocessed_width;
    tl.width[kMainRound] = info.width;
    tl.width[kAuxRound] = air::LogupLayout(info.num_interactions).base_width();
    tl.width[kQuotientRound] = 3 * tl.quotient_degree;
    tl.openings_offset = openings;
    openings += tl.num_openings();
    L.log_max_height = std::max(L.log_max_height, tl.log_height);
  }
  L.num_openings = openings;
  if (L.log_max_height == 0 && std::none_of(L.tables.begin(), L.tables.end(), [](const TableLayout& tl) { return tl.present; }))
    return Error{ErrorCode::kInvalidArgument, "a proof needs at least one table present", 1, 0};
  for (const auto& tl : L.tables)
    if (tl.present && std::find(L.class_log_heights.begin(), L.class_log_heights.end(), tl.log_height) == L.class_log_heights.end())
      L.class_log_heights.push_back(tl.log_height);
  std::sort(L.class_log_heights.rbegin(), L.class_log_heights.rend());
  for (size_t r = 0; r < kNumRounds; ++r) {
    for (unsigned h : L.class_log_heights) {
      ClassMatrix m{h, 0, {}};
      for (size_t t = 0; t < L.tables.size(); ++t) {
        TableLayout& tl = L.tables[t];
        if (!tl.present || tl.log_height != h || tl.width[r] == 0) continue;
        tl.col_offset[r] = m.width;
        m.width += tl.width[r];
        m.tables.push_back(t);
      }
      if (m.width) L.rounds[r].push_back(std::move(m));
    }
  }
  {
    unsigned log_size = L.log_max_height + L.log_blowup;
    const unsigned final_log = vk.params.log_final_poly_len + L.log_blowup;
    size_t next_class = 1;
    while (log_size > final_log) {
      unsigned target = final_log;
      if (next_class < L.class_log_heights.size()) target = std::max(target, L.class_log_heights[next_class] + L.log_blowup);
      const unsigned a = std::min<unsigned>(vk.params.log_folding_arity, log_size - target);
      L.fri_log_arities.push_back(a);
      log_size -= a;
      if (next_class < L.class_log_heights.size() && L.class_log_heights[next_class] + L.log_blowup == log_size) ++next_class;
    }
    L.num_fri_rounds = L.fri_log_arities.size();
  }
  return L;
}

}  // namespace goldfinch::stark
