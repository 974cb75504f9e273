#include "goldfinch/circuit/poseidon2_precompile_table.h"

#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;
using air::Interaction;
using air::LinearCombination;

std::vector<Interaction> Poseidon2PrecompileTable::interactions() const {
  using namespace p2p_cols;
  auto col = [](uint32_t c) { return LinearCombination::main(c); };
  const LinearCombination call = col(kCall);
  std::vector<Interaction> out;
  // Sized up front: a reallocation moves every interaction built so far (in-VM setup cycles).
  out.reserve(3 + 6 * kWords);
  // The call, from the CPU: (kind, clk, a0) with a0 = 8 h0 + 2^19 h1; h0 and 8 h1 16-bit, so a0
  // is 8-aligned and < 2^32.
  out.push_back({kBusPrecompile,
                 {constant_lc(kPrecompilePoseidon2), col(kClk), main_sum_signed({{kH0, 8}, {kH1, 1 << 19}})},
                 call,
                 Direction::kReceive});
  out.push_back({kBusRange16, {col(kH0)}, call, Direction::kSend});
  out.push_back({kBusRange16, {main_sum_signed({{kH1, 8}})}, call, Direction::kSend});
  // The 16 state words (space 1: writable words only) at word address a0 / 4 + w = 2 h0 + 2^17 h1
  // + w, each read and written once at 4 clk + 2; the gap limbs range-checked.
  const LinearCombination ts = main_sum_signed({{kClk, 4}}, 2);
  for (uint32_t w = 0; w < kWords; ++w) {
    const LinearCombination addr = main_sum_signed({{kH0, 2}, {kH1, 1 << 17}}, w);
    out.push_back(
        {kBusMemory, {constant_lc(1), addr, col(kIn + w), col(slot(w, kSlotTsPrev))}, call, Direction::kReceive});
    out.push_back({kBusMemory, {constant_lc(1), addr, col(kOut + w), ts}, call, Direction::kSend});
    out.push_back({kBusRange16, {col(slot(w, kSlotTsLo))}, call, Direction::kSend});
    out.push_back({kBusRange16, {col(slot(w, kSlotTsHi))}, call, Direction::kSend});
  }
  // Out words are u32 (every word on the memory bus is): word - 2^16 hi and hi are 16-bit.
  for (uint32_t w = 0; w < kWords; ++w) {
    out.push_back({kBusRange16, {main_sum_signed({{kOut + w, 1}, {kOutHi + w, -(1 << 16)}})}, call, Direction::kSend});
    out.push_back({kBusRange16, {col(kOutHi + w)}, call, Direction::kSend});
  }
  return out;
}

}  // namespace goldfinch::circuit
