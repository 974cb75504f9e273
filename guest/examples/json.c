/* JSON guest: validates the input as one JSON text (RFC 8259: no trailing commas, no leading
 * zeros, no control characters in strings, \u escapes with surrogate pairs) reading it in place,
 * and commits statistics about it, one text line:
 *   "objects O arrays A strings S numbers N ints I true T false F null Z string_bytes B
 *    int_sum X max_depth D key_hash H\n"
 * where strings/string_bytes count string values (not keys) and their UTF-8 size after
 * unescaping, ints are numbers without fraction or exponent, int_sum is their sum mod 2^64 (as
 * unsigned), max_depth the deepest array/object nesting, and key_hash the FNV-1a-64 of every
 * object key's UTF-8 bytes plus a 0 byte, in document order. Invalid JSON: exit code 3 and a
 * message naming the byte offset. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "goldfinch/guest.h"

#define MAX_DEPTH 256

typedef struct Parser {
  const uint8_t* s;
  size_t len;
  size_t pos;
  const char* error;
  uint64_t objects, arrays, strings, numbers, ints, trues, falses, nulls, string_bytes, int_sum;
  uint32_t depth, max_depth;
  uint64_t key_hash;
} Parser;

static int fail(Parser* p, const char* why) {
  if (p->error == NULL) p->error = why;
  return 0;
}

static void skip_ws(Parser* p) {
  while (p->pos < p->len) {
    uint8_t c = p->s[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    ++p->pos;
  }
}

static int peek(Parser* p) { return p->pos < p->len ? p->s[p->pos] : -1; }

static int literal(Parser* p, const char* word) {
  size_t n = strlen(word);
  if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) return fail(p, "bad literal");
  p->pos += n;
  return 1;
}

static int hex4(Parser* p, uint32_t* out) {
  if (p->len - p->pos < 4) return fail(p, "short \\u escape");
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    uint8_t c = p->s[p->pos++];
    uint32_t d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return fail(p, "bad hex digit in \\u escape");
    v = v * 16 + d;
  }
  *out = v;
  return 1;
}

static uint32_t utf8_len(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

static void hash_byte(uint64_t* h, uint8_t b) {
  *h ^= b;
  *h *= 0x100000001b3ull;
}

static void hash_cp(uint64_t* h, uint32_t cp) {
  if (cp < 0x80) {
    hash_byte(h, (uint8_t)cp);
  } else if (cp < 0x800) {
    hash_byte(h, (uint8_t)(0xC0 | cp >> 6));
    hash_byte(h, (uint8_t)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    hash_byte(h, (uint8_t)(0xE0 | cp >> 12));
    hash_byte(h, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
    hash_byte(h, (uint8_t)(0x80 | (cp & 0x3F)));
  } else {
    hash_byte(h, (uint8_t)(0xF0 | cp >> 18));
    hash_byte(h, (uint8_t)(0x80 | ((cp >> 12) & 0x3F)));
    hash_byte(h, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
    hash_byte(h, (uint8_t)(0x80 | (cp & 0x3F)));
  }
}

/* Decodes one UTF-8 sequence of the raw input (validating it). */
static int utf8_raw(Parser* p, uint32_t* cp) {
  uint8_t c = p->s[p->pos++];
  uint32_t need, v, min;
  if (c < 0x80) { *cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { need = 1; v = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { need = 2; v = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { need = 3; v = c & 0x07; min = 0x10000; }
  else return fail(p, "invalid UTF-8");
  if (p->len - p->pos < need) return fail(p, "truncated UTF-8");
  for (uint32_t i = 0; i < need; ++i) {
    uint8_t t = p->s[p->pos++];
    if ((t & 0xC0) != 0x80) return fail(p, "invalid UTF-8");
    v = v << 6 | (t & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return fail(p, "invalid UTF-8");
  *cp = v;
  return 1;
}

/* Parses a string at p->pos (the opening quote); adds its UTF-8 size to *bytes and, when
 * `hash` is set, its bytes to the key hash. */
static int string(Parser* p, uint64_t* bytes, int hash) {
  ++p->pos;  /* opening quote */
  for (;;) {
    if (p->pos >= p->len) return fail(p, "unterminated string");
    uint8_t c = p->s[p->pos];
    uint32_t cp;
    if (c == '"') {
      ++p->pos;
      if (hash) hash_byte(&p->key_hash, 0);
      return 1;
    }
    if (c < 0x20) return fail(p, "control character in string");
    if (c == '\\') {
      ++p->pos;
      if (p->pos >= p->len) return fail(p, "unterminated escape");
      uint8_t e = p->s[p->pos++];
      switch (e) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = 8; break;
        case 'f': cp = 12; break;
        case 'n': cp = 10; break;
        case 'r': cp = 13; break;
        case 't': cp = 9; break;
        case 'u': {
          if (!hex4(p, &cp)) return 0;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') return fail(p, "lone high surrogate");
            p->pos += 2;
            if (!hex4(p, &lo)) return 0;
            if (lo < 0xDC00 || lo > 0xDFFF) return fail(p, "bad low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail(p, "lone low surrogate");
          }
          break;
        }
        default: return fail(p, "bad escape");
      }
    } else if (!utf8_raw(p, &cp)) {
      return 0;
    }
    *bytes += utf8_len(cp);
    if (hash) hash_cp(&p->key_hash, cp);
  }
}

static int number(Parser* p) {
  size_t start = p->pos;
  int negative = 0, integral = 1;
  if (peek(p) == '-') { negative = 1; ++p->pos; }
  if (peek(p) == '0') {
    ++p->pos;
  } else if (peek(p) >= '1' && peek(p) <= '9') {
    while (peek(p) >= '0' && peek(p) <= '9') ++p->pos;
  } else {
    return fail(p, "bad number");
  }
  size_t int_end = p->pos;
  if (peek(p) == '.') {
    integral = 0;
    ++p->pos;
    if (!(peek(p) >= '0' && peek(p) <= '9')) return fail(p, "bad fraction");
    while (peek(p) >= '0' && peek(p) <= '9') ++p->pos;
  }
  if (peek(p) == 'e' || peek(p) == 'E') {
    integral = 0;
    ++p->pos;
    if (peek(p) == '+' || peek(p) == '-') ++p->pos;
    if (!(peek(p) >= '0' && peek(p) <= '9')) return fail(p, "bad exponent");
    while (peek(p) >= '0' && peek(p) <= '9') ++p->pos;
  }
  ++p->numbers;
  if (integral) {
    uint64_t v = 0;  /* value mod 2^64 */
    for (size_t i = start + (size_t)negative; i < int_end; ++i) v = v * 10 + (uint64_t)(p->s[i] - '0');
    p->int_sum += negative ? (uint64_t)0 - v : v;
    ++p->ints;
  }
  return 1;
}

static int value(Parser* p);

static int enter(Parser* p) {
  if (++p->depth > MAX_DEPTH) return fail(p, "nested too deep");
  if (p->depth > p->max_depth) p->max_depth = p->depth;
  ++p->pos;
  skip_ws(p);
  return 1;
}

static int object(Parser* p) {
  if (!enter(p)) return 0;
  ++p->objects;
  if (peek(p) == '}') {
    ++p->pos;
    --p->depth;
    return 1;
  }
  for (;;) {
    if (peek(p) != '"') return fail(p, "expected a key");
    uint64_t ignored = 0;
    if (!string(p, &ignored, 1)) return 0;
    skip_ws(p);
    if (peek(p) != ':') return fail(p, "expected ':'");
    ++p->pos;
    skip_ws(p);
    if (!value(p)) return 0;
    skip_ws(p);
    if (peek(p) == ',') {
      ++p->pos;
      skip_ws(p);
      continue;
    }
    if (peek(p) == '}') {
      ++p->pos;
      --p->depth;
      return 1;
    }
    return fail(p, "expected ',' or '}'");
  }
}

static int array(Parser* p) {
  if (!enter(p)) return 0;
  ++p->arrays;
  if (peek(p) == ']') {
    ++p->pos;
    --p->depth;
    return 1;
  }
  for (;;) {
    if (!value(p)) return 0;
    skip_ws(p);
    if (peek(p) == ',') {
      ++p->pos;
      skip_ws(p);
      continue;
    }
    if (peek(p) == ']') {
      ++p->pos;
      --p->depth;
      return 1;
    }
    return fail(p, "expected ',' or ']'");
  }
}

static int value(Parser* p) {
  switch (peek(p)) {
    case '{': return object(p);
    case '[': return array(p);
    case '"': ++p->strings; return string(p, &p->string_bytes, 0);
    case 't': ++p->trues; return literal(p, "true");
    case 'f': ++p->falses; return literal(p, "false");
    case 'n': ++p->nulls; return literal(p, "null");
    case -1: return fail(p, "unexpected end of input");
    default: return number(p);
  }
}

int main(void) {
  Parser p;
  memset(&p, 0, sizeof p);
  p.s = (const uint8_t*)gf_input(&p.len);
  p.key_hash = 0xcbf29ce484222325ull;
  GF_STEP(1);
  skip_ws(&p);
  int ok = value(&p);
  skip_ws(&p);
  if (ok && p.pos != p.len) ok = fail(&p, "trailing data");
  GF_STEP(2);
  if (!ok) {
    fprintf(stderr, "json: invalid at byte %u: %s\n", (unsigned)p.pos, p.error);
    return 3;
  }
  char line[320];
  int n = snprintf(line, sizeof line,
                   "objects %" PRIu64 " arrays %" PRIu64 " strings %" PRIu64 " numbers %" PRIu64
                   " ints %" PRIu64 " true %" PRIu64 " false %" PRIu64 " null %" PRIu64
                   " string_bytes %" PRIu64 " int_sum %" PRIu64 " max_depth %" PRIu32
                   " key_hash %016" PRIx64 "\n",
                   p.objects, p.arrays, p.strings, p.numbers, p.ints, p.trues, p.falses, p.nulls,
                   p.string_bytes, p.int_sum, p.max_depth, p.key_hash);
  gf_commit(line, (size_t)n);
  gf_write(1, line, (size_t)n);
  return 0;
}
