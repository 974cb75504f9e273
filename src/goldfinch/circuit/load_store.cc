#include "goldfinch/circuit/load_store.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

namespace {

air::LinearCombination word(uint32_t first) {
  return main_sum({{first, 1}, {first + 1, 1u << 8}, {first + 2, 1u << 16}, {first + 3, 1u << 24}});
}

uint32_t byte_of(uint32_t v, uint32_t i) { return (v >> (8 * i)) & 0xFF; }

}  // namespace

std::vector<air::Interaction> LoadStoreChip::interactions() const {
  using C = LoadStoreChip;
  const auto active = main_sum({{kIsLb, 1}, {kIsLh, 1}, {kIsLw, 1}, {kIsLbu, 1}, {kIsLhu, 1}, {kIsSb, 1}, {kIsSh, 1}, {kIsSw, 1}});
  const auto col = [](uint32_t c) { return main_sum({{c, 1}}); };
  std::vector<air::Interaction> out;
  out.push_back({kBusLoadStore,
                 {main_sum({{kIsLb, kLb}, {kIsLh, kLh}, {kIsLw, kLw}, {kIsLbu, kLbu}, {kIsLhu, kLhu}, {kIsSb, kSb},
                            {kIsSh, kSh}, {kIsSw, kSw}}),
                  main_sum({{kF1, 1}, {kF2, 2}, {kF3, 3}}), word(kX0), word(kZ0), col(kN)},
                 active, Direction::kReceive});
  // z0 AND 0x80 = 0x80 s0 (and likewise z1, s1): z0, z1 are bytes and s0, s1 their top bits.
  for (auto [byte, sign] : {std::pair{C::kZ0, C::kS0}, std::pair{C::kZ1, C::kS1}})
    out.push_back({kBusByte, {constant_lc(kByteAnd), col(byte), constant_lc(0x80), main_sum({{sign, 0x80}})}, active,
                   Direction::kSend});
  // The other bytes: range-checked in pairs. The new word needs no check: the constraints fix it.
  for (uint32_t first : {C::kZ2, C::kX0, C::kX2})
    out.push_back({kBusByte, {constant_lc(kByteRange), col(first), col(first + 1), constant_lc(0)}, active,
                   Direction::kSend});
  return out;
}

RowMajorMatrix LoadStoreChip::trace(std::span<const MemEvent> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const MemEvent& e = events[r];
    GF_CHECK(e.op >= kLb && e.op <= kSw, "LoadStoreChip given an unknown memory op");
    GF_CHECK(e.off < 4, "LoadStoreChip: offset out of range");
    const bool half = e.op == kLh || e.op == kLhu || e.op == kSh, full = e.op == kLw || e.op == kSw;
    GF_CHECK(!(half && e.off % 2 != 0) && !(full && e.off != 0), "LoadStoreChip: misaligned access");
    const MemResult res = mem_eval(e.op, e.off, e.old_word, e.reg_value);
    const uint32_t reg = res.reg_value;
    t.at(r, kIsLb + (e.op - kLb)) = Fp::one();
    t.at(r, kF0 + e.off) = Fp::one();
    for (uint32_t i = 0; i < 4; ++i) {
      t.at(r, kX0 + i) = Fp::from_u64(byte_of(e.old_word, i));
      t.at(r, kZ0 + i) = Fp::from_u64(byte_of(reg, i));
    }
    const uint32_t s0 = byte_of(reg, 0) >> 7, s1 = byte_of(reg, 1) >> 7;
    t.at(r, kS0) = Fp::from_u64(s0);
    t.at(r, kS1) = Fp::from_u64(s1);
    t.at(r, kN) = Fp::from_u64(res.new_word);
    counts.byte_op(kByteAnd, byte_of(reg, 0), 0x80);
    counts.byte_op(kByteAnd, byte_of(reg, 1), 0x80);
    counts.byte_op(kByteRange, byte_of(reg, 2), byte_of(reg, 3));
    counts.byte_op(kByteRange, byte_of(e.old_word, 0), byte_of(e.old_word, 1));
    counts.byte_op(kByteRange, byte_of(e.old_word, 2), byte_of(e.old_word, 3));
  }
  return t;
}

}  // namespace goldfinch::circuit
