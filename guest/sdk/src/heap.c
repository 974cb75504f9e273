/* The guest heap: a size-class allocator that replaces picolibc's nano-malloc. nano-malloc keeps
 * one address-ordered free list, so free() is linear in the number of free blocks and programs
 * that free many small objects (every std::map) spend almost all their cycles there (measured:
 * 95% of cxx_stl's cycles). Here malloc and free are O(1):
 *   - 40 size classes from 16 bytes to 32 KiB (16-byte steps up to 128, then four steps per
 *     power of two), each with a LIFO free list and a bump cursor inside its current span;
 *   - spans of 64 KiB aligned to 64 KiB, taken from sbrk(); a table gives each span's class, so
 *     blocks carry no header;
 *   - requests above 32 KiB take whole runs of spans (first fit over freed runs, then sbrk).
 * Every block is 16-byte aligned (alignof(max_align_t) on ilp32); power-of-two classes are
 * aligned to their size, which is how memalign() is served. Memory is never returned to sbrk.
 * Blocks that have never been used are known to be zero, so calloc() skips the memset for them. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "goldfinch/guest.h"

#define SPAN_SHIFT 16u
#define SPAN_SIZE (1u << SPAN_SHIFT)
#define NUM_CLASSES 40u
#define MAX_SMALL 32768u
/* The heap lies in [__heap_start, __heap_end) below 0x20000000: at most 8192 spans. */
#define MAX_SPANS (0x20000000u >> SPAN_SHIFT)

#define KIND_UNUSED 0u
#define KIND_LARGE 0xFEu /* first span of a large run; small spans hold class + 1 */
#define KIND_LARGE_FREE 0xFDu

typedef struct FreeBlock {
  struct FreeBlock* next;
} FreeBlock;

typedef struct FreeRun {
  struct FreeRun* next;
  uint32_t spans;
} FreeRun;

typedef struct SizeClass {
  FreeBlock* free_list;
  char* bump;
  char* bump_end;
} SizeClass;

static SizeClass g_classes[NUM_CLASSES];
static uint8_t g_span_kind[MAX_SPANS];
static uint16_t g_span_count[MAX_SPANS]; /* spans in a large run, at its first span */
static FreeRun* g_free_runs;
static size_t g_bytes_in_use;
static size_t g_bytes_from_sbrk;

static __attribute__((noreturn)) void heap_fatal(const char* what) {
  static const char kPrefix[] = "goldfinch guest heap: ";
  gf_write(2, kPrefix, sizeof kPrefix - 1);
  gf_write(2, what, strlen(what));
  gf_write(2, "\n", 1);
  _exit(134);
}

static uint32_t class_size(uint32_t c) {
  if (c < 8) return 16u * (c + 1);
  uint32_t k = 7 + (c - 8) / 4;
  uint32_t q = (c - 8) % 4 + 1;
  return (1u << k) + q * (1u << (k - 2));
}

/* The smallest class holding `size` bytes (size <= MAX_SMALL). */
static uint32_t class_of(size_t size) {
  uint32_t r = size == 0 ? 16u : (uint32_t)((size + 15) & ~(size_t)15);
  if (r <= 128) return r / 16 - 1;
  uint32_t k = 31 - (uint32_t)__builtin_clz(r - 1); /* 2^k < r <= 2^(k+1) */
  uint32_t step = 1u << (k - 2);
  uint32_t q = (r - (1u << k) + step - 1) / step;   /* 1..4 */
  return 8 + (k - 7) * 4 + (q - 1);
}

static uintptr_t span_base(void) {
  extern char __heap_start[];
  return (uintptr_t)__heap_start & ~(uintptr_t)(SPAN_SIZE - 1);
}

static uint32_t span_index(const void* p) { return (uint32_t)(((uintptr_t)p - span_base()) >> SPAN_SHIFT); }

/* `n` fresh (never used, hence zero) spans from sbrk, aligned to SPAN_SIZE. */
static char* spans_from_sbrk(uint32_t n) {
  char* top = (char*)sbrk(0);
  if (top == (char*)-1) return NULL;
  uintptr_t pad = (SPAN_SIZE - ((uintptr_t)top & (SPAN_SIZE - 1))) & (SPAN_SIZE - 1);
  size_t want = pad + (size_t)n * SPAN_SIZE;
  if (n > MAX_SPANS || want < pad) return NULL;
  if (sbrk((ptrdiff_t)want) == (void*)-1) return NULL;
  g_bytes_from_sbrk += want;
  return top + pad;
}

static void* large_alloc(size_t size, int* fresh) {
  if (size > 0x20000000u) return NULL;
  uint32_t n = (uint32_t)((size + SPAN_SIZE - 1) >> SPAN_SHIFT);
  char* run = NULL;
  for (FreeRun** link = &g_free_runs; *link != NULL; link = &(*link)->next) {
    FreeRun* r = *link;
    if (r->spans < n) continue;
    if (r->spans == n) {
      *link = r->next;
      run = (char*)r;
    } else {
      r->spans -= n; /* keep the head, hand out the tail */
      run = (char*)r + (size_t)r->spans * SPAN_SIZE;
      g_span_count[span_index(r)] = (uint16_t)r->spans;
    }
    *fresh = 0;
    break;
  }
  if (run == NULL) {
    run = spans_from_sbrk(n);
    if (run == NULL) return NULL;
    *fresh = 1;
  }
  uint32_t idx = span_index(run);
  g_span_kind[idx] = KIND_LARGE;
  g_span_count[idx] = (uint16_t)n;
  g_bytes_in_use += (size_t)n * SPAN_SIZE;
  return run;
}

static void* small_alloc(uint32_t c, int* fresh) {
  SizeClass* sc = &g_classes[c];
  uint32_t cs = class_size(c);
  FreeBlock* b = sc->free_list;
  if (b != NULL) {
    sc->free_list = b->next;
    *fresh = 0;
    g_bytes_in_use += cs;
    return b;
  }
  if ((size_t)(sc->bump_end - sc->bump) < cs) {
    char* span = spans_from_sbrk(1);
    if (span == NULL) return NULL;
    g_span_kind[span_index(span)] = (uint8_t)(c + 1);
    sc->bump = span;
    sc->bump_end = span + (SPAN_SIZE / cs) * cs;
  }
  void* p = sc->bump;
  sc->bump += cs;
  *fresh = 1;
  g_bytes_in_use += cs;
  return p;
}

static void* alloc(size_t size, int* fresh) {
  void* p = size <= MAX_SMALL ? small_alloc(class_of(size), fresh) : large_alloc(size, fresh);
  if (p == NULL) errno = ENOMEM;
  return p;
}

/* Bytes usable at p (a live block), checking that p is one. */
static size_t block_size(void* p, uint32_t* kind_out) {
  extern char __heap_end[];
  if ((uintptr_t)p < span_base() || (uintptr_t)p >= (uintptr_t)__heap_end) heap_fatal("free/realloc of a pointer outside the heap");
  uint32_t idx = span_index(p);
  uint32_t kind = g_span_kind[idx];
  *kind_out = kind;
  uintptr_t off = (uintptr_t)p & (SPAN_SIZE - 1);
  if (kind == KIND_LARGE) {
    if (off != 0) heap_fatal("free/realloc of a pointer inside a large block");
    return (size_t)g_span_count[idx] * SPAN_SIZE;
  }
  if (kind == KIND_UNUSED || kind > NUM_CLASSES) heap_fatal("free/realloc of a pointer that malloc did not return");
  uint32_t cs = class_size(kind - 1);
  if (off % cs != 0) heap_fatal("free/realloc of a pointer inside a block");
  return cs;
}

void* malloc(size_t size) {
  int fresh;
  return alloc(size, &fresh);
}

void free(void* p) {
  if (p == NULL) return;
  uint32_t kind;
  size_t size = block_size(p, &kind);
  g_bytes_in_use -= size;
  if (kind == KIND_LARGE) {
    uint32_t idx = span_index(p);
    FreeRun* r = (FreeRun*)p;
    r->spans = g_span_count[idx];
    r->next = g_free_runs;
    g_free_runs = r;
    g_span_kind[idx] = KIND_LARGE_FREE;
    return;
  }
  FreeBlock* b = (FreeBlock*)p;
  SizeClass* sc = &g_classes[kind - 1];
  b->next = sc->free_list;
  sc->free_list = b;
}

void cfree(void* p) { free(p); }

void* calloc(size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  int fresh;
  void* p = alloc(total, &fresh);
  if (p != NULL && !fresh) memset(p, 0, total);
  return p;
}

void* realloc(void* p, size_t size) {
  if (p == NULL) return malloc(size);
  if (size == 0) {
    free(p);
    return NULL;
  }
  uint32_t kind;
  size_t have = block_size(p, &kind);
  if (size <= have && (kind == KIND_LARGE || size > have / 2 || have <= 16)) return p;
  int fresh;
  void* q = alloc(size, &fresh);
  if (q == NULL) return NULL;
  memcpy(q, p, size < have ? size : have);
  free(p);
  return q;
}

void* memalign(size_t align, size_t size) {
  if (align == 0 || (align & (align - 1)) != 0) {
    errno = EINVAL;
    return NULL;
  }
  if (align <= 16) return malloc(size);
  if (align > SPAN_SIZE) {
    errno = EINVAL;  /* spans are the largest alignment the heap can give */
    return NULL;
  }
  size_t need = size > align ? size : align;
  if (need > MAX_SMALL) return malloc(need);  /* large runs start on a span boundary */
  size_t pow2 = 16;
  while (pow2 < need) pow2 <<= 1;
  return malloc(pow2);  /* power-of-two classes are aligned to their size */
}

void* aligned_alloc(size_t align, size_t size) { return memalign(align, size); }

int posix_memalign(void** out, size_t align, size_t size) {
  if (align < sizeof(void*) || (align & (align - 1)) != 0) return EINVAL;
  void* p = memalign(align, size);
  if (p == NULL) return ENOMEM;
  *out = p;
  return 0;
}

void* valloc(size_t size) { return memalign(4096, size); }
void* pvalloc(size_t size) { return memalign(4096, (size + 4095) & ~(size_t)4095); }

size_t malloc_usable_size(void* p) {
  if (p == NULL) return 0;
  uint32_t kind;
  return block_size(p, &kind);
}

struct mallinfo mallinfo(void) {
  struct mallinfo mi;
  memset(&mi, 0, sizeof mi);
  mi.arena = g_bytes_from_sbrk;
  mi.uordblks = g_bytes_in_use;
  mi.fordblks = g_bytes_from_sbrk - g_bytes_in_use;
  return mi;
}

void malloc_stats(void) {
  fprintf(stderr, "heap: %u bytes from sbrk, %u in use\n", (unsigned)g_bytes_from_sbrk,
          (unsigned)g_bytes_in_use);
}

int mallopt(int param, int value) {
  (void)param;
  (void)value;
  return 0;
}

int malloc_trim(size_t pad) {
  (void)pad;
  return 0;
}
