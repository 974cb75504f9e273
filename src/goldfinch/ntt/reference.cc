#include "goldfinch/ntt/reference.h"

#include "goldfinch/base/bits.h"
#include "goldfinch/base/check.h"

namespace goldfinch::ntt {
namespace {

void radix2(std::span<Fp> v, bool inverse) {
  const size_t n = v.size();
  GF_CHECK(is_pow2(n), "reference NTT length is not a power of two");
  bit_reverse_permute(v.data(), n);
  for (size_t len = 2; len <= n; len *= 2) {
    Fp w = Fp::two_adic_root(log2_exact(len));
    if (inverse) w = w.inverse();
    for (size_t blk = 0; blk < n; blk += len) {
      Fp t = Fp::one();
      for (size_t j = 0; j < len / 2; ++j, t *= w) {
        const Fp a = v[blk + j], b = v[blk + j + len / 2] * t;
        v[blk + j] = a + b;
        v[blk + j + len / 2] = a - b;
      }
    }
  }
  if (inverse) {
    const Fp inv_n = Fp::from_u64(n).inverse();
    for (Fp& x : v) x *= inv_n;
  }
}

}  // namespace

void reference_forward(std::span<Fp> v) { radix2(v, false); }
void reference_inverse(std::span<Fp> v) { radix2(v, true); }

}  // namespace goldfinch::ntt
