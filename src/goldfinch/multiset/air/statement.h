// A stand-alone statement for the multiset-hash tables: "the EC multiset hash of this list of
// signed tuples is C". The list is a preprocessed table (in the verifying key), standing in for
// the shard's memory boundary, which will send the tuples once the tables are wired into the
// RV32IM circuit. Tables in setup order: list, Poseidon2, hash-to-curve, sum, RangeU16.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/multiset/air/hash_to_curve_table.h"
#include "goldfinch/multiset/air/poseidon2_table.h"
#include "goldfinch/multiset/air/sum_table.h"
#include "goldfinch/multiset/multiset_hash.h"

namespace goldfinch::multiset {

struct SignedTuple {
  Tuple tuple{};
  bool send = true;  // false: a receive (the point is subtracted)
};

// Preprocessed columns (real, kind, t0..t3), kind 1 for a send and 2 for a receive; no main
// columns. Sends (kind, t0..t3) on kBusMultisetTuple with multiplicity `real`.
class TupleListTable : public air::AirBase<TupleListTable> {
 public:
  TupleListTable(std::vector<SignedTuple> tuples, size_t height) : tuples_(std::move(tuples)), height_(height) {}
  std::string name() const override { return "multiset_tuple_list"; }
  size_t width() const override { return 0; }
  size_t preprocessed_width() const override { return 6; }
  size_t fixed_height() const override { return height_; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B&) const {}

 private:
  std::vector<SignedTuple> tuples_;
  size_t height_;
};

// The traces of one statement, in setup order, and the sum table's public values.
struct MultisetWitness {
  RowMajorMatrix list, poseidon2, hash_to_curve, sum, range;
  std::vector<Fp> public_values;
  std::vector<HashToCurveRow> rows;  // the native witnesses, one per tuple
};

class MultisetStatement {
 public:
  static constexpr size_t kList = 0, kPoseidon2 = 1, kHashToCurve = 2, kSum = 3, kRange = 4;

  explicit MultisetStatement(std::vector<SignedTuple> tuples);

  // Every table's height but the range table's: a power of two >= max(4, #tuples).
  size_t height() const { return height_; }
  const std::vector<SignedTuple>& tuples() const { return tuples_; }
  std::vector<const air::Air*> airs() const { return {&list_, &poseidon2_, &hash_to_curve_, &sum_, &range_}; }
  const MultisetSumTable& sum_table() const { return sum_; }

  // The honest witness (hash_to_curve's smallest counters, the sum in list order).
  Result<MultisetWitness> witness() const;
  // The native MultisetHash of the list (add for sends, remove for receives).
  MultisetHash native() const;

  // Rebuilds the downstream traces from edited parts, for attack tests: the Poseidon2 trace from
  // the hash-to-curve trace's (t, k) and the sum trace from the given points.
  static RowMajorMatrix poseidon2_trace_for(const RowMajorMatrix& hash_to_curve, size_t height);

 private:
  std::vector<SignedTuple> tuples_;
  size_t height_;
  TupleListTable list_;
  Poseidon2Table poseidon2_;
  HashToCurveTable hash_to_curve_;
  MultisetSumTable sum_;
  circuit::RangeU16Table range_;
};

// The signed point each hash-to-curve row sends (P or -P).
Point signed_point(const HashToCurveRow& r);

// The Poseidon2, hash-to-curve and sum traces for a list of signed tuples (the honest witness:
// smallest counters, the sum in list order), all of `height` rows (a power of two >= the list);
// the hash-to-curve rows' range lookups go to `counts`. Used by MultisetStatement and by the
// shard circuit, whose RAM boundary sends the tuples.
struct MultisetTraces {
  RowMajorMatrix poseidon2, hash_to_curve, sum;
  std::vector<Fp> sum_public_values;
};
Result<MultisetTraces> multiset_traces(std::span<const SignedTuple> tuples, size_t height, circuit::LookupCounts& counts,
                                       std::vector<HashToCurveRow>* rows_out = nullptr);

}  // namespace goldfinch::multiset
