/* RV32IM has no A extension, so the compiler turns atomic builtins into __atomic_* library calls.
 * A guest has exactly one thread and no interrupts, so plain loads and stores are atomic. */
#include <stdbool.h>
#include <stdint.h>

#define GF_ATOMIC_OPS(N, T)                                                                      \
  T __atomic_load_##N(const volatile void* p, int m) { (void)m; return *(const volatile T*)p; }  \
  void __atomic_store_##N(volatile void* p, T v, int m) { (void)m; *(volatile T*)p = v; }        \
  T __atomic_exchange_##N(volatile void* p, T v, int m) {                                        \
    (void)m; T old = *(volatile T*)p; *(volatile T*)p = v; return old;                           \
  }                                                                                              \
  bool __atomic_compare_exchange_##N(volatile void* p, void* expected, T desired, bool weak,     \
                                     int ms, int mf) {                                           \
    (void)weak; (void)ms; (void)mf;                                                              \
    T cur = *(volatile T*)p;                                                                     \
    if (cur == *(T*)expected) { *(volatile T*)p = desired; return true; }                        \
    *(T*)expected = cur;                                                                         \
    return false;                                                                                \
  }                                                                                              \
  T __atomic_fetch_add_##N(volatile void* p, T v, int m) {                                       \
    (void)m; T old = *(volatile T*)p; *(volatile T*)p = (T)(old + v); return old;                \
  }                                                                                              \
  T __atomic_fetch_sub_##N(volatile void* p, T v, int m) {                                       \
    (void)m; T old = *(volatile T*)p; *(volatile T*)p = (T)(old - v); return old;                \
  }                                                                                              \
  T __atomic_fetch_and_##N(volatile void* p, T v, int m) {                                       \
    (void)m; T old = *(volatile T*)p; *(volatile T*)p = (T)(old & v); return old;                \
  }                                                                                              \
  T __atomic_fetch_or_##N(volatile void* p, T v, int m) {                                        \
    (void)m; T old = *(volatile T*)p; *(volatile T*)p = (T)(old | v); return old;                \
  }                                                                                              \
  T __atomic_fetch_xor_##N(volatile void* p, T v, int m) {                                       \
    (void)m; T old = *(volatile T*)p; *(volatile T*)p = (T)(old ^ v); return old;                \
  }

GF_ATOMIC_OPS(1, uint8_t)
GF_ATOMIC_OPS(2, uint16_t)
GF_ATOMIC_OPS(4, uint32_t)
GF_ATOMIC_OPS(8, uint64_t)
