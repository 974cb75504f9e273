// Seeded randomness for the multiset tests: GOLDFINCH_SEED=<n> reruns with a given seed; every
// randomized test prints the seed it used, so a failure can be replayed.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <random>

#include "goldfinch/multiset/ecgfp5.h"

namespace goldfinch::multiset::testing {

inline std::mt19937_64 seeded_rng(const char* test, uint64_t fallback) {
  const char* s = std::getenv("GOLDFINCH_SEED");
  const uint64_t seed = s && *s ? std::strtoull(s, nullptr, 0) : fallback;
  std::printf("[   seed   ] %s: GOLDFINCH_SEED=0x%llx\n", test, static_cast<unsigned long long>(seed));
  return std::mt19937_64(seed);
}

inline Fp random_fp(std::mt19937_64& rng) { return Fp::from_u64(rng()); }

inline Fp5 random_fp5(std::mt19937_64& rng) {
  return {random_fp(rng), random_fp(rng), random_fp(rng), random_fp(rng), random_fp(rng)};
}

// A uniformly random affine point of the whole curve (order 2n), by random x until a root.
inline Point random_point(std::mt19937_64& rng) {
  for (;;) {
    const Fp5 x = random_fp5(rng);
    if (auto y = curve_rhs(x).sqrt()) return *Point::from_affine(x, (rng() & 1) ? *y : -*y);
  }
}

}  // namespace goldfinch::multiset::testing
