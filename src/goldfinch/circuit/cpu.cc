#include "goldfinch/circuit/cpu.h"

#include "goldfinch/vm/precompiles.h"

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace cpu;

namespace {

LinearCombination col(Col c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }
LinearCombination lin(std::initializer_list<std::pair<Col, uint64_t>> terms, uint64_t constant = 0) {
  LinearCombination lc;
  for (auto [c, k] : terms) lc.terms.push_back({Column::main(c), Fp::from_u64(k)});
  lc.constant = Fp::from_u64(constant);
  return lc;
}

Interaction mem(Direction d, Col reg, Col value, LinearCombination ts, LinearCombination mult) {
  return {kBusMemory, {konst(0), col(reg), col(value), std::move(ts)}, std::move(mult), d};
}

}  // namespace

std::vector<Interaction> CpuTable::interactions() const {
  std::vector<Interaction> out;
  // Sized up front (an upper bound): a reallocation moves every interaction built so far.
  out.reserve(32);
  // Program lookup: opclass = sum_k k * flag_k, br_kind = br_eq + 2 br_neg.
  LinearCombination opclass;
  for (uint32_t f = kFAlu; f <= kFStore; ++f) opclass.terms.push_back({Column::main(f), Fp::from_u64(f - kFAlu + 1)});
  std::vector<LinearCombination> fields = {col(kPc), opclass, col(kAluOp), lin({{kBrEq, 1}, {kBrNeg, 2}}),
                                           col(kRd), col(kRs1), col(kRs2), col(kImm), col(kWr)};
  if (wx_) {
    fields.push_back(col(kWord));
    fields.push_back(col(kWx));
  }
  out.push_back({kBusProgram, std::move(fields), col(kIsReal), Direction::kReceive});
  // Register accesses (space 0): rs1 at 4 clk, rs2 at 4 clk + 1, rd at 4 clk + 3.
  out.push_back(mem(Direction::kReceive, kRs1, kRs1Val, col(kRs1TsPrev), col(kIsReal)));
  out.push_back(mem(Direction::kSend, kRs1, kRs1Val, lin({{kClk, 4}}), col(kIsReal)));
  out.push_back(mem(Direction::kReceive, kRs2, kRs2Val, col(kRs2TsPrev), col(kIsReal)));
  out.push_back(mem(Direction::kSend, kRs2, kRs2Val, lin({{kClk, 4}}, 1), col(kIsReal)));
  out.push_back(mem(Direction::kReceive, kRd, kRdPrev, col(kRdTsPrev), col(kWr)));
  out.push_back(mem(Direction::kSend, kRd, kRdVal, lin({{kClk, 4}}, 3), col(kWr)));
  // Timestamp limbs.
  for (auto [c, m] : {std::pair{kRs1Lo, kIsReal}, {kRs1Hi, kIsReal}, {kRs2Lo, kIsReal}, {kRs2Hi, kIsReal}, {kRdLo, kWr}, {kRdHi, kWr}})
    out.push_back({kBusRange16, {col(c)}, col(m), Direction::kSend});
  // ALU requests: the operation itself, and pc/rs1 + imm for targets and AUIPC.
  out.push_back({kBusAlu, {col(kAluOp), col(kRs1Val), col(kOp2), col(kAluRes)}, col(kAluReq), Direction::kSend});
  out.push_back({kBusAlu, {konst(kAdd), col(kTargetBase), col(kImm), col(kTarget)},
                 lin({{kFAuipc, 1}, {kFJal, 1}, {kFJalr, 1}, {kFBranch, 1}, {kFLoad, 1}, {kFStore, 1}}), Direction::kSend});
  // Slot 2: the RAM word of a load or store (space 1 + ro), or register a1 for the cycle-count
  // system call (space 0); timestamp limbs and the word-address limbs.
  const LinearCombination f_mem = lin({{kFLoad, 1}, {kFStore, 1}});
  const LinearCombination f_slot2 = lin({{kFLoad, 1}, {kFStore, 1}, {kIsCycle, 1}});
  LinearCombination space = lin({{kMemRo, 1}}, 1);  // 1 writable, 2 read-only, 0 registers
  space.terms.push_back({Column::main(kIsCycle), -Fp::one()});
  out.push_back({kBusMemory, {space, col(kMemW), col(kMemOld), col(kMemTsPrev)}, f_slot2, Direction::kReceive});
  out.push_back({kBusMemory, {space, col(kMemW), col(kMemNew), lin({{kClk, 4}}, 2)}, f_slot2, Direction::kSend});
  out.push_back({kBusRange16, {col(kMemLo)}, f_slot2, Direction::kSend});
  out.push_back({kBusRange16, {col(kMemHi)}, f_slot2, Direction::kSend});
  out.push_back({kBusRange16, {col(kMemW0)}, f_slot2, Direction::kSend});
  out.push_back({kBusRange16, {lin({{kMemW1, 4}})}, f_slot2, Direction::kSend});
  out.push_back({kBusLoadStore, {col(kAluOp), lin({{kMemOff0, 1}, {kMemOff1, 2}}), col(kMemOld), col(kLsReg), col(kMemNew)}, f_mem,
                 Direction::kSend});
  // W+X slots: read the word at pc (word address pc / 4) in space 1 at timestamp 4 clk, with the
  // loaded word as its value both ways.
  if (wx_) {
    LinearCombination word_addr;
    word_addr.terms.push_back({Column::main(kPc), Fp::from_u64(4).inverse()});
    out.push_back({kBusMemory, {konst(1), word_addr, col(kWord), col(kFetchTsPrev)}, col(kWx), Direction::kReceive});
    out.push_back({kBusMemory, {konst(1), word_addr, col(kWord), lin({{kClk, 4}})}, col(kWx), Direction::kSend});
    out.push_back({kBusRange16, {col(kFetchLo)}, col(kWx), Direction::kSend});
    out.push_back({kBusRange16, {col(kFetchHi)}, col(kWx), Direction::kSend});
  }
  // read, commit, write and verify_claim: (kind, clk, a0 before, a0 after) to the I/O call table.
  out.push_back({kBusIoCall,
                 {lin({{kIsRead, kIoRead}, {kIsCommit, kIoCommit}, {kIsWrite, kIoWrite}, {kIsClaim, kIoClaim}}),
                  col(kClk), col(kRs2Val), col(kRdVal)},
                 lin({{kIsRead, 1}, {kIsCommit, 1}, {kIsWrite, 1}, {kIsClaim, 1}}),
                 Direction::kSend});
  // Keccak-f, BLAKE3 compression, F_p^3 Horner and Poseidon2: (kind, clk, a0) to the precompile
  // tables.
  out.push_back({kBusPrecompile,
                 {lin({{kIsKeccak, kPrecompileKeccakF},
                       {kIsBlake3, kPrecompileBlake3},
                       {kIsFp3, kPrecompileFp3Horner},
                       {kIsP2, kPrecompilePoseidon2}}),
                  col(kClk), col(kRs2Val)},
                 lin({{kIsKeccak, 1}, {kIsBlake3, 1}, {kIsFp3, 1}, {kIsP2, 1}}), Direction::kSend});
  return out;
}

RowMajorMatrix RegisterBoundary::preprocessed_trace(size_t height) const {
  GF_CHECK(height == 64, "64 rows");
  RowMajorMatrix t(64, 2);
  for (size_t r = 0; r < kNumRegisterCells; ++r) {
    t.at(r, 0) = Fp::from_u64(r);
    t.at(r, 1) = Fp::one();
  }
  return t;
}

std::vector<Interaction> RegisterBoundary::interactions() const {
  const LinearCombination reg = LinearCombination::pre(0);
  const Interaction final_read = {kBusMemory, {konst(0), reg, LinearCombination::main(0), LinearCombination::main(1)},
                                  LinearCombination::pre(1), Direction::kReceive};
  if (shard_)
    return {final_read, {kBusRegisterEnd, {reg, LinearCombination::main(0)}, LinearCombination::pre(1), Direction::kSend}};
  return {{kBusMemory, {konst(0), reg, konst(0), konst(0)}, LinearCombination::pre(1), Direction::kSend}, final_read};
}

std::vector<air::PublicBusTerm> RegisterBoundary::public_bus_terms(std::span<const Fp> pv) const {
  std::vector<air::PublicBusTerm> out;
  if (!shard_ || pv.size() != kShardPublicValues) return out;  // the verifier checks the count first
  // The start values at the boundary timestamp 4 start_cycle + 3 (ShardStart::boundary_ts).
  const Fp t0 = Fp::from_u64(4) * pv[0] + Fp::from_u64(3);
  for (size_t r = 0; r < kNumRegisterCells; ++r) {
    out.push_back({kBusMemory, {Fp::zero(), Fp::from_u64(r), pv[1 + r], t0}, Fp::one(), Direction::kSend});
    out.push_back({kBusRegisterEnd, {Fp::from_u64(r), pv[1 + kNumRegisterCells + r]}, Fp::one(), Direction::kReceive});
  }
  return out;
}

}  // namespace goldfinch::circuit
