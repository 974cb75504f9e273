/* Test guest for the SDK heap (guest/sdk/src/heap.c). Checks properties that hold for any correct
 * allocator, so it needs no expected values: live blocks never overlap (each is filled with a
 * pattern derived from its id and re-checked before it is freed or resized), alignment, calloc
 * zeroing (also of reused blocks), realloc preserving contents, memalign alignments, usable
 * sizes, reuse of freed memory (more bytes churned than the heap holds) and a clean NULL with
 * when a request cannot be met. Exits 0, or the number of the failed check. */
#include <errno.h>  /* EINVAL from posix_memalign */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

static uint32_t rng_state = 0x12345678u;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static uint8_t pattern(uint32_t id, size_t i) { return (uint8_t)(id * 131u + i * 7u + (i >> 8)); }

/* The pattern is written at every 16th byte. Blocks start 16-byte aligned, so where two live
 * blocks overlap, the later one's first byte is also at a multiple of 16 inside the earlier one:
 * both patterns cannot survive, whatever the sizes. */
static void fill(uint8_t* p, size_t n, uint32_t id) {
  for (size_t i = 0; i < n; i += 16) p[i] = pattern(id, i);
}

static int intact(const uint8_t* p, size_t n, uint32_t id) {
  for (size_t i = 0; i < n; i += 16) {
    if (p[i] != pattern(id, i)) return 0;
  }
  return 1;
}

static size_t random_size(void) {
  uint32_t r = rng();
  switch (r % 16) {
    case 0: return 0;
    case 12: case 13: return (r >> 8) % 40000;  /* around the small/large boundary (32 KiB) */
    case 14: return (r >> 8) % 300000;          /* several spans */
    default: return (r >> 8) % (r % 2 ? 64 : 1024);
  }
}

#define CHECK(num, cond)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "heap_test: check %d failed: %s\n", num, #cond);   \
      return num;                                                         \
    }                                                                     \
  } while (0)

int main(void) {
  static uint8_t* ptr[SLOTS];
  static size_t len[SLOTS];
  static uint32_t ids[SLOTS];
  uint32_t next_id = 1;

  for (int step = 0; step < 20000; ++step) {
    uint32_t s = rng() % SLOTS;
    uint32_t op = rng() % 4;
    if (ptr[s] != NULL) {
      CHECK(1, intact(ptr[s], len[s], ids[s]));
      if (op == 0) {  /* resize */
        size_t n = random_size();
        uint8_t* q = (uint8_t*)realloc(ptr[s], n);
        if (n == 0) {
          ptr[s] = NULL;
          continue;
        }
        CHECK(2, q != NULL);
        size_t keep = n < len[s] ? n : len[s];
        CHECK(3, intact(q, keep, ids[s]));
        CHECK(4, ((uintptr_t)q & 15) == 0);
        ptr[s] = q;
        len[s] = n;
        ids[s] = next_id++;
        fill(q, n, ids[s]);
      } else {
        free(ptr[s]);
        ptr[s] = NULL;
      }
      continue;
    }
    size_t n = random_size();
    uint8_t* p;
    if (op == 1) {
      p = (uint8_t*)calloc(1, n);
      CHECK(5, p != NULL);
      for (size_t i = 0; i < n; ++i) CHECK(6, p[i] == 0);
    } else if (op == 2) {
      size_t align = (size_t)1 << (rng() % 17);  /* 1 .. 64 KiB */
      p = (uint8_t*)aligned_alloc(align, n);
      CHECK(7, p != NULL);
      CHECK(8, ((uintptr_t)p & (align - 1)) == 0);
    } else {
      p = (uint8_t*)malloc(n);
      CHECK(9, p != NULL);
    }
    CHECK(10, ((uintptr_t)p & 15) == 0);
    CHECK(11, malloc_usable_size(p) >= n);
    ptr[s] = p;
    len[s] = n;
    ids[s] = next_id++;
    fill(p, n, ids[s]);
  }
  for (int s = 0; s < SLOTS; ++s) {
    if (ptr[s] != NULL) {
      CHECK(12, intact(ptr[s], len[s], ids[s]));
      free(ptr[s]);
    }
  }

  /* Freed memory is reused: 2 GiB churned through a heap of about 500 MiB. */
  for (int i = 0; i < 512; ++i) {
    void* big = malloc(4u << 20);
    CHECK(13, big != NULL);
    ((volatile uint8_t*)big)[(4u << 20) - 1] = 1;
    free(big);
    void* small = malloc(24);
    CHECK(14, small != NULL);
    free(small);
  }

  /* Impossible requests fail cleanly. */
  /* The results go through a volatile pointer: otherwise the compiler may elide an allocation
   * whose result is only compared with NULL and fold the comparison to false. errno is not
   * checked: clang treats malloc as touching no memory the caller sees, so it may fold errno. */
  void* volatile result = malloc(0x30000000u);
  CHECK(15, result == NULL);
  result = calloc(0x10000u, 0x10001u);  /* the size overflows */
  CHECK(16, result == NULL);
  volatile size_t odd_align = 24;  /* not a power of two */
  result = aligned_alloc(odd_align, 10);
  CHECK(17, result == NULL);
  void* out = NULL;
  CHECK(18, posix_memalign(&out, 2, 8) == EINVAL);
  CHECK(19, posix_memalign(&out, 64, 100) == 0 && ((uintptr_t)out & 63) == 0);
  free(out);

  printf("heap_test: ok\n");
  return 0;
}
