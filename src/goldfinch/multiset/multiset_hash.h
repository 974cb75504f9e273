// The elliptic-curve multiset hash of the cross-shard memory argument: the sum over a multiset
// of hash_to_curve points. A shard's contribution is (its sends) - (its receives); the verifier
// accepts the memory handoff when the contributions of all shards sum to the point at infinity.
#pragma once

#include <cstdint>
#include <span>

#include "goldfinch/multiset/hash_to_curve.h"

namespace goldfinch::multiset {

class MultisetHash {
 public:
  static constexpr size_t kBytes = Point::kBytes;

  MultisetHash() = default;  // the empty multiset: the point at infinity

  // Adds H(tuple) (a send) or H(tuple)'s negation (a receive); kInvalidArgument for a tuple
  // longer than kMaxTupleLen, leaving the hash unchanged.
  Error add(std::span<const Fp> tuple);
  Error remove(std::span<const Fp> tuple);
  // The union of two multisets (two shards' contributions).
  void combine(const MultisetHash& other) { sum_ += other.sum_; }
  void add_point(const Point& p) { sum_ += p; }

  const Point& digest() const { return sum_; }
  bool is_identity() const { return sum_.is_infinity(); }
  bool operator==(const MultisetHash& o) const { return sum_ == o.sum_; }

  void to_bytes(uint8_t out[kBytes]) const { sum_.to_bytes(out); }
  // A contribution read from a proof: rejected unless a canonical encoding of a curve point.
  static Result<MultisetHash> from_bytes(std::span<const uint8_t> in);

 private:
  Point sum_;
};

}  // namespace goldfinch::multiset
