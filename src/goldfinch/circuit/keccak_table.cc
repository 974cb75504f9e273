#include "goldfinch/circuit/keccak_table.h"

#include <algorithm>
#include <bit>

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace keccak {

namespace {

constexpr uint64_t kRoundConstants[kRounds] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B,
    0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088,
    0x0000000080008009, 0x000000008000000A, 0x000000008000808B, 0x800000000000008B, 0x8000000000008089,
    0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
};

struct Maps {
  uint32_t rho[25] = {};
  uint32_t pi_src[25] = {};
  Maps() {
    // rho: offsets (t + 1)(t + 2) / 2 along the orbit of (1, 0) under (x, y) -> (y, 2x + 3y).
    uint32_t x = 1, y = 0;
    for (uint32_t t = 0; t < 24; ++t) {
      rho[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
      const uint32_t nx = y, ny = (2 * x + 3 * y) % 5;
      x = nx;
      y = ny;
    }
    // pi: B[y, 2x + 3y] = rot(A'[x, y]).
    for (uint32_t i = 0; i < 25; ++i) pi_src[(i / 5) + 5 * ((2 * (i % 5) + 3 * (i / 5)) % 5)] = i;
  }
};

const Maps& maps() {
  static const Maps m;
  return m;
}

}  // namespace

uint64_t round_constant(uint32_t round) { return kRoundConstants[round]; }
uint32_t rho_offset(uint32_t lane) { return maps().rho[lane]; }
uint32_t pi_source(uint32_t lane) { return maps().pi_src[lane]; }

}  // namespace keccak

namespace {

LinearCombination col(uint32_t c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }

}  // namespace

std::vector<Interaction> KeccakTable::interactions() const {
  using namespace keccak;
  std::vector<Interaction> out;
  // Sized up front: a reallocation moves every interaction built so far (in-VM setup cycles).
  out.reserve(3 + 4 * kSlots);
  // a0 = 8 h0 + 2^19 h1; h0 and 8 h1 are 16-bit, so a0 is 8-aligned and < 2^32.
  LinearCombination a0;
  a0.terms = {{Column::main(kH0), Fp::from_u64(8)}, {Column::main(kH1), Fp::from_u64(uint64_t{1} << 19)}};
  out.push_back({kBusPrecompile, {konst(kPrecompileKeccakF), col(kClk), a0}, col(kCall), Direction::kReceive});
  out.push_back({kBusRange16, {col(kH0)}, col(kCall), Direction::kSend});
  LinearCombination h1x8;
  h1x8.terms = {{Column::main(kH1), Fp::from_u64(8)}};
  out.push_back({kBusRange16, {h1x8}, col(kCall), Direction::kSend});
  LinearCombination ts;
  ts.terms = {{Column::main(kClk), Fp::from_u64(4)}};
  ts.constant = Fp::from_u64(2);
  for (uint32_t s = 0; s < kSlots; ++s) {
    const uint32_t base = kSlot + kSlotCols * s;
    // Word address a0 / 4 + 3 step + s = 2 h0 + 2^17 h1 + sum_r step_r (3 r + s).
    LinearCombination addr;
    addr.terms = {{Column::main(kH0), Fp::from_u64(2)}, {Column::main(kH1), Fp::from_u64(uint64_t{1} << 17)}};
    for (uint32_t r = 0; r < kRounds; ++r)
      if (kSlots * r + s < kWords) addr.terms.push_back({Column::main(kStep + r), Fp::from_u64(kSlots * r + s)});
    const LinearCombination mult = col(base + kSlotMult);
    out.push_back(
        {kBusMemory, {konst(1), addr, col(base + kSlotBefore), col(base + kSlotTsPrev)}, mult, Direction::kReceive});
    out.push_back({kBusMemory, {konst(1), addr, col(base + kSlotAfter), ts}, mult, Direction::kSend});
    out.push_back({kBusRange16, {col(base + kSlotTsLo)}, mult, Direction::kSend});
    out.push_back({kBusRange16, {col(base + kSlotTsHi)}, mult, Direction::kSend});
  }
  return out;
}

size_t KeccakTable::height_for(size_t permutations) {
  return std::max<size_t>(32, std::bit_ceil(keccak::kRounds * permutations + 1));
}

}  // namespace goldfinch::circuit
