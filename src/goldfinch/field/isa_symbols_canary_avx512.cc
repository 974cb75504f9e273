// Deliberate violation of the ODR rule (docs/ntt.md), built only for the test that checks that
// check_isa_symbols.sh rejects it: an inline function outside any ISA namespace, emitted as a weak
// symbol by a translation unit compiled with AVX-512 flags.
#include <cstdint>

namespace goldfinch::canary {
inline __attribute__((noinline)) uint64_t shared_helper(uint64_t x) { return x * 3 + 1; }
}  // namespace goldfinch::canary

uint64_t goldfinch_isa_symbols_canary(uint64_t x) { return goldfinch::canary::shared_helper(x); }
