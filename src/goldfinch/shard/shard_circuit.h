// The prover's side of one shard of a run (continuations, docs/continuations.md "The shard
// statement"): the shard tables of shard_tables.h (the RV32IM tables in shard mode and the
// multiset-hash tables) built from an ELF, and the witness of shard k from the plan's checkpoint.
// The statement and the chain check (check_run) are in shard_tables.h, the verifier's side.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/shard/shard_plan.h"
#include "goldfinch/shard/shard_tables.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/vm/machine.h"

namespace goldfinch::shard {

// The prover's side of a shard proof: the shard tables (ShardTables) of an ELF's program, with the
// program and image tables' contents, and their witness from an executor trace.
class ShardCircuit : public ShardTables {
 public:
  explicit ShardCircuit(const vm::ElfImage& image);
  // Verifier side: shape.shard must be true.
  explicit ShardCircuit(const circuit::Rv32imShape& shape);
  ShardCircuit(const ShardCircuit&) = delete;

  const circuit::Rv32imCircuit& rv32im() const { return *rv_; }

  // The witness of the shard that starts at `start` (rows: its trace), given every word's state
  // after the shards before it (`cells`, updated). word_at_start: a RAM word's value at the start.
  Result<std::vector<stark::TableWitness>> witness(std::span<const vm::TraceRow> rows, std::span<const uint8_t> input,
                                                   const circuit::ShardStart& start,
                                                   const std::function<uint32_t(uint32_t)>& word_at_start,
                                                   circuit::CellMap& cells) const;

 private:
  const circuit::Rv32imCircuit* rv_ = nullptr;  // rv_tables_, as the prover's type
};

// Shard k's witness: re-executes it in trace mode from the plan's checkpoint k and builds the
// tables; `cells` must hold every word's state after shards 0..k-1 (an empty map for k = 0) and
// is updated to after shard k. Errors: the circuit's (e.g. an unsupported system call).
Result<std::vector<stark::TableWitness>> shard_witness(const ShardCircuit& circuit, const ShardPlan& plan, size_t k,
                                                       circuit::CellMap& cells);

}  // namespace goldfinch::shard
