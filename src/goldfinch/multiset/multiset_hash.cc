#include "goldfinch/multiset/multiset_hash.h"

namespace goldfinch::multiset {

Error MultisetHash::add(std::span<const Fp> tuple) {
  Result<Point> p = hash_to_curve(tuple);
  if (!p.ok()) return p.error();
  sum_ += *p;
  return Error::none();
}

Error MultisetHash::remove(std::span<const Fp> tuple) {
  Result<Point> p = hash_to_curve(tuple);
  if (!p.ok()) return p.error();
  sum_ -= *p;
  return Error::none();
}

Result<MultisetHash> MultisetHash::from_bytes(std::span<const uint8_t> in) {
  Result<Point> p = Point::from_bytes(in);
  if (!p.ok()) return p.error();
  MultisetHash h;
  h.sum_ = *p;
  return h;
}

}  // namespace goldfinch::multiset
