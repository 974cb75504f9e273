// Debug checkers over honest (or deliberately broken) traces, for tests and `goldfinch check`:
// the constraint checker names the table, row and constraint that fails; the bus-balance checker
// names the bus and every tuple whose sends and receives do not cancel, with its net count.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"

namespace goldfinch::air {

struct ConstraintFailure {
  std::string table;
  size_t row = 0;
  size_t constraint = 0;
  std::string constraint_name;
  Selector selector = Selector::kEveryRow;
  Fp value;

  std::string describe() const;
};

// One table's trace as the checkers see it.
struct TableTrace {
  const Air* air = nullptr;
  ConstMatrixView main;
  ConstMatrixView preprocessed;  // empty when the table has none
  std::span<const Fp> public_values;
};

// Returns every failing (row, constraint), at most `limit` of them.
std::vector<ConstraintFailure> check_constraints(const TableTrace& t, size_t limit = 100);

struct BusImbalance {
  uint32_t bus = 0;
  std::vector<Fp> tuple;
  // Net multiplicity (sends minus receives) as a field element and as a signed integer when it
  // is small in absolute value (|net| < 2^32), which is how it is printed.
  Fp net;
  std::string describe() const;
};

// Sums the multiplicities of every tuple on every bus over all tables and the public terms;
// returns the tuples whose total is not zero (at most `limit`).
std::vector<BusImbalance> check_buses(std::span<const TableTrace> tables, size_t limit = 100);

}  // namespace goldfinch::air
