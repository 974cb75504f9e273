// Run-time dispatch of the elementwise kernels, and their scalar instantiation.
#include "goldfinch/field/packed_ops.h"

#include "goldfinch/base/check.h"
#include "goldfinch/field/packed_ops_impl.h"
#include "goldfinch/field/packed_ops_isa.h"

namespace goldfinch {
namespace scalar {
void add_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::add_slices<PackedScalar>(out, a, b, n); }
void sub_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::sub_slices<PackedScalar>(out, a, b, n); }
void mul_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::mul_slices<PackedScalar>(out, a, b, n); }
void neg_slice(Fp* out, const Fp* a, size_t n) { packed::detail::neg_slice<PackedScalar>(out, a, n); }
void square_slice(Fp* out, const Fp* a, size_t n) { packed::detail::square_slice<PackedScalar>(out, a, n); }
void scale_slice(Fp* out, const Fp* a, Fp s, size_t n) { packed::detail::scale_slice<PackedScalar>(out, a, s, n); }
void mul_add_slice(Fp* out, const Fp* a, Fp s, const Fp* b, size_t n) {
  packed::detail::mul_add_slice<PackedScalar>(out, a, s, b, n);
}
}  // namespace scalar

namespace packed {
namespace {

using BinaryFn = void (*)(Fp*, const Fp*, const Fp*, size_t);

struct Ops {
  BinaryFn add, sub, mul;
  void (*neg)(Fp*, const Fp*, size_t);
  void (*square)(Fp*, const Fp*, size_t);
  void (*scale)(Fp*, const Fp*, Fp, size_t);
  void (*mul_add)(Fp*, const Fp*, Fp, const Fp*, size_t);
};

#define GF_OPS(ns) Ops{ns::add_slices, ns::sub_slices, ns::mul_slices, ns::neg_slice, ns::square_slice, ns::scale_slice, ns::mul_add_slice}

const Ops& ops_for(Isa isa) {
  GF_CHECK(isa_available(isa), "packed kernel requested for an ISA this build or CPU lacks");
  static const Ops kScalar = GF_OPS(scalar);
#if defined(GF_HAVE_AVX2)
  static const Ops kAvx2 = GF_OPS(avx2);
  if (isa == Isa::kAvx2) return kAvx2;
#endif
#if defined(GF_HAVE_AVX512)
  static const Ops kAvx512 = GF_OPS(avx512);
  if (isa == Isa::kAvx512) return kAvx512;
#endif
  return kScalar;
}

#undef GF_OPS

void check_binary(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b) {
  GF_CHECK(out.size() == a.size() && out.size() == b.size(), "packed op on slices of different lengths");
}

}  // namespace

void add(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b, Isa isa) {
  check_binary(out, a, b);
  ops_for(isa).add(out.data(), a.data(), b.data(), out.size());
}
void sub(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b, Isa isa) {
  check_binary(out, a, b);
  ops_for(isa).sub(out.data(), a.data(), b.data(), out.size());
}
void mul(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b, Isa isa) {
  check_binary(out, a, b);
  ops_for(isa).mul(out.data(), a.data(), b.data(), out.size());
}
void neg(std::span<Fp> out, std::span<const Fp> a, Isa isa) {
  GF_CHECK(out.size() == a.size(), "packed neg on slices of different lengths");
  ops_for(isa).neg(out.data(), a.data(), out.size());
}
void square(std::span<Fp> out, std::span<const Fp> a, Isa isa) {
  GF_CHECK(out.size() == a.size(), "packed square on slices of different lengths");
  ops_for(isa).square(out.data(), a.data(), out.size());
}
void scale(std::span<Fp> out, std::span<const Fp> a, Fp s, Isa isa) {
  GF_CHECK(out.size() == a.size(), "packed scale on slices of different lengths");
  ops_for(isa).scale(out.data(), a.data(), s, out.size());
}
void mul_add(std::span<Fp> out, std::span<const Fp> a, Fp s, std::span<const Fp> b, Isa isa) {
  check_binary(out, a, b);
  ops_for(isa).mul_add(out.data(), a.data(), s, b.data(), out.size());
}

}  // namespace packed
}  // namespace goldfinch
