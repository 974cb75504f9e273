// The RAM part of the memory argument's boundary (memory space 1, word addresses): the image
// table (every word of the ELF's PT_LOAD segments, preprocessed, part of the verifying key) and
// the RAM boundary (one row per touched or image word: its initial and final value and time).
// docs/circuit_ram_boundary.md describes the columns, constraints and why they are sound.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/memory_map.h"

namespace goldfinch::circuit {

inline constexpr uint32_t kMemSpaceRam = 1;
// Word-address windows (byte address / 4).
inline constexpr uint32_t kRamWordBase = vm::kRamBase / 4;       // 0x4000
inline constexpr uint32_t kRamWordEnd = vm::kRamEnd / 4;         // 0x8000000
inline constexpr uint32_t kInputWordBase = vm::kInputBase / 4;   // 0x8000000
inline constexpr uint32_t kInputWordEnd = vm::kInputEnd / 4;     // 0xC000000
inline constexpr uint32_t kPayloadWordBase = vm::kInputPayload / 4;  // 0x8000004: the payload's first word

struct ImageWord {
  uint32_t addr = 0;  // word address
  uint32_t value = 0;
  bool writable = false;
};

// Every 4-byte word of every PT_LOAD segment (bytes past the file data are zero), sorted by
// address. The segments must be word aligned with word-multiple sizes (the loader's page
// alignment guarantees it; a memsz that is not a multiple of 4 is rounded up).
std::vector<ImageWord> image_words(const vm::ElfImage& image);

// Preprocessed: addr, value, writable, real (1 on image rows, 0 on padding). No main columns.
// Receives (addr, value, writable) on kBusImage with multiplicity `real`: a constant of the
// verifying key, so every image word must be sent exactly once.
class ImageTable : public air::AirBase<ImageTable> {
 public:
  explicit ImageTable(const vm::ElfImage& image);
  // Verifier side (a guest key without its ELF): no words, only the fixed height (a power of
  // two >= 4 that the key fixes); its preprocessed columns are committed in the key.
  static ImageTable of_height(size_t height);
  std::string name() const override { return "ram_image"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return 0; }
  size_t preprocessed_width() const override { return 4; }
  size_t fixed_height() const override { return height_; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B&) const {}

  const std::vector<ImageWord>& words() const { return words_; }
  // The image word at `addr`, or nullptr.
  const ImageWord* find(uint32_t addr) const;
  // The (empty) main trace.
  RowMajorMatrix trace() const { return RowMajorMatrix(height_, 0); }

 private:
  ImageTable() = default;
  std::vector<ImageWord> words_;
  size_t height_ = 4;
  bool shape_only_ = false;
};

namespace ram {
enum Col : uint32_t {
  kIsImage, kIsInput, kIsRam,   // row kind (boolean, at most one; with is_header, is_len their sum is is_real)
  kWritable,
  kAddr, kV0, kVEnd, kTEnd,
  kB0, kB1, kB2, kB3,           // v0 = sum 256^j b_j (bytes, range-checked in pairs)
  kGapLo, kGapHi,               // next addr - addr - 1 = lo + 2^16 hi (row i holds row i+1's gap)
  kLowLo, kLowHi,               // addr - L = lo + 2^16 hi   (L: window start)
  kHighLo, kHighHi,             // U - 1 - addr = lo + 2^16 hi (U: window end)
  kIsHeader,                    // row kind: the input header's magic and version words (fixed values)
  kIsLen,                       // row kind: the header's payload-length word and its reserved (zero) word
  kPlen,                        // the payload length L, the same on every real row (0 on padding)
  kM0, kM1, kM2, kM3,           // input rows: m_j = 1 iff payload byte j of the word is below L (else it is 0)
  kXLo, kXHi,                   // x = is_len (max - v0) + m0 (L - 4 w - sum m_j) = lo + 2^16 hi
  kNumCols,
  // Only in a shard's table (continuations, docs/continuations.md "The shard statement"):
  kTouched = kNumCols,          // the shard accesses the word
  kFirst,                       // ... and it is the run's first access (lazy init: v_in = v0)
  kVIn, kTIn,                   // the word's value and timestamp at the shard's start (received)
  kBound,                       // the shard's boundary timestamp B on every row (public value 0)
  kTinL0, kTinL1, kTinL2,       // B - t_in = l0 + 2^16 l1 + 2^32 l2 on received rows
  kTendLo, kTendHi,             // t_end - B - 1 = lo + 2^16 hi on touched rows
  kNumColsShard
};
// Public values of a shard's RAM boundary: its boundary timestamp and the input payload length.
enum PublicValue : uint32_t { kPvBound, kPvPlen, kNumShardPublicValues };
}  // namespace ram

// The value and timestamp of a word's last access.
struct WordFinal {
  uint32_t value = 0;
  uint64_t ts = 0;
};

// The initial value of RAM word `addr`: the image word, the input region's word (16-byte header
// {magic, version, payload length, 0}, then the payload, zero past it), or 0.
uint32_t initial_word(const ImageTable& image, std::span<const uint8_t> input_payload, uint32_t addr);

// One row per touched word and per image word, addresses strictly increasing. Sends
// (1, addr, v0, 0) and receives (1, addr, v_end, t_end) on kBusMemory (multiplicity is_real),
// sends (addr, v0, writable) on kBusImage (multiplicity is_image). Every real row's address lies
// in the RAM window, or in the input region on input, header and length rows; plain RAM rows start
// at 0; the header is {magic, version, L, 0} with L <= vm::kMaxInputPayload, and payload bytes
// at or past L start at 0 (so the input region starts as the executor maps it, for some input);
// non-writable words (input region, read-only segments) end with their initial value.
//
// A shard's RAM boundary (continuations, shard = true) keeps every row kind and the constraints on
// v0 (the word's value at the start of the run), and instead of starting each word at (v0, 0)
// it starts each word the shard touches at (v_in, B), B the shard's boundary timestamp, and
// hands it on through the cross-shard multiset (kBusMultisetTuple): it receives
// (space, addr, v_in, t_in) with t_in <= B from an earlier shard, unless this is the word's first
// access in the run (first: v_in = v0, nothing received), and sends (space, addr, v_end, t_end)
// with t_end > B. Rows the shard does not touch (image words) reach no memory bus.
class RamBoundary : public air::AirBase<RamBoundary> {
 public:
  explicit RamBoundary(bool shard = false) : shard_(shard) {}
  std::string name() const override { return "ram_boundary"; }
  size_t width() const override { return shard_ ? ram::kNumColsShard : ram::kNumCols; }
  size_t num_public_values() const override { return shard_ ? size_t{ram::kNumShardPublicValues} : 0; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;

  // Rows for the union of the touched words (word address -> last access) and every image word.
  // Records its range lookups in `counts`. Touched words outside the RAM window and the input
  // region, or writes to a non-writable word, are internal errors (the executor traps on them).
  static RowMajorMatrix trace(const ImageTable& image, const std::map<uint32_t, WordFinal>& touched,
                              std::span<const uint8_t> input_payload, LookupCounts& counts);

  // A shard's table: per touched word its start (v_in, t_in: t_in = 0 on the run's first access)
  // and its last access in the shard; `bound` the shard's boundary timestamp.
  struct ShardWord {
    uint32_t v_in = 0;
    uint64_t t_in = 0;
    bool first = false;
    uint32_t v_end = 0;
    uint64_t t_end = 0;
  };
  static RowMajorMatrix shard_trace(const ImageTable& image, const std::map<uint32_t, ShardWord>& touched,
                                    std::span<const uint8_t> input_payload, uint64_t bound, LookupCounts& counts);

 private:
  static RowMajorMatrix fill(const ImageTable& image, const std::map<uint32_t, ShardWord>& touched,
                             std::span<const uint8_t> input_payload, const uint64_t* bound, LookupCounts& counts);
  bool shard_ = false;
};

// The run's final memory (continuations): in the last shard only, one row per word the run
// touched, (space, addr) strictly increasing, each receiving the word's last handoff
// (space, addr, value, ts) from the multiset, so that every handoff any shard sends is consumed
// and each word is initialised exactly once (docs/continuations.md). Columns: is_real, ro (space
// 2), addr, value, ts, gap_lo, gap_hi (key' - key - 1 = lo + 2^16 hi, key = 2^28 ro + addr).
// Public value: active (1 in the last shard; rows need it).
namespace fin {
enum Col : uint32_t { kIsReal, kRo, kAddr, kValue, kTs, kGapLo, kGapHi, kNumCols };
}  // namespace fin
class RamFinalizeTable : public air::AirBase<RamFinalizeTable> {
 public:
  std::string name() const override { return "ram_finalize"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return fin::kNumCols; }
  size_t num_public_values() const override { return 1; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;
  struct Word {
    bool ro = false;
    uint32_t addr = 0;
    uint32_t value = 0;
    uint64_t ts = 0;
  };
  // `words` sorted by (ro, addr), no repeats.
  static RowMajorMatrix trace(std::span<const Word> words, LookupCounts& counts);
};

template <class B>
void RamFinalizeTable::eval(B& b) const {
  using namespace fin;
  auto c = [&](Col col) { return b.main(col); };
  auto n = [&](Col col) { return b.main_next(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const auto one = k(1);
  b.assert_bool(c(kIsReal), "is_real is boolean");
  b.assert_bool(c(kRo), "ro is boolean");
  b.assert_zero(c(kIsReal) * (one - b.public_value(0)), "final memory only in the last shard");
  b.assert_zero_transition(n(kIsReal) * (one - c(kIsReal)), "real rows form a prefix");
  const auto key = k(uint64_t{1} << 28) * c(kRo) + c(kAddr);
  const auto next_key = k(uint64_t{1} << 28) * n(kRo) + n(kAddr);
  b.assert_zero_transition(n(kIsReal) * (next_key - key - one - c(kGapLo) - k(1 << 16) * c(kGapHi)),
                           "final words strictly increasing");
}

template <class B>
void RamBoundary::eval(B& b) const {
  using namespace ram;
  using E = typename B::Expr;
  auto c = [&](Col col) { return b.main(col); };
  auto n = [&](Col col) { return b.main_next(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1);
  const E two16 = k(1 << 16);
  const E is_real = c(kIsImage) + c(kIsInput) + c(kIsRam) + c(kIsHeader) + c(kIsLen);
  const E next_real = n(kIsImage) + n(kIsInput) + n(kIsRam) + n(kIsHeader) + n(kIsLen);

  b.assert_bool(c(kIsImage), "is_image is boolean");
  b.assert_bool(c(kIsInput), "is_input is boolean");
  b.assert_bool(c(kIsRam), "is_ram is boolean");
  b.assert_bool(c(kIsHeader), "is_header is boolean");
  b.assert_bool(c(kIsLen), "is_len is boolean");
  b.assert_bool(is_real, "at most one row kind");
  b.assert_bool(c(kWritable), "writable is boolean");
  b.assert_zero_transition(next_real * (one - is_real), "real rows form a prefix");

  // Addresses strictly increasing: next addr - addr - 1 in [0, 2^32).
  b.assert_zero_transition(next_real * (n(kAddr) - c(kAddr) - one - c(kGapLo) - two16 * c(kGapHi)), "addresses increase");
  // Window [L, U): the RAM window; the payload on input rows; header words 0-1 on header rows,
  // words 2-3 on length rows.
  const E low = k(kRamWordBase) + c(kIsInput) * k(kPayloadWordBase - kRamWordBase) +
                c(kIsHeader) * k(kInputWordBase - kRamWordBase) + c(kIsLen) * k(kInputWordBase + 2 - kRamWordBase);
  const E high = k(kRamWordEnd) + c(kIsInput) * k(kInputWordEnd - kRamWordEnd) +
                 c(kIsHeader) * (k(kInputWordBase + 2) - k(kRamWordEnd)) + c(kIsLen) * (k(kPayloadWordBase) - k(kRamWordEnd));
  b.assert_zero(is_real * (c(kAddr) - low - c(kLowLo) - two16 * c(kLowHi)), "address at or above the window start");
  b.assert_zero(is_real * (high - one - c(kAddr) - c(kHighLo) - two16 * c(kHighHi)), "address below the window end");

  // Initial value: a u32 (its bytes); 0 on plain RAM rows (image rows: the image bus fixes it).
  b.assert_zero(c(kV0) - c(kB0) - k(1 << 8) * c(kB1) - two16 * c(kB2) - k(1 << 24) * c(kB3), "v0 bytes");
  b.assert_zero(c(kIsRam) * c(kV0), "plain RAM starts at zero");
  // Writability: plain RAM writable, input region not, image rows per segment (image bus).
  b.assert_zero(c(kIsRam) * (one - c(kWritable)), "plain RAM is writable");
  b.assert_zero((c(kIsInput) + c(kIsHeader) + c(kIsLen)) * c(kWritable), "the input region is read-only");
  // The header {magic, version, payload length L, 0} (d = addr - header base, by the windows:
  // 0-1 on header rows, 2-3 on length rows).
  const E d = c(kAddr) - k(kInputWordBase);
  b.assert_zero(c(kIsHeader) * (c(kV0) - k(vm::kInputMagic) - d * (k(vm::kInputVersion) - k(vm::kInputMagic))),
                "input header words are magic, version");
  b.assert_zero(c(kIsLen) * (d - k(2)) * c(kV0), "the input header's reserved word is 0");
  // L: one value on every real row, the length word's value where that word has a row, at most
  // the executor's maximum (x below), 0 on padding rows.
  b.assert_zero_transition(next_real * (n(kPlen) - c(kPlen)), "the payload length is the same on every row");
  b.assert_zero((one - is_real) * c(kPlen), "the payload length is 0 on padding rows");
  b.assert_zero(c(kIsLen) * (k(3) - d) * (c(kPlen) - c(kV0)), "the payload length is the length word");
  // Payload bytes at or past L are 0: m_j is a thermometer code (m0 >= m1 >= m2 >= m3), only on
  // input rows; a byte with m_j = 0 is 0; and m0 = 1 proves L >= 4 w + sum m_j (through x),
  // so every byte kept (m_j = 1) lies below L.
  const Col m[4] = {kM0, kM1, kM2, kM3};
  const Col bytes[4] = {kB0, kB1, kB2, kB3};
  for (int j = 0; j < 4; ++j) b.assert_bool(c(m[j]), "m_j is boolean");
  for (int j = 0; j < 3; ++j) b.assert_zero(c(m[j + 1]) * (one - c(m[j])), "the byte mask is a thermometer code");
  b.assert_zero(c(kM0) * (one - c(kIsInput)), "a byte mask only on input rows");
  for (int j = 0; j < 4; ++j) b.assert_zero(c(kIsInput) * (one - c(m[j])) * c(bytes[j]), "payload bytes past the length are 0");
  const E kept = c(kM0) + c(kM1) + c(kM2) + c(kM3);
  const E w = c(kAddr) - k(kPayloadWordBase);
  b.assert_zero(c(kXLo) + two16 * c(kXHi) - c(kIsLen) * (k(vm::kMaxInputPayload) - c(kV0)) -
                    c(kM0) * (c(kPlen) - k(4) * w - kept),
                "payload length at most the maximum; kept bytes below the length");
  b.assert_zero((one - c(kWritable)) * (c(kVEnd) - c(kV0)), "a read-only word keeps its initial value");
  if (shard_) {
    // The handoff (docs/continuations.md, "The shard statement").
    const E touched = c(kTouched), first = c(kFirst), bound = c(kBound);
    b.assert_zero(bound - b.public_value(kPvBound), "the boundary timestamp is the public one");
    b.assert_zero(is_real * (c(kPlen) - b.public_value(kPvPlen)), "the payload length is the public one");
    b.assert_bool(touched, "touched is boolean");
    b.assert_bool(first, "first is boolean");
    b.assert_zero(touched * (one - is_real), "only real rows are touched");
    b.assert_zero(first * (one - touched), "a first access is an access");
    b.assert_zero(first * (c(kVIn) - c(kV0)), "a word's first access starts at its initial value");
    b.assert_zero((one - c(kWritable)) * (c(kVIn) - c(kV0)), "a read-only word starts the shard at its initial value");
    b.assert_zero(touched * (c(kTEnd) - bound - one - c(kTendLo) - two16 * c(kTendHi)),
                  "a touched word's last access is in the shard");
    b.assert_zero((touched - first) * (bound - c(kTIn) - c(kTinL0) - two16 * c(kTinL1) - k(uint64_t{1} << 32) * c(kTinL2)),
                  "a received word was last accessed before the shard");
  }
}

}  // namespace goldfinch::circuit
