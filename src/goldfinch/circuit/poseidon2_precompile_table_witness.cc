// Witness generation (the prover side) of poseidon2_precompile_table.h; the AIR itself
// (interactions) is in poseidon2_precompile_table.cc, which the verifier guest compiles too.
#include "goldfinch/base/parallel.h"
#include "goldfinch/circuit/alu_lc.h"
#include "goldfinch/circuit/poseidon2_precompile_table.h"

namespace goldfinch::circuit {

namespace {

using namespace p2p_cols;

// 1 / (0xFFFFFFFF - hi), or 0 when hi = 0xFFFFFFFF (the canonical checks' witness).
Fp hi_inverse(uint32_t hi) {
  const Fp d = Fp::from_u64(0xFFFFFFFFu - hi);
  return d.is_zero() ? Fp::zero() : d.inverse();
}

}  // namespace

void Poseidon2PrecompileTable::fill_row(std::span<Fp> row, const Poseidon2Event* ev, LookupCounts* counts) {
  GF_CHECK(row.size() == kNumCols, "poseidon2 precompile row width");
  std::array<uint32_t, kWords> in{};
  if (ev) {
    GF_CHECK(ev->a0 % 8 == 0, "Poseidon2 state not 8-aligned (the executor traps)");
    in = ev->before;
    const uint32_t h0 = (ev->a0 >> 3) & 0xFFFF, h1 = ev->a0 >> 19;
    row[kCall] = Fp::one();
    row[kClk] = Fp::from_u64(ev->clk);
    row[kH0] = Fp::from_u64(h0);
    row[kH1] = Fp::from_u64(h1);
    counts->range16(h0);
    counts->range16(8 * h1);
    const uint64_t ts = 4 * ev->clk + 2;
    for (uint32_t w = 0; w < kWords; ++w) {
      GF_CHECK(ts > ev->ts_prev[w] && ts - ev->ts_prev[w] - 1 < (uint64_t{1} << 32), "Poseidon2 access timestamp gap");
      const uint64_t g = ts - ev->ts_prev[w] - 1;
      row[slot(w, kSlotTsPrev)] = Fp::from_u64(ev->ts_prev[w]);
      row[slot(w, kSlotTsLo)] = Fp::from_u64(g & 0xFFFF);
      row[slot(w, kSlotTsHi)] = Fp::from_u64(g >> 16);
      counts->range16(static_cast<uint32_t>(g & 0xFFFF));
      counts->range16(static_cast<uint32_t>(g >> 16));
    }
  }
  multiset::Poseidon2State state;
  for (uint32_t i = 0; i < 8; ++i) {
    const uint64_t v = uint64_t{in[2 * i]} | uint64_t{in[2 * i + 1]} << 32;
    GF_CHECK(v < Fp::kModulus, "Poseidon2 input element not canonical (the executor traps)");
    state[i] = Fp::from_canonical(v);
    row[kIn + 2 * i] = Fp::from_u64(in[2 * i]);
    row[kIn + 2 * i + 1] = Fp::from_u64(in[2 * i + 1]);
    row[kInInv + i] = hi_inverse(in[2 * i + 1]);
  }
  const multiset::Poseidon2State out = multiset::poseidon2_fill_rounds(row, kRounds, state);
  for (uint32_t i = 0; i < 8; ++i) {
    const uint32_t words[2] = {static_cast<uint32_t>(out[i].value()), static_cast<uint32_t>(out[i].value() >> 32)};
    if (ev) GF_CHECK(ev->after[2 * i] == words[0] && ev->after[2 * i + 1] == words[1], "Poseidon2 event output");
    for (uint32_t h = 0; h < 2; ++h) {
      row[kOut + 2 * i + h] = Fp::from_u64(words[h]);
      if (ev) {
        row[kOutHi + 2 * i + h] = Fp::from_u64(words[h] >> 16);
        counts->range16(words[h] & 0xFFFF);
        counts->range16(words[h] >> 16);
      }
    }
    row[kOutInv + i] = hi_inverse(words[1]);
  }
}

RowMajorMatrix Poseidon2PrecompileTable::trace(std::span<const Poseidon2Event> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kNumCols);
  // Lookup counts are recorded in order (LookupCounts is not thread-safe); the rounds in parallel.
  for (size_t r = 0; r < events.size(); ++r) fill_row(t.row(r), &events[r], &counts);
  parallel_for(
      t.height() - events.size(), [&](size_t r) { fill_row(t.row(events.size() + r), nullptr, nullptr); }, 16);
  return t;
}

}  // namespace goldfinch::circuit
