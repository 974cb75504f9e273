#include "goldfinch/circuit/blake3_table.h"

#include <algorithm>
#include <bit>

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace blake3_cols {

const std::array<std::array<SlotUse, kSlots>, kRowsPerCall>& slot_plan() {
  static const auto plan = [] {
    std::array<std::array<SlotUse, kSlots>, kRowsPerCall> p{};
    std::vector<SlotUse> order;
    for (uint32_t r = 1; r <= 6; ++r) order.push_back({SlotKind::kReg, r});
    for (uint32_t i = 0; i < 8; ++i) order.push_back({SlotKind::kCv, i});
    for (uint32_t i = 0; i < 16; ++i) order.push_back({SlotKind::kBlock, i});
    for (uint32_t i = 0; i < 16; ++i) order.push_back({SlotKind::kOut, i});
    for (size_t i = 0; i < order.size(); ++i) p[i / kSlots][i % kSlots] = order[i];
    return p;
  }();
  return plan;
}

uint32_t slot_ts_offset(SlotKind kind) {
  switch (kind) {
    case SlotKind::kCv:
      return 1;
    case SlotKind::kReg:
    case SlotKind::kBlock:
      return 2;
    case SlotKind::kOut:
      return 3;
    case SlotKind::kNone:
      break;
  }
  return 0;
}

uint32_t message_column(uint32_t step, uint32_t j) {
  // sigma_0 = id, sigma_{k+1}(i) = sigma_k(perm(i)): column i of round k holds block[sigma_k(i)].
  uint32_t sigma[16];
  for (uint32_t i = 0; i < 16; ++i) sigma[i] = i;
  for (uint32_t r = 0; r < step; ++r) {
    uint32_t next[16];
    for (uint32_t i = 0; i < 16; ++i) next[i] = sigma[kBlake3MsgPerm[i]];
    std::copy(next, next + 16, sigma);
  }
  for (uint32_t i = 0; i < 16; ++i)
    if (sigma[i] == j) return i;
  GF_CHECK(false, "message_column: no such block word");
  return 0;
}

}  // namespace blake3_cols

namespace {

using namespace blake3_cols;

LinearCombination col(uint32_t c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }
LinearCombination lin(std::initializer_list<std::pair<uint32_t, int64_t>> terms, uint64_t constant = 0) {
  LinearCombination lc;
  for (auto [c, k] : terms) lc.terms.push_back({Column::main(c), k >= 0 ? Fp::from_u64(k) : -Fp::from_u64(-k)});
  lc.constant = Fp::from_u64(constant);
  return lc;
}

// The inputs of one group of rows: a call or a padding compression (all zero).
struct GroupInput {
  uint32_t cv[8] = {};
  uint32_t block[16] = {};
  uint32_t counter_lo = 0, counter_hi = 0, block_len = 0, flags = 0;
};

}  // namespace

std::vector<Interaction> Blake3Table::interactions() const {
  std::vector<Interaction> out;
  // Sized up front: a reallocation moves every interaction built so far (in-VM setup cycles).
  out.reserve(1 + 6 + 4 * kSlots);
  const LinearCombination recv = col(kRecv);
  // The call, from the CPU: (kind, clk, a0) with a0 = 4 (w0 + 2^16 w1), hence 4-aligned.
  out.push_back({kBusPrecompile,
                 {konst(kPrecompileBlake3), col(kClk), lin({{kCvW0, 4}, {kCvW1, 4 << 16}})},
                 recv,
                 Direction::kReceive});
  for (uint32_t w0 : {kCvW0, kBlkW0, kOutW0}) {
    out.push_back({kBusRange16, {col(w0)}, recv, Direction::kSend});
    out.push_back({kBusRange16, {lin({{w0 + 1, 4}})}, recv, Direction::kSend});
  }
  const auto& plan = slot_plan();
  for (uint32_t j = 0; j < kSlots; ++j) {
    const uint32_t base = kSlot + j * kSlotWidth;
    const LinearCombination mult = j < 4 ? col(kIsReal) : col(kMult45);
    // space: 0 for the register reads of step 0, else 1 + ro.
    const LinearCombination space = lin({{base + kSlotRo, 1}, {kStep, -1}}, 1);
    LinearCombination ts = lin({{kClk, 4}});
    for (uint32_t st = 0; st < kRowsPerCall; ++st) {
      const uint32_t off = slot_ts_offset(plan[st][j].kind);
      if (off) ts.terms.push_back({Column::main(kStep + st), Fp::from_u64(off)});
    }
    out.push_back({kBusMemory,
                   {space, col(base + kSlotAddr), col(base + kSlotOld), col(base + kSlotTsPrev)},
                   mult,
                   Direction::kReceive});
    out.push_back({kBusMemory, {space, col(base + kSlotAddr), col(base + kSlotVal), ts}, mult, Direction::kSend});
    out.push_back({kBusRange16, {col(base + kSlotLo)}, mult, Direction::kSend});
    out.push_back({kBusRange16, {col(base + kSlotHi)}, mult, Direction::kSend});
  }
  return out;
}

}  // namespace goldfinch::circuit
