// CPU, program and register tables, proven end to end on small hand-assembled programs run by
// the executor; and the attacks on the CPU (wrong pc, next pc, result, register value, flag,
// timestamp, exit code, cycles, a skipped exit). ALU requests are received here by a test-only
// table that checks nothing: the ALU chips are tested on their own, so these tests isolate the
// CPU's constraints.
#include <gtest/gtest.h>

#include <variant>

#include "goldfinch/stark/proof_io.h"
#include "goldfinch/circuit/cpu.h"
#include "goldfinch/circuit/testing.h"
#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/program.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit {
namespace {

namespace rv = vm::rv;

// TEST ONLY: receives any ALU tuple (multiplicity column 4). Not part of the circuit.
class UncheckedAlu : public air::AirBase<UncheckedAlu> {
 public:
  std::string name() const override { return "unchecked_alu_test_only"; }
  size_t width() const override { return 5; }
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    return {{kBusAlu, {LinearCombination::main(0), LinearCombination::main(1), LinearCombination::main(2), LinearCombination::main(3)},
             LinearCombination::main(4), air::Direction::kReceive}};
  }
  template <class B>
  void eval(B&) const {}
};

struct ExecutedProgram {
  std::unique_ptr<ProgramTable> program;
  std::unique_ptr<CpuTable> cpu;
  RegisterBoundary regs;
  RangeU16Table range;
  UncheckedAlu alu;
  CpuTable::Witness w;
  LookupCounts counts;
  uint32_t exit_code = 0;

  explicit ExecutedProgram(const std::vector<uint32_t>& words) {
    vm::ElfImage image;
    image.entry = 0x10000;
    vm::Segment seg;
    seg.vaddr = 0x10000;
    seg.executable = true;
    for (uint32_t word : words)
      for (int i = 0; i < 4; ++i) seg.data.push_back(static_cast<uint8_t>(word >> (8 * i)));
    seg.memsz = static_cast<uint32_t>(seg.data.size());
    image.segments.push_back(seg);
    auto prog = vm::build_program(image);
    program = std::make_unique<ProgramTable>(decode_program(*prog));
    cpu = std::make_unique<CpuTable>(image.entry);
    auto m = vm::Machine::create(image);
    auto& machine = std::get<vm::Machine>(m);
    vm::TraceRecorder rec;
    auto r = machine.run_trace(&rec, 100000);
    EXPECT_EQ(r.status, vm::RunStatus::kExited);
    exit_code = r.exit_code;
    auto wr = CpuTable::trace(rec.rows, *program, counts);
    EXPECT_TRUE(wr.ok()) << (wr.ok() ? "" : wr.error().what);
    w = std::move(*wr);
  }

  std::vector<testing::Table> tables() const {
    RowMajorMatrix alu_t(4, 5);
    size_t n = 4;
    while (n < w.alu_events.size()) n *= 2;
    alu_t = RowMajorMatrix(n, 5);
    for (size_t i = 0; i < w.alu_events.size(); ++i) {
      const AluEvent& e = w.alu_events[i];
      alu_t.at(i, 0) = Fp::from_u64(e.op);
      alu_t.at(i, 1) = Fp::from_u64(e.a);
      alu_t.at(i, 2) = Fp::from_u64(e.b);
      alu_t.at(i, 3) = Fp::from_u64(alu_eval(e.op, e.a, e.b));
      alu_t.at(i, 4) = Fp::one();
    }
    return {{program.get(), program->trace(w.program_counts)},
            {cpu.get(), w.main},
            {&regs, RegisterBoundary::trace(w.final_regs, w.final_ts)},
            {&range, RangeU16Table::trace(counts)},
            {&alu, alu_t}};
  }
};

Error prove(std::vector<testing::Table> tables, const std::vector<Fp>& pv, bool force, std::vector<std::string>* failures) {
  // testing::prove_and_verify has no public values; the CPU's are passed here.
  std::vector<const air::Air*> airs;
  for (auto& t : tables) airs.push_back(t.air);
  stark::StarkParams params = stark::StarkParams::conjectured_100();
  params.num_queries = 12;
  params.pow_bits = 0;
  auto pk = std::move(*stark::setup(airs, params));
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < tables.size(); ++i)
    traces.push_back({tables[i].air, tables[i].main.view(), pk->preprocessed[i].view(), i == 1 ? std::span<const Fp>(pv) : std::span<const Fp>()});
  if (failures) {
    for (const auto& t : traces)
      for (const auto& f : air::check_constraints(t, 20)) failures->push_back(f.describe());
    for (const auto& b : air::check_buses(traces, 20)) failures->push_back(b.describe());
  }
  std::vector<stark::TableWitness> w;
  for (size_t i = 0; i < tables.size(); ++i) w.push_back({tables[i].main, i == 1 ? pv : std::vector<Fp>{}});
  stark::ProveOptions opt;
  opt.allow_unsatisfied = force;
  auto proof = stark::prove(*pk, std::move(w), backend::default_backend(), opt);
  if (!proof.ok()) return proof.error();
  const stark::AlignedBytes aligned(*proof);
  stark::VerifiedProof out;
  Error e = stark::verify(pk->vk, airs, aligned.span(), &out);
  if (e.ok() && out.public_values[1] != pv) return {ErrorCode::kMismatch, "public values differ", 0, 0};
  return e;
}

std::vector<uint32_t> sum_program() {
  return {rv::addi(5, 0, 10), rv::addi(6, 0, 0),
          rv::add(6, 6, 5),  // loop
          rv::addi(5, 5, -1), rv::bne(5, 0, -8),
          rv::addi(10, 6, 0), rv::addi(17, 0, 93), rv::ecall()};
}

std::vector<uint32_t> control_flow_program() {
  // lui/auipc, jal to a subroutine and jalr back (with bit 0 set in the target), every branch kind
  // taken and not taken, slt/sltu, x0 writes ignored, then exit with a checksum in a0.
  return {
      rv::lui(1, 0x12345), rv::auipc(2, 1), rv::addi(0, 0, 7),  // x0 write is a no-op
      rv::addi(3, 0, -5), rv::addi(4, 0, 3),
      rv::slt(5, 3, 4), rv::sltu(6, 3, 4), rv::slti(7, 3, -6), rv::sltiu(8, 4, -1),
      rv::blt(3, 4, 8), rv::addi(9, 9, 100),   // skipped
      rv::bge(3, 4, 8), rv::addi(9, 9, 1),     // not taken: executed
      rv::bltu(3, 4, 8), rv::addi(9, 9, 2),    // not taken
      rv::bgeu(3, 4, 8), rv::addi(9, 9, 200),  // taken
      rv::beq(4, 4, 8), rv::addi(9, 9, 300),   // taken
      rv::bne(4, 4, 8), rv::addi(9, 9, 4),     // not taken
      rv::jal(1, 20),                           // call the subroutine (+20)
      rv::add(10, 9, 5), rv::add(10, 10, 6),   // after return
      rv::addi(17, 0, 93), rv::ecall(),
      rv::addi(9, 9, 8),                        // subroutine
      rv::addi(11, 1, 1), rv::jalr(0, 11, 0),  // return through a target with bit 0 set
  };
}

TEST(CpuTable, SumLoopProvesWithTheExitCode) {
  ExecutedProgram r(sum_program());
  EXPECT_EQ(r.exit_code, 55u);
  std::vector<std::string> failures;
  Error e = prove(r.tables(), r.w.public_values, false, &failures);
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_TRUE(e.ok()) << e.what;
  EXPECT_EQ(r.w.public_values[0], Fp::from_u64(55));
}

TEST(CpuTable, ControlFlowProves) {
  ExecutedProgram r(control_flow_program());
  EXPECT_EQ(r.exit_code, 1u + 2u + 4u + 8u + 1u + 0u);  // x9 = 1 + 2 + 4 + 8, + slt(-5 < 3) = 1, + sltu = 0
  std::vector<std::string> failures;
  Error e = prove(r.tables(), r.w.public_values, false, &failures);
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_TRUE(e.ok()) << e.what;
}

// One corrupted CPU cell on a real row: the debug checkers must report it and the forced proof fail.
// With prove = false only the debug checkers run (a proof per cell would take minutes).
void expect_caught(const ExecutedProgram& r, const char* what, size_t row, cpu::Col col, Fp delta, bool prove_it) {
  auto tables = r.tables();
  tables[1].main.at(row, col) += delta;
  std::vector<std::string> failures;
  if (prove_it) {
    Error e = prove(tables, r.w.public_values, true, &failures);
    EXPECT_FALSE(e.ok()) << what << " row " << row << " col " << col << ": the forced proof verified";
  } else {
    std::vector<air::TableTrace> traces;
    std::vector<RowMajorMatrix> pre;
    for (auto& t : tables) pre.push_back(t.air->preprocessed_width() ? t.air->preprocessed_trace(t.air->fixed_height()) : RowMajorMatrix());
    for (size_t i = 0; i < tables.size(); ++i)
      traces.push_back({tables[i].air, tables[i].main.view(), pre[i].view(),
                        i == 1 ? std::span<const Fp>(r.w.public_values) : std::span<const Fp>()});
    for (const auto& t : traces)
      for (const auto& f : air::check_constraints(t, 5)) failures.push_back(f.describe());
    for (const auto& b : air::check_buses(traces, 5)) failures.push_back(b.describe());
  }
  EXPECT_FALSE(failures.empty()) << what << " row " << row << " col " << col << ": the debug checkers found nothing";
}

// Cells that are free by design on a given row (they feed nothing the row proves): the rd
// columns when the row writes no register, the target when no target is computed, the inverse
// witness when the operands are equal, the memory columns on rows that use no memory slot. Every
// other cell of a real row must be caught.
bool dont_care(const RowMajorMatrix& m, size_t row, cpu::Col c) {
  using namespace cpu;
  auto v = [&](Col k) { return m.at(row, k); };
  const bool wr = v(kWr) == Fp::one();
  const bool target = v(kFAuipc) == Fp::one() || v(kFJal) == Fp::one() || v(kFJalr) == Fp::one() || v(kFBranch) == Fp::one();
  switch (c) {
    case kRdVal: case kRdPrev: case kRdTsPrev: case kRdLo: case kRdHi: return !wr;
    case kTarget: return !target;
    case kEqInv: return v(kIsEq) == Fp::one();
    case kMemOld: case kMemNew: case kMemTsPrev: case kMemLo: case kMemHi:
      return v(kFLoad) != Fp::one() && v(kFStore) != Fp::one() && v(kIsCycle) != Fp::one();
    case kLsReg: case kMemOff0: case kMemOff1:
      return v(kFLoad) != Fp::one() && v(kFStore) != Fp::one();
    default: return false;
  }
}

TEST(CpuAttack, EveryColumnOfARealRow) {
  ExecutedProgram r(control_flow_program());
  size_t checked = 0;
  for (uint32_t c = 0; c < cpu::kNumCols; ++c)
    for (size_t row : {size_t{5}, size_t{12}, size_t{22}}) {
      if (dont_care(r.w.main, row, static_cast<cpu::Col>(c))) continue;
      // Every cell through the debug checkers; every seventh also as a forced proof.
      expect_caught(r, "corrupted cell", row, static_cast<cpu::Col>(c), Fp::one(), checked % 7 == 0);
      ++checked;
    }
  EXPECT_GE(checked, 3 * cpu::kNumCols - 51);  // at most 17 don't-care cells per row
}

TEST(CpuAttack, WrongExitCodeAndCycles) {
  ExecutedProgram r(sum_program());
  for (size_t i = 0; i < 2; ++i) {
    auto pv = r.w.public_values;
    pv[i] += Fp::one();
    std::vector<std::string> failures;
    Error e = prove(r.tables(), pv, true, &failures);
    EXPECT_FALSE(failures.empty());
    EXPECT_FALSE(e.ok()) << i;
  }
}

TEST(CpuAttack, SkippedExitAndTruncatedRun) {
  ExecutedProgram r(sum_program());
  auto tables = r.tables();
  // Pretend the run stopped two instructions early: mark the last real rows as padding.
  const size_t last = 0;
  (void)last;
  size_t real = 0;
  while (real < tables[1].main.height() && tables[1].main.at(real, cpu::kIsReal) == Fp::one()) ++real;
  tables[1].main.at(real - 1, cpu::kIsReal) = Fp::zero();
  std::vector<std::string> failures;
  EXPECT_FALSE(prove(tables, r.w.public_values, true, &failures).ok());
  EXPECT_FALSE(failures.empty());
}

TEST(CpuAttack, ForgedRegisterValue) {
  // rs1's value changed together with its read/write tuples: the memory bus cannot balance.
  ExecutedProgram r(sum_program());
  auto tables = r.tables();
  tables[1].main.at(3, cpu::kRs1Val) += Fp::one();
  tables[1].main.at(3, cpu::kAluRes) += Fp::one();
  tables[1].main.at(3, cpu::kRdVal) += Fp::one();
  std::vector<std::string> failures;
  EXPECT_FALSE(prove(tables, r.w.public_values, true, &failures).ok());
  EXPECT_FALSE(failures.empty());
}

}  // namespace
}  // namespace goldfinch::circuit
