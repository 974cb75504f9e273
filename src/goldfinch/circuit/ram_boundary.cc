#include "goldfinch/circuit/ram_boundary.h"

#include <algorithm>

#include "goldfinch/base/bits.h"

namespace goldfinch::circuit {

using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace ram;

namespace {

LinearCombination col(Col c) { return LinearCombination::main(c); }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }
LinearCombination is_real() {
  LinearCombination lc;
  for (Col c : {kIsImage, kIsInput, kIsRam, kIsHeader, kIsLen}) lc.terms.push_back({air::Column::main(c), Fp::one()});
  return lc;
}

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

ImageTable ImageTable::of_height(size_t height) {
  GF_CHECK(height >= 4 && is_pow2(height), "image table height");
  ImageTable t;
  t.height_ = height;
  t.shape_only_ = true;
  return t;
}

RowMajorMatrix ImageTable::preprocessed_trace(size_t height) const {
  GF_CHECK(height == height_, "image table height");
  GF_CHECK(!shape_only_, "an image table built from a key's shape has no preprocessed trace");
  RowMajorMatrix t(height_, 4);
  for (size_t i = 0; i < words_.size(); ++i) {
    t.at(i, 0) = Fp::from_u64(words_[i].addr);
    t.at(i, 1) = Fp::from_u64(words_[i].value);
    t.at(i, 2) = Fp::from_u64(words_[i].writable);
    t.at(i, 3) = Fp::one();
  }
  return t;  // padding rows: all zero, multiplicity 0
}

std::vector<Interaction> ImageTable::interactions() const {
  return {{kBusImage, {LinearCombination::pre(0), LinearCombination::pre(1), LinearCombination::pre(2)}, LinearCombination::pre(3),
           Direction::kReceive}};
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

std::vector<Interaction> RamBoundary::interactions() const {
  std::vector<Interaction> out;
  // Writable words live in memory space 1, read-only words (read-only segments, the input region)
  // in space 2, which only loads address: a store to a read-only word has no tuple to match.
  LinearCombination space{{{air::Column::main(kWritable), -Fp::one()}}, Fp::from_u64(2)};
  if (!shard_) {
    out.push_back({kBusMemory, {space, col(kAddr), col(kV0), konst(0)}, is_real(), Direction::kSend});
    out.push_back({kBusMemory, {space, col(kAddr), col(kVEnd), col(kTEnd)}, is_real(), Direction::kReceive});
  } else {
    // The shard's own memory argument starts each touched word at (v_in, B) and ends it at
    // (v_end, t_end); the multiset receives the start (unless first) and the end is sent on.
    out.push_back({kBusMemory, {space, col(kAddr), col(kVIn), col(kBound)}, col(kTouched), Direction::kSend});
    out.push_back({kBusMemory, {space, col(kAddr), col(kVEnd), col(kTEnd)}, col(kTouched), Direction::kReceive});
    LinearCombination received{{{air::Column::main(kTouched), Fp::one()}, {air::Column::main(kFirst), -Fp::one()}}, Fp::zero()};
    out.push_back({kBusMultisetTuple, {konst(2), space, col(kAddr), col(kVIn), col(kTIn)}, received, Direction::kSend});
    out.push_back({kBusMultisetTuple, {konst(1), space, col(kAddr), col(kVEnd), col(kTEnd)}, col(kTouched), Direction::kSend});
    for (Col c : {kTinL0, kTinL1, kTinL2, kTendLo, kTendHi}) out.push_back({kBusRange16, {col(c)}, is_real(), Direction::kSend});
  }
  out.push_back({kBusImage, {col(kAddr), col(kV0), col(kWritable)}, col(kIsImage), Direction::kSend});
  for (Col c : {kGapLo, kGapHi, kLowLo, kLowHi, kHighLo, kHighHi, kXLo, kXHi})
    out.push_back({kBusRange16, {col(c)}, is_real(), Direction::kSend});
  for (auto [a, b] : {std::pair{kB0, kB1}, std::pair{kB2, kB3}})
    out.push_back({kBusByte, {konst(kByteRange), col(a), col(b), konst(0)}, is_real(), Direction::kSend});
  return out;
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

}  // namespace goldfinch::circuit

namespace goldfinch::circuit {

std::vector<Interaction> RamFinalizeTable::interactions() const {
  auto c = [](fin::Col x) { return LinearCombination::main(x); };
  LinearCombination space{{{air::Column::main(fin::kRo), Fp::one()}}, Fp::one()};
  return {{kBusMultisetTuple, {LinearCombination::constant_value(Fp::from_u64(2)), space, c(fin::kAddr), c(fin::kValue), c(fin::kTs)}, c(fin::kIsReal),
           Direction::kSend},
          {kBusRange16, {c(fin::kGapLo)}, c(fin::kIsReal), Direction::kSend},
          {kBusRange16, {c(fin::kGapHi)}, c(fin::kIsReal), Direction::kSend}};
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
