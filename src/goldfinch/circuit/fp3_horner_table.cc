#include "goldfinch/circuit/fp3_horner_table.h"

#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

using namespace fp3_cols;

// Short names for the shared builders (alu_lc.h).
LinearCombination col(uint32_t c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return constant_lc(v); }
LinearCombination lin(std::initializer_list<std::pair<uint32_t, int64_t>> terms, uint64_t constant = 0) {
  return main_sum_signed(terms, constant);
}

// A read: receive (space, addr, value, ts_prev), send (space, addr, value, ts); a write receives
// `old` and sends `value`. The gap limbs t - ts_prev - 1 are range-checked.
void access(std::vector<Interaction>& out, const LinearCombination& space, const LinearCombination& addr,
            const LinearCombination& old, const LinearCombination& value, const LinearCombination& ts, uint32_t base,
            const LinearCombination& mult) {
  out.push_back({kBusMemory, {space, addr, old, col(base + kSlotTsPrev)}, mult, Direction::kReceive});
  out.push_back({kBusMemory, {space, addr, value, ts}, mult, Direction::kSend});
  out.push_back({kBusRange16, {col(base + kSlotLo)}, mult, Direction::kSend});
  out.push_back({kBusRange16, {col(base + kSlotHi)}, mult, Direction::kSend});
}

}  // namespace

std::vector<Interaction> Fp3HornerTable::interactions() const {
  std::vector<Interaction> out;
  // Sized up front: a reallocation moves every interaction built so far (in-VM setup cycles).
  out.reserve(1 + 6 + 2 + 4 * 4 + 6 * 3 * 4 + 6 * 2);
  const LinearCombination first = col(kFirst), last = col(kLast);
  // The call, from the CPU: (kind, clk, a0) with a0 = 4 (w0 + 2^16 w1), hence 4-aligned.
  out.push_back({kBusPrecompile,
                 {konst(kPrecompileFp3Horner), col(kClk), lin({{kXW0, 4}, {kXW1, 4 << 16}})},
                 first,
                 Direction::kReceive});
  // Pointers: w0 and 4 w1 16-bit (w < 2^30); n - 1 and 4096 - n 16-bit (1 <= n <= 4096).
  for (uint32_t w0 : {kXW0, kCW0, kOW0}) {
    out.push_back({kBusRange16, {col(w0)}, first, Direction::kSend});
    out.push_back({kBusRange16, {lin({{w0 + 1, 4}})}, first, Direction::kSend});
  }
  const uint64_t neg1 = (Fp::zero() - Fp::one()).value();
  out.push_back({kBusRange16, {lin({{kN, 1}}, neg1)}, first, Direction::kSend});
  out.push_back({kBusRange16, {lin({{kN, -1}}, kMaxTerms)}, first, Direction::kSend});
  // Registers a1..a4 (addresses 11..14), read at 4 clk + 2 on the first row.
  const LinearCombination reg_val[4] = {lin({{kCW0, 4}, {kCW1, 4 << 16}}), col(kN), lin({{kOW0, 4}, {kOW1, 4 << 16}}),
                                        lin({{kIsExt, 2}}, 1)};
  for (uint32_t r = 0; r < 4; ++r)
    access(out, konst(0), konst(11 + r), reg_val[r], reg_val[r], lin({{kClk, 4}}, 2), reg_slot(r, 0), first);
  // x's words at 4 clk + 1 on the first row, c_i's at 4 clk + 2 on every row (words 2..5 only for
  // kind 3), out's at 4 clk + 3 on the last row (space 1: writable words only).
  for (uint32_t j = 0; j < 6; ++j) {
    access(out, lin({{x_slot(j, kSlotRo), 1}}, 1), lin({{kXW0, 1}, {kXW1, 1 << 16}}, j), col(kX + j), col(kX + j),
           lin({{kClk, 4}}, 1), x_slot(j, 0), first);
    access(out, lin({{c_slot(j, kSlotRo), 1}}, 1), lin({{kCAddr, 1}}, j), col(kC + j), col(kC + j), lin({{kClk, 4}}, 2),
           c_slot(j, 0), j < 2 ? col(kIsReal) : col(kIsExt));
    access(out, konst(1), lin({{kOW0, 1}, {kOW1, 1 << 16}}, j), col(out_slot(j, kSlotOld)), col(kOut + j),
           lin({{kClk, 4}}, 3), out_slot(j, 0), last);
  }
  // out words are u32: word - 2^16 hi and hi are 16-bit.
  for (uint32_t j = 0; j < 6; ++j) {
    out.push_back({kBusRange16, {lin({{kOut + j, 1}, {kOutHi + j, -(1 << 16)}})}, last, Direction::kSend});
    out.push_back({kBusRange16, {col(kOutHi + j)}, last, Direction::kSend});
  }
  return out;
}

}  // namespace goldfinch::circuit
