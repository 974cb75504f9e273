/* stdin/stdout/stderr for picolibc's tinystdio. stdout and stderr are line-buffered into small
 * buffers (one write system call per line rather than per character) and flushed by _exit. */
#include <stdio.h>

#include "goldfinch/guest.h"
#include "sdk_internal.h"

typedef struct GfOutBuf {
  int fd;
  unsigned len;
  char data[256];
} GfOutBuf;

static GfOutBuf gf_out = {1, 0, {0}};
static GfOutBuf gf_err = {2, 0, {0}};

static void gf_out_flush(GfOutBuf* b) {
  const char* p = b->data;
  unsigned left = b->len;
  while (left > 0) {
    long w = gf_write(b->fd, p, left);
    if (w <= 0) break;
    p += w;
    left -= (unsigned)w;
  }
  b->len = 0;
}

static int gf_out_put(char c, GfOutBuf* b) {
  b->data[b->len++] = c;
  if (c == '\n' || b->len == sizeof b->data) gf_out_flush(b);
  return (unsigned char)c;
}

static int gf_stdout_put(char c, FILE* f) { (void)f; return gf_out_put(c, &gf_out); }
static int gf_stderr_put(char c, FILE* f) { (void)f; return gf_out_put(c, &gf_err); }
static int gf_stdout_flush(FILE* f) { (void)f; gf_out_flush(&gf_out); return 0; }
static int gf_stderr_flush(FILE* f) { (void)f; gf_out_flush(&gf_err); return 0; }

static int gf_stdin_get(FILE* f) {
  (void)f;
  unsigned char c;
  return gf_read(&c, 1) == 1 ? c : EOF;
}

static FILE gf_stdin_file = FDEV_SETUP_STREAM(NULL, gf_stdin_get, NULL, _FDEV_SETUP_READ);
static FILE gf_stdout_file = FDEV_SETUP_STREAM(gf_stdout_put, NULL, gf_stdout_flush, _FDEV_SETUP_WRITE);
static FILE gf_stderr_file = FDEV_SETUP_STREAM(gf_stderr_put, NULL, gf_stderr_flush, _FDEV_SETUP_WRITE);

FILE* const stdin = &gf_stdin_file;
FILE* const stdout = &gf_stdout_file;
FILE* const stderr = &gf_stderr_file;

void gf_stdio_flush_all(void) {
  gf_out_flush(&gf_out);
  gf_out_flush(&gf_err);
}
