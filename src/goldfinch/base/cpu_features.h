// Which instruction sets this process may use: the cpuid check, run once and cached.
// Packed kernels are chosen from this at run time; GOLDFINCH_ISA=scalar|avx2|avx512 caps it
// (for tests and for comparing paths on one machine).
#pragma once

namespace goldfinch {

enum class Isa { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

const char* isa_name(Isa isa);

// The best ISA that is both compiled in and supported by this CPU (and allowed by GOLDFINCH_ISA).
Isa best_isa();

// Whether `isa` is compiled in and supported by this CPU, regardless of GOLDFINCH_ISA.
bool isa_available(Isa isa);

}  // namespace goldfinch
