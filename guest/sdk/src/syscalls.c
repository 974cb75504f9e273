/* System-call glue that picolibc expects (_exit, read, write, sbrk) and the SDK's C entry points
 * (gf_exit, gf_commit, gf_input, gf_in_goldfinch). See docs/guest_abi.md for the calls. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "goldfinch/guest.h"
#include "sdk_internal.h"

int __gf_host_is_linux; /* set to 1 by crt0 under qemu-riscv32 */

int gf_in_goldfinch(void) { return !__gf_host_is_linux; }

void _exit(int code) {
  gf_stdio_flush_all();
  gf_syscall3(GF_SYS_EXIT, code, 0, 0);
  for (;;) {
  }
}

void gf_exit(int code) { exit(code); }

ssize_t write(int fd, const void* buf, size_t len) {
  long r = gf_write(fd, buf, len);
  if (r < 0) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

ssize_t read(int fd, void* buf, size_t len) {
  long r = gf_syscall3(GF_SYS_READ, fd, (long)buf, (long)len);
  if (r < 0) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

long gf_commit(const void* buf, size_t len) {
  long r = gf_syscall3(GF_SYS_COMMIT, (long)buf, (long)len, 0);
  if (r == -GF_ENOSYS && __gf_host_is_linux) {
    /* qemu-riscv32: hand the bytes to fd 3 when the host opened it (the test harness does). */
    const char* p = (const char*)buf;
    while (len > 0) {
      long w = gf_write(3, p, len);
      if (w <= 0) break;
      p += w;
      len -= (size_t)w;
    }
  }
  return r;
}

long gf_verify_claim(const uint8_t key_digest[32], const uint8_t output_digest[32]) {
  uint8_t claim[64];
  for (int i = 0; i < 32; ++i) {
    claim[i] = key_digest[i];
    claim[32 + i] = output_digest[i];
  }
  return gf_syscall3(GF_SYS_VERIFY_CLAIM, (long)claim, 0, 0);
}

/* The heap: [__heap_start, __heap_end) from the linker script, handed out by picolibc's malloc. */
extern char __heap_start[];
extern char __heap_end[];
static char* gf_brk = __heap_start;

void* sbrk(ptrdiff_t increment) {
  char* old = gf_brk;
  if (increment > 0 ? (size_t)increment > (size_t)(__heap_end - old)
                    : (size_t)(-increment) > (size_t)(old - __heap_start)) {
    errno = ENOMEM;
    return (void*)-1;
  }
  gf_brk = old + increment;
  return old;
}

static const void* gf_input_data;
static size_t gf_input_len;
static int gf_input_ready;

static void gf_input_read_stdin(void) {
  size_t cap = 4096;
  size_t len = 0;
  char* buf = (char*)aligned_alloc(16, cap);
  for (;;) {
    if (buf == NULL) abort();
    if (len == cap) {
      char* bigger = (char*)aligned_alloc(16, cap * 2);
      if (bigger == NULL) abort();
      memcpy(bigger, buf, len);
      free(buf);
      buf = bigger;
      cap *= 2;
    }
    long r = gf_read(buf + len, cap - len);
    if (r <= 0) break;
    len += (size_t)r;
  }
  gf_input_data = buf;
  gf_input_len = len;
}

const void* gf_input(size_t* len) {
  if (!gf_input_ready) {
    gf_input_ready = 1;
    if (__gf_host_is_linux) {
      gf_input_read_stdin();
    } else {
      const volatile GfInputHeader* h = (const volatile GfInputHeader*)GF_INPUT_BASE;
      static const uint32_t empty[4] __attribute__((aligned(16)));
      gf_input_data = empty;
      gf_input_len = 0;
      if (h->magic == GF_INPUT_MAGIC && h->version == GF_INPUT_VERSION &&
          h->length <= GF_INPUT_END - GF_INPUT_PAYLOAD) {
        gf_input_data = (const void*)GF_INPUT_PAYLOAD;
        gf_input_len = h->length;
      }
    }
  }
  *len = gf_input_len;
  return gf_input_data;
}

/* abort() raises SIGABRT through kill(getpid(), sig): a guest has no signals, so the signal
 * ends the guest with the shell's convention for "killed by signal": exit code 128 + sig. */
pid_t getpid(void) { return 1; }

int kill(pid_t pid, int sig) {
  (void)pid;
  _exit(128 + sig);
}
