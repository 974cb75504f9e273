#include "goldfinch/circuit/lt.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

std::vector<air::Interaction> LtChip::interactions() const {
  const auto active = main_sum({{kIsSlt, 1}, {kIsSltu, 1}});
  const auto col = [](uint32_t c) { return main_sum({{c, 1}}); };
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu,
                 {main_sum({{kIsSlt, kSlt}, {kIsSltu, kSltu}}), main_sum({{kA0, 1}, {kA2, 1u << 16}, {kA3, 1u << 24}}),
                  main_sum({{kB0, 1}, {kB2, 1u << 16}, {kB3, 1u << 24}}), col(kC)},
                 active, Direction::kReceive});
  // Low halves and the difference: 16-bit range checks.
  for (uint32_t c : {kA0, kB0, kD0, kD1}) out.push_back({kBusRange16, {col(c)}, active, Direction::kSend});
  // Third bytes of a and b: one byte-pair range check.
  out.push_back({kBusByte, {constant_lc(kByteRange), col(kA2), col(kB2), constant_lc(0)}, active, Direction::kSend});
  // Top bytes: x3 AND 0x80 = 0x80 * msb_x proves x3 is a byte and msb_x its top bit.
  for (auto [top, msb] : {std::pair{kA3, kMsbA}, std::pair{kB3, kMsbB}})
    out.push_back({kBusByte, {constant_lc(kByteAnd), col(top), constant_lc(0x80), main_sum({{msb, 0x80}})}, active,
                   Direction::kSend});
  return out;
}

RowMajorMatrix LtChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    GF_CHECK(e.op == kSlt || e.op == kSltu, "LtChip given an op it does not own");
    const bool is_slt = e.op == kSlt;
    const uint32_t c = alu_eval(e.op, e.a, e.b);
    const uint32_t msb_a = e.a >> 31, msb_b = e.b >> 31;
    const int64_t av = int64_t{e.a} - (is_slt ? int64_t{msb_a} << 32 : 0);
    const int64_t bv = int64_t{e.b} - (is_slt ? int64_t{msb_b} << 32 : 0);
    const int64_t d = c ? bv - av - 1 : av - bv;
    GF_CHECK(d >= 0 && d < (int64_t{1} << 32), "LtChip: comparison result disagrees with alu_eval");
    const uint32_t du = static_cast<uint32_t>(d);
    const uint32_t a0 = e.a & 0xFFFF, a2 = (e.a >> 16) & 0xFF, a3 = e.a >> 24;
    const uint32_t b0 = e.b & 0xFFFF, b2 = (e.b >> 16) & 0xFF, b3 = e.b >> 24;
    const uint32_t vals[kWidth] = {is_slt, !is_slt, c, a0, a2, a3, msb_a, b0, b2, b3, msb_b, du & 0xFFFF, du >> 16};
    for (uint32_t k = 0; k < kWidth; ++k) t.at(r, k) = Fp::from_u64(vals[k]);
    for (uint32_t v : {a0, b0, du & 0xFFFF, du >> 16}) counts.range16(v);
    counts.byte_op(kByteRange, a2, b2);
    counts.byte_op(kByteAnd, a3, 0x80);
    counts.byte_op(kByteAnd, b3, 0x80);
  }
  return t;
}

}  // namespace goldfinch::circuit
