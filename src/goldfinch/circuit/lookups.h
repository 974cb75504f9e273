// The shared lookup tables of the RV32IM circuit and the counters that fill their multiplicity
// columns: RangeU16Table (every 16-bit value; bus kBusRange16) and ByteTable (every pair of
// bytes with their AND, OR and XOR; bus kBusByte). Chips record each lookup they send in a
// LookupCounts while generating their traces; the tables' traces are built from the totals.
// Table multiplicities may be any field element: a lookup table's rows are all valid, so a
// multiplicity only states how often a valid row is used.
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/pinned_descriptions.h"

namespace goldfinch::circuit {

class LookupCounts {
 public:
  LookupCounts() : range16_(1 << 16, 0), bytes_(4 * (1 << 16), 0) {}
  void range16(uint32_t v) {
    GF_CHECK(v < (1u << 16), "range16 lookup of a value >= 2^16");
    ++range16_[v];
  }
  void byte_op(ByteOp op, uint32_t a, uint32_t b) {
    GF_CHECK(a < 256 && b < 256 && op >= kByteAnd && op <= kByteRange, "byte lookup out of range");
    ++bytes_[(op - 1) * (1u << 16) + (a << 8 | b)];
  }
  void merge(const LookupCounts& o) {
    for (size_t i = 0; i < range16_.size(); ++i) range16_[i] += o.range16_[i];
    for (size_t i = 0; i < bytes_.size(); ++i) bytes_[i] += o.bytes_[i];
  }
  uint64_t range16_count(uint32_t v) const { return range16_[v]; }
  uint64_t byte_count(ByteOp op, uint32_t a, uint32_t b) const { return bytes_[(op - 1) * (1u << 16) + (a << 8 | b)]; }

 private:
  std::vector<uint64_t> range16_;
  std::vector<uint64_t> bytes_;
};

// Preprocessed: v = row index. Main: m. Receives (v) on kBusRange16 with multiplicity m.
class RangeU16Table : public air::AirBase<RangeU16Table> {
 public:
  static constexpr size_t kHeight = size_t{1} << 16;
  std::string name() const override { return "range_u16"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return 1; }
  size_t preprocessed_width() const override { return 1; }
  size_t fixed_height() const override { return kHeight; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B&) const {}

  static RowMajorMatrix trace(const LookupCounts& counts);
};

// Preprocessed: a, b, a AND b, a OR b, a XOR b over all byte pairs (row = a * 256 + b).
// Main: m_and, m_or, m_xor, m_range. Receives (kByteAnd, a, b, a&b) with m_and, likewise OR and
// XOR, and (kByteRange, a, b, 0) with m_range.
class ByteTable : public air::AirBase<ByteTable> {
 public:
  static constexpr size_t kHeight = size_t{1} << 16;
  std::string name() const override { return "byte_ops"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return 4; }
  size_t preprocessed_width() const override { return 5; }
  size_t fixed_height() const override { return kHeight; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B&) const {}

  static RowMajorMatrix trace(const LookupCounts& counts);
};

}  // namespace goldfinch::circuit
