// The pieces of libsupc++/libstdc++ that C++ guests need but Debian ships no rv32 build of:
// operator new/delete over picolibc's malloc, the std::__throw_* hooks (with -fno-exceptions they
// print the reason and stop the guest with exit code 134), pure-virtual traps and __dso_handle.
#include <bits/functexcept.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "goldfinch/guest.h"

namespace {

[[noreturn]] void gf_fatal(const char* what, const char* detail) {
  gf_write(2, "goldfinch guest: ", 17);
  gf_write(2, what, std::strlen(what));
  if (detail != nullptr) {
    gf_write(2, ": ", 2);
    gf_write(2, detail, std::strlen(detail));
  }
  gf_write(2, "\n", 1);
  _Exit(134);
}

void* gf_new(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) gf_fatal("out of memory in operator new", nullptr);
  return p;
}

void* gf_new_aligned(std::size_t size, std::align_val_t align) {
  std::size_t a = static_cast<std::size_t>(align);
  if (a < sizeof(void*)) a = sizeof(void*);
  std::size_t rounded = (size + a - 1) / a * a;
  void* p = std::aligned_alloc(a, rounded == 0 ? a : rounded);
  if (p == nullptr) gf_fatal("out of memory in aligned operator new", nullptr);
  return p;
}

}  // namespace

extern "C" {
void* __dso_handle = &__dso_handle;
void __cxa_pure_virtual() { gf_fatal("pure virtual function called", nullptr); }
void __cxa_deleted_virtual() { gf_fatal("deleted virtual function called", nullptr); }
// Only used when a guest is built without -fno-threadsafe-statics: one thread, so a flag suffices.
int __cxa_guard_acquire(std::uint64_t* guard) { return *reinterpret_cast<char*>(guard) == 0; }
void __cxa_guard_release(std::uint64_t* guard) { *reinterpret_cast<char*>(guard) = 1; }
void __cxa_guard_abort(std::uint64_t*) {}
}

void* operator new(std::size_t size) { return gf_new(size); }
void* operator new[](std::size_t size) { return gf_new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return std::malloc(size ? size : 1); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return std::malloc(size ? size : 1); }
void* operator new(std::size_t size, std::align_val_t a) { return gf_new_aligned(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return gf_new_aligned(size, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace std {
void __throw_bad_exception() { gf_fatal("std::bad_exception", nullptr); }
void __throw_bad_alloc() { gf_fatal("std::bad_alloc", nullptr); }
void __throw_bad_array_new_length() { gf_fatal("std::bad_array_new_length", nullptr); }
void __throw_bad_cast() { gf_fatal("std::bad_cast", nullptr); }
void __throw_bad_typeid() { gf_fatal("std::bad_typeid", nullptr); }
void __throw_logic_error(const char* s) { gf_fatal("std::logic_error", s); }
void __throw_domain_error(const char* s) { gf_fatal("std::domain_error", s); }
void __throw_invalid_argument(const char* s) { gf_fatal("std::invalid_argument", s); }
void __throw_length_error(const char* s) { gf_fatal("std::length_error", s); }
void __throw_out_of_range(const char* s) { gf_fatal("std::out_of_range", s); }
void __throw_out_of_range_fmt(const char* s, ...) { gf_fatal("std::out_of_range", s); }
void __throw_runtime_error(const char* s) { gf_fatal("std::runtime_error", s); }
void __throw_range_error(const char* s) { gf_fatal("std::range_error", s); }
void __throw_overflow_error(const char* s) { gf_fatal("std::overflow_error", s); }
void __throw_underflow_error(const char* s) { gf_fatal("std::underflow_error", s); }
void __throw_bad_function_call() { gf_fatal("std::bad_function_call", nullptr); }
}  // namespace std
