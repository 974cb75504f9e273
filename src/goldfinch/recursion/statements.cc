#include "goldfinch/recursion/statements.h"

#include "goldfinch/air/example_airs.h"

namespace goldfinch::recursion {

const char* statement_name(StatementId id) {
  switch (id) {
    case StatementId::kFibonacci: return "fibonacci";
    case StatementId::kRange: return "range";
    case StatementId::kBus: return "bus";
    case StatementId::kSynthetic: return "synthetic";
  }
  return "unknown";
}

Result<StatementId> statement_from_name(std::string_view name) {
  for (StatementId id : {StatementId::kFibonacci, StatementId::kRange, StatementId::kBus, StatementId::kSynthetic})
    if (name == statement_name(id)) return id;
  return Error{ErrorCode::kInvalidArgument, "unknown statement (expected fibonacci, range, bus or synthetic)", 0, 0};
}

Result<StatementRef> infer_statement(std::span<const std::string> names, std::span<const uint32_t> widths) {
  if (names.size() == 1 && names[0] == "fibonacci") return StatementRef{StatementId::kFibonacci, 0};
  if (names.size() == 1 && names[0] == "synthetic" && widths.size() == 1)
    return StatementRef{StatementId::kSynthetic, widths[0]};
  if (names.size() == 2 && names[0] == "range_checked" && names[1] == "u16_table")
    return StatementRef{StatementId::kRange, 0};
  if (names.size() == 2 && names[0] == "add_sender" && names[1] == "add_receiver")
    return StatementRef{StatementId::kBus, 0};
  return Error{ErrorCode::kInvalidArgument, "the verifying key's tables are not an example statement", 0, names.size()};
}

Result<Statement> make_statement(uint32_t id, uint32_t param) {
  using namespace air::examples;
  Statement s;
  s.id = static_cast<StatementId>(id);
  s.param = param;
  const bool takes_param = s.id == StatementId::kSynthetic;
  if (!takes_param && param != 0) return Error{ErrorCode::kInvalidArgument, "statement takes no parameter", 0, param};
  switch (s.id) {
    case StatementId::kFibonacci:
      s.owned.push_back(std::make_unique<FibonacciAir>());
      break;
    case StatementId::kRange:
      s.owned.push_back(std::make_unique<RangeCheckedAir>());
      s.owned.push_back(std::make_unique<U16TableAir>());
      break;
    case StatementId::kBus:
      s.owned.push_back(std::make_unique<AddSenderAir>());
      s.owned.push_back(std::make_unique<AddReceiverAir>());
      break;
    case StatementId::kSynthetic:
      if (param < 1 || param > kMaxSyntheticWidth)
        return Error{ErrorCode::kInvalidArgument, "synthetic statement: width out of range", kMaxSyntheticWidth, param};
      s.owned.push_back(std::make_unique<SyntheticAir>(param));
      break;
    default:
      return Error{ErrorCode::kInvalidArgument, "unknown statement id", 4, id};
  }
  for (const auto& t : s.owned) s.tables.push_back(t.get());
  return s;
}

}  // namespace goldfinch::recursion
