#include "goldfinch/hash/hash_many.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/hash/blake3_kernels.h"

namespace goldfinch::hash {
namespace {

HashManyKernel kernel_for(Isa isa) {
  GF_CHECK(isa_available(isa), "hash_many: instruction set not available on this machine/build");
  switch (isa) {
#if defined(GF_HAVE_AVX512)
    case Isa::kAvx512: return &avx512::hash_many;
#endif
#if defined(GF_HAVE_AVX2)
    case Isa::kAvx2: return &avx2::hash_many;
#endif
    default: return &portable::hash_many;
  }
}

// Inputs longer than one chunk: chunk j of every input in one kernel call (counter j), then the
// chaining values of each input are paired layer by layer, an odd last one carried up unchanged;
// that is exactly BLAKE3's left-balanced tree. kBatch inputs at a time bound the scratch memory.
void hash_many_multichunk(HashManyKernel kernel, const uint8_t* const* inputs, size_t num_inputs,
                          size_t input_len, const Key& key, Digest* out) {
  constexpr size_t kBatch = 64;
  const size_t chunks = (input_len + kChunkLen - 1) / kChunkLen;
  std::vector<Digest> cvs(kBatch * chunks), next(kBatch * chunks);
  std::vector<const uint8_t*> ptrs(kBatch * chunks);
  for (size_t first = 0; first < num_inputs; first += kBatch) {
    const size_t n = std::min(kBatch, num_inputs - first);
    std::vector<Digest> chunk_cv(n);
    for (size_t j = 0; j < chunks; ++j) {
      for (size_t i = 0; i < n; ++i) ptrs[i] = inputs[first + i] + j * kChunkLen;
      const size_t len = std::min(kChunkLen, input_len - j * kChunkLen);
      kernel(ptrs.data(), n, len, key.data(), j, false, kKeyedHash, kChunkStart, kChunkEnd, chunk_cv[0].data());
      for (size_t i = 0; i < n; ++i) cvs[i * chunks + j] = chunk_cv[i];
    }
    // cvs[i * chunks + k], k < m: the current layer of input i.
    for (size_t m = chunks; m > 1;) {
      const size_t pairs = m / 2;
      for (size_t i = 0; i < n; ++i) {
        for (size_t k = 0; k < pairs; ++k) ptrs[i * pairs + k] = cvs[i * chunks + 2 * k].data();
      }
      const uint8_t flags = kKeyedHash | kParent | (m == 2 ? kRoot : 0);
      kernel(ptrs.data(), n * pairs, 2 * kOutLen, key.data(), 0, false, flags, 0, 0, next[0].data());
      for (size_t i = 0; i < n; ++i) {
        for (size_t k = 0; k < pairs; ++k) cvs[i * chunks + k] = next[i * pairs + k];
        if (m & 1) cvs[i * chunks + pairs] = cvs[i * chunks + m - 1];
      }
      m = pairs + (m & 1);
    }
    for (size_t i = 0; i < n; ++i) out[first + i] = cvs[i * chunks];
  }
}

void hash_many_ptrs(HashManyKernel kernel, const uint8_t* const* inputs, size_t num_inputs, size_t input_len,
                    const Key& key, Digest* out) {
  if (num_inputs == 0) return;
  if (input_len <= kChunkLen) {
    kernel(inputs, num_inputs, input_len, key.data(), 0, false, kKeyedHash, kChunkStart, kChunkEnd | kRoot,
           out[0].data());
  } else {
    hash_many_multichunk(kernel, inputs, num_inputs, input_len, key, out);
  }
}

// Chaining value of `num_chunks` (a power of two, <= kMaxSubtreeChunks) whole chunks starting
// at chunk index `counter`.
constexpr size_t kMaxSubtreeChunks = 1024;

void hash_subtree(HashManyKernel kernel, const uint8_t* input, size_t num_chunks, uint64_t counter,
                  const Key& key, uint8_t flags, uint32_t cv_out[8]) {
  const uint8_t* ptrs[kMaxSubtreeChunks] = {};
  alignas(64) uint8_t cvs[kMaxSubtreeChunks * kOutLen];
  for (size_t k = 0; k < num_chunks; ++k) ptrs[k] = input + k * kChunkLen;
  kernel(ptrs, num_chunks, kChunkLen, key.data(), counter, true, flags, kChunkStart, kChunkEnd, cvs);
  for (size_t m = num_chunks; m > 1; m /= 2) {
    for (size_t k = 0; k < m / 2; ++k) ptrs[k] = cvs + 2 * kOutLen * k;
    // Parent k reads cvs[64k, 64k + 64) and would overwrite cvs[32k, ..) in place: write apart.
    alignas(64) uint8_t parents[kMaxSubtreeChunks / 2 * kOutLen];
    kernel(ptrs, m / 2, 2 * kOutLen, key.data(), 0, false, flags | kParent, 0, 0, parents);
    std::memcpy(cvs, parents, m / 2 * kOutLen);
  }
  for (size_t i = 0; i < 8; ++i) cv_out[i] = load32_le(cvs + 4 * i);
}

}  // namespace

size_t lane_count(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return 16;
    case Isa::kAvx2: return 8;
    case Isa::kScalar: return 1;
  }
  return 1;
}

void hash_many(std::span<const uint8_t* const> inputs, size_t input_len, const Key& key, Digest* out, Isa isa) {
  hash_many_ptrs(kernel_for(isa), inputs.data(), inputs.size(), input_len, key, out);
}

void hash_many_strided(const uint8_t* base, size_t stride, size_t num_inputs, size_t input_len, const Key& key,
                       Digest* out, Isa isa) {
  const HashManyKernel kernel = kernel_for(isa);
  constexpr size_t kBatch = 1024;  // long batches: the kernel prefetches batch to batch
  const uint8_t* ptrs[kBatch];
  for (size_t first = 0; first < num_inputs; first += kBatch) {
    const size_t n = std::min(kBatch, num_inputs - first);
    for (size_t i = 0; i < n; ++i) ptrs[i] = base + (first + i) * stride;
    hash_many_ptrs(kernel, ptrs, n, input_len, key, out + first);
  }
}

void update_wide(Blake3Hasher& hasher, std::span<const uint8_t> input, Isa isa) {
  const HashManyKernel kernel = kernel_for(isa);
  const uint8_t* p = input.data();
  size_t n = input.size();
  // Complete a partially filled chunk with the scalar code first.
  if (hasher.chunk_fill() != 0 && hasher.chunk_fill() != kChunkLen) {
    const size_t take = std::min(n, kChunkLen - hasher.chunk_fill());
    hasher.update({p, take});
    p += take;
    n -= take;
  }
  // Whole subtrees, always leaving at least one byte for the scalar code (the last chunk may be
  // the root and needs its ROOT flag at finalize).
  while (n > kChunkLen) {
    const uint64_t counter = hasher.chunk_counter() + (hasher.chunk_fill() == kChunkLen ? 1 : 0);
    const size_t avail = std::min<size_t>((n - 1) / kChunkLen, kMaxSubtreeChunks);
    size_t s = std::bit_floor(avail);
    while (counter & (s - 1)) s /= 2;  // a subtree must start at a multiple of its size
    uint32_t cv[8];
    hash_subtree(kernel, p, s, counter, hasher.key_words(), hasher.mode_flags(), cv);
    hasher.push_subtree(cv, s);
    p += s * kChunkLen;
    n -= s * kChunkLen;
  }
  hasher.update({p, n});
}

Digest blake3_wide(std::span<const uint8_t> input, Isa isa) {
  Blake3Hasher h;
  update_wide(h, input, isa);
  return h.finalize();
}

}  // namespace goldfinch::hash
