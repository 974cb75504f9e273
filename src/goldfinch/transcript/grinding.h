// Prover side of the transcript's proof of work: finds the smallest valid nonce, searching in
// fixed-size batches on all threads. The smallest valid nonce is unique, so the result (and the
// proof) is the same for any thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "goldfinch/base/parallel.h"
#include "goldfinch/transcript/selected_transcript.h"
#include "goldfinch/transcript/transcript.h"

namespace goldfinch::transcript {

// T: Transcript<H> or Poseidon2Transcript (a pow_seed() and a static pow_ok(seed, nonce, bits)).
template <class T>
requires requires(T& t, uint64_t n, unsigned b) { T::pow_ok(t.pow_seed(), n, b); }
uint64_t grind(T& t, unsigned bits) {
  GF_CHECK(bits <= 40, "grinding above 40 bits is not supported");
  const auto seed = t.pow_seed();
  uint64_t found = 0;
  if (bits > 0) {
    constexpr uint64_t kBatch = 1 << 16;   // nonces per batch, scanned by all threads together
    constexpr uint64_t kSlice = 1 << 10;   // nonces per parallel task
    for (uint64_t base = 0;; base += kBatch) {
      std::atomic<uint64_t> best{~uint64_t{0}};
      parallel_for(kBatch / kSlice, [&](size_t s) {
        const uint64_t lo = base + s * kSlice;
        for (uint64_t n = lo; n < lo + kSlice; ++n) {
          if (n >= best.load(std::memory_order_relaxed)) return;
          if (T::pow_ok(seed, n, bits)) {
            uint64_t cur = best.load();
            while (n < cur && !best.compare_exchange_weak(cur, n)) {
            }
            return;
          }
        }
      });
      if (best.load() != ~uint64_t{0}) {
        found = best.load();
        break;
      }
    }
  }
  t.absorb_u64("pow nonce", found);
  return found;
}

// The transcript for a hash chosen at run time: the search runs on the concrete one.
inline uint64_t grind(SelectedTranscript& t, unsigned bits) {
  return t.visit([&](auto& concrete) { return grind(concrete, bits); });
}

}  // namespace goldfinch::transcript
