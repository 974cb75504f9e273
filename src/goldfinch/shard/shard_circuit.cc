#include "goldfinch/shard/shard_circuit.h"

#include "goldfinch/multiset/air/statement.h"

namespace goldfinch::shard {

ShardCircuit::ShardCircuit(const vm::ElfImage& image) : ShardTables(std::make_unique<circuit::Rv32imCircuit>(image, true)) {
  rv_ = static_cast<const circuit::Rv32imCircuit*>(rv_tables_.get());
}

ShardCircuit::ShardCircuit(const circuit::Rv32imShape& shape) : ShardTables(std::make_unique<circuit::Rv32imCircuit>(shape)) {
  rv_ = static_cast<const circuit::Rv32imCircuit*>(rv_tables_.get());
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

}  // namespace goldfinch::shard
