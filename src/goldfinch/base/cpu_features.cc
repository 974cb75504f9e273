#include "goldfinch/base/cpu_features.h"

#include <cpuid.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace goldfinch {
namespace {

struct Features {
  bool avx2 = false;
  bool avx512 = false;  // F + DQ + BW + VL, what our AVX-512 kernels use
};

uint64_t xgetbv0() {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

Features detect() {
  Features f;
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = (c >> 27) & 1;
  if (!osxsave) return f;
  const uint64_t xcr0 = xgetbv0();
  const bool ymm_state = (xcr0 & 0x6) == 0x6;
  const bool zmm_state = (xcr0 & 0xE6) == 0xE6;
  if (__get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  const bool avx2 = (b >> 5) & 1, bmi2 = (b >> 8) & 1;
  const bool avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1;
  const bool avx512bw = (b >> 30) & 1, avx512vl = (b >> 31) & 1;
  f.avx2 = ymm_state && avx2 && bmi2;
  f.avx512 = f.avx2 && zmm_state && avx512f && avx512dq && avx512bw && avx512vl;
  return f;
}

[[maybe_unused]] const Features& features() {
  static const Features f = detect();
  return f;
}

}  // namespace

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
  }
  return "?";
}

bool isa_available(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return true;
    case Isa::kAvx2:
#if defined(GF_HAVE_AVX2)
      return features().avx2;
#else
      return false;
#endif
    case Isa::kAvx512:
#if defined(GF_HAVE_AVX512)
      return features().avx512;
#else
      return false;
#endif
  }
  return false;
}

Isa best_isa() {
  static const Isa best = [] {
    Isa cap = Isa::kAvx512;
    if (const char* env = std::getenv("GOLDFINCH_ISA")) {
      if (std::strcmp(env, "scalar") == 0) cap = Isa::kScalar;
      else if (std::strcmp(env, "avx2") == 0) cap = Isa::kAvx2;
    }
    for (int i = static_cast<int>(cap); i > 0; --i) {
      if (isa_available(static_cast<Isa>(i))) return static_cast<Isa>(i);
    }
    return Isa::kScalar;
  }();
  return best;
}

}  // namespace goldfinch
