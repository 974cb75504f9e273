#include "goldfinch/stark/deep.h"

namespace goldfinch::stark::detail {

std::vector<DeepColumn> deep_columns(const ProofLayout& L, unsigned class_log_height) {
  std::vector<DeepColumn> cols;
  size_t n = 0;
  for (size_t r = 0; r < kNumRounds; ++r)
    for (const ClassMatrix& m : L.rounds[r])
      if (m.log_height == class_log_height) n += m.width;
  cols.reserve(n);
  for (size_t r = 0; r < kNumRounds; ++r) {
    for (const ClassMatrix& m : L.rounds[r]) {
      if (m.log_height != class_log_height) continue;
      for (size_t t : m.tables) {
        const TableLayout& tl = L.tables[t];
        for (size_t c = 0; c < tl.width[r]; ++c) {
          const Round round = static_cast<Round>(r);
          const int64_t zw = round == kQuotientRound ? -1 : static_cast<int64_t>(tl.opening(round, true, c));
          cols.push_back({round, tl.col_offset[r] + c, tl.opening(round, false, c), zw});
        }
      }
    }
  }
  return cols;
}

}  // namespace goldfinch::stark::detail
