// Deterministic data parallelism. Work is split into fixed chunks that do not depend on the
// thread count, so results are byte-identical for any number of threads.
#pragma once

#include <algorithm>
#include <cstddef>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace goldfinch {

inline int max_threads() {
#if defined(_OPENMP)
  return omp_get_max_threads();
#else
  return 1;
#endif
}

// Sets the number of threads later parallel loops use (OpenMP's global setting).
inline void set_threads(int n) {
#if defined(_OPENMP)
  omp_set_num_threads(std::max(1, n));
#else
  (void)n;
#endif
}

// Calls f(begin, end) on disjoint ranges covering [0, n), each at most `grain` long.
// Each range is processed by exactly one thread; f must only write data owned by its range.
template <class F>
void parallel_for_chunks(size_t n, size_t grain, F&& f) {
  if (n == 0) return;
  grain = std::max<size_t>(grain, 1);
  const size_t chunks = (n + grain - 1) / grain;
  if (chunks == 1 || max_threads() == 1) {
    for (size_t c = 0; c < chunks; ++c) f(c * grain, std::min(n, (c + 1) * grain));
    return;
  }
#if defined(_OPENMP)
#pragma omp parallel for schedule(dynamic, 1)
#endif
  for (size_t c = 0; c < chunks; ++c) f(c * grain, std::min(n, (c + 1) * grain));
}

// Calls f(i) for i in [0, n), in parallel.
template <class F>
void parallel_for(size_t n, F&& f, size_t grain = 1) {
  parallel_for_chunks(n, grain, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) f(i);
  });
}

}  // namespace goldfinch
