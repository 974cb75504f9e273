// Witness generation (the prover side) of ram_boundary.h; the AIR itself (interactions, constants,
// preprocessed columns) is in ram_boundary.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/ram_boundary.h"

#include <algorithm>

#include "goldfinch/base/bits.h"

namespace goldfinch::circuit {

using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace ram;

namespace {

uint32_t byte_at(std::span<const uint8_t> data, uint64_t i) { return i < data.size() ? data[i] : 0; }

}  // namespace

std::vector<ImageWord> image_words(const vm::ElfImage& image) {
  std::vector<ImageWord> out;
  for (const vm::Segment& s : image.segments) {
    GF_CHECK(s.vaddr % 4 == 0, "image segment not word aligned");
    GF_CHECK(s.data.size() <= s.memsz, "segment data above its memory size");
    const uint64_t words = (uint64_t{s.memsz} + 3) / 4;
    for (uint64_t w = 0; w < words; ++w) {
      uint32_t v = 0;
      for (uint32_t b = 0; b < 4; ++b) v |= byte_at(s.data, 4 * w + b) << (8 * b);
      out.push_back({static_cast<uint32_t>(s.vaddr / 4 + w), v, s.writable});
    }
  }
  std::sort(out.begin(), out.end(), [](const ImageWord& a, const ImageWord& b) { return a.addr < b.addr; });
  for (size_t i = 0; i < out.size(); ++i) {
    GF_CHECK(out[i].addr >= kRamWordBase && out[i].addr < kRamWordEnd, "image word outside RAM");
    GF_CHECK(i == 0 || out[i - 1].addr < out[i].addr, "image segments overlap");
  }
  return out;
}

ImageTable::ImageTable(const vm::ElfImage& image) : words_(image_words(image)) {
  while (height_ < words_.size()) height_ *= 2;
}

const ImageWord* ImageTable::find(uint32_t addr) const {
  auto it = std::lower_bound(words_.begin(), words_.end(), addr, [](const ImageWord& w, uint32_t a) { return w.addr < a; });
  return it != words_.end() && it->addr == addr ? &*it : nullptr;
}

uint32_t initial_word(const ImageTable& image, std::span<const uint8_t> input_payload, uint32_t addr) {
  if (const ImageWord* w = image.find(addr)) return w->value;
  if (addr >= kInputWordBase && addr < kInputWordEnd) {
    const uint64_t off = uint64_t{addr - kInputWordBase} * 4;
    if (off < vm::kInputHeaderSize) {
      const uint32_t header[4] = {vm::kInputMagic, vm::kInputVersion, static_cast<uint32_t>(input_payload.size()), 0};
      return header[off / 4];
    }
    uint32_t v = 0;
    for (uint32_t b = 0; b < 4; ++b) v |= byte_at(input_payload, off - vm::kInputHeaderSize + b) << (8 * b);
    return v;
  }
  return 0;
}

RowMajorMatrix RamBoundary::trace(const ImageTable& image, const std::map<uint32_t, WordFinal>& touched,
                                  std::span<const uint8_t> input_payload, LookupCounts& counts) {
  std::map<uint32_t, ShardWord> words;
  for (const auto& [addr, f] : touched) words[addr] = {0, 0, false, f.value, f.ts};
  return fill(image, words, input_payload, nullptr, counts);
}

RowMajorMatrix RamBoundary::shard_trace(const ImageTable& image, const std::map<uint32_t, ShardWord>& touched,
                                        std::span<const uint8_t> input_payload, uint64_t bound, LookupCounts& counts) {
  return fill(image, touched, input_payload, &bound, counts);
}

RowMajorMatrix RamBoundary::fill(const ImageTable& image, const std::map<uint32_t, ShardWord>& touched,
                                 std::span<const uint8_t> input_payload, const uint64_t* bound, LookupCounts& counts) {
  // The union of image and touched addresses, sorted.
  std::vector<uint32_t> addrs;
  addrs.reserve(image.words().size() + touched.size());
  auto it = touched.begin();
  for (const ImageWord& w : image.words()) {
    for (; it != touched.end() && it->first < w.addr; ++it) addrs.push_back(it->first);
    if (it != touched.end() && it->first == w.addr) ++it;
    addrs.push_back(w.addr);
  }
  for (; it != touched.end(); ++it) addrs.push_back(it->first);

  size_t n = 4;
  while (n < addrs.size()) n *= 2;
  GF_CHECK(input_payload.size() <= vm::kMaxInputPayload, "input payload above the maximum");
  const uint64_t plen = input_payload.size();
  RowMajorMatrix t(n, bound ? kNumColsShard : kNumCols);
  if (bound)
    for (size_t i = 0; i < n; ++i) t.at(i, kBound) = Fp::from_u64(*bound);
  for (size_t i = 0; i < addrs.size(); ++i) {
    const uint32_t addr = addrs[i];
    auto set = [&](Col c, uint64_t v) { t.at(i, c) = Fp::from_u64(v); };
    auto limbs = [&](Col lo, Col hi, uint64_t v) {
      GF_CHECK(v < (uint64_t{1} << 32), "boundary limb value above 2^32");
      set(lo, v & 0xFFFF);
      set(hi, v >> 16);
      counts.range16(static_cast<uint32_t>(v & 0xFFFF));
      counts.range16(static_cast<uint32_t>(v >> 16));
    };
    const ImageWord* img = image.find(addr);
    const bool input = !img && addr >= kInputWordBase && addr < kInputWordEnd;
    GF_CHECK(img || input || (addr >= kRamWordBase && addr < kRamWordEnd), "touched word outside the memory map");
    const bool writable = img ? img->writable : !input;
    const uint32_t v0 = initial_word(image, input_payload, addr);
    const auto fin = touched.find(addr);
    const WordFinal last = fin != touched.end() ? WordFinal{fin->second.v_end, fin->second.t_end} : WordFinal{v0, 0};
    const bool header = input && addr < kInputWordBase + 2;
    const bool len = input && !header && addr < kPayloadWordBase;
    const bool payload = input && addr >= kPayloadWordBase;
    set(img ? kIsImage : header ? kIsHeader : len ? kIsLen : payload ? kIsInput : kIsRam, 1);
    set(kWritable, writable);
    set(kAddr, addr);
    set(kV0, v0);
    set(kVEnd, last.value);
    set(kTEnd, last.ts);
    for (uint32_t j = 0; j < 4; ++j) set(static_cast<Col>(kB0 + j), (v0 >> (8 * j)) & 0xFF);
    counts.byte_op(kByteRange, v0 & 0xFF, (v0 >> 8) & 0xFF);
    counts.byte_op(kByteRange, (v0 >> 16) & 0xFF, v0 >> 24);
    limbs(kGapLo, kGapHi, i + 1 < addrs.size() ? addrs[i + 1] - addr - 1 : 0);
    const uint32_t low = header ? kInputWordBase : len ? kInputWordBase + 2 : payload ? kPayloadWordBase : kRamWordBase;
    const uint32_t high = header ? kInputWordBase + 2 : len ? kPayloadWordBase : payload ? kInputWordEnd : kRamWordEnd;
    limbs(kLowLo, kLowHi, addr - low);
    limbs(kHighLo, kHighHi, high - 1 - addr);
    set(kPlen, plen);
    // Payload bytes below L (a thermometer code), and x: the slack of the length bound on
    // length rows, L - 4 w - kept on payload rows that keep a byte.
    uint64_t x = 0;
    if (len) x = vm::kMaxInputPayload - v0;
    if (payload) {
      const uint64_t first = uint64_t{addr - kPayloadWordBase} * 4;
      const uint64_t kept = plen > first ? std::min<uint64_t>(plen - first, 4) : 0;
      for (uint32_t j = 0; j < kept; ++j) set(static_cast<Col>(kM0 + j), 1);
      if (kept > 0) x = plen - first - kept;
    }
    limbs(kXLo, kXHi, x);
    if (bound) {
      // Untouched (image) rows: v_in = v0 and zero limbs. Touched rows: the handoff.
      set(kVIn, v0);
      uint64_t tin_gap = 0, tend_gap = 0;
      if (fin != touched.end()) {
        const ShardWord& sw = fin->second;
        GF_CHECK(!sw.first || sw.v_in == v0, "a word's first access must start at its initial value");
        GF_CHECK(sw.t_end > *bound && sw.t_in <= *bound, "shard word timestamps outside the shard");
        set(kTouched, 1);
        set(kFirst, sw.first);
        set(kVIn, sw.v_in);
        set(kTIn, sw.first ? 0 : sw.t_in);
        if (!sw.first) tin_gap = *bound - sw.t_in;
        tend_gap = sw.t_end - *bound - 1;
      }
      GF_CHECK(tin_gap < (uint64_t{1} << 48), "a word's previous access more than 2^48 timestamps before the shard");
      for (uint32_t j = 0; j < 3; ++j) {
        const uint32_t limb = static_cast<uint32_t>((tin_gap >> (16 * j)) & 0xFFFF);
        set(static_cast<Col>(kTinL0 + j), limb);
        counts.range16(limb);
      }
      limbs(kTendLo, kTendHi, tend_gap);
    }
  }
  return t;  // padding rows: all zero (no row kind, no lookups)
}

RowMajorMatrix RamFinalizeTable::trace(std::span<const Word> words, LookupCounts& counts) {
  size_t n = 4;
  while (n < words.size()) n *= 2;
  RowMajorMatrix t(n, fin::kNumCols);
  auto key = [](const Word& w) { return (uint64_t{w.ro} << 28) + w.addr; };
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    GF_CHECK(w.addr < (uint32_t{1} << 28), "final word address above 2^28");
    t.at(i, fin::kIsReal) = Fp::one();
    t.at(i, fin::kRo) = Fp::from_u64(w.ro);
    t.at(i, fin::kAddr) = Fp::from_u64(w.addr);
    t.at(i, fin::kValue) = Fp::from_u64(w.value);
    t.at(i, fin::kTs) = Fp::from_u64(w.ts);
    uint64_t gap = 0;
    if (i + 1 < words.size()) {
      GF_CHECK(key(words[i + 1]) > key(w), "final words not strictly increasing");
      gap = key(words[i + 1]) - key(w) - 1;
    }
    t.at(i, fin::kGapLo) = Fp::from_u64(gap & 0xFFFF);
    t.at(i, fin::kGapHi) = Fp::from_u64(gap >> 16);
    counts.range16(static_cast<uint32_t>(gap & 0xFFFF));
    counts.range16(static_cast<uint32_t>(gap >> 16));
  }
  return t;
}

}  // namespace goldfinch::circuit
