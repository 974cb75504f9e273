// Hash to curve for the cross-shard memory argument: a tuple of at most four Goldilocks
// elements (domain tag, addr, value, clk) maps to an EcGFp5 point by try-and-increment over one
// Poseidon2 permutation per try, with a sign rule on y that an AIR checks with one canonical
// u32 split and one 31-bit range check. docs/continuations.md has the definition and why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "goldfinch/multiset/ecgfp5.h"
#include "goldfinch/multiset/poseidon2.h"

namespace goldfinch::multiset {

inline constexpr size_t kMaxTupleLen = 4;
// Tries k = 0 .. kMaxCounter - 1; each fails with probability ~1/2, so running out means
// 2^-256 bad luck (hash_to_curve then returns an error).
inline constexpr uint64_t kMaxCounter = 256;
// state[7] of every hash-to-curve permutation: ASCII "GFMSET01" read little-endian, < p.
inline constexpr uint64_t kHashToCurveDomain = 0x31305445534d4647ull;

// The Poseidon2 input for try k: (t0, t1, t2, t3, k, len, 0, kHashToCurveDomain), the tuple
// padded with zeros to four elements; len = tuple.size() keeps tuples of different lengths apart.
Poseidon2State hash_to_curve_input(std::span<const Fp> tuple, uint64_t counter);
// x_k: the first five elements of the permuted state, as x_k = s0 + s1 z + ... + s4 z^4.
Fp5 hash_to_curve_x(std::span<const Fp> tuple, uint64_t counter);

// The witness one hash-to-curve row of an AIR holds besides the permutation's own columns.
// All cells are field elements, as in a trace; check_hash_to_curve checks every relation.
struct HashToCurveWitness {
  Fp counter;   // k < kMaxCounter (an 8-bit range check)
  Fp5 x;        // the permutation output at k (constrained by the Poseidon2 columns)
  Fp5 y;        // y^2 = x^3 + A x + B
  Fp y0_inv;    // y0 * y0_inv = 1: y0 != 0, so exactly one of +-y has an even y0
  Fp y0_lo;     // y0 = y0_lo + 2^32 y0_hi, both < 2^32, canonical (y0_hi = 2^32-1 => y0_lo = 0)
  Fp y0_hi;
  Fp y0_lo_half;  // y0_lo = 2 y0_lo_half, y0_lo_half < 2^31: y0 is even (the sign rule)
};

// The honest witness: the smallest k for which x_k^3 + A x_k + B is a non-zero square whose
// root y has y0 != 0, and the root with y0 even. kInvalidArgument for a tuple longer than
// kMaxTupleLen; kMismatch if no k < kMaxCounter works.
Result<HashToCurveWitness> hash_to_curve_witness(std::span<const Fp> tuple);
Result<Point> hash_to_curve(std::span<const Fp> tuple);
// The point a (checked) witness stands for.
inline Point witness_point(const HashToCurveWitness& w) { return *Point::from_affine(w.x, w.y); }

// Checks a claimed witness exactly as the AIR will: tuple length, counter range, x against the
// permutation, the curve equation, y0 != 0 and the sign decomposition. Minimality of k is not
// checked on purpose (docs/continuations.md: soundness does not need it, and dropping it saves
// the permutations of the failed tries). Returns Error::none() or the first failed relation.
Error check_hash_to_curve(std::span<const Fp> tuple, const HashToCurveWitness& w);

}  // namespace goldfinch::multiset
