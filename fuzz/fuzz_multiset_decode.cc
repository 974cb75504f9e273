// libFuzzer target: the decoders of the cross-shard memory argument (docs/continuations.md) on
// arbitrary bytes — Fp5::from_bytes, Point::from_bytes, MultisetHash::from_bytes. An accepted
// encoding must be a point on the curve that re-encodes to exactly the input (canonical). Inputs
// of 41+ bytes also build an honest point from them (x from 40 bytes, sign from byte 40) and
// hash a tuple read from the rest, so the accepting paths and the hash's witness run too.
#include <algorithm>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/multiset/multiset_hash.h"

using namespace goldfinch;
using namespace goldfinch::multiset;

namespace {

void check_point_decoding(std::span<const uint8_t> in) {
  auto p = Point::from_bytes(in);
  auto h = MultisetHash::from_bytes(in);
  GF_FUZZ_ASSERT(p.ok() == h.ok(), "Point and MultisetHash decoders disagree");
  if (!p.ok()) return;
  GF_FUZZ_ASSERT(in.size() == Point::kBytes, "accepted a point of the wrong length");
  GF_FUZZ_ASSERT(p->is_on_curve(), "decoded point not on the curve");
  uint8_t again[Point::kBytes];
  p->to_bytes(again);
  GF_FUZZ_ASSERT(std::equal(again, again + Point::kBytes, in.begin()), "point encoding not canonical");
  GF_FUZZ_ASSERT(h->digest() == *p, "MultisetHash decoded another point");
}

Fp fp_from(std::span<const uint8_t> b) {  // up to 8 bytes little-endian, reduced
  uint64_t v = 0;
  for (size_t i = 0; i < b.size() && i < 8; ++i) v |= uint64_t{b[i]} << (8 * i);
  return Fp::from_u64(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> input(data, data + size);  // exact size: ASan sees any overread
  const std::span<const uint8_t> in(input);
  auto f = Fp5::from_bytes(in);
  if (f.ok()) {
    uint8_t again[Fp5::kBytes];
    f->to_bytes(again);
    GF_FUZZ_ASSERT(size == Fp5::kBytes && std::equal(again, again + Fp5::kBytes, in.begin()),
                   "GF(p^5) encoding not canonical");
  }
  check_point_decoding(in);
  if (size < Fp5::kBytes + 1) return 0;

  // An honest point from the input: its encoding must decode to it, and its negation too.
  Fp5 x;
  for (size_t i = 0; i < 5; ++i) x[i] = fp_from(in.subspan(8 * i, 8));
  if (auto y = curve_rhs(x).sqrt()) {
    const Point p = *Point::from_affine(x, (in[40] & 1) ? -*y : *y);
    for (const Point& q : {p, -p, p + p}) {
      uint8_t enc[Point::kBytes];
      q.to_bytes(enc);
      auto back = Point::from_bytes(enc);
      GF_FUZZ_ASSERT(back.ok() && *back == q, "an honest point does not round-trip");
    }
  }
  // hash_to_curve of a tuple read from the rest (up to four elements): its witness must pass the
  // checker, its point must be on the curve with an even non-zero y0, and negating y must fail.
  std::vector<Fp> tuple;
  for (size_t off = Fp5::kBytes + 1; off < size && tuple.size() < kMaxTupleLen; off += 8)
    tuple.push_back(fp_from(in.subspan(off, std::min<size_t>(8, size - off))));
  auto w = hash_to_curve_witness(tuple);
  GF_FUZZ_ASSERT(w.ok(), "hash_to_curve failed on a short tuple");
  GF_FUZZ_ASSERT(check_hash_to_curve(tuple, *w).ok(), "the honest witness is rejected");
  GF_FUZZ_ASSERT(!w->y[0].is_zero() && w->y[0].value() % 2 == 0, "the sign rule does not hold");
  HashToCurveWitness neg = *w;
  neg.y = -w->y;
  neg.y0_inv = -w->y0_inv;
  GF_FUZZ_ASSERT(!check_hash_to_curve(tuple, neg).ok(), "the negated point is accepted");
  return 0;
}
