#include "goldfinch/shard/shard_tables.h"

namespace goldfinch::shard {

ShardTables::ShardTables(const circuit::Rv32imShape& shape)
    : rv_tables_(std::make_unique<circuit::Rv32imTables>(shape)) {
  GF_CHECK(shape.shard, "shard tables need a shard shape");
}

ShardTables::ShardTables(std::unique_ptr<circuit::Rv32imTables> rv) : rv_tables_(std::move(rv)) {
  GF_CHECK(rv_tables_->is_shard(), "shard tables need the RV32IM tables in shard mode");
}

std::vector<const air::Air*> ShardTables::tables() const {
  std::vector<const air::Air*> out = rv_tables_->tables();
  out.push_back(&poseidon2_);
  out.push_back(&hash_to_curve_);
  out.push_back(&sum_);
  return out;
}

Result<ShardProofStatement> ShardTables::statement(std::span<const std::vector<Fp>> public_values) {
  if (public_values.size() != kNumTables)
    return Error{ErrorCode::kInvalidArgument, "shard public values: wrong number of tables", kNumTables, public_values.size()};
  Result<circuit::ShardStatement> rv = circuit::Rv32imTables::shard_statement(public_values.first(circuit::Rv32imTables::kNumShardTables));
  if (!rv.ok()) return rv.error();
  Result<multiset::Point> c = multiset::multiset_contribution(public_values[kSumIndex]);
  if (!c.ok()) return c.error();
  return ShardProofStatement{std::move(*rv), *c};
}

Result<RunStatement> check_run(uint32_t entry, std::span<const ShardProofStatement> shards) {
  auto bad = [](const char* what, uint64_t shard, uint64_t got) { return Error{ErrorCode::kInvalidArgument, what, shard, got}; };
  if (shards.empty()) return bad("a run has at least one shard", 0, 0);
  RunStatement run;
  run.shards = shards.size();
  multiset::Point sum = multiset::Point::infinity();
  for (size_t k = 0; k < shards.size(); ++k) {
    const circuit::ShardStatement& s = shards[k].rv;
    if (k == 0) {
      if (s.start_cycle != 0) return bad("shard 0 does not start at cycle 0", k, s.start_cycle);
      if (s.start_pc != entry) return bad("shard 0 does not start at the entry", k, s.start_pc);
      for (uint32_t v : s.start_regs)
        if (v != 0) return bad("shard 0 does not start with zero registers", k, v);
    } else {
      const circuit::ShardStatement& p = shards[k - 1].rv;
      if (s.start_cycle != p.end_cycle) return bad("shard starts at another cycle than the one before ended", k, s.start_cycle);
      if (s.start_pc != p.end_pc) return bad("shard starts at another pc than the one before ended", k, s.start_pc);
      if (s.start_regs != p.end_regs) return bad("shard starts with other registers than the one before ended", k, 0);
      if (s.payload_len != p.payload_len) return bad("shards disagree on the input payload length", k, s.payload_len);
    }
    const bool final_shard = k + 1 == shards.size();
    if (s.last != final_shard)
      return bad(final_shard ? "the receipt ends before the exit shard" : "the exit shard is not the final shard", k, s.last);
    run.output.insert(run.output.end(), s.output.begin(), s.output.end());
    run.claims.insert(run.claims.end(), s.claims.begin(), s.claims.end());
    sum += shards[k].contribution;
  }
  if (!sum.is_infinity()) return bad("the shards' memory contributions do not sum to zero", shards.size(), 0);
  run.assumptions = circuit::claim_set(run.output, run.claims);
  run.exit_code = shards.back().rv.exit_code;
  run.cycles = shards.back().rv.end_cycle;
  return run;
}

}  // namespace goldfinch::shard
