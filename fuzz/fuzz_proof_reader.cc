// libFuzzer target: walks arbitrary bytes with ProofReader/SectionReader using every read kind.
// Input: [s][script: s & 0x7F bytes][proof bytes]; bit 7 of s places the proof at a misaligned
// address. Each script byte is one operation (low nibble: kind, high nibble: argument); when the
// script ends, the rest of the buffer is walked section by section with the tags found in it.
// Checked on every step: reads consume exactly what they say or nothing, views lie inside the
// buffer, field elements are canonical, and the reader never moves backwards or past the end.
#include "fuzz_common.h"
#include "goldfinch/stark/proof_io.h"

using namespace goldfinch;
using goldfinch::fuzz::AlignedCopy;

namespace {

struct Walker {
  const AlignedCopy& buf;
  stark::ProofReader rd;
  stark::SectionReader sec;
  bool in_section = false;

  uint32_t peek_tag() const {
    const auto s = buf.span();
    if (s.size() - rd.offset() < 4) return 0;
    uint32_t t = 0;
    for (int i = 0; i < 4; ++i) t |= static_cast<uint32_t>(s[rd.offset() + i]) << (8 * i);
    return t;
  }

  void next(uint32_t tag, int64_t count) {
    const size_t before = rd.offset();
    stark::SectionReader s;
    const Error e = rd.next(tag, &s, count);
    if (e.ok()) {
      GF_FUZZ_ASSERT(rd.offset() > before && (rd.offset() - before) % stark::kSectionAlign == 0, "section step");
      GF_FUZZ_ASSERT(rd.offset() <= buf.span().size(), "reader past the end");
      GF_FUZZ_ASSERT(s.tag() == tag && (count < 0 || s.count() == count), "section tag/count");
      GF_FUZZ_ASSERT(s.remaining() <= rd.offset() - before - stark::kSectionAlign, "payload longer than the section");
      sec = s;
      in_section = true;
    } else {
      GF_FUZZ_ASSERT(rd.offset() == before, "failed next() moved the reader");
    }
  }

  // Runs one read; `n` is how many payload bytes it consumes when it succeeds. A failed read
  // consumes nothing, except read_fp/read_ext, which may have consumed the element they rejected
  // as non-canonical (`partial`; errors are final for the verifier, so either is sound).
  template <class F>
  void read(size_t n, F&& f, bool partial = false) {
    if (!in_section) return;
    const size_t before = sec.remaining();
    const Error e = f();
    if (e.ok())
      GF_FUZZ_ASSERT(sec.remaining() + n == before, "read consumed the wrong number of bytes");
    else if (partial)
      GF_FUZZ_ASSERT(sec.remaining() <= before && before - sec.remaining() <= n, "failed read consumed too much");
    else
      GF_FUZZ_ASSERT(sec.remaining() == before, "failed read consumed bytes");
  }

  void read_fps(size_t count) {
    std::span<const Fp> v;
    read(count * 8, [&] {
      Error e = sec.read_fps(count, &v);
      if (e.ok()) {
        GF_FUZZ_ASSERT(v.size() == count && (count == 0 || buf.contains(v.data(), 8 * count)), "fps view outside the buffer");
        for (Fp x : v) GF_FUZZ_ASSERT(x.value() < Fp::kModulus, "non-canonical element accepted");
      }
      return e;
    });
  }

  void read_digests(size_t count) {
    std::span<const hash::Digest> v;
    read(count * 32, [&] {
      Error e = sec.read_digests(count, &v);
      if (e.ok())
        GF_FUZZ_ASSERT(v.size() == count && (count == 0 || buf.contains(v.data(), 32 * count)), "digest view outside the buffer");
      return e;
    });
  }

  void op(uint8_t b) {
    const unsigned kind = b & 0xF, arg = b >> 4;
    // Argument 15 asks for an absurd count (overflow guards).
    const size_t count = arg == 15 ? (SIZE_MAX / 8 + 1 + arg) : arg;
    switch (kind) {
      case 0: next(peek_tag(), -1); break;
      case 1: { uint8_t v; read(1, [&] { return sec.read_u8(&v); }); break; }
      case 2: { uint16_t v; read(2, [&] { return sec.read_u16(&v); }); break; }
      case 3: { uint32_t v; read(4, [&] { return sec.read_u32(&v); }); break; }
      case 4: { uint64_t v; read(8, [&] { return sec.read_u64(&v); }); break; }
      case 5: {
        Fp v;
        read(
            8,
            [&] {
              Error e = sec.read_fp(&v);
              if (e.ok()) GF_FUZZ_ASSERT(v.value() < Fp::kModulus, "non-canonical element accepted");
              return e;
            },
            /*partial=*/true);
        break;
      }
      case 6: {
        Fp3 v;
        read(
            24,
            [&] {
              Error e = sec.read_ext(&v);
              if (e.ok())
                for (size_t i = 0; i < 3; ++i) GF_FUZZ_ASSERT(v[i].value() < Fp::kModulus, "non-canonical element accepted");
              return e;
            },
            /*partial=*/true);
        break;
      }
      case 7: read_fps(count); break;
      case 8: read_digests(count); break;
      case 9: { hash::Digest d; read(32, [&] { return sec.read_digest(&d); }); break; }
      case 10:
        if (in_section) {
          const size_t before = sec.remaining();
          (void)sec.skip_padding(size_t{1} << (arg % 5));
          GF_FUZZ_ASSERT(sec.remaining() <= before, "remaining grew");
        }
        break;
      case 11: if (in_section) (void)sec.finish(); break;
      case 12: next(arg, -1); break;
      case 13: next(peek_tag(), arg); break;
      case 14: (void)rd.finish(); break;
      case 15: (void)rd.check_alignment(); break;
    }
  }

  // Default walk: every section in turn, payload as field elements then bytes.
  void walk_rest() {
    for (;;) {
      in_section = false;
      next(peek_tag(), -1);
      if (!in_section) break;
      read_fps(sec.remaining() / 8);
      GF_FUZZ_ASSERT(sec.remaining() == 0 || !sec.finish().ok(), "unread bytes not reported");
      while (sec.remaining()) {
        uint8_t v;
        read(1, [&] { return sec.read_u8(&v); });
      }
      GF_FUZZ_ASSERT(sec.finish().ok(), "fully read section not finished");
    }
    const bool at_end = rd.offset() == buf.span().size();
    GF_FUZZ_ASSERT(rd.finish().ok() == at_end, "finish() disagrees with the position");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t script_len = std::min<size_t>(data[0] & 0x7F, size - 1);
  const bool misaligned = data[0] & 0x80;
  const uint8_t* script = data + 1;
  AlignedCopy buf(data + 1 + script_len, size - 1 - script_len, misaligned ? 1 : 0);
  Walker w{buf, stark::ProofReader(buf.span())};
  GF_FUZZ_ASSERT(w.rd.check_alignment().ok() == !misaligned, "alignment check");
  for (size_t i = 0; i < script_len; ++i) w.op(script[i]);
  w.walk_rest();
  return 0;
}
