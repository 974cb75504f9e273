// The RV32IM circuit's buses and operation codes: the contract between the CPU table and the
// operation tables (chips). docs/circuit.md describes every bus; this header is its code form.
//
// Values on buses are field elements holding u32s. Invariant: every value a chip *produces* is
// proven to be a u32 by the chip (limb decompositions with range-checked limbs); chips may also
// decompose their inputs, which then proves them u32 as well.
#pragma once

#include <cstdint>

namespace goldfinch::circuit {

enum Bus : uint32_t {
  kBusAlu = 10,        // (op, a, b, c): c = op(a, b)                  CPU sends, chips receive
  kBusRange16 = 11,    // (v): 0 <= v < 2^16                            anyone sends, RangeU16Table receives
  kBusByte = 12,       // (op, a, b, r): bytes a, b; r = a op b         anyone sends, ByteTable receives
  kBusMemory = 13,     // (space, addr, value, timestamp)               offline memory checking
  kBusProgram = 14,    // (pc, instruction fields)                      program table sends, CPU receives
  kBusLoadStore = 15,  // (op, off, old_word, reg_value, new_word)     CPU sends, load/store chip receives
  kBusImage = 16,      // (word_addr, value)                           RAM boundary sends, image table receives
  kBusIoCall = 17,     // (kind, clk, a0, a0_after)                    CPU sends, I/O call table receives
  kBusIoChunk = 18,    // (kind, clk, word, off, pos, remaining)       I/O call / word tables, a linked list per call
  kBusOutput = 19,     // (index, byte)                                commit words send, public output receives
  kBusInput = 20,      // (index, byte)                                input stream sends, read words receive
  // The cross-shard multiset hash (src/goldfinch/multiset/air, docs/circuit_multiset.md); not yet
  // used by the RV32IM statement.
  kBusPoseidon2 = 21,  // (in[8], out[8]): out = Poseidon2(in)        requesters send, Poseidon2 table receives
  kBusMultisetTuple =
      22,  // (kind, t0, t1, t2, t3): kind 1 send, 2 receive   tuple source sends, hash-to-curve receives
  kBusMultisetPoint = 23,  // (x[5], y[5]): a signed hash point           hash-to-curve sends, sum table receives
  kBusRegisterEnd = 24,  // (cell, value): a shard's final register file  register boundary sends, public values receive
  kBusPrecompile =
      25,          // (kind, clk, a0): a precompile call           CPU sends, Keccak-f / BLAKE3 / Horner tables receive
  kBusClaim = 26,  // (pos): a claim's first output position       I/O call table sends, public values receive
};

// System calls the I/O tables prove (kBusIoCall's kind field).
enum IoKind : uint32_t {
  kIoRead = 1,
  kIoCommit = 2,
  kIoWrite = 3,  // console write: the buffer is read (it must be mapped), nothing is output
  kIoClaim = 4,  // verify_claim: a commit of kClaimBytes from a0, its position marked on kBusClaim
};

// Memory operations on kBusLoadStore. `off` is the byte offset (0..3) of the access in its
// aligned word; `old_word` the word before the access. Loads: reg_value = the loaded value
// (sign- or zero-extended), new_word = old_word. Stores: reg_value = rs2, new_word = old_word
// with rs2's low byte / halfword / word written at `off`. Alignment (as the executor enforces):
// halfword accesses need an even `off`, word accesses `off` = 0.
enum MemOp : uint32_t {
  kLb = 1,
  kLh = 2,
  kLw = 3,
  kLbu = 4,
  kLhu = 5,
  kSb = 6,
  kSh = 7,
  kSw = 8,
};

// One memory operation the CPU performed: the load/store chip's witness input.
struct MemEvent {
  MemOp op;
  uint32_t off;
  uint32_t old_word;
  uint32_t reg_value;  // rs2 for stores (the loaded value is computed by mem_eval)
};

// Reference semantics of kBusLoadStore: the loaded value (loads) or the new word (stores).
struct MemResult {
  uint32_t reg_value;
  uint32_t new_word;
};
MemResult mem_eval(MemOp op, uint32_t off, uint32_t old_word, uint32_t rs2);

// Operations on kBusAlu. Immediate forms use the same op with b = the immediate as a u32.
enum AluOp : uint32_t {
  kAdd = 1,
  kSub = 2,
  kXor = 3,
  kOr = 4,
  kAnd = 5,
  kSll = 6,
  kSrl = 7,
  kSra = 8,
  kSlt = 9,
  kSltu = 10,
  kMul = 11,
  kMulh = 12,
  kMulhsu = 13,
  kMulhu = 14,
  kDiv = 15,
  kDivu = 16,
  kRem = 17,
  kRemu = 18,
};

// Operations on kBusByte (the ByteTable holds every pair of bytes).
enum ByteOp : uint32_t {
  kByteAnd = 1,
  kByteOr = 2,
  kByteXor = 3,
  kByteRange = 4,  // (kByteRange, a, b, 0): a and b are both bytes
};

// One ALU operation the CPU asked for: the chips' witness input.
struct AluEvent {
  AluOp op;
  uint32_t a;
  uint32_t b;
};

// The reference semantics of every AluOp (RISC-V unprivileged spec), for witness generation and
// as the tests' oracle for the chips.
uint32_t alu_eval(AluOp op, uint32_t a, uint32_t b);

}  // namespace goldfinch::circuit
