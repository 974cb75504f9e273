// The inner statements the verifier guest can check: sets of example tables (air/example_airs.h),
// the RV32IM circuit of a guest program's whole run (circuit/rv32im_tables.h), or of one shard of
// a run (shard/shard_tables.h: the RV32IM shard tables and the multiset tables), named by an id
// in the packed input. The guest and the host build the table set from the same
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
#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/shard/shard_tables.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::recursion {

enum class StatementId : uint32_t {
  kFibonacci = 1,  // FibonacciAir; public values (a0, b0, b_last)
  kRange = 2,      // RangeCheckedAir + U16TableAir (preprocessed 2^16-row table)
  kBus = 3,        // AddSenderAir + AddReceiverAir on the add bus
  kSynthetic = 4,  // SyntheticAir(width); the parameter is the width
  kRv32im = 5,     // the 22 RV32IM tables of a whole run (Rv32imTables); parameter: entry, plus PackedShape
  kRv32imShard = 6,  // the 26 tables of one shard of a run (shard::ShardTables); parameter: entry, plus PackedShape
};

inline constexpr uint32_t kMaxSyntheticWidth = 1024;
// The largest program or image table height a packed rv32im statement may name (a power of two).
inline constexpr uint32_t kMaxRv32imTableHeight = uint32_t{1} << 28;

const char* statement_name(StatementId id);
// "fibonacci", "range", "bus", "synthetic", "rv32im", "rv32im_shard".
Result<StatementId> statement_from_name(std::string_view name);

// A table set that owns its tables.
struct Statement {
  StatementId id = StatementId::kFibonacci;
  uint32_t param = 0;
  std::vector<std::unique_ptr<air::Air>> owned;
  std::unique_ptr<circuit::Rv32imTables> rv32im;  // kRv32im: owns the tables
  std::unique_ptr<shard::ShardTables> shard;       // kRv32imShard: owns the tables
  std::vector<const air::Air*> tables;
};

// The statement whose tables a verifying key names (table names and, for kSynthetic, the width):
// a convenience for command lines. The verifier still checks the key against the tables' code.
struct StatementRef {
  StatementId id = StatementId::kFibonacci;
  uint32_t param = 0;
};
Result<StatementRef> infer_statement(std::span<const std::string> table_names, std::span<const uint32_t> widths);

// `param` must be 0 except for kSynthetic (1..kMaxSyntheticWidth) and kRv32im / kRv32imShard (the
// entry point); `shape` must be all zero except for those two (flags 0 or 1, heights powers of two
// in [4, kMaxRv32imTableHeight]). The id and the parameters come from untrusted input in the guest:
// anything else is an Error.
Result<Statement> make_statement(uint32_t id, uint32_t param, const PackedShape& shape = {});

// The verifier takes fixed table heights from the key (TableInfo::fixed_log_height), not from the
// tables' code; this checks that the key's fixed heights are the statement's (for rv32im: the
// packed program and image heights), so the packed fields cannot disagree with the key they come
// with. A key with another number of tables is left to stark::verify. Errors: kMismatch.
Error check_key_heights(const Statement& statement, const stark::VerifyingKey& vk);

// The RV32IM shape named by a packed rv32im (shard = false) or rv32im_shard (shard = true)
// statement (the checks of make_statement), and the packed fields of a shape (the statement id,
// not the packed fields, says whether it is a shard's).
Result<circuit::Rv32imShape> rv32im_shape(uint32_t entry, const PackedShape& shape, bool shard = false);
PackedShape packed_shape(const circuit::Rv32imShape& shape);

}  // namespace goldfinch::recursion
