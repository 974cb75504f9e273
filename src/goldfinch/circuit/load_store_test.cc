// LoadStoreChip: every op at every aligned offset on corner words and register values proves and
// verifies (oracle: mem_eval, through a request table standing in for the CPU), and every
// single-point break of an honest trace — wrong loaded value, wrong merged word, misaligned or
// out-of-range offsets, selector tampering, non-byte limbs, every column — is caught by the debug
// checkers and, for one attack per way of being caught, by the verifier on a forced proof.
#include "goldfinch/circuit/load_store.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/alu_chip_test_util.h"
#include "goldfinch/circuit/testing.h"

namespace goldfinch::circuit {
namespace {

using C = LoadStoreChip::Col;
using testing::bump;

// Columns (op, off, old_word, reg_value, new_word, m): sends the first five on kBusLoadStore with
// multiplicity m. No constraints: whatever it sends, the chip must prove.
class LoadStoreRequestTable : public air::AirBase<LoadStoreRequestTable> {
 public:
  std::string name() const override { return "load_store_requests"; }
  size_t width() const override { return 6; }
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    return {{kBusLoadStore,
             {LinearCombination::main(0), LinearCombination::main(1), LinearCombination::main(2),
              LinearCombination::main(3), LinearCombination::main(4)},
             LinearCombination::main(5), air::Direction::kSend}};
  }
  template <class B>
  void eval(B&) const {}

  // One row per event with reg_value and new_word from mem_eval, m = 1; padded with m = 0 rows.
  static RowMajorMatrix trace(const std::vector<MemEvent>& events) {
    size_t n = 4;
    while (n < events.size()) n *= 2;
    RowMajorMatrix t(n, 6);
    for (size_t r = 0; r < events.size(); ++r) set(t, r, events[r]);
    return t;
  }
  static void set(RowMajorMatrix& t, size_t r, const MemEvent& e) {
    const MemResult res = mem_eval(e.op, e.off, e.old_word, e.reg_value);
    const uint64_t vals[6] = {e.op, e.off, e.old_word, res.reg_value, res.new_word, 1};
    for (size_t k = 0; k < 6; ++k) t.at(r, k) = Fp::from_u64(vals[k]);
  }
};

uint32_t byte_of(uint32_t v, uint32_t i) { return (v >> (8 * i)) & 0xFF; }

// Writes a chip row for (op, off, old, rs2) straight from mem_eval, alignment not checked: the
// best witness a prover could offer for a tuple (used to show misaligned tuples are refused).
void write_row(RowMajorMatrix& m, size_t row, const MemEvent& e) {
  for (uint32_t c = 0; c < C::kWidth; ++c) m.at(row, c) = Fp::zero();
  const MemResult res = mem_eval(e.op, e.off, e.old_word, e.reg_value);
  m.at(row, C::kIsLb + (e.op - kLb)) = Fp::one();
  m.at(row, C::kF0 + e.off) = Fp::one();
  for (uint32_t i = 0; i < 4; ++i) {
    m.at(row, C::kX0 + i) = Fp::from_u64(byte_of(e.old_word, i));
    m.at(row, C::kZ0 + i) = Fp::from_u64(byte_of(res.reg_value, i));
  }
  m.at(row, C::kS0) = Fp::from_u64(byte_of(res.reg_value, 0) >> 7);
  m.at(row, C::kS1) = Fp::from_u64(byte_of(res.reg_value, 1) >> 7);
  m.at(row, C::kN) = Fp::from_u64(res.new_word);
}

class Harness {
 public:
  explicit Harness(const std::vector<MemEvent>& events) {
    LookupCounts counts;
    requests = LoadStoreRequestTable::trace(events);
    chip_main = LoadStoreChip::trace(events, counts);
    range_main = RangeU16Table::trace(counts);
    byte_main = ByteTable::trace(counts);
  }

  // Rebuilds the byte table's multiplicities from the lookups the chip trace now sends (every
  // looked-up cell must be below 256), so that an attack that keeps its bytes bytes is judged by
  // the constraints and the load/store bus alone — and a false AND claim stays unmatched.
  void recount_bytes() {
    LookupCounts counts;
    for (size_t r = 0; r < chip_main.height(); ++r) {
      Fp m = Fp::zero();
      for (uint32_t s = C::kIsLb; s <= C::kIsSw; ++s) m += chip_main.at(r, s);
      if (m == Fp::zero()) continue;
      ASSERT_EQ(m, Fp::one());
      const auto v = [&](uint32_t c) { return static_cast<uint32_t>(chip_main.at(r, c).value()); };
      counts.byte_op(kByteAnd, v(C::kZ0), 0x80);
      counts.byte_op(kByteAnd, v(C::kZ1), 0x80);
      for (uint32_t first : {C::kZ2, C::kX0, C::kX2}) counts.byte_op(kByteRange, v(first), v(first + 1));
    }
    byte_main = ByteTable::trace(counts);
  }

  std::vector<air::ConstraintFailure> constraint_failures() const {
    return air::check_constraints({&chip, chip_main.view(), {}, {}}, 20);
  }
  bool constraint_fails(const std::string& name_part) const {
    for (const auto& f : constraint_failures())
      if (f.constraint_name.find(name_part) != std::string::npos) return true;
    return false;
  }
  std::vector<air::BusImbalance> bus_imbalances() const {
    const RowMajorMatrix range_pre = range.preprocessed_trace(RangeU16Table::kHeight);
    const RowMajorMatrix byte_pre = bytes.preprocessed_trace(ByteTable::kHeight);
    std::vector<air::TableTrace> t = {{&req, requests.view(), {}, {}},
                                      {&chip, chip_main.view(), {}, {}},
                                      {&range, range_main.view(), range_pre.view(), {}},
                                      {&bytes, byte_main.view(), byte_pre.view(), {}}};
    return air::check_buses(t, 20);
  }
  bool imbalance_on(uint32_t bus) const {
    for (const auto& i : bus_imbalances())
      if (i.bus == bus) return true;
    return false;
  }

  Error prove(bool force, std::vector<std::string>* failures) const {
    std::vector<testing::Table> t = {{&req, requests}, {&chip, chip_main}, {&range, range_main}, {&bytes, byte_main}};
    return testing::prove_and_verify(t, force, failures);
  }
  void expect_accepted() const {
    std::vector<std::string> failures;
    const Error e = prove(false, &failures);
    for (const auto& f : failures) ADD_FAILURE() << f;
    EXPECT_TRUE(e.ok()) << e.what;
  }
  // The debug checkers report it; with `prove_it` (or GOLDFINCH_EXHAUSTIVE_ATTACKS=1) a forced
  // proof is also made and must not verify.
  void expect_caught(const std::string& what, bool prove_it = false) const {
    std::vector<std::string> failures;
    if (prove_it || testing::exhaustive_attacks()) {
      const Error e = prove(true, &failures);
      EXPECT_FALSE(e.ok()) << what << ": the forced proof verified";
    } else {
      for (const auto& f : constraint_failures()) failures.push_back(f.describe());
      for (const auto& b : bus_imbalances()) failures.push_back(b.describe());
    }
    EXPECT_FALSE(failures.empty()) << what << ": the debug checkers saw nothing";
  }

  LoadStoreChip chip;
  LoadStoreRequestTable req;
  RangeU16Table range;
  ByteTable bytes;
  RowMajorMatrix requests, chip_main, range_main, byte_main;
};

constexpr MemOp kLoads[] = {kLb, kLh, kLw, kLbu, kLhu};
constexpr MemOp kStores[] = {kSb, kSh, kSw};

bool aligned(MemOp op, uint32_t off) {
  if (op == kLh || op == kLhu || op == kSh) return off % 2 == 0;
  if (op == kLw || op == kSw) return off == 0;
  return off < 4;
}

TEST(LoadStoreChip, OracleSpotChecks) {
  // RISC-V: LB/LH sign-extend, LBU/LHU zero-extend; SB/SH replace only the addressed bytes.
  EXPECT_EQ(mem_eval(kLb, 2, 0x12803456u, 0).reg_value, 0xFFFFFF80u);
  EXPECT_EQ(mem_eval(kLbu, 2, 0x12803456u, 0).reg_value, 0x80u);
  EXPECT_EQ(mem_eval(kLh, 2, 0x80FF1234u, 0).reg_value, 0xFFFF80FFu);
  EXPECT_EQ(mem_eval(kLhu, 0, 0x80FF7234u, 0).reg_value, 0x7234u);
  EXPECT_EQ(mem_eval(kSb, 1, 0x12345678u, 0xABCDEF9Au).new_word, 0x12349A78u);
  EXPECT_EQ(mem_eval(kSh, 2, 0x12345678u, 0xABCDEF9Au).new_word, 0xEF9A5678u);
  EXPECT_EQ(mem_eval(kSw, 0, 0x12345678u, 0xABCDEF9Au).new_word, 0xABCDEF9Au);
}

TEST(LoadStoreChip, ConstraintDegree) {
  LoadStoreChip chip;
  air::SymbolicBuilder sb(chip.width(), 0, 0);
  chip.eval_symbolic(sb);
  EXPECT_EQ(sb.max_degree(), 3u);
}

TEST(LoadStoreChip, NoEventsIsFourPaddingRows) {
  LookupCounts counts;
  const RowMajorMatrix t = LoadStoreChip::trace({}, counts);
  EXPECT_EQ(t.height(), 4u);
  LoadStoreChip chip;
  EXPECT_TRUE(air::check_constraints({&chip, t.view(), {}, {}}).empty());
  for (ByteOp op : {kByteAnd, kByteOr, kByteXor, kByteRange}) EXPECT_EQ(counts.byte_count(op, 0, 0), 0u);
  EXPECT_EQ(counts.byte_count(kByteAnd, 0, 0x80), 0u);
}

TEST(LoadStoreChip, HonestCornerAndRandom) {
  const std::vector<uint32_t> words = {0, 0xFFFFFFFFu, 0x80808080u, 0x7F7F7F7Fu, 0x12345678u, 0x80000000u};
  const std::vector<uint32_t> rs2s = {0, 0xFFFFFFFFu, 0x80808080u, 0x7F7F7F7Fu, 0x12345678u, 0x80000000u, 0x000080FFu};
  std::vector<MemEvent> ev;
  for (MemOp op : kLoads)
    for (uint32_t off = 0; off < 4; ++off)
      if (aligned(op, off))
        for (uint32_t w : words) ev.push_back({op, off, w, 0});
  for (MemOp op : kStores)
    for (uint32_t off = 0; off < 4; ++off)
      if (aligned(op, off))
        for (uint32_t w : words)
          for (uint32_t r : rs2s) ev.push_back({op, off, w, r});
  const uint64_t seed = 0x1D57;
  std::printf("random load/store operands: seed %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  for (size_t i = 0; i < 64; ++i) {
    const MemOp op = static_cast<MemOp>(kLb + rng() % 8);
    uint32_t off = static_cast<uint32_t>(rng() % 4);
    while (!aligned(op, off)) off = static_cast<uint32_t>(rng() % 4);
    ev.push_back({op, off, static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())});
  }
  Harness h(ev);
  h.expect_accepted();
}

// Row 0: LB of byte 0x80 (sign-extended); row 1: SB at offset 1; row 2: LH of 0x80FF at offset 2;
// row 3: SW.
std::vector<MemEvent> small_events() {
  return {{kLb, 2, 0x12803456u, 0}, {kSb, 1, 0x12345678u, 0xABCDEF9Au}, {kLh, 2, 0x80FF1234u, 0},
          {kSw, 0, 0xDEADBEEFu, 0x00018001u}};
}

TEST(LoadStoreChip, SignExtensionFlipped) {
  // LB of 0x80 claimed zero-extended (0x80) by request and chip alike: the extension constraint fails.
  Harness h(small_events());
  h.requests.at(0, 3) = Fp::from_u64(0x80);
  for (uint32_t c : {C::kZ1, C::kZ2, C::kZ3}) h.chip_main.at(0, c) = Fp::zero();
  h.recount_bytes();
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.constraint_fails("extended"));
  h.expect_caught("sign extension flipped");
}

TEST(LoadStoreChip, WrongExtensionByte) {
  // One upper byte of a signed load's register cleared (LB row 0: bytes 1..3; LH row 2: bytes 2, 3),
  // request and chip alike: that byte's extension constraint fails.
  for (auto [row, first] : {std::pair<size_t, uint32_t>{0, 1}, std::pair<size_t, uint32_t>{2, 2}})
    for (uint32_t k = first; k < 4; ++k) {
      SCOPED_TRACE(::testing::Message() << "row " << row << " byte " << k);
      Harness h(small_events());
      ASSERT_EQ(h.chip_main.at(row, C::kZ0 + k), Fp::from_u64(0xFF));
      h.chip_main.at(row, C::kZ0 + k) = Fp::zero();
      h.requests.at(row, 3) -= Fp::from_u64(uint64_t{0xFF} << (8 * k));
      h.recount_bytes();
      EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
      EXPECT_TRUE(h.constraint_fails("extended"));
      h.expect_caught("upper byte not extended");
    }
}

TEST(LoadStoreChip, ZeroExtensionBroken) {
  // LBU (row 0) and LHU (row 2) of a value with its top bit set, one upper byte claimed 0xFF.
  std::vector<MemEvent> ev = small_events();
  ev[0].op = kLbu;
  ev[2].op = kLhu;
  for (auto [row, first] : {std::pair<size_t, uint32_t>{0, 1}, std::pair<size_t, uint32_t>{2, 2}})
    for (uint32_t k = first; k < 4; ++k) {
      SCOPED_TRACE(::testing::Message() << "row " << row << " byte " << k);
      Harness h(ev);
      ASSERT_EQ(h.chip_main.at(row, C::kZ0 + k), Fp::zero());
      h.chip_main.at(row, C::kZ0 + k) = Fp::from_u64(0xFF);
      h.requests.at(row, 3) += Fp::from_u64(uint64_t{0xFF} << (8 * k));
      h.recount_bytes();
      EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
      EXPECT_TRUE(h.constraint_fails("extended"));
      h.expect_caught("upper byte of an unsigned load not zero");
    }
}

TEST(LoadStoreChip, WrongSignBit) {
  // The same forgery with s0 cleared too: every constraint holds, only z0 AND 0x80 = 0 is false.
  Harness h(small_events());
  h.requests.at(0, 3) = Fp::from_u64(0x80);
  for (uint32_t c : {C::kZ1, C::kZ2, C::kZ3, C::kS0}) h.chip_main.at(0, c) = Fp::zero();
  h.recount_bytes();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.imbalance_on(kBusByte));
  h.expect_caught("wrong sign bit", /*prove_it=*/true);
}

TEST(LoadStoreChip, WrongLoadedByte) {
  // LH at offset 2 claims the neighbouring bytes (0xFF12): the halfword selection fails.
  Harness h(small_events());
  h.requests.at(2, 3) = Fp::from_u64(0xFFFFFF12u);
  h.chip_main.at(2, C::kZ0) = Fp::from_u64(0x12);
  h.chip_main.at(2, C::kZ1) = Fp::from_u64(0xFF);
  h.chip_main.at(2, C::kS1) = Fp::one();
  h.recount_bytes();
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.constraint_fails("halfword load"));
  h.expect_caught("wrong loaded halfword");
}

// Overwrites row `row` of the chip and the request with the witness of another tuple that claims
// the same (op, off, old) but the register value and new word `forged` (bytes kept bytes).
void forge(Harness& h, size_t row, uint32_t reg, uint32_t new_word) {
  for (uint32_t k = 0; k < 4; ++k) h.chip_main.at(row, C::kZ0 + k) = Fp::from_u64(byte_of(reg, k));
  h.chip_main.at(row, C::kS0) = Fp::from_u64(byte_of(reg, 0) >> 7);
  h.chip_main.at(row, C::kS1) = Fp::from_u64(byte_of(reg, 1) >> 7);
  h.chip_main.at(row, C::kN) = Fp::from_u64(new_word);
  h.requests.at(row, 3) = Fp::from_u64(reg);
  h.requests.at(row, 4) = Fp::from_u64(new_word);
  h.recount_bytes();
}

TEST(LoadStoreChip, WrongLoadedNeighbour) {
  // LB at offset 2 of 0x12803456 loads byte 1 (0x34) or byte 3 (0x12) instead of 0x80.
  for (uint32_t reg : {0x34u, 0x12u}) {
    Harness h(small_events());
    forge(h, 0, reg, 0x12803456u);
    EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
    EXPECT_TRUE(h.constraint_fails("byte load"));
    h.expect_caught("wrong loaded byte");
  }
}

TEST(LoadStoreChip, WrongLoadedWord) {
  // LW of 0x12345678 claims 0x12345679 (an extra row: the small events have no LW).
  std::vector<MemEvent> ev = small_events();
  ev[1] = {kLw, 0, 0x12345678u, 0};
  Harness h(ev);
  forge(h, 1, 0x12345679u, 0x12345678u);
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.constraint_fails("word load"));
  h.expect_caught("wrong loaded word");
}

TEST(LoadStoreChip, StoreAtWrongOffset) {
  // SB at offset 1 of 0x12345678 with rs2 = 0xABCDEF9A writes 0x9A at offset 0, 2 or 3 instead;
  // SH at offset 2 (an extra row) writes its half at offset 0 or one byte up.
  for (uint32_t forged : {0x1234569Au, 0x129A5678u, 0x9A345678u}) {
    Harness h(small_events());
    forge(h, 1, 0xABCDEF9Au, forged);
    EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
    EXPECT_TRUE(h.constraint_fails("new word"));
    h.expect_caught("byte stored at the wrong offset");
  }
  for (uint32_t forged : {0x1234EF9Au, 0x12EF9A78u, 0xEF9A5678u + 1}) {
    std::vector<MemEvent> ev = small_events();
    ev[1] = {kSh, 2, 0x12345678u, 0xABCDEF9Au};
    Harness h(ev);
    forge(h, 1, 0xABCDEF9Au, forged);
    EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
    EXPECT_TRUE(h.constraint_fails("new word"));
    h.expect_caught("halfword stored at the wrong offset");
  }
}

TEST(LoadStoreChip, WrongNewWord) {
  // SB at offset 1 also changes byte 2 (0x34 -> 0x35) in the new word, request and chip alike.
  Harness h(small_events());
  bump(h.requests, 1, 4, 1u << 16);
  bump(h.chip_main, 1, C::kN, 1u << 16);
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.constraint_fails("new word"));
  h.expect_caught("neighbouring byte changed");
}

TEST(LoadStoreChip, LoadChangesWord) {
  // A load that writes: LB row 0 with new word byte 0 changed.
  Harness h(small_events());
  bump(h.requests, 0, 4);
  bump(h.chip_main, 0, C::kN);
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.constraint_fails("new word"));
  h.expect_caught("load changes the word");
}

TEST(LoadStoreChip, Misaligned) {
  // Every misaligned (op, off) with the best row a prover can write from mem_eval: the request
  // and the receive agree, the bytes are bytes, and an alignment constraint refuses it.
  const std::vector<std::pair<uint32_t, uint32_t>> words = {{0x80FF1234u, 0xA5C3E17Fu}, {0x12345678u, 0x12345678u}};
  for (MemOp op : {kLh, kLhu, kLw, kSh, kSw})
    for (uint32_t off = 1; off < 4; ++off) {
      if (aligned(op, off)) continue;
      for (auto [old, rs2] : words) {
        SCOPED_TRACE(::testing::Message() << "op " << op << " off " << off << " old " << old);
        Harness h(small_events());
        const MemEvent e{op, off, old, rs2};
        write_row(h.chip_main, 3, e);
        LoadStoreRequestTable::set(h.requests, 3, e);
        h.recount_bytes();
        EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
        EXPECT_TRUE(h.constraint_fails("aligned"));
        h.expect_caught("misaligned", /*prove_it=*/op == kSw && off == 2 && old == rs2);
      }
    }
}

TEST(LoadStoreChip, OffsetFour) {
  // A request with off = 4 has no receive; a row whose offset field reads 4 (f1 = f3 = 1) breaks
  // the one-hot offset.
  Harness h(small_events());
  h.requests.at(0, 1) = Fp::from_u64(4);
  EXPECT_TRUE(h.imbalance_on(kBusLoadStore));
  h.expect_caught("request with off = 4");
  Harness g(small_events());
  g.requests.at(1, 1) = Fp::from_u64(4);
  g.chip_main.at(1, C::kF1) = Fp::one();
  g.chip_main.at(1, C::kF3) = Fp::one();
  EXPECT_FALSE(g.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(g.constraint_fails("one offset flag"));
  g.expect_caught("row with off = 4");
}

TEST(LoadStoreChip, ForgedRequest) {
  Harness h(small_events());
  bump(h.requests, 2, 3);  // LH claims 0xFFFF8100
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusLoadStore));
  h.expect_caught("forged request", /*prove_it=*/true);
}

TEST(LoadStoreChip, WrongMultiplicity) {
  Harness h(small_events());
  h.requests.at(3, 5) = Fp::from_u64(2);
  EXPECT_TRUE(h.imbalance_on(kBusLoadStore));
  h.expect_caught("request sent twice");
}

TEST(LoadStoreChip, FlippedSelector) {
  // Row 0 (LB of 0x80) proven as LBU with the request following: z1 = 0xFF is not a zero extension.
  Harness h(small_events());
  h.chip_main.at(0, C::kIsLb) = Fp::zero();
  h.chip_main.at(0, C::kIsLbu) = Fp::one();
  h.requests.at(0, 0) = Fp::from_u64(kLbu);
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.constraint_fails("extended"));
  h.expect_caught("flipped selector");
}

TEST(LoadStoreChip, TwoSelectors) {
  Harness h(small_events());
  h.chip_main.at(0, C::kIsLbu) = Fp::one();  // LB + LBU
  EXPECT_TRUE(h.constraint_fails("at most one selector"));
  h.expect_caught("two selectors", /*prove_it=*/true);
}

TEST(LoadStoreChip, ByteOutOfRange) {
  // SW row: old byte 0 + 256, byte 1 - 1 (the old word unchanged). Every constraint holds; only
  // the byte-pair range lookup sees x0 >= 256.
  Harness h(small_events());
  ASSERT_NE(h.chip_main.at(3, C::kX1), Fp::zero());
  bump(h.chip_main, 3, C::kX0, 256);
  h.chip_main.at(3, C::kX1) -= Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.imbalance_on(kBusByte));
  h.expect_caught("byte of 256", /*prove_it=*/true);
}

TEST(LoadStoreChip, RegisterByteOutOfRange) {
  // SW row: rs2 = 0x00018001 as z0 = 0x101, z1 = 0x7F: register and new word unchanged, every
  // constraint holds; the AND lookup of z0 refuses a non-byte.
  Harness h(small_events());
  bump(h.chip_main, 3, C::kZ0, 256);
  h.chip_main.at(3, C::kZ1) -= Fp::one();
  h.chip_main.at(3, C::kS1) = Fp::zero();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_FALSE(h.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(h.imbalance_on(kBusByte));
  h.expect_caught("register byte of 257");
  // And z2 = 0x101, z3 = -1 (the same rs2 = 0x00018001 as a field element): only the byte-pair
  // range lookup of (z2, z3) refuses it.
  Harness g(small_events());
  g.chip_main.at(3, C::kZ2) = Fp::from_u64(0x101);
  g.chip_main.at(3, C::kZ3) -= Fp::one();
  ASSERT_EQ(g.chip_main.at(3, C::kZ3), -Fp::one());
  EXPECT_TRUE(g.constraint_failures().empty());
  EXPECT_FALSE(g.imbalance_on(kBusLoadStore));
  EXPECT_TRUE(g.imbalance_on(kBusByte));
  g.expect_caught("register high byte of 257");
}

TEST(LoadStoreChip, PaddingRowReceives) {
  // A padding row with is_lw and f0 set proves LW of 0 = 0, which nobody asked for.
  Harness h({{kLb, 0, 1, 0}, {kLh, 0, 2, 0}, {kLw, 0, 3, 0}, {kSb, 0, 4, 5}, {kSw, 0, 6, 7}});
  ASSERT_EQ(h.chip_main.height(), 8u);
  h.chip_main.at(6, C::kIsLw) = Fp::one();
  h.chip_main.at(6, C::kF0) = Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusLoadStore));
  h.expect_caught("padding row receives");
}

TEST(LoadStoreChip, EveryColumnCorrupted) {
  Harness h(small_events());
  for (size_t row = 0; row < 4; ++row)
    for (uint32_t col = 0; col < C::kWidth; ++col) {
      SCOPED_TRACE(::testing::Message() << "row " << row << " column " << col);
      bump(h.chip_main, row, col);
      h.expect_caught("corrupted column");
      h.chip_main.at(row, col) -= Fp::one();
    }
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.bus_imbalances().empty());
}

}  // namespace
}  // namespace goldfinch::circuit
