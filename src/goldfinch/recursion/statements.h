// The inner statements the verifier guest can check: sets of example tables (air/example_airs.h)
// named by an id in the packed input. The guest and the host build the table set from the same
// code here, and the verifier rejects a verifying key that does not describe exactly that set.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/base/error.h"

namespace goldfinch::recursion {

enum class StatementId : uint32_t {
  kFibonacci = 1,  // FibonacciAir; public values (a0, b0, b_last)
  kRange = 2,      // RangeCheckedAir + U16TableAir (preprocessed 2^16-row table)
  kBus = 3,        // AddSenderAir + AddReceiverAir on the add bus
  kSynthetic = 4,  // SyntheticAir(width); the parameter is the width
};

inline constexpr uint32_t kMaxSyntheticWidth = 1024;

const char* statement_name(StatementId id);
// "fibonacci", "range", "bus", "synthetic".
Result<StatementId> statement_from_name(std::string_view name);

// A table set that owns its tables.
struct Statement {
  StatementId id = StatementId::kFibonacci;
  uint32_t param = 0;
  std::vector<std::unique_ptr<air::Air>> owned;
  std::vector<const air::Air*> tables;
};

// The statement whose tables a verifying key names (table names and, for kSynthetic, the width):
// a convenience for command lines. The verifier still checks the key against the tables' code.
struct StatementRef {
  StatementId id = StatementId::kFibonacci;
  uint32_t param = 0;
};
Result<StatementRef> infer_statement(std::span<const std::string> table_names, std::span<const uint32_t> widths);

// `param` must be 0 except for kSynthetic (1..kMaxSyntheticWidth). The id and the parameter come
// from untrusted input in the guest: anything else is an Error.
Result<Statement> make_statement(uint32_t id, uint32_t param);

}  // namespace goldfinch::recursion
