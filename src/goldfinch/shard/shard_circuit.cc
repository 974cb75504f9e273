#include "goldfinch/shard/shard_circuit.h"

#include "goldfinch/multiset/air/statement.h"

namespace goldfinch::shard {

ShardCircuit::ShardCircuit(const vm::ElfImage& image) : rv_(std::make_unique<circuit::Rv32imCircuit>(image, true)) {}

ShardCircuit::ShardCircuit(const circuit::Rv32imShape& shape) : rv_(std::make_unique<circuit::Rv32imCircuit>(shape)) {
  GF_CHECK(shape.shard, "a shard circuit needs a shard shape");
}

std::vector<const air::Air*> ShardCircuit::tables() const {
  std::vector<const air::Air*> out = rv_->tables();
  out.push_back(&poseidon2_);
  out.push_back(&hash_to_curve_);
  out.push_back(&sum_);
  return out;
}

Result<std::vector<stark::TableWitness>> ShardCircuit::witness(std::span<const vm::TraceRow> rows, std::span<const uint8_t> input,
                                                               const circuit::ShardStart& start,
                                                               const std::function<uint32_t(uint32_t)>& word_at_start,
                                                               circuit::CellMap& cells) const {
  multiset::MultisetTraces traces;
  auto handoff = [&](std::span<const circuit::HandoffTuple> tuples, circuit::LookupCounts& counts) -> Error {
    std::vector<multiset::SignedTuple> signed_tuples;
    signed_tuples.reserve(tuples.size());
    for (const circuit::HandoffTuple& t : tuples) signed_tuples.push_back({t.t, t.send});
    size_t height = 4;
    while (height < signed_tuples.size()) height *= 2;
    Result<multiset::MultisetTraces> r = multiset::multiset_traces(signed_tuples, height, counts);
    if (!r.ok()) return r.error();
    traces = std::move(*r);
    return Error::none();
  };
  Result<circuit::ShardWitness> w = rv_->shard_witness(rows, input, start, word_at_start, cells, handoff);
  if (!w.ok()) return w.error();
  std::vector<stark::TableWitness> out = std::move(w->tables);
  out.resize(kNumTables);
  out[kPoseidon2Index].main = std::move(traces.poseidon2);
  out[kHashToCurveIndex].main = std::move(traces.hash_to_curve);
  out[kSumIndex].main = std::move(traces.sum);
  out[kSumIndex].public_values = std::move(traces.sum_public_values);
  return out;
}

Result<ShardProofStatement> ShardCircuit::statement(std::span<const std::vector<Fp>> public_values) {
  if (public_values.size() != kNumTables)
    return Error{ErrorCode::kInvalidArgument, "shard public values: wrong number of tables", kNumTables, public_values.size()};
  Result<circuit::ShardStatement> rv = circuit::Rv32imCircuit::shard_statement(public_values.first(circuit::Rv32imCircuit::kNumShardTables));
  if (!rv.ok()) return rv.error();
  Result<multiset::Point> c = multiset::multiset_contribution(public_values[kSumIndex]);
  if (!c.ok()) return c.error();
  return ShardProofStatement{std::move(*rv), *c};
}

Result<std::vector<stark::TableWitness>> shard_witness(const ShardCircuit& circuit, const ShardPlan& plan, size_t k,
                                                       circuit::CellMap& cells) {
  GF_CHECK(k < plan.shards.size(), "shard index out of range");
  const vm::Checkpoint& cp = plan.checkpoints[k];
  const ShardBoundary& b = plan.shards[k];
  const vm::Machine at_start = vm::Machine::resume(cp);  // the memory at the shard's start, never run
  vm::TraceRows rows;
  {
    vm::Machine m = vm::Machine::resume(cp);
    m.set_console([](int, std::span<const uint8_t>) {});
    vm::TraceRecorder trace;
    trace.reserve(b.end_cycle - b.start_cycle);
    const vm::RunResult r = m.run_trace(&trace, b.end_cycle);
    GF_CHECK(r.status != vm::RunStatus::kTrap, "a planned shard trapped on re-execution");
    GF_CHECK(trace.rows.size() == b.end_cycle - b.start_cycle, "re-executed shard disagrees with its plan");
    rows = std::move(trace.rows);
  }
  circuit::ShardStart start;
  start.start_cycle = b.start_cycle;
  start.start_pc = b.start_pc;
  for (size_t r = 0; r < 32; ++r) start.regs[r] = cp.regs[r];
  start.regs[circuit::kInputCursorCell] = static_cast<uint32_t>(cp.input_cursor);
  start.regs[circuit::kOutputLengthCell] = static_cast<uint32_t>(cp.output.size());
  start.last = k + 1 == plan.shards.size();
  auto word_at_start = [&](uint32_t word) { return at_start.memory().peek_word(word * 4); };
  return circuit.witness(rows, plan.input, start, word_at_start, cells);
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
    sum += shards[k].contribution;
  }
  if (!sum.is_infinity()) return bad("the shards' memory contributions do not sum to zero", shards.size(), 0);
  run.exit_code = shards.back().rv.exit_code;
  run.cycles = shards.back().rv.end_cycle;
  return run;
}

}  // namespace goldfinch::shard
