#include "goldfinch/multiset/air/statement.h"

#include "goldfinch/base/parallel.h"

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

size_t height_for(size_t n) {
  size_t h = 4;
  while (h < n) h *= 2;
  return h;
}

}  // namespace

RowMajorMatrix TupleListTable::preprocessed_trace(size_t height) const {
  GF_CHECK(height == height_ && tuples_.size() <= height_, "tuple list height");
  RowMajorMatrix t(height_, 6);
  for (size_t r = 0; r < tuples_.size(); ++r) {
    t.at(r, 0) = Fp::one();
    t.at(r, 1) = Fp::from_u64(tuples_[r].send ? 1 : 2);
    for (size_t i = 0; i < kTableTupleLen; ++i) t.at(r, 2 + i) = tuples_[r].tuple[i];
  }
  return t;
}

std::vector<Interaction> TupleListTable::interactions() const {
  std::vector<LinearCombination> fields;
  for (uint32_t c = 1; c < 6; ++c) fields.push_back(LinearCombination::pre(c));
  return {{circuit::kBusMultisetTuple, fields, LinearCombination::pre(0), Direction::kSend}};
}

MultisetStatement::MultisetStatement(std::vector<SignedTuple> tuples)
    : tuples_(std::move(tuples)), height_(height_for(tuples_.size())), list_(tuples_, height_) {}

Point signed_point(const HashToCurveRow& r) {
  const Point p = witness_point(r.w);
  return r.send ? p : -p;
}

MultisetHash MultisetStatement::native() const {
  MultisetHash h;
  for (const SignedTuple& t : tuples_) {
    const Error e = t.send ? h.add(t.tuple) : h.remove(t.tuple);
    GF_CHECK(e.ok(), "native multiset hash");
  }
  return h;
}

RowMajorMatrix MultisetStatement::poseidon2_trace_for(const RowMajorMatrix& hash_to_curve, size_t height) {
  std::vector<Poseidon2State> inputs;
  for (size_t r = 0; r < hash_to_curve.height(); ++r) {
    if ((hash_to_curve.at(r, h2c::kIsSend) + hash_to_curve.at(r, h2c::kIsReceive)).is_zero()) continue;
    const Tuple t = {hash_to_curve.at(r, h2c::kT0), hash_to_curve.at(r, h2c::kT1), hash_to_curve.at(r, h2c::kT2),
                     hash_to_curve.at(r, h2c::kT3)};
    Poseidon2State s = hash_to_curve_input(t, 0);
    s[4] = hash_to_curve.at(r, h2c::kK);
    inputs.push_back(s);
  }
  return Poseidon2Table::trace(inputs, height);
}

Result<MultisetTraces> multiset_traces(std::span<const SignedTuple> tuples, size_t height, circuit::LookupCounts& counts,
                                       std::vector<HashToCurveRow>* rows_out) {
  GF_CHECK(tuples.size() <= height, "multiset traces: more tuples than rows");
  std::vector<HashToCurveRow> rows(tuples.size());
  std::vector<Error> errors(tuples.size(), Error::none());
  parallel_for(tuples.size(), [&](size_t i) {
    Result<HashToCurveWitness> hw = hash_to_curve_witness(tuples[i].tuple);
    if (!hw.ok()) {
      errors[i] = hw.error();
      return;
    }
    rows[i] = {tuples[i].tuple, *hw, tuples[i].send};
  }, 16);
  for (const Error& e : errors)
    if (!e.ok()) return e;
  Result<HashToCurveWitness> pad = hash_to_curve_witness(Tuple{});
  if (!pad.ok()) return pad.error();
  MultisetTraces out;
  out.hash_to_curve = HashToCurveTable::trace(rows, {Tuple{}, *pad, true}, height, counts);
  std::vector<Poseidon2State> inputs;
  std::vector<AffinePoint> points;
  inputs.reserve(rows.size());
  points.reserve(rows.size());
  for (const HashToCurveRow& r : rows) {
    inputs.push_back(hash_to_curve_input(r.tuple, r.w.counter.value()));
    const Point p = signed_point(r);
    points.push_back({p.x(), p.y()});
  }
  out.poseidon2 = Poseidon2Table::trace(inputs, height);
  Result<RowMajorMatrix> sum = MultisetSumTable::trace(points, height, &out.sum_public_values);
  if (!sum.ok()) return sum.error();
  out.sum = std::move(*sum);
  if (rows_out) *rows_out = std::move(rows);
  return out;
}

Result<MultisetWitness> MultisetStatement::witness() const {
  MultisetWitness w;
  circuit::LookupCounts counts;
  Result<MultisetTraces> t = multiset_traces(tuples_, height_, counts, &w.rows);
  if (!t.ok()) return t.error();
  w.hash_to_curve = std::move(t->hash_to_curve);
  w.poseidon2 = std::move(t->poseidon2);
  w.sum = std::move(t->sum);
  w.public_values = std::move(t->sum_public_values);
  w.list = RowMajorMatrix(height_, 0);
  w.range = circuit::RangeU16Table::trace(counts);
  return w;
}

}  // namespace goldfinch::multiset
