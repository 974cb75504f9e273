// The RV32IM statement of one program: every table of the circuit in a fixed order, and the
// witness for all of them from one run of the executor in trace mode. Tables: program, CPU,
// register boundary, the ALU chips (add/sub, bitwise, less-than, shift, mul, div/rem), the
// load/store chip, the RAM boundary with the image table, and the shared lookup tables (16-bit
// range, byte pairs), and the I/O tables for read and commit. Public values: exit code and cycles
// (CPU table), the public output bytes (I/O call table, variable length). Every RV32IM
// instruction and the system calls exit, write, read, commit and cycle count.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <unordered_map>
#include <span>
#include <vector>

#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/trace.h"

namespace goldfinch::circuit {

// Continuations (docs/continuations.md). A memory word's state between shards: its value and
// the timestamp of its last access. Key: space << 32 | word address (space 1 writable RAM, 2
// read-only words).
struct CellState {
  uint32_t value = 0;
  uint64_t ts = 0;
};
using CellMap = std::unordered_map<uint64_t, CellState>;

// One tuple a shard hands to the cross-shard multiset: (space, addr, value, ts), sent (added) or
// received (subtracted).
struct HandoffTuple {
  bool send = true;
  std::array<Fp, 4> t{};
};

struct ShardWitness {
  std::vector<stark::TableWitness> tables;  // the RV32IM shard tables, in order
  std::vector<HandoffTuple> tuples;         // RAM boundary receives and sends, then final receives
};

// The prover's side of the RV32IM statement: the tables of an ELF's program (Rv32imTables, with the
// program and image tables' contents) and their witness from an executor trace.
class Rv32imCircuit : public Rv32imTables {
 public:
  // shard: the tables of one shard of a run (continuations) instead of a whole run.
  explicit Rv32imCircuit(const vm::ElfImage& image, bool shard = false);
  // Verifier side: tables() describes the same tables as the ELF-built circuit of that shape;
  // witness() returns an error, and setup() must not be given these tables (no preprocessed
  // traces). The heights must be powers of two >= 4 (checked by the caller: they come from keys).
  explicit Rv32imCircuit(const Rv32imShape& shape) : Rv32imTables(shape) {}
  Rv32imCircuit(const Rv32imCircuit&) = delete;

  // Witness of every table from the executor's trace (which must end with the exit call).
  // `input` is the private input payload the run was given.
  // Errors: see CpuTable::trace.
  Result<std::vector<stark::TableWitness>> witness(std::span<const vm::TraceRow> rows,
                                                   std::span<const uint8_t> input = {}) const;

  // A shard's witness (shard circuits): `rows` are the shard's trace from `start`, `word_at_start`
  // gives a RAM word's value at the shard's start, `cells` holds every word's state after the
  // shards before (updated to after this one). `handoff` gets the shard's multiset tuples and may
  // add range lookups before the range table is filled (the multiset tables' own).
  Result<ShardWitness> shard_witness(std::span<const vm::TraceRow> rows, std::span<const uint8_t> input, const ShardStart& start,
                                     const std::function<uint32_t(uint32_t)>& word_at_start, CellMap& cells,
                                     const std::function<Error(std::span<const HandoffTuple>, LookupCounts&)>& handoff) const;
};

}  // namespace goldfinch::circuit
