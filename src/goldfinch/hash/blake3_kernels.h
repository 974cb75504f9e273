// Internal: the BLAKE3 "hash many" kernel, one per instruction set, all with the same raw-pointer
// signature (no templates or library types cross the ISA boundary). Use hash_many.h instead.
//
// A kernel hashes num_inputs independent inputs of input_len bytes each. Every input is split
// into ceil(input_len / 64) blocks (one empty block when input_len is 0; the last block is
// zero-padded and carries its true length), compressed in sequence starting from `key`. Input i
// uses counter + (increment_counter ? i : 0); every block gets `flags`, the first also
// `flags_start`, the last also `flags_end`. out[32*i ..] receives input i's final chaining value
// (the first 8 state words, little-endian). Chunks: input_len <= 1024, flags_start CHUNK_START,
// flags_end CHUNK_END (| ROOT for a single-chunk message). Parents: input_len 64, flags PARENT.
#pragma once

#include <cstddef>
#include <cstdint>

namespace goldfinch::hash {

using HashManyKernel = void (*)(const uint8_t* const* inputs, size_t num_inputs, size_t input_len,
                                const uint32_t key[8], uint64_t counter, bool increment_counter,
                                uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t* out);

namespace portable {
void hash_many(const uint8_t* const* inputs, size_t num_inputs, size_t input_len, const uint32_t key[8],
               uint64_t counter, bool increment_counter, uint8_t flags, uint8_t flags_start,
               uint8_t flags_end, uint8_t* out);
}  // namespace portable

#if defined(GF_HAVE_AVX2)
namespace avx2 {
inline constexpr size_t kLanes = 8;
void hash_many(const uint8_t* const* inputs, size_t num_inputs, size_t input_len, const uint32_t key[8],
               uint64_t counter, bool increment_counter, uint8_t flags, uint8_t flags_start,
               uint8_t flags_end, uint8_t* out);
}  // namespace avx2
#endif

#if defined(GF_HAVE_AVX512)
namespace avx512 {
inline constexpr size_t kLanes = 16;
void hash_many(const uint8_t* const* inputs, size_t num_inputs, size_t input_len, const uint32_t key[8],
               uint64_t counter, bool increment_counter, uint8_t flags, uint8_t flags_start,
               uint8_t flags_end, uint8_t* out);
}  // namespace avx512
#endif

}  // namespace goldfinch::hash
