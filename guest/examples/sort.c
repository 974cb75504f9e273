/* Sorting guest: the input is {u32 seed, u32 count} (little-endian, read in place). The guest
 * fills an array with `count` values of xorshift32 seeded with `seed`, merge-sorts it, checks
 * the order, and commits {u32 count, u32 min, u32 max, u64 weighted sum, u64 fnv1a64} where the
 * weighted sum is sum((i + 1) * sorted[i]) mod 2^64 and fnv1a64 hashes the sorted array's bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldfinch/guest.h"

static uint32_t load_u32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = (uint8_t)(v >> (8 * i));
}

static void store_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = (uint8_t)(v >> (8 * i));
}

/* Bottom-up merge sort of v[0..n) using scratch[0..n); the result ends in v. */
static void merge_sort(uint32_t* v, uint32_t* scratch, size_t n) {
  uint32_t* src = v;
  uint32_t* dst = scratch;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    uint32_t* t = src;
    src = dst;
    dst = t;
  }
  if (src != v) memcpy(v, src, n * sizeof *v);
}

int main(void) {
  size_t len = 0;
  const uint8_t* in = (const uint8_t*)gf_input(&len);
  if (len != 8) {
    fprintf(stderr, "sort: expected 8 input bytes {u32 seed, u32 count}, got %u\n", (unsigned)len);
    return 2;
  }
  uint32_t seed = load_u32(in);
  uint32_t count = load_u32(in + 4);
  if (seed == 0 || count == 0 || count > (1u << 24)) {
    fprintf(stderr, "sort: need seed != 0 and 0 < count <= 2^24\n");
    return 2;
  }
  uint32_t* v = (uint32_t*)malloc(count * sizeof *v);
  uint32_t* scratch = (uint32_t*)malloc(count * sizeof *v);
  if (v == NULL || scratch == NULL) {
    fprintf(stderr, "sort: out of memory\n");
    return 3;
  }
  GF_STEP(1);
  uint32_t x = seed;
  for (uint32_t i = 0; i < count; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    v[i] = x;
  }
  GF_STEP(2);
  merge_sort(v, scratch, count);
  GF_STEP(3);
  uint64_t weighted = 0;
  uint64_t fnv = 0xcbf29ce484222325ull;
  for (uint32_t i = 0; i < count; ++i) {
    if (i > 0 && v[i - 1] > v[i]) {
      fprintf(stderr, "sort: not sorted at %" PRIu32 "\n", i);
      return 4;
    }
    weighted += (uint64_t)(i + 1) * v[i];
    for (int b = 0; b < 4; ++b) {
      fnv ^= (uint8_t)(v[i] >> (8 * b));
      fnv *= 0x100000001b3ull;
    }
  }
  uint8_t out[28];
  store_u32(out, count);
  store_u32(out + 4, v[0]);
  store_u32(out + 8, v[count - 1]);
  store_u64(out + 12, weighted);
  store_u64(out + 20, fnv);
  gf_commit(out, sizeof out);
  printf("sorted %" PRIu32 " values: min %" PRIu32 " max %" PRIu32 " weighted sum %" PRIu64
         " fnv1a64 %016" PRIx64 "\n", count, v[0], v[count - 1], weighted, fnv);
  free(scratch);
  free(v);
  return 0;
}
