// Elementwise kernels over slices of field elements, dispatched at run time to the best packed
// path (goldfinch::best_isa(), cpuid checked once) or to an explicitly named one for tests.
// Outputs may alias inputs exactly (out == a); all lengths must match.
#pragma once

#include <span>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/field/goldilocks.h"

namespace goldfinch::packed {

void add(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b, Isa isa = best_isa());
void sub(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b, Isa isa = best_isa());
void mul(std::span<Fp> out, std::span<const Fp> a, std::span<const Fp> b, Isa isa = best_isa());
void neg(std::span<Fp> out, std::span<const Fp> a, Isa isa = best_isa());
void square(std::span<Fp> out, std::span<const Fp> a, Isa isa = best_isa());
// out[i] = s * a[i] (s broadcast to every lane)
void scale(std::span<Fp> out, std::span<const Fp> a, Fp s, Isa isa = best_isa());
// out[i] = s * a[i] + b[i] (one pass: Horner steps, folds)
void mul_add(std::span<Fp> out, std::span<const Fp> a, Fp s, std::span<const Fp> b, Isa isa = best_isa());

}  // namespace goldfinch::packed
