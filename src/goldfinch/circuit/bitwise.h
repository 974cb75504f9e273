// BitwiseChip: the ALU operation table for XOR, OR, AND and their immediate forms (kBusAlu ops
// kXor, kOr, kAnd). One row per operation: a, b and c as four bytes each and one ByteTable lookup
// per byte position, which proves the bytes and the result. See docs/circuit_alu.md.
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

class BitwiseChip : public air::AirBase<BitwiseChip> {
 public:
  // Column indices: three selectors, then the bytes of a, b and c (least significant first).
  enum Col : uint32_t { kIsXor = 0, kIsOr, kIsAnd, kA, kB = kA + 4, kC = kB + 4, kWidth = kC + 4 };

  std::string name() const override { return "alu_bitwise"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const {
    const auto x = b.main(kIsXor), o = b.main(kIsOr), a = b.main(kIsAnd);
    b.assert_bool(x, "is_xor boolean");
    b.assert_bool(o, "is_or boolean");
    b.assert_bool(a, "is_and boolean");
    b.assert_bool(x + o + a, "at most one selector");
  }

  // One row per event (ops kXor, kOr, kAnd only), padded with all-zero rows to a power of two
  // >= 4. Records the chip's byte lookups in `counts`.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
};

}  // namespace goldfinch::circuit
