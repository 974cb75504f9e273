#include "goldfinch/stark/shape.h"

#include <algorithm>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/check.h"

namespace goldfinch::stark {

ProofShape proof_shape(const VerifyingKey& vk, std::span<const air::Air* const> tables, unsigned log_max_trace_height) {
  GF_CHECK(vk.tables.size() == tables.size() && !tables.empty(), "proof_shape: one description per table");
  ProofShape s;
  unsigned log_h = log_max_trace_height;
  s.num_tables = static_cast<uint32_t>(tables.size());
  s.num_committed_columns = 0;
  s.num_constraints = 0;
  s.max_constraint_degree = 1;
  for (size_t t = 0; t < tables.size(); ++t) {
    const TableInfo& info = vk.tables[t];
    if (info.fixed_log_height != kNoFixedHeight) log_h = std::max<unsigned>(log_h, info.fixed_log_height);
    const air::LogupLayout logup(info.num_interactions);
    // Main, preprocessed, aux (3 base columns per F_p^3 column) and quotient chunks (3 each).
    s.num_committed_columns += static_cast<uint32_t>(info.width + info.preprocessed_width + logup.base_width() +
                                                     3 * info.quotient_degree());
    s.num_constraints += static_cast<uint32_t>(info.num_constraints + logup.num_constraints());
    s.max_constraint_degree = std::max(s.max_constraint_degree, info.max_degree);
    s.num_bus_interactions += info.num_interactions;
    for (const air::Interaction& it : tables[t]->interactions())
      s.max_bus_tuple_width = std::max(s.max_bus_tuple_width, static_cast<uint32_t>(it.fields.size() + 1));
  }
  s.num_constraints = std::max(s.num_constraints, uint32_t{1});
  s.log_max_trace_height = static_cast<uint8_t>(log_h);
  s.num_height_classes = std::min<uint32_t>(s.num_tables, log_h + 1);
  return s;
}

}  // namespace goldfinch::stark
