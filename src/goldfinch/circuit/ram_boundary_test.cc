// The RAM boundary and the image table, proven with a test-only access table that replays a
// scripted list of word reads and writes on the memory bus; and the attacks on the boundary:
// forged image values, image words claimed as plain RAM, duplicate or unordered addresses,
// words outside their window, non-zero plain RAM, writes to read-only words, stale reads, and
// every column corrupted.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "goldfinch/circuit/ram_boundary.h"
#include "goldfinch/circuit/testing.h"

namespace goldfinch::circuit {
namespace {

using namespace ram;

// TEST ONLY: one row per scripted access (addr, old, t_prev, new, t, m, space): receives
// (space, addr, old, t_prev) and sends (space, addr, new, t) on kBusMemory with multiplicity m. It proves
// nothing (the CPU proves t > t_prev and the load/store semantics); it stands in for the CPU.
class ScriptedAccesses : public air::AirBase<ScriptedAccesses> {
 public:
  enum : uint32_t { kA, kOld, kTPrev, kNew, kT, kM, kS, kWidth };  // kS: memory space (1 writable, 2 read-only)
  std::string name() const override { return "scripted_accesses_test_only"; }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    auto m = [](uint32_t c) { return LinearCombination::main(c); };
    return {{kBusMemory, {m(kS), m(kA), m(kOld), m(kTPrev)}, m(kM), air::Direction::kReceive},
            {kBusMemory, {m(kS), m(kA), m(kNew), m(kT)}, m(kM), air::Direction::kSend}};
  }
  template <class B>
  void eval(B&) const {}
};

struct Access {
  uint32_t addr;  // word address
  bool write;
  uint32_t value;  // written value (writes)
};

constexpr uint32_t kText = 0x10000 / 4;    // 4 words, executable
constexpr uint32_t kRodata = 0x11000 / 4;  // 2 words, read-only
constexpr uint32_t kData = 0x12000 / 4;    // 2 words of data + 2 of bss, writable
constexpr uint32_t kHeap = 0x100000 / 4;
constexpr uint32_t kStackTop = kRamWordEnd - 1;

vm::Segment segment(uint32_t vaddr, std::vector<uint8_t> data, uint32_t memsz, bool writable, bool executable) {
  vm::Segment s;
  s.vaddr = vaddr;
  s.data = std::move(data);
  s.memsz = memsz;
  s.writable = writable;
  s.executable = executable;
  return s;
}

vm::ElfImage test_image() {
  vm::ElfImage img;
  img.entry = 0x10000;
  img.segments.push_back(segment(0x10000, {0x13, 0, 0, 0, 0x93, 0x08, 0xd0, 0x05, 0x73, 0, 0, 0, 0xef, 0xbe, 0xad, 0xde}, 16, false, true));
  img.segments.push_back(segment(0x11000, {1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff}, 8, false, false));
  img.segments.push_back(segment(0x12000, {0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0x80}, 16, true, false));
  return img;
}

const std::vector<uint8_t> kInput = {10, 20, 30, 40, 50, 60};

std::vector<Access> test_script() {
  return {
      {kText + 3, false, 0},         // code is readable
      {kRodata, false, 0},           // read-only data
      {kData, false, 0},             // data word, read, written, read
      {kData, true, 0xCAFEBABE},
      {kData, false, 0},
      {kData + 3, true, 7},          // bss
      {kInputWordBase, false, 0},    // input header (magic)
      {kInputWordBase + 2, false, 0},  // payload length
      {kInputWordBase + 5, false, 0},  // payload bytes 4..5, zero past the end
      {kHeap, false, 0},             // zero RAM, read
      {kHeap + 1, true, 0xFFFFFFFF}, // written twice, read
      {kHeap + 1, true, 5},
      {kHeap + 1, false, 0},
      {kStackTop, true, 0x80000000},
      {kInputWordEnd - 1, false, 0},  // the last input word
      {kRamWordBase + 0x4000, false, 0},  // zero RAM
  };
}

// Everything a boundary proof needs, built honestly from a script; attacks edit the matrices.
struct Fixture {
  ImageTable image{test_image()};
  RamBoundary boundary;
  ScriptedAccesses accesses;
  RangeU16Table range;
  ByteTable bytes;
  RowMajorMatrix bt, at;
  LookupCounts counts;
  std::map<uint32_t, WordFinal> touched;
  std::vector<uint64_t> access_ts;  // timestamp of access i

  explicit Fixture(const std::vector<Access>& script) {
    std::map<uint32_t, uint32_t> mem;  // oracle: a plain map of word values
    size_t n = 8;
    while (n < script.size() + 2) n *= 2;  // spare padding rows for attacks that add accesses
    at = RowMajorMatrix(n, ScriptedAccesses::kWidth);
    for (size_t i = 0; i < script.size(); ++i) {
      const Access& a = script[i];
      if (!mem.contains(a.addr)) mem[a.addr] = initial_word(image, kInput, a.addr);
      const uint64_t t = 4 * (i + 1) + 2;
      const uint32_t old = mem[a.addr];
      const uint64_t t_prev = touched.contains(a.addr) ? touched[a.addr].ts : 0;
      const uint32_t nv = a.write ? a.value : old;
      const ImageWord* iw = image.find(a.addr);
      const bool writable = iw ? iw->writable : !(a.addr >= kInputWordBase && a.addr < kInputWordEnd);
      const uint64_t row[] = {a.addr, old, t_prev, nv, t, 1, writable ? 1u : 2u};
      for (uint32_t c = 0; c < ScriptedAccesses::kWidth; ++c) at.at(i, c) = Fp::from_u64(row[c]);
      mem[a.addr] = nv;
      touched[a.addr] = {nv, t};
      access_ts.push_back(t);
    }
    bt = RamBoundary::trace(image, touched, kInput, counts);
  }

  size_t row_of(uint32_t addr) const {
    for (size_t r = 0; r < bt.height(); ++r)
      if (bt.at(r, kAddr) == Fp::from_u64(addr) && is_real_row(r)) return r;
    ADD_FAILURE() << "no boundary row for " << addr;
    return 0;
  }
  size_t real_rows() const {
    size_t r = 0;
    while (r < bt.height() && is_real_row(r)) ++r;
    return r;
  }

  bool is_real_row(size_t r) const {
    return r < bt.height() && !(bt.at(r, kIsImage) + bt.at(r, kIsInput) + bt.at(r, kIsRam) + bt.at(r, kIsHeader) + bt.at(r, kIsLen)).is_zero();
  }
  // Recomputes a row's derived cells (v0's bytes, the gap, window and x limbs) from its kind,
  // address, v0, L, byte mask and the next row's address, in the field: the identities hold, so
  // only the range checks can object to a wrapped value.
  void fix_limbs(size_t r) {
    auto split = [&](Col lo, Col hi, Fp v) {
      const uint64_t l = v.value() & 0xFFFF;
      bt.at(r, lo) = Fp::from_u64(l);
      bt.at(r, hi) = (v - Fp::from_u64(l)) * Fp::from_u64(1 << 16).inverse();
    };
    const Fp addr = bt.at(r, kAddr);
    const Fp v0 = bt.at(r, kV0);
    for (uint32_t j = 0; j < 3; ++j) bt.at(r, static_cast<Col>(kB0 + j)) = Fp::from_u64((v0.value() >> (8 * j)) & 0xFF);
    bt.at(r, kB3) = (v0 - Fp::from_u64(v0.value() & 0xFFFFFF)) * Fp::from_u64(1 << 24).inverse();
    split(kGapLo, kGapHi, is_real_row(r + 1) ? bt.at(r + 1, kAddr) - addr - Fp::one() : Fp::zero());
    const bool input = is1(r, kIsInput), header = is1(r, kIsHeader), len = is1(r, kIsLen);
    const uint32_t low = header ? kInputWordBase : len ? kInputWordBase + 2 : input ? kPayloadWordBase : kRamWordBase;
    const uint32_t high = header ? kInputWordBase + 2 : len ? kPayloadWordBase : input ? kInputWordEnd : kRamWordEnd;
    split(kLowLo, kLowHi, addr - Fp::from_u64(low));
    split(kHighLo, kHighHi, Fp::from_u64(high - 1) - addr);
    Fp kept = Fp::zero();
    for (Col m : {kM0, kM1, kM2, kM3}) kept += bt.at(r, m);
    split(kXLo, kXHi,
          (len ? Fp::from_u64(vm::kMaxInputPayload) - v0 : Fp::zero()) +
              bt.at(r, kM0) * (bt.at(r, kPlen) - Fp::from_u64(4) * (addr - Fp::from_u64(kPayloadWordBase)) - kept));
  }
  bool is1(size_t r, Col c) const { return bt.at(r, c) == Fp::one(); }
  // Sets L on every real row.
  void set_plen(uint64_t plen) {
    for (size_t r = 0; r < real_rows(); ++r) bt.at(r, kPlen) = Fp::from_u64(plen);
  }
  void fix_all_limbs() {
    for (size_t r = 0; r < real_rows(); ++r) fix_limbs(r);
  }
  // Inserts a row at `pos`, shifting the rows below down (into the padding).
  void insert_row(size_t pos) {
    const size_t last = real_rows();
    ASSERT_LT(last, bt.height());
    for (size_t r = last; r > pos; --r)
      for (uint32_t c = 0; c < kNumCols; ++c) bt.at(r, c) = bt.at(r - 1, c);
    for (uint32_t c = 0; c < kNumCols; ++c) bt.at(pos, c) = Fp::zero();
  }
  // The range counts the boundary's lookups need, from the (possibly edited) trace; values that
  // are not 16-bit cannot be counted, so they stay unbalanced.
  LookupCounts recount() const {
    LookupCounts c;
    for (size_t r = 0; r < real_rows(); ++r) {
      for (Col col : {kGapLo, kGapHi, kLowLo, kLowHi, kHighLo, kHighHi, kXLo, kXHi})
        if (bt.at(r, col).value() < (1u << 16)) c.range16(static_cast<uint32_t>(bt.at(r, col).value()));
      for (auto [a, b] : {std::pair{kB0, kB1}, std::pair{kB2, kB3}})
        if (bt.at(r, a).value() < 256 && bt.at(r, b).value() < 256)
          c.byte_op(kByteRange, static_cast<uint32_t>(bt.at(r, a).value()), static_cast<uint32_t>(bt.at(r, b).value()));
    }
    return c;
  }

  Error prove(bool force, std::vector<std::string>* failures, bool use_recount = true) {
    std::vector<testing::Table> tables = {{&image, image.trace()},
                                          {&boundary, bt},
                                          {&accesses, at},
                                          {&range, RangeU16Table::trace(use_recount ? recount() : counts)},
                                          {&bytes, ByteTable::trace(use_recount ? recount() : counts)}};
    return testing::prove_and_verify(tables, force, failures);
  }
};

// The debug checkers' findings on the fixture (constraints of every table, bus balance).
std::vector<std::string> debug_failures(Fixture& f) {
  std::vector<testing::Table> tables = {{&f.image, f.image.trace()},
                                        {&f.boundary, f.bt},
                                        {&f.accesses, f.at},
                                        {&f.range, RangeU16Table::trace(f.recount())},
                                        {&f.bytes, ByteTable::trace(f.recount())}};
  std::vector<RowMajorMatrix> pre;
  for (auto& t : tables) pre.push_back(t.air->preprocessed_width() ? t.air->preprocessed_trace(t.main.height()) : RowMajorMatrix());
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < tables.size(); ++i) traces.push_back({tables[i].air, tables[i].main.view(), pre[i].view(), {}});
  std::vector<std::string> failures;
  for (const auto& t : traces)
    for (const auto& c : air::check_constraints(t, 5)) failures.push_back(c.describe());
  for (const auto& b : air::check_buses(traces, 5)) failures.push_back(b.describe());
  return failures;
}

// The debug checkers must report the attack (with a finding containing `reason`, when given);
// with `force`, the verifier must also reject a proof forced through the prover.
void expect_caught(Fixture& f, bool force, const std::string& what, const char* reason = nullptr) {
  std::vector<std::string> failures;
  if (force) {
    Error e = f.prove(true, &failures);
    EXPECT_FALSE(e.ok()) << what << ": the verifier accepted";
  } else {
    failures = debug_failures(f);
  }
  EXPECT_FALSE(failures.empty()) << what << ": the debug checkers found nothing";
  if (reason) {
    bool found = false;
    for (const auto& s : failures) found = found || s.find(reason) != std::string::npos;
    EXPECT_TRUE(found) << what << ": no finding mentions '" << reason << "'";
  }
  if (std::getenv("GF_SHOW_FAILURES"))
    for (const auto& s : failures) std::printf("%s: %s\n", what.c_str(), s.c_str());
}

TEST(RamBoundary, ConstraintDegree) {
  // Transition-selected constraints included; the LogUp helper constraints add their own degree 3.
  RamBoundary b;
  air::SymbolicBuilder sb(b.width(), 0, 0);
  b.eval_symbolic(sb);
  EXPECT_EQ(sb.max_degree(), 3u);
}

TEST(ImageWords, WordsOfEverySegmentWithZeroTail) {
  const auto words = image_words(test_image());
  ASSERT_EQ(words.size(), 4u + 2u + 4u);
  EXPECT_EQ(words[0].addr, kText);
  EXPECT_EQ(words[0].value, 0x13u);
  EXPECT_EQ(words[3].value, 0xDEADBEEFu);
  EXPECT_FALSE(words[3].writable);
  EXPECT_EQ(words[4].addr, kRodata);
  EXPECT_EQ(words[4].value, 0x04030201u);
  EXPECT_EQ(words[5].value, 0xFFFFFFFFu);
  EXPECT_EQ(words[6].addr, kData);
  EXPECT_EQ(words[6].value, 0x12345678u);
  EXPECT_EQ(words[7].value, 0x80000000u);
  EXPECT_EQ(words[8].value, 0u);  // past p_filesz
  EXPECT_EQ(words[9].addr, kData + 3);
  EXPECT_TRUE(words[9].writable);
}

TEST(ImageWords, InitialWordsOfTheInputRegion) {
  ImageTable image(test_image());
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase), 0x4E494647u);  // "GFIN"
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase + 1), 1u);
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase + 2), 6u);
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase + 3), 0u);
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase + 4), 0x281E140Au);
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase + 5), 0x3C32u);
  EXPECT_EQ(initial_word(image, kInput, kInputWordBase + 6), 0u);
  EXPECT_EQ(initial_word(image, kInput, kHeap), 0u);
  EXPECT_EQ(initial_word(image, kInput, kData), 0x12345678u);
}

TEST(RamBoundary, ScriptedAccessesProve) {
  Fixture f(test_script());
  // One row per image word plus the touched words outside the image.
  EXPECT_EQ(f.real_rows(), 10u + 8u);
  std::vector<std::string> failures;
  Error e = f.prove(false, &failures, /*use_recount=*/false);
  for (const auto& s : failures) ADD_FAILURE() << s;
  EXPECT_TRUE(e.ok()) << e.what;
}

TEST(RamBoundary, ImageOnlyProves) {
  Fixture f({});
  EXPECT_EQ(f.real_rows(), 10u);
  std::vector<std::string> failures;
  Error e = f.prove(false, &failures, false);
  for (const auto& s : failures) ADD_FAILURE() << s;
  EXPECT_TRUE(e.ok()) << e.what;
}

TEST(RamBoundary, RandomAccessesProve) {
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const std::vector<uint32_t> pool = {kText, kRodata + 1, kData, kData + 1, kData + 2, kHeap, kHeap + 7, kStackTop - 3,
                                      kInputWordBase + 4, kInputWordBase + 1000};
  std::vector<Access> script;
  for (int i = 0; i < 40; ++i) {
    const uint32_t addr = pool[rng() % pool.size()];
    const bool writable = addr >= kData && addr < kInputWordBase;
    script.push_back({addr, writable && (rng() & 1), static_cast<uint32_t>(rng())});
  }
  Fixture f(script);
  std::vector<std::string> failures;
  Error e = f.prove(false, &failures, false);
  for (const auto& s : failures) ADD_FAILURE() << s;
  EXPECT_TRUE(e.ok()) << e.what;
}

// --- attacks -------------------------------------------------------------------------------

// Makes every access of `addr` (all reads) return `v`, and the word's final value `v`.
void reads_return(Fixture& f, uint32_t addr, uint32_t v) {
  for (size_t i = 0; i < f.at.height(); ++i)
    if (f.at.at(i, ScriptedAccesses::kM) == Fp::one() && f.at.at(i, ScriptedAccesses::kA) == Fp::from_u64(addr)) {
      f.at.at(i, ScriptedAccesses::kOld) = Fp::from_u64(v);
      f.at.at(i, ScriptedAccesses::kNew) = Fp::from_u64(v);
    }
  const size_t r = f.row_of(addr);
  f.bt.at(r, kV0) = Fp::from_u64(v);
  f.bt.at(r, kVEnd) = Fp::from_u64(v);
  f.fix_limbs(r);
}

TEST(RamBoundaryAttack, ForgedImageValue) {
  Fixture f(test_script());
  reads_return(f, kRodata, 0x11111111);  // memory bus balanced, image bus not
  expect_caught(f, false, "forged image value", "bus 16");
  expect_caught(f, true, "forged image value", "bus 16");
}

TEST(RamBoundaryAttack, ImageWordClaimedAsZeroRam) {
  for (uint32_t addr : {kRodata + 1, kData + 2}) {  // a non-zero word, and a bss word that is zero
    Fixture f(test_script());
    const size_t r = f.row_of(addr);
    f.bt.at(r, kIsImage) = Fp::zero();
    f.bt.at(r, kIsRam) = Fp::one();
    f.bt.at(r, kWritable) = Fp::one();
    reads_return(f, addr, 0);
    expect_caught(f, false, "image word as plain RAM", "bus 16");
  }
}

TEST(RamBoundaryAttack, DuplicateAddress) {
  // Word kHeap + 1 is written (..., 5) then read: a second row for it lets the read see a fresh 0.
  Fixture f(test_script());
  const size_t r = f.row_of(kHeap + 1);
  size_t read = 0;
  for (size_t i = 0; i < test_script().size(); ++i)
    if (f.at.at(i, ScriptedAccesses::kA) == Fp::from_u64(kHeap + 1)) read = i;  // the last access: the read
  const Fp t_read = f.at.at(read, ScriptedAccesses::kT);
  const Fp t_before = f.at.at(read, ScriptedAccesses::kTPrev);
  f.at.at(read, ScriptedAccesses::kOld) = Fp::zero();
  f.at.at(read, ScriptedAccesses::kNew) = Fp::zero();
  f.at.at(read, ScriptedAccesses::kTPrev) = Fp::zero();
  f.bt.at(r, kTEnd) = t_before;  // the first row ends at the write
  f.bt.at(r, kVEnd) = Fp::from_u64(5);
  f.insert_row(r + 1);
  f.bt.at(r + 1, kIsRam) = Fp::one();
  f.bt.at(r + 1, kWritable) = Fp::one();
  f.bt.at(r + 1, kAddr) = Fp::from_u64(kHeap + 1);
  f.bt.at(r + 1, kTEnd) = t_read;
  f.fix_all_limbs();
  expect_caught(f, false, "duplicate address", "bus 11");
  expect_caught(f, true, "duplicate address", "bus 11");
}

TEST(RamBoundaryAttack, AddressesOutOfOrder) {
  Fixture f(test_script());
  const size_t r = f.row_of(kHeap);
  for (uint32_t c = 0; c < kNumCols; ++c) std::swap(f.bt.at(r, c), f.bt.at(r + 1, c));
  f.fix_all_limbs();
  expect_caught(f, false, "addresses out of order", "bus 11");
}

TEST(RamBoundaryAttack, InputWordOutsideTheInputRegion) {
  // A heap word (only read) claimed as input, to start it at a value of the prover's choice.
  Fixture f(test_script());
  const size_t r = f.row_of(kHeap);
  f.bt.at(r, kIsRam) = Fp::zero();
  f.bt.at(r, kIsInput) = Fp::one();
  f.bt.at(r, kWritable) = Fp::zero();
  reads_return(f, kHeap, 0x12345);
  expect_caught(f, false, "input word below the region", "bus 11");
}

TEST(RamBoundaryAttack, PlainRamStartsNonZero) {
  Fixture f(test_script());
  reads_return(f, kHeap, 7);
  expect_caught(f, false, "non-zero plain RAM", "plain RAM starts at zero");
  expect_caught(f, true, "non-zero plain RAM", "plain RAM starts at zero");
}

TEST(RamBoundaryAttack, AddressOutsideTheRamWindow) {
  // A read of word 0x100 (the null guard), and a writable plain-RAM row for an input word.
  {
    Fixture f(test_script());
    const size_t spare = test_script().size();
    const uint64_t t = 4 * (spare + 1) + 2;
    const uint64_t row[] = {0x100, 0, 0, 0, t, 1, 1};
    for (uint32_t c = 0; c < ScriptedAccesses::kWidth; ++c) f.at.at(spare, c) = Fp::from_u64(row[c]);
    f.insert_row(0);
    f.bt.at(0, kIsRam) = Fp::one();
    f.bt.at(0, kWritable) = Fp::one();
    f.bt.at(0, kAddr) = Fp::from_u64(0x100);
    f.bt.at(0, kTEnd) = Fp::from_u64(t);
    f.fix_all_limbs();
    expect_caught(f, false, "null guard word", "bus 11");
    expect_caught(f, true, "null guard word", "bus 11");
  }
  {
    Fixture f(test_script());
    const size_t r = f.row_of(kInputWordBase + 5);
    f.bt.at(r, kIsInput) = Fp::zero();
    f.bt.at(r, kIsRam) = Fp::one();
    f.bt.at(r, kWritable) = Fp::one();
    reads_return(f, kInputWordBase + 5, 0);
    expect_caught(f, false, "input word as plain RAM", "bus 11");
  }
  {
    // An input row just past the region's end.
    Fixture f(test_script());
    const size_t r = f.row_of(kInputWordEnd - 1);
    f.bt.at(r, kAddr) = Fp::from_u64(kInputWordEnd);
    for (size_t i = 0; i < f.at.height(); ++i)
      if (f.at.at(i, ScriptedAccesses::kA) == Fp::from_u64(kInputWordEnd - 1)) f.at.at(i, ScriptedAccesses::kA) = Fp::from_u64(kInputWordEnd);
    f.fix_all_limbs();
    expect_caught(f, false, "input word past the region", "bus 11");
  }
}

TEST(RamBoundaryAttack, WriteToReadOnlyWord) {
  for (uint32_t addr : {kRodata, kText + 3, kInputWordBase + 2}) {
    Fixture f(test_script());
    size_t i = 0;
    while (f.at.at(i, ScriptedAccesses::kA) != Fp::from_u64(addr)) ++i;
    f.at.at(i, ScriptedAccesses::kNew) = Fp::from_u64(99);  // the read becomes a write of 99
    f.bt.at(f.row_of(addr), kVEnd) = Fp::from_u64(99);
    expect_caught(f, false, "write to a read-only word", "keeps its initial value");
    if (addr == kRodata) expect_caught(f, true, "write to a read-only word", "keeps its initial value");
    // Claiming the word writable does not help.
    f.bt.at(f.row_of(addr), kWritable) = Fp::one();
    expect_caught(f, false, "read-only word claimed writable", addr == kInputWordBase + 2 ? "input region is read-only" : "bus 16");
  }
}

TEST(RamBoundaryAttack, ReadOfAValueNeverWritten) {
  Fixture f(test_script());
  size_t i = 0;
  while (f.at.at(i, ScriptedAccesses::kA) != Fp::from_u64(kHeap + 1) || f.at.at(i, ScriptedAccesses::kOld) != f.at.at(i, ScriptedAccesses::kNew)) ++i;
  f.at.at(i, ScriptedAccesses::kOld) = Fp::from_u64(1234);
  f.at.at(i, ScriptedAccesses::kNew) = Fp::from_u64(1234);
  f.bt.at(f.row_of(kHeap + 1), kVEnd) = Fp::from_u64(1234);
  expect_caught(f, false, "stale read", "bus 13");
  expect_caught(f, true, "stale read", "bus 13");
}

TEST(RamBoundaryAttack, EveryColumnCorrupted) {
  // Rows of each kind (none the last real row, whose gap limbs are free): a read-only image word,
  // a writable image word, input header words (magic, length), a payload word, a plain RAM word.
  for (uint32_t addr : {kRodata, kData, kInputWordBase, kInputWordBase + 2, kInputWordBase + 5, kHeap + 1}) {
    for (uint32_t c = 0; c < kNumCols; ++c) {
      Fixture f(test_script());
      const size_t r = f.row_of(addr);
      f.bt.at(r, c) = f.bt.at(r, c) + Fp::one();
      expect_caught(f, false, "column " + std::to_string(c) + " at word " + std::to_string(addr));
    }
  }
  for (uint32_t c : {kAddr, kWritable}) {
    Fixture f(test_script());
    const size_t r = f.row_of(kData);
    f.bt.at(r, c) = f.bt.at(r, c) + Fp::one();
    expect_caught(f, true, "forced column " + std::to_string(c));
  }
}

// The input header's magic, version and reserved words are fixed (only the length is the
// prover's): a forged magic, with the access that reads it agreeing, is caught by the header
// constraint; so is a payload word that claims to be a header word (its window).
TEST(RamBoundaryAttack, ForgedInputHeader) {
  for (uint32_t word : {0u, 1u, 3u}) {
    std::vector<Access> script = test_script();
    script.push_back({kInputWordBase + word, false, 0});
    Fixture f(script);
    const uint32_t forged = static_cast<uint32_t>(f.bt.at(f.row_of(kInputWordBase + word), kV0).value()) + 1;
    reads_return(f, kInputWordBase + word, forged);
    const char* reason = word == 3 ? "the input header's reserved word is 0" : "input header words are magic, version";
    expect_caught(f, false, "forged header word " + std::to_string(word), reason);
    expect_caught(f, true, "forged header word " + std::to_string(word));
  }
  // The payload word at the header base + 5 relabelled as a header or length row (window check).
  for (Col kind : {kIsHeader, kIsLen}) {
    Fixture f(test_script());
    const size_t r = f.row_of(kInputWordBase + 5);
    f.bt.at(r, kIsInput) = Fp::zero();
    f.bt.at(r, kIsHeader + kIsLen - kind) = Fp::zero();
    f.bt.at(r, kind) = Fp::one();
    f.bt.at(r, kM0) = f.bt.at(r, kM1) = Fp::zero();
    f.fix_limbs(r);
    expect_caught(f, false, "payload word as header row", "bus 11");
  }
  // The length word relabelled as a header row escapes neither the header values nor its window.
  Fixture f(test_script());
  const size_t r = f.row_of(kInputWordBase + 2);
  f.bt.at(r, kIsLen) = Fp::zero();
  f.bt.at(r, kIsHeader) = Fp::one();
  f.fix_limbs(r);
  expect_caught(f, false, "length word as header row", "bus 11");
}

// Issue 10. The payload length L is bounded by the executor's maximum (vm::kMaxInputPayload): a
// length word reading one more, with its reads, L on every row and every limb made consistent,
// leaves only the bound's range check to object.
TEST(RamBoundaryAttack, InputLengthAboveTheMaximum) {
  for (uint64_t forged : {vm::kMaxInputPayload + 1, vm::kMaxInputPayload + 4, uint64_t{0xFFFFFFFF}}) {
    Fixture f(test_script());
    reads_return(f, kInputWordBase + 2, static_cast<uint32_t>(forged));
    f.set_plen(forged);
    f.fix_all_limbs();
    EXPECT_TRUE(debug_failures(f).size() == 1) << "only the range check should object";
    // x = max - L wraps: its high limb is (p - (L - max)) / 2^16 rounded, never a 16-bit value.
    expect_caught(f, false, "payload length above the maximum", "bus 11");
    expect_caught(f, true, "payload length above the maximum", "bus 11");
  }
}

// The largest input the executor accepts proves: the bound is inclusive, no off-by-one.
TEST(RamBoundary, InputLengthAtTheMaximumProves) {
  Fixture f(test_script());
  reads_return(f, kInputWordBase + 2, static_cast<uint32_t>(vm::kMaxInputPayload));
  f.set_plen(vm::kMaxInputPayload);
  // The payload words keep every byte now (L covers the region): masks and x follow.
  for (size_t r = 0; r < f.real_rows(); ++r)
    if (f.is1(r, kIsInput))
      for (Col m : {kM0, kM1, kM2, kM3}) f.bt.at(r, m) = Fp::one();
  f.fix_all_limbs();
  std::vector<std::string> failures;
  Error e = f.prove(false, &failures);
  for (const auto& s : failures) ADD_FAILURE() << s;
  EXPECT_TRUE(e.ok()) << e.what;
}

// Issue 10. Payload bytes at or past L read as 0 (kInput has L = 6: word kInputWordBase + 5 holds
// bytes 4..7, two of them past L; kInputWordEnd - 1 is wholly past L). A non-zero byte there,
// read in place with the read agreeing, is caught whether the byte mask says it is past L (the
// byte must be 0) or claims it kept (then L >= 4 w + kept fails its range check); and L cannot
// be raised on the rows alone, away from the length word.
TEST(RamBoundaryAttack, NonZeroPayloadBytePastTheLength) {
  struct Case {
    uint32_t word;
    uint32_t value;
    uint32_t claimed_kept;  // the byte mask the forgery claims (0: leave the honest one)
    const char* reason;
  };
  const Case cases[] = {
      {kInputWordBase + 5, 0x00073C32, 0, "payload bytes past the length are 0"},  // byte 6 = 7
      {kInputWordBase + 5, 0x01003C32, 0, "payload bytes past the length are 0"},  // byte 7 = 1
      {kInputWordBase + 5, 0x00073C32, 3, "bus 11"},
      {kInputWordBase + 5, 0x01003C32, 4, "bus 11"},
      {kInputWordEnd - 1, 0x80, 0, "payload bytes past the length are 0"},
      {kInputWordEnd - 1, 0x80, 1, "bus 11"},
  };
  for (const Case& c : cases) {
    Fixture f(test_script());
    reads_return(f, c.word, c.value);
    const size_t r = f.row_of(c.word);
    if (c.claimed_kept)
      for (uint32_t j = 0; j < 4; ++j) f.bt.at(r, static_cast<Col>(kM0 + j)) = Fp::from_u64(j < c.claimed_kept);
    f.fix_limbs(r);
    const std::string what = "non-zero byte past the length, word " + std::to_string(c.word) + " kept " + std::to_string(c.claimed_kept);
    expect_caught(f, false, what, c.reason);
    expect_caught(f, true, what, c.reason);
  }
  // L raised on every row (so the bytes are kept) while the length word still says 6.
  Fixture f(test_script());
  reads_return(f, kInputWordBase + 5, 0x00073C32);
  f.set_plen(8);
  const size_t r = f.row_of(kInputWordBase + 5);
  f.bt.at(r, kM2) = f.bt.at(r, kM3) = Fp::one();
  f.fix_all_limbs();
  expect_caught(f, false, "L raised away from the length word", "the payload length is the length word");
  expect_caught(f, true, "L raised away from the length word");
  // L changed on one row only.
  Fixture g(test_script());
  g.bt.at(g.row_of(kInputWordBase + 5), kPlen) = Fp::from_u64(8);
  expect_caught(g, false, "L changed on one row", "the payload length is the same on every row");
}

TEST(RamBoundaryAttack, LimbAboveSixteenBits) {
  // The classic under-constrained limb: lo + 2^16, hi - 1 keeps lo + 2^16 hi.
  Fixture f(test_script());
  const size_t r = f.row_of(kRodata + 1);
  const std::string tuple = "bus 11: tuple (" + std::to_string(f.bt.at(r, kHighLo).value() + (1 << 16)) + ")";
  f.bt.at(r, kHighLo) = f.bt.at(r, kHighLo) + Fp::from_u64(1 << 16);
  f.bt.at(r, kHighHi) = f.bt.at(r, kHighHi) - Fp::one();
  expect_caught(f, false, "limb above 2^16", tuple.c_str());
  expect_caught(f, true, "limb above 2^16", tuple.c_str());
}

TEST(RamBoundaryAttack, ByteAbove255) {
  // v0 = 0xFFFFFFFF re-split as b0 = 511, b1 = 254: v0 is unchanged, the byte pair check objects.
  Fixture f(test_script());
  const size_t r = f.row_of(kRodata + 1);
  f.bt.at(r, kB0) = f.bt.at(r, kB0) + Fp::from_u64(256);
  f.bt.at(r, kB1) = f.bt.at(r, kB1) - Fp::one();
  expect_caught(f, false, "byte above 255", "bus 12: tuple (4, 511, 254, 0)");
  expect_caught(f, true, "byte above 255", "bus 12: tuple (4, 511, 254, 0)");
}

}  // namespace
}  // namespace goldfinch::circuit
