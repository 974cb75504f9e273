// Attacks on the multiset-hash tables, each named after what a cheating prover tries: a forged
// public sum, a y that is not a root, the other root (-y), a counter whose permutation output is
// not x, an altered or skipped Poseidon2 round, a forged chord slope, a doubling passed off as a
// chord (x1 = x2), limbs out of range or wrapped, a tuple dropped from or added to the sum, a
// receive proven as a send, and every cell of every table corrupted. The downstream tables are
// rebuilt consistently after each edit, so the finding is the attacked relation's own.
#include <gtest/gtest.h>

#include "goldfinch/multiset/air/test_harness.h"

namespace goldfinch::multiset {
namespace {

using testing::expect_caught;
using testing::Harness;

constexpr size_t kTuples = 24;

Harness& shared_harness() {
  static Harness* h = new Harness(testing::random_tuples(kTuples, testing::test_seed()));
  return *h;
}

Fp5 fp5_at(const RowMajorMatrix& t, size_t r, uint32_t first) {
  return {t.at(r, first), t.at(r, first + 1), t.at(r, first + 2), t.at(r, first + 3), t.at(r, first + 4)};
}
void put5(RowMajorMatrix& t, size_t r, uint32_t first, const Fp5& v) {
  for (uint32_t i = 0; i < Fp5::kDegree; ++i) t.at(r, first + i) = v[i];
}

bool is_real_h2c(const RowMajorMatrix& t, size_t r) {
  return !(t.at(r, h2c::kIsSend) + t.at(r, h2c::kIsReceive)).is_zero();
}

// The signed points the hash-to-curve rows send, in row order.
std::vector<AffinePoint> sent_points(const RowMajorMatrix& h) {
  std::vector<AffinePoint> out;
  for (size_t r = 0; r < h.height(); ++r) {
    if (!is_real_h2c(h, r)) continue;
    const Fp5 y = fp5_at(h, r, h2c::kY0);
    out.push_back({fp5_at(h, r, h2c::kX0), h.at(r, h2c::kIsSend).is_zero() ? -y : y});
  }
  return out;
}

// The range lookups the (possibly edited) hash-to-curve rows make; values >= 2^16 cannot be
// counted and stay unbalanced.
RowMajorMatrix recount_range(const RowMajorMatrix& h) {
  circuit::LookupCounts c;
  const auto ints = HashToCurveTable().interactions();
  for (size_t r = 0; r < h.height(); ++r) {
    if (!is_real_h2c(h, r)) continue;
    for (const auto& it : ints) {
      if (it.bus != circuit::kBusRange16) continue;
      const Fp v = it.fields[0].eval<Fp>([&](uint32_t col) { return h.at(r, col); }, [](uint32_t) { return Fp::zero(); },
                                         Fp::zero());
      if (v.value() < (1u << 16)) c.range16(static_cast<uint32_t>(v.value()));
    }
  }
  return circuit::RangeU16Table::trace(c);
}

// Rebuilds the Poseidon2 trace (from the rows' t and k), the range table and the sum (from the
// points the rows send), so only the edited relation can fail.
void resync(const Harness& h, MultisetWitness& w, bool poseidon = true) {
  const size_t n = h.statement().height();
  if (poseidon) w.poseidon2 = MultisetStatement::poseidon2_trace_for(w.hash_to_curve, n);
  w.range = recount_range(w.hash_to_curve);
  auto sum = MultisetSumTable::trace(sent_points(w.hash_to_curve), n, &w.public_values);
  ASSERT_TRUE(sum.ok());
  w.sum = std::move(*sum);
}

// Recomputes the sum rows after `row` honestly from row's (edited) result, and the public value.
void rechain_after(MultisetWitness& w, size_t row) {
  using namespace msum;
  for (size_t r = row + 1; r < w.sum.height(); ++r) {
    const Fp5 ax = fp5_at(w.sum, r - 1, kRx0), ay = fp5_at(w.sum, r - 1, kRy0);
    put5(w.sum, r, kAx0, ax);
    put5(w.sum, r, kAy0, ay);
    Fp5 rx = ax, ry = ay;
    if (!w.sum.at(r, kIsReal).is_zero()) {
      const Fp5 px = fp5_at(w.sum, r, kPx0), py = fp5_at(w.sum, r, kPy0);
      const Fp5 inv = (px - ax).inverse();
      const Fp5 lam = (py - ay) * inv;
      rx = lam.square() - ax - px;
      ry = lam * (ax - rx) - ay;
      put5(w.sum, r, kL0, lam);
      put5(w.sum, r, kInv0, inv);
    }
    put5(w.sum, r, kRx0, rx);
    put5(w.sum, r, kRy0, ry);
  }
  const size_t last = w.sum.height() - 1;
  for (uint32_t i = 0; i < 5; ++i) {
    w.public_values[i] = w.sum.at(last, kRx0 + i);
    w.public_values[5 + i] = w.sum.at(last, kRy0 + i);
  }
}

// Sets y (and its inverse) on row r, with limbs chosen by `limbs`.
void set_y(MultisetWitness& w, size_t r, const Fp5& y) {
  put5(w.hash_to_curve, r, h2c::kY0, y);
  w.hash_to_curve.at(r, h2c::kY0Inv) = y[0].inverse();
}
// Writes y0 = 2 half + 2^32 hi with `half` split into limbs as a field element (lo 16 bits, the
// rest divided out in the field), as an attacker who keeps the limb identity would.
void set_half(MultisetWitness& w, size_t r, Fp half) {
  const uint64_t lo = half.value() & 0xFFFF;
  w.hash_to_curve.at(r, h2c::kHalfLo) = Fp::from_u64(lo);
  w.hash_to_curve.at(r, h2c::kHalfHi) = (half - Fp::from_u64(lo)) * Fp::from_u64(1 << 16).inverse();
}
void set_hi(MultisetWitness& w, size_t r, uint64_t hi) {
  w.hash_to_curve.at(r, h2c::kHiLo) = Fp::from_u64(hi & 0xFFFF);
  w.hash_to_curve.at(r, h2c::kHiHi) = Fp::from_u64(hi >> 16);
  const Fp e = Fp::from_u64(hi) - Fp::from_u64(0xFFFFFFFFull);
  w.hash_to_curve.at(r, h2c::kCanonInv) = e.is_zero() ? Fp::zero() : e.inverse();
}

TEST(MultisetAttack, HonestBaselineIsAccepted) {
  const Harness& h = shared_harness();
  const MultisetWitness w = h.honest();
  EXPECT_TRUE(h.check(w).empty());
  EXPECT_TRUE(h.prove_and_verify(w).ok());
}

TEST(MultisetAttack, ForgedContribution) {
  const Harness& h = shared_harness();
  {  // one coordinate of the public sum changed
    MultisetWitness w = h.honest();
    w.public_values[3] += Fp::one();
    expect_caught(h, w, "public sum changed", "the final sum is the public value");
  }
  {  // a valid curve point: the honest sum plus one more hash point (a send that never happened)
    MultisetWitness w = h.honest();
    const Point r = *Point::from_affine(Fp5(w.public_values[0], w.public_values[1], w.public_values[2], w.public_values[3],
                                            w.public_values[4]),
                                        Fp5(w.public_values[5], w.public_values[6], w.public_values[7], w.public_values[8],
                                            w.public_values[9]));
    const Point forged = r + *hash_to_curve(std::vector<Fp>{Fp::from_u64(7), Fp::from_u64(8), Fp::from_u64(9), Fp::one()});
    for (uint32_t i = 0; i < 5; ++i) {
      w.public_values[i] = forged.x()[i];
      w.public_values[5 + i] = forged.y()[i];
    }
    expect_caught(h, w, "public sum plus a phantom send", "the final sum is the public value");
  }
}

TEST(MultisetAttack, YIsNotASquareRoot) {
  const Harness& h = shared_harness();
  {  // y perturbed in a high coordinate (limbs and sign unchanged)
    MultisetWitness w = h.honest();
    Fp5 y = fp5_at(w.hash_to_curve, 3, h2c::kY0);
    y[2] += Fp::one();
    set_y(w, 3, y);
    resync(h, w);
    expect_caught(h, w, "y + z^2", "y^2 = x^3 + A x + B");
  }
  {  // another row's root with its sign cells
    MultisetWitness w = h.honest();
    for (uint32_t c = h2c::kY0; c <= h2c::kCanonInv; ++c) w.hash_to_curve.at(3, c) = w.hash_to_curve.at(4, c);
    resync(h, w);
    expect_caught(h, w, "another tuple's root", "y^2 = x^3 + A x + B");
  }
}

TEST(MultisetAttack, WrongSignMinusY) {
  const Harness& h = shared_harness();
  const size_t r = 2;
  auto flipped = [&] {
    MultisetWitness w = h.honest();
    set_y(w, r, -fp5_at(w.hash_to_curve, r, h2c::kY0));
    return w;
  };
  {  // -y with the old limbs
    MultisetWitness w = flipped();
    resync(h, w);
    expect_caught(h, w, "-y, old limbs", "y0 = 2 half + 2^32 hi");
  }
  const uint64_t y0 = (-h.honest().hash_to_curve.at(r, h2c::kY0)).value();  // the odd y0 of -y
  ASSERT_EQ(y0 % 2, 1u);
  {  // -y with honest u32 limbs and the floor half: the identity is off by one
    MultisetWitness w = flipped();
    set_hi(w, r, y0 >> 32);
    set_half(w, r, Fp::from_u64((y0 & 0xFFFFFFFF) >> 1));
    resync(h, w);
    expect_caught(h, w, "-y, floor half", "y0 = 2 half + 2^32 hi");
  }
  {  // -y with the field half (y0_lo / 2 in F_p): the identity holds, the limb is not 15 bits
    MultisetWitness w = flipped();
    set_hi(w, r, y0 >> 32);
    set_half(w, r, Fp::from_u64(y0 & 0xFFFFFFFF) * Fp::from_u64(2).inverse());
    resync(h, w);
    expect_caught(h, w, "-y, field half", "bus 11");
  }
}

TEST(MultisetAttack, WrappedDecompositionOfAnOddY0) {
  // y0 = 1 (odd) written as 2 * 1 + 2^32 (2^32 - 1) = p + 1: limbs in range, identity true in
  // F_p; only the canonicity constraint objects (the curve equation fails too: y is synthetic).
  const Harness& h = shared_harness();
  MultisetWitness w = h.honest();
  const size_t r = 5;
  Fp5 y = fp5_at(w.hash_to_curve, r, h2c::kY0);
  y[0] = Fp::one();
  set_y(w, r, y);
  set_hi(w, r, 0xFFFFFFFFull);
  set_half(w, r, Fp::one());
  w.hash_to_curve.at(r, h2c::kCanonInv) = Fp::from_u64(12345);  // no value helps
  resync(h, w);
  const auto failures = h.check(w);
  EXPECT_TRUE(testing::mentions(failures, "y0 limbs canonical")) << "wrapped limbs not reported";
  EXPECT_FALSE(testing::mentions(failures, "y0 = 2 half + 2^32 hi")) << "the identity should hold in F_p";
  EXPECT_FALSE(testing::mentions(failures, "bus 11")) << "the limbs should be in range";
  expect_caught(h, w, "wrapped limbs", "y0 limbs canonical");
}

TEST(MultisetAttack, WrongCounter) {
  const Harness& h = shared_harness();
  {  // k + 1 with the honest point of k: the permutation at k + 1 does not output x
    MultisetWitness w = h.honest();
    w.hash_to_curve.at(1, h2c::kK) += Fp::one();
    resync(h, w);
    expect_caught(h, w, "k + 1", "bus 21");
  }
  {  // a counter >= 256 whose point is valid: only the range check objects
    MultisetWitness w = h.honest();
    const size_t r = 1;
    const Tuple t = {w.hash_to_curve.at(r, h2c::kT0), w.hash_to_curve.at(r, h2c::kT1), w.hash_to_curve.at(r, h2c::kT2),
                     w.hash_to_curve.at(r, h2c::kT3)};
    HashToCurveRow row{t, {}, !w.hash_to_curve.at(r, h2c::kIsSend).is_zero()};
    for (uint64_t k = kMaxCounter;; ++k) {
      const Fp5 x = hash_to_curve_x(t, k);
      const std::optional<Fp5> root = curve_rhs(x).sqrt();
      if (!root || (*root)[0].is_zero()) continue;
      row.w.counter = Fp::from_u64(k);
      row.w.x = x;
      row.w.y = (*root)[0].value() % 2 == 0 ? *root : -*root;
      const uint64_t y0 = row.w.y[0].value();
      row.w.y0_inv = row.w.y[0].inverse();
      row.w.y0_lo = Fp::from_u64(y0 & 0xFFFFFFFF);
      row.w.y0_hi = Fp::from_u64(y0 >> 32);
      row.w.y0_lo_half = Fp::from_u64((y0 & 0xFFFFFFFF) >> 1);
      break;
    }
    HashToCurveTable::fill_row(w.hash_to_curve.row(r), row, true, nullptr);
    resync(h, w);
    expect_caught(h, w, "k >= 256", "bus 11");
  }
}

TEST(MultisetAttack, AlteredPoseidon2Round) {
  const Harness& h = shared_harness();
  {  // one S-box output of partial round 10 changed
    MultisetWitness w = h.honest();
    w.poseidon2.at(3, p2col::sbox_col(32 + 10) + 1) += Fp::one();
    expect_caught(h, w, "partial round 10 altered", "poseidon2 S-box: out = cube^2 a");
  }
  {  // a full round's S-box cut short: out = a^3 (the last multiplications skipped)
    MultisetWitness w = h.honest();
    const uint32_t c = p2col::sbox_col(5);
    const Fp cube = w.poseidon2.at(3, c);
    const Fp out = w.poseidon2.at(3, c + 1);
    w.poseidon2.at(3, c + 1) = cube;
    ASSERT_NE(cube, out);
    expect_caught(h, w, "S-box skipped", "poseidon2 S-box");
  }
  {  // the permutation input changed with the requester unchanged
    MultisetWitness w = h.honest();
    Poseidon2State in;
    for (uint32_t i = 0; i < 8; ++i) in[i] = w.poseidon2.at(3, i);
    in[6] = Fp::one();  // the zero lane
    Poseidon2Table::fill_row(w.poseidon2.row(3), in, Fp::one());
    expect_caught(h, w, "permutation of another input", "bus 21");
  }
}

TEST(MultisetAttack, ForgedLambda) {
  const Harness& h = shared_harness();
  MultisetWitness w = h.honest();
  using namespace msum;
  const size_t r = 6;
  Fp5 lam = fp5_at(w.sum, r, kL0);
  lam[0] += Fp::one();
  put5(w.sum, r, kL0, lam);
  const Fp5 ax = fp5_at(w.sum, r, kAx0), ay = fp5_at(w.sum, r, kAy0), px = fp5_at(w.sum, r, kPx0);
  const Fp5 rx = lam.square() - ax - px;
  put5(w.sum, r, kRx0, rx);
  put5(w.sum, r, kRy0, lam * (ax - rx) - ay);
  rechain_after(w, r);
  expect_caught(h, w, "forged lambda", "lambda (Px - Ax) = Py - Ay");
}

TEST(MultisetAttack, ExceptionalAdditionXEqual) {
  // A doubling passed off as an addition: P = A with the tangent slope; the inverse cell cannot
  // exist. (The point bus also objects: A is not a hash point.)
  const Harness& h = shared_harness();
  MultisetWitness w = h.honest();
  using namespace msum;
  const size_t r = 4;
  const Fp5 ax = fp5_at(w.sum, r, kAx0), ay = fp5_at(w.sum, r, kAy0);
  const Fp5 lam = (ax.square() * Fp::from_u64(3) + kCurveA) * (ay.dbl()).inverse();
  const Fp5 rx = lam.square() - ax - ax;
  put5(w.sum, r, kPx0, ax);
  put5(w.sum, r, kPy0, ay);
  put5(w.sum, r, kL0, lam);
  put5(w.sum, r, kInv0, Fp5::zero());
  put5(w.sum, r, kRx0, rx);
  put5(w.sum, r, kRy0, lam * (ax - rx) - ay);
  EXPECT_EQ(*Point::from_affine(rx, fp5_at(w.sum, r, kRy0)), Point::from_affine(ax, ay)->dbl());
  rechain_after(w, r);
  expect_caught(h, w, "x1 = x2 (doubling)", "x1 != x2: (Px - Ax) inv = 1");
}

TEST(MultisetAttack, LimbOutOfRange) {
  const Harness& h = shared_harness();
  {  // half_lo + 2^16, half_hi - 1: the identity holds
    MultisetWitness w = h.honest();
    w.hash_to_curve.at(7, h2c::kHalfLo) += Fp::from_u64(1 << 16);
    w.hash_to_curve.at(7, h2c::kHalfHi) -= Fp::one();
    resync(h, w);
    expect_caught(h, w, "half_lo above 2^16", "bus 11");
  }
  {  // half_hi = 2^15 + x, half_lo compensated: half_hi is 16 bits, 2 half_hi is not
    MultisetWitness w = h.honest();
    w.hash_to_curve.at(7, h2c::kHalfHi) += Fp::from_u64(1 << 15);
    w.hash_to_curve.at(7, h2c::kHiLo) -= Fp::one();  // 2 * 2^31 = 2^32: take one from hi
    w.hash_to_curve.at(7, h2c::kCanonInv) =
        (w.hash_to_curve.at(7, h2c::kHiLo) + Fp::from_u64(1 << 16) * w.hash_to_curve.at(7, h2c::kHiHi) -
         Fp::from_u64(0xFFFFFFFFull)).inverse();
    resync(h, w);
    if (w.hash_to_curve.at(7, h2c::kHiLo).value() >= (1u << 16)) GTEST_SKIP() << "hi_lo was 0 for this seed";
    expect_caught(h, w, "half_hi of 16 bits", "bus 11");
  }
}

TEST(MultisetAttack, TupleDroppedFromTheSum) {
  const Harness& h = shared_harness();
  MultisetWitness w = h.honest();
  std::vector<AffinePoint> pts = sent_points(w.hash_to_curve);
  pts.erase(pts.begin() + 9);
  auto sum = MultisetSumTable::trace(pts, h.statement().height(), &w.public_values);
  ASSERT_TRUE(sum.ok());
  w.sum = std::move(*sum);
  expect_caught(h, w, "a tuple dropped from the sum", "bus 23");
}

TEST(MultisetAttack, PointAddedTwice) {
  const Harness& h = shared_harness();
  MultisetWitness w = h.honest();
  std::vector<AffinePoint> pts = sent_points(w.hash_to_curve);
  pts.push_back(pts[0]);
  auto sum = MultisetSumTable::trace(pts, h.statement().height(), &w.public_values);
  ASSERT_TRUE(sum.ok());
  w.sum = std::move(*sum);
  expect_caught(h, w, "a point added twice", "bus 23");
}

TEST(MultisetAttack, ReceiveProvenAsSend) {
  const Harness& h = shared_harness();
  MultisetWitness w = h.honest();
  size_t r = 0;
  while (!w.hash_to_curve.at(r, h2c::kIsSend).is_zero()) ++r;  // the first receive
  w.hash_to_curve.at(r, h2c::kIsSend) = Fp::one();
  w.hash_to_curve.at(r, h2c::kIsReceive) = Fp::zero();
  resync(h, w);
  expect_caught(h, w, "receive as send", "bus 22");
}

TEST(MultisetAttack, EveryColumnCorrupted) {
  // One cell of a real row (not the first or last) of each table, +1, then nothing else: every
  // change must be reported. Padding rows are discussed in docs/circuit_multiset.md.
  const Harness& h = shared_harness();
  const MultisetWitness honest = h.honest();
  struct Target {
    RowMajorMatrix MultisetWitness::*table;
    size_t width;
    const char* name;
  };
  for (const Target& t : {Target{&MultisetWitness::poseidon2, p2col::kNumCols, "poseidon2"},
                          Target{&MultisetWitness::hash_to_curve, h2c::kNumCols, "hash_to_curve"},
                          Target{&MultisetWitness::sum, msum::kNumCols, "sum"}}) {
    for (uint32_t c = 0; c < t.width; ++c) {
      MultisetWitness w = honest;
      (w.*t.table).at(5, c) += Fp::one();
      expect_caught(h, w, std::string(t.name) + " column " + std::to_string(c), "", /*force=*/false);
    }
  }
  {  // the range table's only main column (its multiplicity) at a value the rows use
    MultisetWitness w = honest;
    w.range.at(honest.hash_to_curve.at(5, h2c::kK).value(), 0) += Fp::one();
    expect_caught(h, w, "range multiplicity", "bus 11", /*force=*/false);
  }
  // The tuple list has no main columns (its cells are in the verifying key). A few forced
  // through the prover.
  for (auto [table, c] : {std::pair{&MultisetWitness::poseidon2, p2col::sbox_col(40)},
                          std::pair{&MultisetWitness::hash_to_curve, uint32_t{h2c::kY3}},
                          std::pair{&MultisetWitness::sum, uint32_t{msum::kRy2}}}) {
    MultisetWitness w = honest;
    (w.*table).at(5, c) += Fp::one();
    expect_caught(h, w, "forced column " + std::to_string(c), "");
  }
}

}  // namespace
}  // namespace goldfinch::multiset
