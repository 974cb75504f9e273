#include "goldfinch/circuit/shift_chip.h"

#include "goldfinch/base/check.h"

namespace goldfinch::circuit {

namespace {

using air::Column;
using air::LinearCombination;

LinearCombination lc(std::initializer_list<std::pair<uint32_t, uint64_t>> terms) {
  LinearCombination out;
  for (const auto& [col, k] : terms) out.terms.push_back({Column::main(col), Fp::from_u64(k)});
  return out;
}

}  // namespace

std::vector<air::Interaction> ShiftChip::interactions() const {
  const LinearCombination active = lc({{kShiftIsSll, 1}, {kShiftIsSrl, 1}, {kShiftIsSra, 1}});
  const LinearCombination op = lc({{kShiftIsSll, kSll}, {kShiftIsSrl, kSrl}, {kShiftIsSra, kSra}});
  const LinearCombination a = lc({{kShiftA0, 1}, {kShiftA1, 1 << 16}});
  const LinearCombination b = lc({{kShiftSh0, 1}, {kShiftSh1, 2}, {kShiftSh2, 4}, {kShiftSh3, 8}, {kShiftSh4, 16},
                                  {kShiftT, 32}, {kShiftBHi, 1 << 16}});
  const LinearCombination c = lc({{kShiftC0, 1}, {kShiftC1, 1 << 16}});
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu, {op, a, b, c}, active, air::Direction::kReceive});
  // Eleven 16-bit range checks, sent by active rows only. A doubled or scaled check bounds a value
  // already known to be below 2^16: 2 a1 - 2^16 sign < 2^16 makes sign bit 15 of a1,
  // 32 t < 2^16 makes t < 2^11, and 2 d1 < 2^16 makes d1 < 2^15.
  LinearCombination sign_rest = lc({{kShiftA1, 2}});
  sign_rest.terms.push_back({Column::main(kShiftSign), -Fp::from_u64(1 << 16)});
  const LinearCombination ranges[] = {
      LinearCombination::main(kShiftA0), LinearCombination::main(kShiftA1), sign_rest,
      LinearCombination::main(kShiftT),  lc({{kShiftT, 32}}),               LinearCombination::main(kShiftBHi),
      LinearCombination::main(kShiftC0), LinearCombination::main(kShiftC1), LinearCombination::main(kShiftD0),
      LinearCombination::main(kShiftD1), lc({{kShiftD1, 2}}),
  };
  for (const auto& r : ranges) out.push_back({kBusRange16, {r}, active, air::Direction::kSend});
  return out;
}

RowMajorMatrix ShiftChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  size_t n = 4;
  while (n < events.size()) n *= 2;
  RowMajorMatrix t(n, kShiftNumCols);
  auto set = [&](size_t r, uint32_t col, uint64_t v) { t.at(r, col) = Fp::from_u64(v); };
  for (size_t r = 0; r < n; ++r) {
    set(r, kShiftPow3, 1);
    set(r, kShiftPow, 1);
  }
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    GF_CHECK(e.op == kSll || e.op == kSrl || e.op == kSra, "ShiftChip::trace given a non-shift event");
    const uint32_t a = e.a, b = e.b, sh = b & 31;
    const uint32_t c = alu_eval(e.op, a, b);
    // d: SLL the bits shifted out (a 2^sh >> 32); SRL/SRA the remainder a mod 2^sh moved to the
    // top of 31 bits (for SRA the remainder of the signed value is the same bits).
    const uint64_t d =
        e.op == kSll ? (uint64_t{a} << sh) >> 32 : (uint64_t{a} & ((uint64_t{1} << sh) - 1)) << (31 - sh);
    set(r, e.op == kSll ? kShiftIsSll : e.op == kSrl ? kShiftIsSrl : kShiftIsSra, 1);
    set(r, kShiftA0, a & 0xFFFF);
    set(r, kShiftA1, a >> 16);
    set(r, kShiftSign, a >> 31);
    for (uint32_t i = 0; i < 5; ++i) set(r, kShiftSh0 + i, (sh >> i) & 1);
    set(r, kShiftT, (b >> 5) & 0x7FF);
    set(r, kShiftBHi, b >> 16);
    set(r, kShiftPow3, uint64_t{1} << (sh & 7));
    set(r, kShiftPow, uint64_t{1} << sh);
    set(r, kShiftC0, c & 0xFFFF);
    set(r, kShiftC1, c >> 16);
    set(r, kShiftD0, d & 0xFFFF);
    set(r, kShiftD1, d >> 16);
    for (uint64_t v : {uint64_t{a & 0xFFFF}, uint64_t{a >> 16}, uint64_t{(a >> 16) & 0x7FFF} * 2,
                       uint64_t{(b >> 5) & 0x7FF}, uint64_t{(b >> 5) & 0x7FF} * 32, uint64_t{b >> 16},
                       uint64_t{c & 0xFFFF}, uint64_t{c >> 16}, d & 0xFFFF, d >> 16, (d >> 16) * 2})
      counts.range16(static_cast<uint32_t>(v));
  }
  return t;
}

}  // namespace goldfinch::circuit
