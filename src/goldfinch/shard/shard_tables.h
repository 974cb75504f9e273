// The tables of one shard proof as the verifier needs them (continuations, docs/continuations.md
// "The shard statement"): the RV32IM tables in shard mode, built from a key's shape alone
// (circuit::Rv32imTables), plus the three multiset-hash tables that turn the RAM boundary's
// handoff tuples into the shard's contribution C_s on EcGFp5; the statement a shard proof's
// public values carry; and check_run, the chain a run's shard statements must form. No witness
// generation: this file (target goldfinch::shard_verify) compiles for the verifier guest too
// (docs/recursion.md). ShardCircuit (shard_circuit.h) extends it with the prover's side.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/multiset/air/hash_to_curve_table.h"
#include "goldfinch/multiset/air/poseidon2_table.h"
#include "goldfinch/multiset/air/sum_table.h"
#include "goldfinch/multiset/ecgfp5.h"

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
  std::vector<uint32_t> claims;  // output positions of the run's claims (circuit::Rv32imStatement::claims)
  // The claims the statement still assumes, sorted and distinct: all of them for a receipt; for an
  // aggregate, those no claim proof in its tree discharged (docs/recursion.md, "Claims").
  std::vector<circuit::Claim> assumptions;
  size_t shards = 0;
};

class ShardTables {
 public:
  static constexpr size_t kPoseidon2Index = circuit::Rv32imTables::kNumShardTables;
  static constexpr size_t kHashToCurveIndex = kPoseidon2Index + 1;
  static constexpr size_t kSumIndex = kPoseidon2Index + 2;
  static constexpr size_t kNumTables = kPoseidon2Index + 3;

  // Verifier side: the tables of that shape (shape.shard must be true); setup() must not be
  // given them (no preprocessed contents). The heights must be powers of two >= 4.
  explicit ShardTables(const circuit::Rv32imShape& shape);
  ShardTables(const ShardTables&) = delete;
  virtual ~ShardTables() = default;

  // The tables in the order of the shard verifying key.
  std::vector<const air::Air*> tables() const;

  // The statement of a shard proof's public values (one list per table, as stark::VerifiedProof
  // holds them): Rv32imTables::shard_statement's checks and the contribution read off the sum
  // table. Errors: a list of the wrong shape, a value out of range, a sum off the curve.
  static Result<ShardProofStatement> statement(std::span<const std::vector<Fp>> public_values);

 protected:
  // Prover side (ShardCircuit): the RV32IM shard tables with their contents.
  explicit ShardTables(std::unique_ptr<circuit::Rv32imTables> rv);

  std::unique_ptr<circuit::Rv32imTables> rv_tables_;
  multiset::Poseidon2Table poseidon2_;
  multiset::HashToCurveTable hash_to_curve_;
  multiset::MultisetSumTable sum_;
};

// The checks on a run's shard statements, in order (docs/continuations.md, "Verifying a run"):
// shard 0 starts at cycle 0, the entry and zero registers; each next shard starts where the one
// before ended (cycle, pc, all 34 register cells); only the final shard is last; every shard
// agrees on the input payload length; the contributions sum to the point at infinity. Errors
// name the shard and the check.
Result<RunStatement> check_run(uint32_t entry, std::span<const ShardProofStatement> shards);

}  // namespace goldfinch::shard
