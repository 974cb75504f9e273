// LoadStoreChip: the operation table behind kBusLoadStore (LB, LH, LW, LBU, LHU, SB, SH, SW). One
// row per memory access: the old word and the register value as bytes, the new word, the byte
// offset one-hot, and the constraints that tie them to mem_eval (byte/halfword selection with
// sign or zero extension, the store merge, alignment). Design and soundness: docs/circuit_load_store.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"

namespace goldfinch::circuit {

class LoadStoreChip : public air::AirBase<LoadStoreChip> {
 public:
  // Column indices. Selectors one per MemOp; f0..f3 the offset one-hot; x0..x3 the old word's
  // bytes and z0..z3 the register value's (least significant first); s0 and s1 the top bits of
  // z0 and z1 (the sign of a loaded byte / halfword); n the new word (one element: the
  // constraints determine it, so it needs no decomposition).
  enum Col : uint32_t {
    kIsLb = 0, kIsLh, kIsLw, kIsLbu, kIsLhu, kIsSb, kIsSh, kIsSw,
    kF0, kF1, kF2, kF3,
    kX0, kX1, kX2, kX3,
    kZ0, kZ1, kZ2, kZ3,
    kS0, kS1,
    kN,
    kWidth
  };

  std::string name() const override { return "load_store"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const {
    const auto col = [&](uint32_t c) { return b.main(c); };
    const auto lb = col(kIsLb), lh = col(kIsLh), lw = col(kIsLw), lbu = col(kIsLbu), lhu = col(kIsLhu);
    const auto sb = col(kIsSb), sh = col(kIsSh), sw = col(kIsSw);
    for (uint32_t s = kIsLb; s <= kIsSw; ++s) b.assert_bool(col(s), "selector boolean");
    const auto m = lb + lh + lw + lbu + lhu + sb + sh + sw;
    b.assert_bool(m, "at most one selector");

    // Offset: one-hot on active rows, all zero on padding rows; alignment.
    const auto f0 = col(kF0), f1 = col(kF1), f2 = col(kF2), f3 = col(kF3);
    for (uint32_t c = kF0; c <= kF3; ++c) b.assert_bool(col(c), "offset flag boolean");
    b.assert_zero(f0 + f1 + f2 + f3 - m, "one offset flag per active row");
    b.assert_zero((lh + lhu + sh) * (f1 + f3), "halfword access aligned (off even)");
    b.assert_zero((lw + sw) * (f1 + f2 + f3), "word access aligned (off = 0)");

    const Fp k256 = Fp::from_u64(256), k2_16 = Fp::from_u64(1u << 16);
    const auto x = [&](uint32_t i) { return col(kX0 + i); };
    const auto z = [&](uint32_t i) { return col(kZ0 + i); };
    const auto word = [&](uint32_t first) {
      return col(first) + col(first + 1) * k256 + col(first + 2) * k2_16 + col(first + 3) * Fp::from_u64(1u << 24);
    };
    const auto old_word = word(kX0), reg = word(kZ0);
    // The register's low byte / halfword, and the old word's byte / halfword at off (the flags are
    // one-hot; halfword rows have f1 = f3 = 0).
    const auto z_half = z(0) + z(1) * k256;
    const auto x_byte = f0 * x(0) + f1 * x(1) + f2 * x(2) + f3 * x(3);
    const auto x_half = f0 * (x(0) + x(1) * k256) + f2 * (x(2) + x(3) * k256);

    // Loads: the register's low byte / halfword / word is the old word's at off.
    b.assert_zero((lb + lbu) * (z(0) - x_byte), "byte load: z0 = old byte at off");
    b.assert_zero((lh + lhu) * (z_half - x_half), "halfword load: z0 + 256 z1 = old half at off");
    b.assert_zero(lw * (reg - old_word), "word load: register = old word");
    // ... and extend it: upper bytes 0xFF * sign (LB, LH) or 0 (LBU, LHU).
    const auto ext_b = col(kS0) * Fp::from_u64(0xFF), ext_h = col(kS1) * Fp::from_u64(0xFF);
    b.assert_zero(lb * (z(1) - ext_b) + lbu * z(1), "byte load: z1 extended");
    for (uint32_t k : {2u, 3u})
      b.assert_zero(lb * (z(k) - ext_b) + lbu * z(k) + lh * (z(k) - ext_h) + lhu * z(k), "load: upper byte extended");

    // The new word: the old one plus, for stores, the difference the written bytes make
    // (sum_i f_i 2^(8i) (z0 - x_i) is 2^(8 off) (z0 - x[off]) because the flags are one-hot).
    const auto sb_delta = f0 * (z(0) - x(0)) + f1 * (z(0) - x(1)) * k256 + f2 * (z(0) - x(2)) * k2_16 +
                          f3 * (z(0) - x(3)) * Fp::from_u64(1u << 24);
    const auto sh_delta = f0 * (z_half - x(0) - x(1) * k256) + f2 * (z_half - x(2) - x(3) * k256) * k2_16;
    b.assert_zero(col(kN) - old_word - sb * sb_delta - sh * sh_delta - sw * (reg - old_word),
                  "new word = old word with the stored bytes");
  }

  // One row per event, padded with all-zero rows to a power of two >= 4. Records the chip's byte
  // lookups in `counts`. Events must be aligned (the executor traps otherwise): GF_CHECK.
  static RowMajorMatrix trace(std::span<const MemEvent> events, LookupCounts& counts);
};

}  // namespace goldfinch::circuit
