#include "goldfinch/ntt/ntt.h"

#include "goldfinch/base/bits.h"
#include "goldfinch/ntt/transform.h"

namespace goldfinch::ntt {
namespace {

Error check_length(size_t n) {
  if (!is_pow2(n)) return Error{ErrorCode::kInvalidArgument, "NTT length is not a power of two", 0, n};
  if (n > (uint64_t{1} << Fp::kTwoAdicity))
    return Error{ErrorCode::kInvalidArgument, "NTT length above 2^32", uint64_t{1} << Fp::kTwoAdicity, n};
  return Error::none();
}

// The four order combinations from the two cores: DIF (natural -> bit-reversed) and DIT
// (bit-reversed -> natural), plus one bit-reversal permutation for natural -> natural and
// bit-reversed -> bit-reversed.
template <class Dif, class Dit, class Permute>
void run(Order in, Order out, Dif dif, Dit dit, Permute permute) {
  if (in == Order::kNatural && out == Order::kBitReversed) return dif();
  if (in == Order::kBitReversed && out == Order::kNatural) return dit();
  if (in == Order::kNatural) {  // natural -> natural
    dif();
    return permute();
  }
  permute();  // bit-reversed -> bit-reversed
  dif();
}

Error column(std::span<Fp> v, Order in, Order out, bool inverse, Isa isa) {
  if (Error e = check_length(v.size()); !e.ok()) return e;
  const Fp scale = inverse ? Fp::from_u64(v.size()).inverse() : Fp::one();
  Fp* x = v.data();
  const size_t n = v.size();
  run(
      in, out, [&] { detail::column_dif(x, n, inverse, scale, isa); },
      [&] { detail::column_dit(x, n, inverse, scale, isa); }, [&] { detail::bit_reverse_column(x, n); });
  return Error::none();
}

Error rows(MatrixView m, Order in, Order out, bool inverse, Isa isa) {
  if (Error e = check_length(m.height); !e.ok()) return e;
  if (m.size() > 0 && m.data == nullptr) return Error{ErrorCode::kInvalidArgument, "matrix view without data", 0, 0};
  const Fp scale = inverse ? Fp::from_u64(m.height).inverse() : Fp::one();
  run(
      in, out, [&] { detail::rows_dif(m, inverse, scale, isa); }, [&] { detail::rows_dit(m, inverse, scale, isa); },
      [&] { detail::bit_reverse_rows(m); });
  return Error::none();
}

}  // namespace

const char* order_name(Order order) { return order == Order::kNatural ? "natural" : "bit-reversed"; }

Error forward(std::span<Fp> v, Order in, Order out, Isa isa) { return column(v, in, out, false, isa); }
Error inverse(std::span<Fp> v, Order in, Order out, Isa isa) { return column(v, in, out, true, isa); }
Error forward_rows(MatrixView m, Order in, Order out, Isa isa) { return rows(m, in, out, false, isa); }
Error inverse_rows(MatrixView m, Order in, Order out, Isa isa) { return rows(m, in, out, true, isa); }

}  // namespace goldfinch::ntt
