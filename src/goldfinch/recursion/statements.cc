#include "goldfinch/recursion/statements.h"

#include "goldfinch/air/example_airs.h"

namespace goldfinch::recursion {

const char* statement_name(StatementId id) {
  switch (id) {
    case StatementId::kFibonacci: return "fibonacci";
    case StatementId::kRange: return "range";
    case StatementId::kBus: return "bus";
    case StatementId::kSynthetic: return "synthetic";
    case StatementId::kRv32im: return "rv32im";
    case StatementId::kRv32imShard: return "rv32im_shard";
  }
  return "unknown";
}

Result<StatementId> statement_from_name(std::string_view name) {
  for (StatementId id : {StatementId::kFibonacci, StatementId::kRange, StatementId::kBus, StatementId::kSynthetic,
                         StatementId::kRv32im, StatementId::kRv32imShard})
    if (name == statement_name(id)) return id;
  return Error{ErrorCode::kInvalidArgument, "unknown statement (expected fibonacci, range, bus, synthetic, rv32im or rv32im_shard)", 0, 0};
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

namespace {

bool valid_height(uint32_t h) { return h >= 4 && h <= kMaxRv32imTableHeight && (h & (h - 1)) == 0; }

}  // namespace

Result<circuit::Rv32imShape> rv32im_shape(uint32_t entry, const PackedShape& shape, bool shard) {
  if (shape.flags > 1) return Error{ErrorCode::kInvalidArgument, "rv32im statement: unknown flags", 1, shape.flags};
  if (!valid_height(shape.program_height))
    return Error{ErrorCode::kInvalidArgument, "rv32im statement: program height is not a power of two in [4, 2^28]",
                 kMaxRv32imTableHeight, shape.program_height};
  if (!valid_height(shape.image_height))
    return Error{ErrorCode::kInvalidArgument, "rv32im statement: image height is not a power of two in [4, 2^28]",
                 kMaxRv32imTableHeight, shape.image_height};
  circuit::Rv32imShape s;
  s.entry = entry;
  s.program_height = shape.program_height;
  s.image_height = shape.image_height;
  s.wx = shape.flags == 1;
  s.shard = shard;
  return s;
}

Error check_key_heights(const Statement& statement, const stark::VerifyingKey& vk) {
  if (vk.tables.size() != statement.tables.size()) return Error::none();
  for (size_t i = 0; i < vk.tables.size(); ++i) {
    // As the prover's setup: a table with preprocessed columns has its fixed height, the others none.
    const size_t h = statement.tables[i]->preprocessed_width() > 0 ? statement.tables[i]->fixed_height() : 0;
    uint32_t log_h = 0;
    while (log_h < 63 && (size_t{1} << log_h) < h) ++log_h;
    const uint64_t want = h == 0 ? stark::kNoFixedHeight : log_h;
    if (vk.tables[i].fixed_log_height != want)
      return Error{ErrorCode::kMismatch, "verifying key: a table's fixed height differs from the statement's", want,
                   vk.tables[i].fixed_log_height};
  }
  return Error::none();
}

PackedShape packed_shape(const circuit::Rv32imShape& shape) {
  return {shape.wx ? 1u : 0u, static_cast<uint32_t>(shape.program_height), static_cast<uint32_t>(shape.image_height)};
}

Result<Statement> make_statement(uint32_t id, uint32_t param, const PackedShape& shape) {
  using namespace air::examples;
  Statement s;
  s.id = static_cast<StatementId>(id);
  s.param = param;
  const bool rv32im = s.id == StatementId::kRv32im || s.id == StatementId::kRv32imShard;
  const bool takes_param = s.id == StatementId::kSynthetic || rv32im;
  if (!takes_param && param != 0) return Error{ErrorCode::kInvalidArgument, "statement takes no parameter", 0, param};
  if (!rv32im && !(shape == PackedShape{}))
    return Error{ErrorCode::kInvalidArgument, "statement takes no shape fields (flags, heights)", 0,
                 shape.flags | shape.program_height | shape.image_height};
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
    case StatementId::kRv32im: {
      Result<circuit::Rv32imShape> shape_or = rv32im_shape(param, shape);
      if (!shape_or.ok()) return shape_or.error();
      s.rv32im = std::make_unique<circuit::Rv32imTables>(*shape_or);
      s.tables = s.rv32im->tables();
      return s;
    }
    case StatementId::kRv32imShard: {
      Result<circuit::Rv32imShape> shape_or = rv32im_shape(param, shape, /*shard=*/true);
      if (!shape_or.ok()) return shape_or.error();
      s.shard = std::make_unique<shard::ShardTables>(*shape_or);
      s.tables = s.shard->tables();
      return s;
    }
    default:
      return Error{ErrorCode::kInvalidArgument, "unknown statement id", 6, id};
  }
  for (const auto& t : s.owned) s.tables.push_back(t.get());
  return s;
}

}  // namespace goldfinch::recursion
