// The tables of the RV32IM statement, as the verifier needs them: every table of the circuit in
// the verifying key's order, built from the program's shape alone (entry, program and image
// heights, writable-and-executable flag, shard or whole run) — no ELF, no witness generation —
// and the statement a whole-run proof's public values carry. Rv32imCircuit (rv32im.h) extends it
// with the prover's side. This file and the table AIRs it names (target goldfinch::circuit_verify)
// compile for the verifier guest too (docs/recursion.md).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/circuit/add_sub.h"
#include "goldfinch/circuit/bitwise.h"
#include "goldfinch/circuit/blake3_table.h"
#include "goldfinch/circuit/cpu.h"
#include "goldfinch/circuit/divrem_chip.h"
#include "goldfinch/circuit/fp3_horner_table.h"
#include "goldfinch/circuit/io.h"
#include "goldfinch/circuit/keccak_table.h"
#include "goldfinch/circuit/load_store.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/lt.h"
#include "goldfinch/circuit/mul_chip.h"
#include "goldfinch/circuit/poseidon2_precompile_table.h"
#include "goldfinch/circuit/program_table.h"
#include "goldfinch/circuit/ram_boundary.h"
#include "goldfinch/circuit/shift_chip.h"

namespace goldfinch::circuit {

// An assumption a run makes (verify_claim, vm::kSysVerifyClaim): that the program whose key
// digest is `key` ran to exit 0 with public output whose BLAKE3 is `output` (docs/recursion.md,
// "Claims"). Ordered bytewise (key, then output): sets of claims are kept sorted and distinct.
struct Claim {
  std::array<uint8_t, 32> key{};
  std::array<uint8_t, 32> output{};
  auto operator<=>(const Claim&) const = default;
};
// The claims at `positions` of an output whose first byte is at position `start` (the statement
// checked that each lies whole inside it).
std::vector<Claim> claims_at(std::span<const uint8_t> output, std::span<const uint32_t> positions, uint64_t start = 0);
// The same as a set: sorted and distinct (what a statement assumes).
std::vector<Claim> claim_set(std::span<const uint8_t> output, std::span<const uint32_t> positions, uint64_t start = 0);

// What a verified proof of a guest program says (docs/circuit.md, "Statement").
struct Rv32imStatement {
  uint32_t exit_code = 0;
  uint64_t cycles = 0;          // instructions executed, the exit call included
  std::vector<uint8_t> output;  // the committed public output bytes, in order
  // The output positions where the run's claims start (verify_claim: kClaimBytes each, a key
  // digest then an output digest), increasing: the statement holds on their condition.
  std::vector<uint32_t> claims;
};

// What a verified shard proof says (the public values of its RV32IM tables).
struct ShardStatement {
  uint64_t start_cycle = 0;  // global cycles before the shard's first row
  uint64_t end_cycle = 0;    // global cycles after its last row (the run's cycles for the last shard)
  uint32_t start_pc = 0, end_pc = 0;  // end_pc: 0 on the last shard
  std::array<uint32_t, kNumRegisterCells> start_regs{}, end_regs{};  // x0..x31, cursor, output length
  bool last = false;
  uint32_t exit_code = 0;  // the last shard's; 0 on the others
  uint64_t payload_len = 0;  // the input payload length every shard agrees on
  std::vector<uint8_t> output;  // the bytes committed in this shard (from position start_regs[33])
  std::vector<uint32_t> claims;  // output positions (of the whole run's output) of this shard's claims, increasing
};

// What the verifier needs to rebuild the tables' code without the ELF: the entry point (a
// constant of the CPU table, bound into the key's constraint digest) and the fixed heights of the
// program and image tables (their contents are committed in the key's preprocessed root).
struct Rv32imShape {
  uint32_t entry = 0;
  size_t program_height = 4;  // powers of two >= 4
  size_t image_height = 4;
  bool wx = false;     // the program has writable and executable slots (program and CPU tables grow)
  bool shard = false;  // the tables of one shard of a run (continuations), not of a whole run
  bool operator==(const Rv32imShape&) const = default;
};

class Rv32imTables {
 public:
  // Verifier side: the tables of that shape; setup() must not be given them (no preprocessed
  // contents). The heights must be powers of two >= 4 (checked by the caller: they come from keys).
  explicit Rv32imTables(const Rv32imShape& shape);
  Rv32imTables(const Rv32imTables&) = delete;
  virtual ~Rv32imTables() = default;  // owned through this type by shard::ShardTables

  // The tables, in the order of the verifying key. The CPU table is index kCpuIndex.
  std::vector<const air::Air*> tables() const;
  static constexpr size_t kCpuIndex = 1;
  static constexpr size_t kIoCallIndex = 10;  // its public values are the public output bytes
  static constexpr size_t kRegistersIndex = 2, kRamIndex = 16, kRangeIndex = 17;
  // The precompile tables: optional, absent from the proof of a run that never calls them.
  static constexpr size_t kKeccakIndex = 19, kBlake3Index = 20, kFp3HornerIndex = 21, kPoseidon2Index = 22;
  static constexpr size_t kNumTables = 23;
  static constexpr size_t kFinalizeIndex = 23;  // shard circuits only
  static constexpr size_t kNumShardTables = 24;
  size_t num_tables() const { return shard_ ? kNumShardTables : kNumTables; }
  bool is_shard() const { return shard_; }

  const ProgramTable& program() const { return program_; }
  const ImageTable& image() const { return image_; }
  Rv32imShape shape() const {
    return {cpu_entry_, program_.fixed_height(), image_.fixed_height(), program_.wx(), shard_};
  }

  // The statement carried by a whole-run proof's public values (one list per table, as
  // stark::VerifiedProof holds them). Errors: a list of the wrong shape, a value out of range.
  static Result<Rv32imStatement> statement(std::span<const std::vector<Fp>> public_values);
  // The statement of a shard proof's RV32IM tables (the first kNumShardTables public value lists),
  // after checking that the tables agree with each other (start cycle, boundary timestamp, final
  // memory only in the last shard, output position) and every value is in range.
  static Result<ShardStatement> shard_statement(std::span<const std::vector<Fp>> public_values);

 protected:
  // Prover side (Rv32imCircuit): the program and image tables with their contents.
  Rv32imTables(ProgramTable program, ImageTable image, uint32_t entry, bool shard);

  ProgramTable program_;
  CpuTable cpu_;
  RegisterBoundary registers_;
  AddSubChip add_sub_;
  BitwiseChip bitwise_;
  LtChip lt_;
  ShiftChip shift_;
  MulChip mul_;
  DivRemChip divrem_;
  LoadStoreChip load_store_;
  IoCallTable io_call_;
  IoWordsTable read_words_{kIoRead};
  IoWordsTable commit_words_{kIoCommit};
  IoWordsTable write_words_{kIoWrite};
  InputStreamTable input_stream_;
  ImageTable image_;
  RamBoundary ram_;
  RangeU16Table range_;
  ByteTable bytes_;
  KeccakTable keccak_;
  Blake3Table blake3_;
  Fp3HornerTable fp3_horner_;
  Poseidon2PrecompileTable poseidon2_;
  RamFinalizeTable finalize_;
  uint32_t cpu_entry_ = 0;
  bool shape_only_ = false;
  bool shard_ = false;
};

}  // namespace goldfinch::circuit
