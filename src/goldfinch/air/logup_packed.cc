// The packed LogUp kernels' program, row gathering and run-time dispatch.
#include "goldfinch/air/logup_packed.h"

#include <algorithm>

#include "goldfinch/base/check.h"

namespace goldfinch {
#if defined(GF_HAVE_AVX2)
namespace avx2 {
extern const air::LogupKernels kLogupKernels;
}
#endif
#if defined(GF_HAVE_AVX512)
namespace avx512 {
extern const air::LogupKernels kLogupKernels;
}
#endif

namespace air {

LogupProgram LogupProgram::from(std::span<const FlatInteraction> flat) {
  LogupProgram p;
  p.num_interactions = flat.size();
  p.num_helpers = LogupLayout(flat.size()).num_helpers;
  // Value indices in order of first use.
  auto value_of = [&p](uint32_t source) {
    const auto pos = std::find(p.sources.begin(), p.sources.end(), source);
    if (pos != p.sources.end()) return static_cast<uint32_t>(pos - p.sources.begin());
    p.sources.push_back(source);
    return static_cast<uint32_t>(p.sources.size() - 1);
  };
  p.den_begin.push_back(0);
  p.mult_begin.push_back(0);
  for (const FlatInteraction& f : flat) {
    for (int k = 0; k < 3; ++k) p.den_const.push_back(f.den_const[k]);
    for (const auto& [c, coef] : f.den_main) {
      p.den_value.push_back(value_of(c));
      for (int k = 0; k < 3; ++k) p.den_coef.push_back(coef[k]);
    }
    for (const auto& [c, coef] : f.den_pre) {
      p.den_value.push_back(value_of(kPreBit | c));
      for (int k = 0; k < 3; ++k) p.den_coef.push_back(coef[k]);
    }
    p.den_begin.push_back(static_cast<uint32_t>(p.den_value.size()));
    p.mult_const.push_back(f.mult_const);
    for (const auto& [c, coef] : f.mult_main) {
      p.mult_value.push_back(value_of(c));
      p.mult_coef.push_back(coef);
    }
    for (const auto& [c, coef] : f.mult_pre) {
      p.mult_value.push_back(value_of(kPreBit | c));
      p.mult_coef.push_back(coef);
    }
    p.mult_begin.push_back(static_cast<uint32_t>(p.mult_value.size()));
  }
  return p;
}

void LogupProgram::gather(const Fp* const* main_rows, const Fp* const* pre_rows, size_t lanes, Fp* block) const {
  for (size_t j = 0; j < sources.size(); ++j) {
    const uint32_t s = sources[j];
    Fp* dst = block + j * lanes;
    if (s & kPreBit) {
      const uint32_t c = s & ~kPreBit;
      for (size_t l = 0; l < lanes; ++l) dst[l] = pre_rows[l][c];
    } else {
      for (size_t l = 0; l < lanes; ++l) dst[l] = main_rows[l][s];
    }
  }
}

LogupProgramView view_of(const LogupProgram& p) {
  return {p.num_interactions,  p.num_helpers,      p.sources.size(),    p.den_begin.data(),
          p.mult_begin.data(), p.den_value.data(), p.mult_value.data(), p.den_coef.data(),
          p.mult_coef.data(),  p.den_const.data(), p.mult_const.data()};
}

const LogupKernels* logup_kernels(Isa isa) {
  if (!isa_available(isa)) return nullptr;
#if defined(GF_HAVE_AVX512)
  if (isa == Isa::kAvx512) return &avx512::kLogupKernels;
#endif
#if defined(GF_HAVE_AVX2)
  if (isa == Isa::kAvx2) return &avx2::kLogupKernels;
#endif
  return nullptr;
}

}  // namespace air
}  // namespace goldfinch
