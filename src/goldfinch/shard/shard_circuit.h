// The statement of one shard of a run (continuations, docs/continuations.md "The shard
// statement"): the RV32IM tables in shard mode (circuit::Rv32imCircuit with shard = true) plus the
// multiset-hash tables that turn the RAM boundary's handoff tuples into the shard's contribution
// C_s on EcGFp5, and the checks a verifier of a whole run applies to the chain of shard
// statements (pcs, registers and cycles chained, one last shard, the contributions summing to O).
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/multiset/air/hash_to_curve_table.h"
#include "goldfinch/multiset/air/poseidon2_table.h"
#include "goldfinch/multiset/air/sum_table.h"
#include "goldfinch/multiset/ecgfp5.h"
#include "goldfinch/shard/shard_plan.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/vm/machine.h"

namespace goldfinch::shard {

// A verified shard proof's statement: the RV32IM part and its multiset contribution.
struct ShardProofStatement {
  circuit::ShardStatement rv;
  multiset::Point contribution;
};

// What a verified run of shards says.
struct RunStatement {
  uint32_t exit_code = 0;
  uint64_t cycles = 0;
  std::vector<uint8_t> output;
  size_t shards = 0;
};

class ShardCircuit {
 public:
  static constexpr size_t kPoseidon2Index = circuit::Rv32imCircuit::kNumShardTables;
  static constexpr size_t kHashToCurveIndex = kPoseidon2Index + 1;
  static constexpr size_t kSumIndex = kPoseidon2Index + 2;
  static constexpr size_t kNumTables = kPoseidon2Index + 3;

  explicit ShardCircuit(const vm::ElfImage& image);
  // Verifier side: shape.shard must be true.
  explicit ShardCircuit(const circuit::Rv32imShape& shape);
  ShardCircuit(const ShardCircuit&) = delete;

  std::vector<const air::Air*> tables() const;
  const circuit::Rv32imCircuit& rv32im() const { return *rv_; }

  // The witness of the shard that starts at `start` (rows: its trace), given every word's state
  // after the shards before it (`cells`, updated). word_at_start: a RAM word's value at the start.
  Result<std::vector<stark::TableWitness>> witness(std::span<const vm::TraceRow> rows, std::span<const uint8_t> input,
                                                   const circuit::ShardStart& start,
                                                   const std::function<uint32_t(uint32_t)>& word_at_start,
                                                   circuit::CellMap& cells) const;

  static Result<ShardProofStatement> statement(std::span<const std::vector<Fp>> public_values);

 private:
  std::unique_ptr<circuit::Rv32imCircuit> rv_;
  multiset::Poseidon2Table poseidon2_;
  multiset::HashToCurveTable hash_to_curve_;
  multiset::MultisetSumTable sum_;
};

// Shard k's witness: re-executes it in trace mode from the plan's checkpoint k and builds the
// tables; `cells` must hold every word's state after shards 0..k-1 (an empty map for k = 0) and
// is updated to after shard k. Errors: the circuit's (e.g. an unsupported system call).
Result<std::vector<stark::TableWitness>> shard_witness(const ShardCircuit& circuit, const ShardPlan& plan, size_t k,
                                                       circuit::CellMap& cells);

// The checks on a run's shard statements, in order (docs/continuations.md, "Verifying a run"):
// shard 0 starts at cycle 0, the entry and zero registers; each next shard starts where the one
// before ended (cycle, pc, all 34 register cells); only the final shard is last; every shard
// agrees on the input payload length; the contributions sum to the point at infinity. Errors
// name the shard and the check.
Result<RunStatement> check_run(uint32_t entry, std::span<const ShardProofStatement> shards);

}  // namespace goldfinch::shard
