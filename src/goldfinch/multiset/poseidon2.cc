#include "goldfinch/multiset/poseidon2.h"

#include "goldfinch/multiset/poseidon2_constants.h"

#if defined(GF_VERIFIER_IN_GUEST)
#include "goldfinch/guest.h"  // gf_poseidon2_ecall
#endif

namespace goldfinch::multiset {
namespace {

namespace pc = poseidon2_constants;

GF_INLINE Fp sbox(Fp x) {
  const Fp x2 = x.square();
  const Fp x3 = x2 * x;
  return x3 * x3 * x;  // x^7
}

// The 4x4 matrix [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] with additions only (HorizenLabs'
// addition chain).
GF_INLINE void m4(Fp* s) {
  const Fp t0 = s[0] + s[1];
  const Fp t1 = s[2] + s[3];
  const Fp t2 = s[1].dbl() + t1;
  const Fp t3 = s[3].dbl() + t0;
  const Fp t4 = t1.dbl().dbl() + t3;
  const Fp t5 = t0.dbl().dbl() + t2;
  s[0] = t3 + t5;
  s[1] = t5;
  s[2] = t2 + t4;
  s[3] = t4;
}

void external_linear(Poseidon2State& s) {
  m4(&s[0]);
  m4(&s[4]);
  for (size_t i = 0; i < 4; ++i) {
    const Fp sum = s[i] + s[i + 4];
    s[i] += sum;
    s[i + 4] += sum;
  }
}

void internal_linear(Poseidon2State& s) {
  Fp sum = Fp::zero();
  for (const Fp& x : s) sum += x;
  for (size_t i = 0; i < kPoseidon2Width; ++i)
    s[i] = s[i] * Fp::from_canonical(pc::kInternalDiagMinusOne[i]) + sum;
}

void full_round(Poseidon2State& s, const std::array<uint64_t, 8>& rc) {
  for (size_t i = 0; i < kPoseidon2Width; ++i) s[i] = sbox(s[i] + Fp::from_canonical(rc[i]));
  external_linear(s);
}

}  // namespace

void poseidon2_permute(Poseidon2State& state) {
#if defined(GF_VERIFIER_IN_GUEST)
  // Inside the VM (the verifier guest, docs/recursion.md) the permutation is one GF_POSEIDON2
  // call (an Fp holds its canonical u64, as the call requires); under qemu (-ENOSYS) the software
  // below.
  static_assert(sizeof(Poseidon2State) == 8 * sizeof(uint64_t));
  if (!__builtin_expect(__gf_host_is_linux, 0)) {
    gf_poseidon2_ecall(reinterpret_cast<uint64_t*>(state.data()));
    return;
  }
#endif
  external_linear(state);
  for (size_t r = 0; r < kPoseidon2FullRounds / 2; ++r) full_round(state, pc::kExternal[r]);
  for (size_t r = 0; r < kPoseidon2PartialRounds; ++r) {
    state[0] = sbox(state[0] + Fp::from_canonical(pc::kInternal[r]));
    internal_linear(state);
  }
  for (size_t r = kPoseidon2FullRounds / 2; r < kPoseidon2FullRounds; ++r) full_round(state, pc::kExternal[r]);
}

}  // namespace goldfinch::multiset
