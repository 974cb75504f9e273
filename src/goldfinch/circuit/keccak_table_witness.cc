// Witness generation (the prover side) of keccak_table.h; the AIR itself (interactions, constants,
// preprocessed columns) is in keccak_table.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/keccak_table.h"

#include <algorithm>
#include <bit>

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

uint64_t rotl(uint64_t v, uint32_t r) { return r == 0 ? v : (v << r) | (v >> (64 - r)); }

}  // namespace

void KeccakTable::fill_round(std::span<Fp> row, uint32_t round, std::array<uint64_t, 25>& a) {
  using namespace keccak;
  auto set = [&](uint32_t c, uint64_t v) { row[c] = Fp::from_u64(v); };
  for (uint32_t r = 0; r < kRounds; ++r) set(kStep + r, r == round);
  uint64_t cc[5], cp[5], ap[25], bb[25], app[25];
  for (uint32_t x = 0; x < 5; ++x) cc[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
  for (uint32_t x = 0; x < 5; ++x) cp[x] = cc[x] ^ cc[(x + 4) % 5] ^ rotl(cc[(x + 1) % 5], 1);
  for (uint32_t i = 0; i < 25; ++i) ap[i] = a[i] ^ cc[i % 5] ^ cp[i % 5];
  for (uint32_t i = 0; i < 25; ++i) bb[i] = rotl(ap[pi_source(i)], rho_offset(pi_source(i)));
  for (uint32_t i = 0; i < 25; ++i) {
    const uint32_t x = i % 5, y = i / 5;
    app[i] = bb[i] ^ (~bb[(x + 1) % 5 + 5 * y] & bb[(x + 2) % 5 + 5 * y]);
  }
  for (uint32_t i = 0; i < 25; ++i)
    for (uint32_t l = 0; l < 4; ++l) {
      set(kA + 4 * i + l, (a[i] >> (16 * l)) & 0xFFFF);
      set(kApp + 4 * i + l, (app[i] >> (16 * l)) & 0xFFFF);
    }
  for (uint32_t x = 0; x < 5; ++x)
    for (uint32_t z = 0; z < 64; ++z) {
      set(kC + 64 * x + z, (cc[x] >> z) & 1);
      set(kCp + 64 * x + z, (cp[x] >> z) & 1);
    }
  for (uint32_t i = 0; i < 25; ++i)
    for (uint32_t z = 0; z < 64; ++z) set(kAp + 64 * i + z, (ap[i] >> z) & 1);
  for (uint32_t z = 0; z < 64; ++z) set(kApp00Bits + z, (app[0] >> z) & 1);
  const uint64_t out0 = app[0] ^ round_constant(round);
  for (uint32_t l = 0; l < 4; ++l) set(kAppp00 + l, (out0 >> (16 * l)) & 0xFFFF);
  for (uint32_t i = 0; i < 25; ++i) a[i] = app[i];
  a[0] = out0;
}

RowMajorMatrix KeccakTable::trace(std::span<const KeccakEvent> events, LookupCounts& counts) {
  using namespace keccak;
  const size_t height = height_for(events.size());
  RowMajorMatrix t(height, kNumCols);
  const KeccakEvent padding{};
  for (size_t p = 0; p * kRounds < height; ++p) {
    const bool real = p < events.size();
    const KeccakEvent& e = real ? events[p] : padding;
    std::array<uint64_t, 25> state;
    std::copy(e.before.begin(), e.before.end(), state.begin());
    const uint64_t ts = 4 * e.clk + 2;
    if (real) {
      GF_CHECK(e.a0 % 8 == 0, "Keccak-f state address not 8-aligned");
      counts.range16((e.a0 >> 3) & 0xFFFF);
      counts.range16(8 * (e.a0 >> 19));
    }
    for (uint32_t r = 0; r < kRounds && p * kRounds + r < height; ++r) {
      const size_t row = p * kRounds + r;
      std::span<Fp> cells = t.row(row);
      auto set = [&](uint32_t c, uint64_t v) { cells[c] = Fp::from_u64(v); };
      fill_round(cells, r, state);
      for (uint32_t i = 0; i < 25; ++i)
        for (uint32_t l = 0; l < 4; ++l) {
          set(kPre + 4 * i + l, (e.before[i] >> (16 * l)) & 0xFFFF);
          if (real) set(kPost + 4 * i + l, (e.after[i] >> (16 * l)) & 0xFFFF);
        }
      if (!real) continue;
      set(kIsReal, 1);
      set(kClk, e.clk);
      set(kH0, (e.a0 >> 3) & 0xFFFF);
      set(kH1, e.a0 >> 19);
      set(kCall, r == 0);
      for (uint32_t s = 0; s < kSlots; ++s) {
        const uint32_t j = kSlots * r + s, base = kSlot + kSlotCols * s;
        if (j >= kWords) continue;
        const uint64_t prev = e.ts_prev[j];
        GF_CHECK(ts > prev && ts - prev - 1 < (uint64_t{1} << 32), "Keccak-f state word timestamp gap");
        const uint64_t d = ts - prev - 1;
        set(base + kSlotBefore, (e.before[j / 2] >> (32 * (j % 2))) & 0xFFFFFFFF);
        set(base + kSlotAfter, (e.after[j / 2] >> (32 * (j % 2))) & 0xFFFFFFFF);
        set(base + kSlotTsPrev, prev);
        set(base + kSlotTsLo, d & 0xFFFF);
        set(base + kSlotTsHi, d >> 16);
        set(base + kSlotMult, 1);
        counts.range16(static_cast<uint32_t>(d & 0xFFFF));
        counts.range16(static_cast<uint32_t>(d >> 16));
      }
    }
  }
  return t;
}

}  // namespace goldfinch::circuit
