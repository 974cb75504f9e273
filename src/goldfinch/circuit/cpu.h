// The CPU table: one row per executed instruction. It looks up its instruction in the program
// table, reads rs1 and rs2 and writes rd through the memory bus (registers are memory space 0,
// with timestamps 4*clk + slot), asks the ALU chips for results, and proves the control flow
// (branches, jumps, sequential pc) and halting at the exit call. For a program with writable and
// executable segments it also reads the word at pc in RAM (memory space 1, timestamp 4*clk) on
// rows of W+X slots and requires it to be the loaded word. docs/circuit.md, "CPU table".
// Public values: exit code, cycles.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/io.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/precompile_events.h"
#include "goldfinch/circuit/program_table.h"
#include "goldfinch/vm/trace.h"

namespace goldfinch::circuit {

namespace cpu {
// Column indices.
enum Col : uint32_t {
  kIsReal,
  kClk,
  kPc,
  kNextPc,
  kFAlu,
  kFAluImm,
  kFLui,
  kFAuipc,
  kFJal,
  kFJalr,
  kFBranch,
  kFEcall,
  kFLoad,
  kFStore,  // one per OpClass
  kAluOp,
  kBrEq,
  kBrNeg,
  kWr,
  kRd,
  kRs1,
  kRs2,
  kImm,  // from the program table
  kRs1Val,
  kRs2Val,
  kRdVal,
  kRdPrev,
  kRs1TsPrev,
  kRs2TsPrev,
  kRdTsPrev,
  kRs1Lo,
  kRs1Hi,
  kRs2Lo,
  kRs2Hi,
  kRdLo,
  kRdHi,  // 16-bit limbs of t - t_prev - 1 per access
  kOp2,
  kAluRes,
  kIsEq,
  kEqInv,
  kCond,
  kTaken,
  kTargetBase,
  kTarget,
  kJalrBit,
  kAluReq,
  // Loads and stores: word address w = w0 + 2^16 w1, byte offset off0 + 2 off1, the word before and
  // after, the value on the load/store bus (rd for loads, rs2 for stores), timestamp limbs.
  kMemW,
  kMemW0,
  kMemW1,
  kMemOff0,
  kMemOff1,
  kMemOld,
  kMemNew,
  kMemTsPrev,
  kMemLo,
  kMemHi,
  kLsReg,
  kMemRo,  // the word is read-only (memory space 2); only loads may set it
  // System calls (ECALL reads a7 and a0, writes a0; the memory slot writes a1 for cycle count):
  kIsExit,
  kIsCycle,
  kIsRead,
  kIsCommit,
  kIsWrite,  // handed to the I/O call table (kBusIoCall)
  kIsKeccak,
  kIsBlake3,
  kIsFp3,
  kIsP2,     // handed to the precompile tables (kBusPrecompile)
  kIsClaim,  // verify_claim: handed to the I/O call table (kBusIoCall) like a commit
  kNumCols,
  // Only in the table of a program with W+X slots (CpuTable::wx()): the slot's wx flag and
  // loaded word (from the program table), and the fetch read of the word at pc: its previous
  // timestamp and the 16-bit limbs of 4 clk - t_prev - 1.
  kWx = kNumCols,
  kWord,
  kFetchTsPrev,
  kFetchLo,
  kFetchHi,
  kNumColsWx
};
inline constexpr size_t kFlags = kNumClasses;  // flags kFAlu .. kFEcall
// Public values of a shard's CPU table (docs/continuations.md, "The shard statement"). A whole-run
// table has only the first two.
enum PublicValue : uint32_t { kPvExitCode, kPvEndClk, kPvStartCycle, kPvStartPc, kPvEndPc, kPvIsLast, kNumShardPublicValues };
}  // namespace cpu

// Where a shard starts (continuations): the global cycle before its first row, the pc and the
// register-space cells (x0..x31, input cursor, output length) at that point, and whether it is the
// run's last shard (the one that ends with the exit call).
struct ShardStart {
  uint64_t start_cycle = 0;
  uint32_t start_pc = 0;
  std::array<uint32_t, kNumRegisterCells> regs{};
  bool last = true;
  // The timestamp a shard's cells start at in its own memory argument: below every access of the
  // shard (4 (start_cycle + 1)), at or above every access before it.
  uint64_t boundary_ts() const { return 4 * start_cycle + 3; }
};

inline constexpr uint32_t kSyscallExit = 93;
inline constexpr uint32_t kSyscallWrite = 64;
inline constexpr uint32_t kSyscallCycleCount = 0x47460002;
inline constexpr uint32_t kSyscallKeccakF = 0x47460003;         // vm::kSysKeccakF
inline constexpr uint32_t kSyscallBlake3Compress = 0x47460004;  // vm::kSysBlake3Compress
inline constexpr uint32_t kSyscallFp3Horner = 0x47460005;       // vm::kSysFp3Horner
inline constexpr uint32_t kSyscallPoseidon2 = 0x47460006;       // vm::kSysPoseidon2
inline constexpr uint32_t kSyscallVerifyClaim = 0x47460007;     // vm::kSysVerifyClaim
// The most F_p^3 Horner table rows (coefficients over all calls) CpuTable::trace accepts in one
// run or shard: 2^24, the presets' envelope (stark::kEnvelopeMaxLogHeight).
inline constexpr uint64_t kMaxFp3HornerRows = uint64_t{1} << 24;
inline constexpr uint32_t kWriteBadFd = 0xFFFFFFF7;  // -9 (EBADF)

class CpuTable : public air::AirBase<CpuTable> {
 public:
  // wx: the program has W+X slots (the program table's wx()); adds the fetch check.
  // shard: the table of one shard of a run (continuations): it starts at the public start cycle
  // and pc instead of cycle 0 and the entry, and only the last shard ends with the exit call; a
  // shard that does not is full (every row real) and publishes its end cycle and pc.
  explicit CpuTable(uint32_t entry, bool wx = false, bool shard = false) : entry_(entry), wx_(wx), shard_(shard) {}
  std::string name() const override { return "cpu"; }
  size_t width() const override { return wx_ ? cpu::kNumColsWx : cpu::kNumCols; }
  bool wx() const { return wx_; }
  bool shard() const { return shard_; }
  // exit code, cycles (a shard: the clk of its last real row), and for a shard: start cycle,
  // start pc, end pc, is_last.
  size_t num_public_values() const override { return shard_ ? size_t{cpu::kNumShardPublicValues} : 2; }
  std::vector<Fp> constants() const override { return {Fp::from_u64(entry_)}; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const;

  // Fills the table from the executor's trace (which must end with the exit call). Records the
  // range lookups it sends, the ALU events it requests and the per-slot execution counts. The
  // table has the W+X columns iff program.wx().
  // A RAM word the run touched: its value at the first access, and its last value and timestamp.
  struct RamWord {
    uint32_t initial_value = 0;
    uint32_t final_value = 0;
    uint64_t final_ts = 0;
  };
  struct Witness {
    RowMajorMatrix main;
    std::vector<MemEvent> mem_events;
    std::map<uint32_t, RamWord> ram;  // by word address
    std::vector<Fp> public_values;
    std::vector<AluEvent> alu_events;
    std::vector<uint64_t> program_counts;
    // Registers x0..x31 and the I/O state cells (input cursor, output length).
    std::array<uint32_t, kNumRegisterCells> final_regs{};
    std::array<uint64_t, kNumRegisterCells> final_ts{};
    // The read, commit, write and verify_claim calls, the words they access, the input words
    // read(0) consumed, the public output and the output positions where claims start.
    std::vector<IoCallEvent> io_calls;
    std::vector<IoWordEvent> read_words, commit_words, write_words;
    std::vector<InputWordEvent> input_words;
    std::vector<uint8_t> output;
    std::vector<uint32_t> claims;
    // The precompile calls (their memory accesses are the precompile tables' own).
    std::vector<KeccakEvent> keccak_calls;
    std::vector<Blake3Event> blake3_calls;
    std::vector<Fp3HornerEvent> fp3_calls;
    std::vector<Poseidon2Event> p2_calls;
  };
  // read_only(word address): whether the word is in a read-only segment or the input region.
  // initial_word(word address): the word's value at the start (image, input region or zero), for
  // words the read and commit calls touch; `input` is the input payload (read's stream).
  // Errors: a system call the circuit does not support; a run that did not end with exit; F_p^3
  // Horner calls of more than kMaxFp3HornerRows coefficients in all.
  // shard: the rows are one shard of a run (continuations): clocks continue from its start
  // cycle, registers start with its values, and every cell's first access in the shard reads it
  // at ShardStart::boundary_ts(); initial_word then gives a word's value at the shard's start.
  // The table is a shard table (shard public values) iff shard is given.
  static Result<Witness> trace(std::span<const vm::TraceRow> rows, const ProgramTable& program, LookupCounts& counts,
                               const std::function<bool(uint32_t)>& read_only = {},
                               const std::function<uint32_t(uint32_t)>& initial_word = {},
                               std::span<const uint8_t> input = {}, const ShardStart* shard = nullptr);

 private:
  uint32_t entry_;
  bool wx_ = false;
  bool shard_ = false;
};

template <class B>
void CpuTable::eval(B& b) const {
  using namespace cpu;
  using E = typename B::Expr;
  auto c = [&](Col col) { return b.main(col); };
  auto n = [&](Col col) { return b.main_next(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1);
  const E is_real = c(kIsReal);

  // Flags: boolean, exactly one on real rows, none on padding.
  E flag_sum = k(0);
  for (uint32_t f = kFAlu; f <= kFStore; ++f) {
    b.assert_bool(c(static_cast<Col>(f)), "class flag is boolean");
    flag_sum = flag_sum + c(static_cast<Col>(f));
  }
  b.assert_bool(is_real, "is_real is boolean");
  b.assert_eq(flag_sum, is_real, "one class flag per real row");
  b.assert_bool(c(kBrEq), "br_eq is boolean");
  b.assert_bool(c(kBrNeg), "br_neg is boolean");
  b.assert_zero(c(kWr) * (one - is_real), "no register write on padding rows");

  // Clock, start, halting.
  b.assert_zero_first_row(is_real - one, "the first row is real");
  if (!shard_) {
    b.assert_zero_first_row(c(kClk) - one, "clk starts at 1");
    b.assert_zero_first_row(c(kPc) - k(entry_), "execution starts at the entry");
  } else {
    b.assert_zero_first_row(c(kClk) - b.public_value(kPvStartCycle) - one, "clk starts after the shard's start cycle");
    b.assert_zero_first_row(c(kPc) - b.public_value(kPvStartPc), "the shard starts at its start pc");
  }
  b.assert_eq_transition(n(kClk), c(kClk) + one, "clk increments");
  b.assert_zero_transition(n(kIsReal) - (is_real - c(kIsExit)), "real rows run until the exit call");
  if (!shard_) {
    b.assert_zero_last_row(is_real - c(kIsExit), "the last real row is the exit call");
  } else {
    // The last shard ends with the exit call; any other has no exit call, so every row is real,
    // and its last row publishes the end cycle and the pc it continues at.
    const E is_last = b.public_value(kPvIsLast);
    b.assert_zero_last_row(is_last * (is_real - c(kIsExit)), "the last shard's last real row is the exit call");
    b.assert_zero(c(kIsExit) * (one - is_last), "only the last shard has the exit call");
    b.assert_zero_last_row((one - is_last) * (c(kClk) - b.public_value(kPvEndClk)), "end cycle = clk of the shard's last row");
    b.assert_zero_last_row((one - is_last) * (c(kNextPc) - b.public_value(kPvEndPc)), "end pc = next pc of the shard's last row");
  }
  b.assert_zero_transition(n(kIsReal) * (n(kPc) - c(kNextPc)), "pc follows next_pc");

  // Operand and results.
  b.assert_zero(c(kAluReq) - c(kFAlu) - c(kFAluImm) - c(kFBranch) * (one - c(kBrEq)), "ALU request flag");
  b.assert_zero(c(kOp2) - c(kRs2Val) - c(kFAluImm) * (c(kImm) - c(kRs2Val)), "op2 is rs2 or the immediate");
  b.assert_zero((c(kFAlu) + c(kFAluImm)) * (c(kRdVal) - c(kAluRes)), "ALU result written to rd");
  b.assert_zero(c(kFLui) * (c(kRdVal) - c(kImm)), "LUI writes the immediate");
  b.assert_zero(c(kFAuipc) * (c(kRdVal) - c(kTarget)), "AUIPC writes pc + imm");
  b.assert_zero((c(kFJal) + c(kFJalr)) * (c(kRdVal) - c(kPc) - k(4)), "jumps link pc + 4");
  const E f_mem = c(kFLoad) + c(kFStore);
  b.assert_zero(c(kTargetBase) - c(kPc) - (c(kFJalr) + f_mem) * (c(kRs1Val) - c(kPc)),
                "target base is pc, or rs1 for JALR, loads and stores");

  // Loads and stores: address = 4 w + off, w = w0 + 2^16 w1 (w0 and 4 w1 range-checked, so w < 2^30
  // and the split of the u32 address is unique), the memory word at slot 2, the register value.
  b.assert_bool(c(kMemOff0), "offset bit 0 is boolean");
  b.assert_bool(c(kMemOff1), "offset bit 1 is boolean");
  b.assert_zero(c(kMemW) - c(kMemW0) - k(1 << 16) * c(kMemW1), "word address limbs");
  b.assert_zero(f_mem * (c(kTarget) - k(4) * c(kMemW) - c(kMemOff0) - k(2) * c(kMemOff1)), "address = 4 w + off");
  b.assert_zero(c(kFLoad) * (c(kRdVal) - c(kLsReg)), "a load writes the loaded value");
  b.assert_zero(c(kFStore) * (c(kRs2Val) - c(kLsReg)), "a store writes rs2");
  b.assert_zero(c(kFLoad) * (c(kMemNew) - c(kMemOld)), "a load leaves memory unchanged");
  b.assert_bool(c(kMemRo), "read-only flag is boolean");
  b.assert_zero(c(kMemRo) * (one - c(kFLoad)), "only loads access read-only words");
  const E f_slot2 = f_mem + c(kIsCycle);
  b.assert_zero(f_slot2 * (k(4) * c(kClk) + k(2) - c(kMemTsPrev) - one - c(kMemLo) - k(1 << 16) * c(kMemHi)),
                "slot 2 accessed after its last access");

  // Branch condition: equality by an inverse witness, less-than from the ALU.
  const E diff = c(kRs1Val) - c(kRs2Val);
  b.assert_bool(c(kIsEq), "is_eq is boolean");
  b.assert_zero(c(kIsEq) * diff, "is_eq implies equal");
  b.assert_zero((one - c(kIsEq)) * (diff * c(kEqInv) - one), "not is_eq implies different");
  b.assert_zero(c(kCond) - c(kAluRes) - c(kBrEq) * (c(kIsEq) - c(kAluRes)), "condition: equality or less-than");
  b.assert_zero(c(kTaken) - c(kFBranch) * (c(kCond) + c(kBrNeg) - k(2) * c(kCond) * c(kBrNeg)), "taken");
  b.assert_bool(c(kJalrBit), "jalr bit is boolean");
  b.assert_zero(c(kJalrBit) * (one - c(kFJalr)), "jalr bit only on JALR");
  // next_pc = pc + 4, or the target (JAL, taken branch), or the target with bit 0 cleared (JALR).
  b.assert_zero(c(kNextPc) - c(kPc) - k(4) - (c(kFJal) + c(kTaken)) * (c(kTarget) - c(kPc) - k(4)) -
                    c(kFJalr) * (c(kTarget) - c(kJalrBit) - c(kPc) - k(4)),
                "next pc");

  // Memory-access timestamps: t - t_prev - 1 = lo + 2^16 hi (limbs range-checked on the bus).
  const E ts = k(4) * c(kClk);
  const E two16 = k(1 << 16);
  b.assert_zero(is_real * (ts - c(kRs1TsPrev) - one - c(kRs1Lo) - two16 * c(kRs1Hi)), "rs1 read after its last access");
  b.assert_zero(is_real * (ts + one - c(kRs2TsPrev) - one - c(kRs2Lo) - two16 * c(kRs2Hi)),
                "rs2 read after its last access");
  b.assert_zero(c(kWr) * (ts + k(3) - c(kRdTsPrev) - one - c(kRdLo) - two16 * c(kRdHi)), "rd written after its last access");

  // System calls: one flag per supported call, a7 names it.
  for (Col f : {kIsExit, kIsCycle, kIsWrite, kIsRead, kIsCommit, kIsKeccak, kIsBlake3, kIsFp3, kIsP2, kIsClaim})
    b.assert_bool(c(f), "system call flag is boolean");
  b.assert_eq(c(kIsExit) + c(kIsCycle) + c(kIsWrite) + c(kIsRead) + c(kIsCommit) + c(kIsKeccak) + c(kIsBlake3) +
                  c(kIsFp3) + c(kIsP2) + c(kIsClaim),
              c(kFEcall), "one system call per ECALL");
  b.assert_zero(c(kFEcall) * (c(kRs1Val) - k(kSyscallExit) * c(kIsExit) - k(kSyscallCycleCount) * c(kIsCycle) -
                              k(kSyscallWrite) * c(kIsWrite) - k(kSyscallRead) * c(kIsRead) -
                              k(kSyscallCommit) * c(kIsCommit) - k(kSyscallKeccakF) * c(kIsKeccak) -
                              k(kSyscallBlake3Compress) * c(kIsBlake3) - k(kSyscallFp3Horner) * c(kIsFp3) -
                              k(kSyscallPoseidon2) * c(kIsP2) - k(kSyscallVerifyClaim) * c(kIsClaim)),
                "a7 names the system call");
  // Keccak-f, BLAKE3 compression, F_p^3 Horner and Poseidon2: the precompile table proves the
  // memory they change (kBusPrecompile); a0 is unchanged.
  b.assert_zero((c(kIsKeccak) + c(kIsBlake3) + c(kIsFp3) + c(kIsP2)) * (c(kRdVal) - c(kRs2Val)),
                "precompile calls leave a0");
  // read, commit, write and verify_claim: the I/O call table proves a0 after the call (kBusIoCall).
  // exit: a0 unchanged; public values exit code (a0) and cycles.
  b.assert_zero(c(kIsExit) * (c(kRdVal) - c(kRs2Val)), "exit leaves a0");
  b.assert_zero(c(kIsExit) * (c(kRs2Val) - b.public_value(0)), "exit code is a0 at the exit call");
  b.assert_zero(c(kIsExit) * (c(kClk) - b.public_value(1)), "cycles = clk at the exit call");
  // cycle count: a0 = cycles before this one (clk - 1), a1 = 0 (written through slot 2, register 11).
  b.assert_zero(c(kIsCycle) * (c(kRdVal) - c(kClk) + one), "cycle count low word");
  b.assert_zero(c(kIsCycle) * (c(kMemW) - k(11)), "cycle count writes a1");
  b.assert_zero(c(kIsCycle) * c(kMemNew), "cycle count high word is 0");

  // W+X slots: the fetch read of the word at pc (space 1, timestamp 4 clk) comes after that
  // word's last access; the bus gives it the loaded word (kWord), so memory must still hold it.
  if (wx_) {
    b.assert_zero(c(kWx) * (one - is_real), "no fetch read on padding rows");
    b.assert_zero(c(kWx) * (ts - c(kFetchTsPrev) - one - c(kFetchLo) - two16 * c(kFetchHi)),
                  "fetch read after its word's last access");
  }
}

// The boundary of memory space 0: the 32 registers and the two I/O state cells (input cursor,
// output length) each start at 0 at time 0 and end with the last value written.
// Preprocessed: address, real (1 on the 34 cells, 0 on the padding rows of the 64). Main: final
// value, final timestamp.
//
// A shard's register boundary (continuations) instead takes its cells from the public values
// [start cycle, start values (34), end values (34)]: the verifier sends each cell's start value
// at the shard's boundary timestamp, and each row hands its final value to the public end values
// on kBusRegisterEnd.
class RegisterBoundary : public air::AirBase<RegisterBoundary> {
 public:
  explicit RegisterBoundary(bool shard = false) : shard_(shard) {}
  std::string name() const override { return "register_boundary"; }
  size_t width() const override { return 2; }
  size_t preprocessed_width() const override { return 2; }
  size_t fixed_height() const override { return 64; }
  static constexpr size_t kShardPublicValues = 1 + 2 * kNumRegisterCells;
  size_t num_public_values() const override { return shard_ ? kShardPublicValues : 0; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<air::Interaction> interactions() const override;
  std::vector<air::PublicBusTerm> public_bus_terms(std::span<const Fp> public_values) const override;
  template <class B>
  void eval(B&) const {}
  static RowMajorMatrix trace(const std::array<uint32_t, kNumRegisterCells>& final_regs,
                              const std::array<uint64_t, kNumRegisterCells>& final_ts);

 private:
  bool shard_ = false;
};

}  // namespace goldfinch::circuit
