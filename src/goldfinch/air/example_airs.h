// Small example tables used by the engine's tests, benchmarks and fuzzers: Fibonacci, a 16-bit
// range check by lookup into a preprocessed table, and two tables on an addition bus. Each also
// has a witness generator so tests can build honest traces and then break them.
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"

namespace goldfinch::air::examples {

inline constexpr uint32_t kRangeBus = 1;
inline constexpr uint32_t kAddBus = 2;

// Columns (a, b). Public values (a0, b0, b_last). a' = b, b' = a + b.
class FibonacciAir : public AirBase<FibonacciAir> {
 public:
  std::string name() const override { return "fibonacci"; }
  size_t width() const override { return 2; }
  size_t num_public_values() const override { return 3; }

  template <class B>
  void eval(B& b) const {
    auto a = b.main(0), bb = b.main(1);
    b.assert_zero_first_row(a - b.public_value(0), "a starts at pv0");
    b.assert_zero_first_row(bb - b.public_value(1), "b starts at pv1");
    b.assert_zero_transition(b.main_next(0) - bb, "a' = b");
    b.assert_zero_transition(b.main_next(1) - a - bb, "b' = a + b");
    b.assert_zero_last_row(bb - b.public_value(2), "b ends at pv2");
  }

  static RowMajorMatrix trace(size_t n, Fp a0, Fp b0, std::vector<Fp>* public_values);
};

// Column x; every row sends (x) on the range bus: x must be a 16-bit value.
class RangeCheckedAir : public AirBase<RangeCheckedAir> {
 public:
  std::string name() const override { return "range_checked"; }
  size_t width() const override { return 1; }
  std::vector<Interaction> interactions() const override {
    return {{kRangeBus, {LinearCombination::main(0)}, LinearCombination::one(), Direction::kSend}};
  }
  template <class B>
  void eval(B&) const {}
};

// The 16-bit table: preprocessed column v = row index (height 2^16), main column m = how many
// times v was looked up; receives (v) with multiplicity m.
class U16TableAir : public AirBase<U16TableAir> {
 public:
  static constexpr size_t kHeight = 1 << 16;
  std::string name() const override { return "u16_table"; }
  size_t width() const override { return 1; }
  size_t preprocessed_width() const override { return 1; }
  size_t fixed_height() const override { return kHeight; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<Interaction> interactions() const override {
    return {{kRangeBus, {LinearCombination::pre(0)}, LinearCombination::main(0), Direction::kReceive}};
  }
  template <class B>
  void eval(B&) const {}

  static RowMajorMatrix multiplicities(const RowMajorMatrix& checked_values);
};

// Columns (a, b, c); every row sends (a, b, c) on the add bus with multiplicity 1.
class AddSenderAir : public AirBase<AddSenderAir> {
 public:
  std::string name() const override { return "add_sender"; }
  size_t width() const override { return 3; }
  std::vector<Interaction> interactions() const override {
    return {{kAddBus, {LinearCombination::main(0), LinearCombination::main(1), LinearCombination::main(2)},
             LinearCombination::one(), Direction::kSend}};
  }
  template <class B>
  void eval(B&) const {}
};

// Columns (a, b, c, m): constrains c = a + b and m boolean; receives (a, b, c) with multiplicity m.
class AddReceiverAir : public AirBase<AddReceiverAir> {
 public:
  std::string name() const override { return "add_receiver"; }
  size_t width() const override { return 4; }
  std::vector<Interaction> interactions() const override {
    return {{kAddBus, {LinearCombination::main(0), LinearCombination::main(1), LinearCombination::main(2)},
             LinearCombination::main(3), Direction::kReceive}};
  }
  template <class B>
  void eval(B& b) const {
    b.assert_zero(b.main(2) - b.main(0) - b.main(1), "c = a + b");
    b.assert_bool(b.main(3), "m is boolean");
  }
};

// Variable-length public values: the table sends (i, v_i) on bus 40 for its real rows (columns
// is_real, i, v); the public values, one per output element, are matched by public bus terms
// receiving (i, pv[i]) — the shape of a program's public output.
class PublicOutputAir : public AirBase<PublicOutputAir> {
 public:
  static constexpr uint32_t kBus = 40;
  std::string name() const override { return "public_output"; }
  size_t width() const override { return 3; }
  bool variable_public_values() const override { return true; }
  std::vector<Interaction> interactions() const override {
    return {{kBus, {LinearCombination::main(1), LinearCombination::main(2)}, LinearCombination::main(0), Direction::kSend}};
  }
  std::vector<PublicBusTerm> public_bus_terms(std::span<const Fp> pv) const override {
    std::vector<PublicBusTerm> out;
    for (size_t i = 0; i < pv.size(); ++i) out.push_back({kBus, {Fp::from_u64(i), pv[i]}, Fp::one(), Direction::kReceive});
    return out;
  }
  template <class B>
  void eval(B& b) const {
    b.assert_bool(b.main(0), "is_real is boolean");
  }
  // Rows (1, i, values[i]), padded to a power of two (at least 4); public values = values.
  static RowMajorMatrix trace(std::span<const uint64_t> values, std::vector<Fp>* public_values);
};

// A synthetic wide table for benchmarks: `width` columns, degree-3 transition constraints
// x_i' = x_i^3 + x_{i+1} (indices mod width), plus a first-row constraint.
class SyntheticAir : public AirBase<SyntheticAir> {
 public:
  explicit SyntheticAir(size_t width) : width_(width) {}
  std::string name() const override { return "synthetic"; }
  size_t width() const override { return width_; }
  template <class B>
  void eval(B& b) const {
    for (size_t i = 0; i < width_; ++i) {
      auto x = b.main(i);
      b.assert_zero_transition(b.main_next(i) - x * x * x - b.main(i + 1 == width_ ? 0 : i + 1), "x' = x^3 + y");
    }
    b.assert_zero_first_row(b.main(0) - b.constant(Fp::one()), "x0 starts at 1");
  }
  RowMajorMatrix trace(size_t height, uint64_t seed) const;

 private:
  size_t width_;
};

}  // namespace goldfinch::air::examples
