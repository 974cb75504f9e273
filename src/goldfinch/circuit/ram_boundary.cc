#include "goldfinch/circuit/ram_boundary.h"

#include <algorithm>

#include "goldfinch/base/bits.h"

namespace goldfinch::circuit {

using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace ram;

namespace {

LinearCombination col(Col c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }
LinearCombination is_real() {
  LinearCombination lc;
  for (Col c : {kIsImage, kIsInput, kIsRam, kIsHeader, kIsLen}) lc.terms.push_back({air::Column::main(c), Fp::one()});
  return lc;
}

}  // namespace

ImageTable ImageTable::of_height(size_t height) {
  GF_CHECK(height >= 4 && is_pow2(height), "image table height");
  ImageTable t;
  t.height_ = height;
  t.shape_only_ = true;
  return t;
}

RowMajorMatrix ImageTable::preprocessed_trace(size_t height) const {
  GF_CHECK(height == height_, "image table height");
  GF_CHECK(!shape_only_, "an image table built from a key's shape has no preprocessed trace");
  RowMajorMatrix t(height_, 4);
  for (size_t i = 0; i < words_.size(); ++i) {
    t.at(i, 0) = Fp::from_u64(words_[i].addr);
    t.at(i, 1) = Fp::from_u64(words_[i].value);
    t.at(i, 2) = Fp::from_u64(words_[i].writable);
    t.at(i, 3) = Fp::one();
  }
  return t;  // padding rows: all zero, multiplicity 0
}

std::vector<Interaction> ImageTable::interactions() const {
  return {{kBusImage, {LinearCombination::pre(0), LinearCombination::pre(1), LinearCombination::pre(2)}, LinearCombination::pre(3),
           Direction::kReceive}};
}

std::vector<Interaction> RamBoundary::interactions() const {
  std::vector<Interaction> out;
  // Sized up front: a reallocation moves every interaction built so far (in-VM setup cycles).
  out.reserve(4 + 5 + 1 + 8 + 2);
  // Writable words live in memory space 1, read-only words (read-only segments, the input region)
  // in space 2, which only loads address: a store to a read-only word has no tuple to match.
  LinearCombination space{{{air::Column::main(kWritable), -Fp::one()}}, Fp::from_u64(2)};
  if (!shard_) {
    out.push_back({kBusMemory, {space, col(kAddr), col(kV0), konst(0)}, is_real(), Direction::kSend});
    out.push_back({kBusMemory, {space, col(kAddr), col(kVEnd), col(kTEnd)}, is_real(), Direction::kReceive});
  } else {
    // The shard's own memory argument starts each touched word at (v_in, B) and ends it at
    // (v_end, t_end); the multiset receives the start (unless first) and the end is sent on.
    out.push_back({kBusMemory, {space, col(kAddr), col(kVIn), col(kBound)}, col(kTouched), Direction::kSend});
    out.push_back({kBusMemory, {space, col(kAddr), col(kVEnd), col(kTEnd)}, col(kTouched), Direction::kReceive});
    LinearCombination received{{{air::Column::main(kTouched), Fp::one()}, {air::Column::main(kFirst), -Fp::one()}}, Fp::zero()};
    out.push_back({kBusMultisetTuple, {konst(2), space, col(kAddr), col(kVIn), col(kTIn)}, received, Direction::kSend});
    out.push_back({kBusMultisetTuple, {konst(1), space, col(kAddr), col(kVEnd), col(kTEnd)}, col(kTouched), Direction::kSend});
    for (Col c : {kTinL0, kTinL1, kTinL2, kTendLo, kTendHi}) out.push_back({kBusRange16, {col(c)}, is_real(), Direction::kSend});
  }
  out.push_back({kBusImage, {col(kAddr), col(kV0), col(kWritable)}, col(kIsImage), Direction::kSend});
  for (Col c : {kGapLo, kGapHi, kLowLo, kLowHi, kHighLo, kHighHi, kXLo, kXHi})
    out.push_back({kBusRange16, {col(c)}, is_real(), Direction::kSend});
  for (auto [a, b] : {std::pair{kB0, kB1}, std::pair{kB2, kB3}})
    out.push_back({kBusByte, {konst(kByteRange), col(a), col(b), konst(0)}, is_real(), Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit

namespace goldfinch::circuit {

std::vector<Interaction> RamFinalizeTable::interactions() const {
  auto c = [](fin::Col x) { return LinearCombination::main(x); };
  LinearCombination space{{{air::Column::main(fin::kRo), Fp::one()}}, Fp::one()};
  return {{kBusMultisetTuple, {LinearCombination::constant_value(Fp::from_u64(2)), space, c(fin::kAddr), c(fin::kValue), c(fin::kTs)}, c(fin::kIsReal),
           Direction::kSend},
          {kBusRange16, {c(fin::kGapLo)}, c(fin::kIsReal), Direction::kSend},
          {kBusRange16, {c(fin::kGapHi)}, c(fin::kIsReal), Direction::kSend}};
}

}  // namespace goldfinch::circuit
