// Blake3Table: honest calls (random inputs, BLAKE3's flag combinations, every block_len,
// read-only and overlapping buffers) proven end to end, outputs checked against
// vm::blake3_compress_xof and, through a small BLAKE3 built over the table's compressions,
// against b3sum; named attacks, each reported by the debug checkers and rejected by the verifier
// when a proof is forced through; a single-cell sweep of one call; the proving time of 256 calls.
#include "goldfinch/circuit/blake3_table.h"

#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/circuit/chip_test_harness.h"
#include "goldfinch/circuit/testing.h"
#include "goldfinch/hash/b3sum_oracle.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::circuit {
namespace {

using namespace blake3_cols;
using testing::mentions;

constexpr uint32_t kChunkStart = 1, kChunkEnd = 2, kParent = 4, kRoot = 8;

// The test's stand-in for the CPU and for memory: per event, sends the call on kBusPrecompile;
// per access, sends the before tuple and receives the after tuple on kBusMemory. Columns
// (f0, f1, f2, f3, m_call, m_before, m_after); no constraints.
class CounterpartyTable : public air::AirBase<CounterpartyTable> {
 public:
  std::string name() const override { return "blake3_counterparty"; }
  size_t width() const override { return 7; }
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    auto c = [](uint32_t i) { return LinearCombination::main(i); };
    return {{kBusPrecompile, {c(0), c(1), c(2)}, c(4), air::Direction::kSend},
            {kBusMemory, {c(0), c(1), c(2), c(3)}, c(5), air::Direction::kSend},
            {kBusMemory, {c(0), c(1), c(2), c(3)}, c(6), air::Direction::kReceive}};
  }
  template <class B>
  void eval(B&) const {}

  // Rows of one event, in this order: the call, then (before, after) per access: a1..a6, cv
  // 0..7, block 0..15, out 0..15.
  static constexpr size_t kRowsPerEvent = 1 + 2 * 46;
  static size_t access_row(size_t event, size_t access) { return event * kRowsPerEvent + 1 + 2 * access; }
  static constexpr size_t kCvAccess = 6, kBlockAccess = 14, kOutAccess = 30;

  static RowMajorMatrix trace(std::span<const Blake3Event> events) {
    std::vector<std::array<uint64_t, 7>> rows;
    for (const Blake3Event& e : events) {
      const uint64_t t = 4 * e.clk;
      rows.push_back({kPrecompileBlake3, e.clk, e.regs[0], 0, 1, 0, 0});
      auto access = [&](uint64_t space, uint64_t addr, uint64_t before, uint64_t prev, uint64_t after, uint64_t ts) {
        rows.push_back({space, addr, before, prev, 0, 1, 0});
        rows.push_back({space, addr, after, ts, 0, 0, 1});
      };
      for (uint32_t r = 1; r <= 6; ++r) access(0, 10 + r, e.regs[r], e.reg_ts_prev[r - 1], e.regs[r], t + 2);
      for (uint32_t i = 0; i < 8; ++i)
        access(1 + e.cv_ro[i], e.regs[0] / 4 + i, e.cv[i], e.cv_ts_prev[i], e.cv[i], t + 1);
      for (uint32_t i = 0; i < 16; ++i)
        access(1 + e.block_ro[i], e.regs[1] / 4 + i, e.block[i], e.block_ts_prev[i], e.block[i], t + 2);
      for (uint32_t i = 0; i < 16; ++i)
        access(1, e.regs[6] / 4 + i, e.out_before[i], e.out_ts_prev[i], e.out[i], t + 3);
    }
    RowMajorMatrix m(std::max<size_t>(4, std::bit_ceil(std::max<size_t>(rows.size(), 1))), 7);
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t c = 0; c < 7; ++c) m.at(r, c) = Fp::from_u64(rows[r][c]);
    return m;
  }
};

void compute_out(Blake3Event& e) {
  vm::blake3_compress_xof(e.cv.data(), e.block.data(), uint64_t{e.regs[2]} | uint64_t{e.regs[3]} << 32, e.regs[4],
                          e.regs[5], e.out.data());
}

struct EventOptions {
  uint32_t flags = 0;
  uint32_t block_len = 64;
  bool cv_ro = false, block_ro = false;
  bool out_is_cv = false;     // out overlaps cv word for word
  bool out_is_block = false;  // out overlaps the block word for word
  bool block_is_cv = false;   // the block's first 8 words are the cv
};

// A call at clk with random words; buffers at distinct addresses unless out_is_cv.
Blake3Event random_event(std::mt19937_64& rng, uint64_t clk, const EventOptions& o = {}) {
  Blake3Event e;
  e.clk = clk;
  const uint64_t t = 4 * clk;
  auto r32 = [&] { return static_cast<uint32_t>(rng()); };
  auto prev = [&](uint64_t ts) { return ts - 1 - rng() % std::min<uint64_t>(ts, 1 << 20); };
  const uint32_t base = 0x10000 + 0x400 * static_cast<uint32_t>(rng() % 0x3FFF00);  // word-aligned, < 2^32 - 2^10
  e.regs[0] = base;
  e.regs[1] = base + 0x100;
  e.regs[2] = r32();
  e.regs[3] = r32();
  e.regs[4] = o.block_len;
  e.regs[5] = o.flags;
  e.regs[1] = o.block_is_cv ? base : base + 0x100;
  e.regs[6] = o.out_is_cv ? base : o.out_is_block ? e.regs[1] : base + 0x200;
  for (uint32_t i = 0; i < 6; ++i) e.reg_ts_prev[i] = prev(t + 2);
  for (uint32_t i = 0; i < 8; ++i) {
    e.cv[i] = r32();
    e.cv_ro[i] = o.cv_ro;
    e.cv_ts_prev[i] = prev(t + 1);
  }
  for (uint32_t i = 0; i < 16; ++i) {
    e.block[i] = r32();
    e.block_ro[i] = o.block_ro;
    e.block_ts_prev[i] = prev(t + 2);
    if (o.block_is_cv && i < 8) {  // read as cv at 4 clk + 1, then as block at 4 clk + 2
      e.block[i] = e.cv[i];
      e.block_ro[i] = e.cv_ro[i];
      e.block_ts_prev[i] = t + 1;
    }
  }
  compute_out(e);
  for (uint32_t i = 0; i < 16; ++i) {
    const bool over_cv = o.out_is_cv && i < 8, over_block = o.out_is_block || (o.out_is_cv && o.block_is_cv);
    e.out_before[i] = over_block ? e.block[i] : over_cv ? e.cv[i] : r32();
    e.out_ts_prev[i] = over_block ? t + 2 : over_cv ? t + 1 : prev(t + 3);
  }
  return e;
}

// The output words the table proved for call i (row 0 of its group).
std::array<uint32_t, 16> table_out(const RowMajorMatrix& t, size_t call) {
  std::array<uint32_t, 16> out{};
  for (uint32_t i = 0; i < 16; ++i) out[i] = static_cast<uint32_t>(t.at(call * kRowsPerCall, kOutV + i).value());
  return out;
}

// Honest: debug checkers clean, outputs equal the reference, prove and verify with all four tables.
void prove_honest(const std::vector<Blake3Event>& events) {
  LookupCounts counts;
  Blake3Table table;
  CounterpartyTable cp;
  RangeU16Table range;
  ByteTable bytes;
  RowMajorMatrix main = Blake3Table::trace(events, counts);
  for (size_t i = 0; i < events.size(); ++i) {
    const auto out = table_out(main, i);
    for (uint32_t j = 0; j < 16; ++j) ASSERT_EQ(out[j], events[i].out[j]) << "call " << i << " word " << j;
  }
  std::vector<testing::Table> tables = {{&cp, CounterpartyTable::trace(events)},
                                        {&table, std::move(main)},
                                        {&range, RangeU16Table::trace(counts)},
                                        {&bytes, ByteTable::trace(counts)}};
  std::vector<std::string> failures;
  const Error e = testing::prove_and_verify(tables, false, &failures);
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_TRUE(e.ok()) << e.what;
}

TEST(Blake3Table, DegreeAtMostThree) {
  Blake3Table t;
  air::SymbolicBuilder sb(t.width(), 0, 0);
  t.eval(sb);
  EXPECT_LE(sb.max_degree(), 3u);
  std::printf("blake3_compress: %zu columns, %zu constraints, max degree %u, %zu interactions\n", t.width(),
              sb.constraints().size(), sb.max_degree(), t.interactions().size());
  const size_t helpers = (t.interactions().size() + air::kLogupChunk - 1) / air::kLogupChunk;
  std::printf("cells per compression: main %u, aux %zu\n", kRowsPerCall * kNumCols, kRowsPerCall * 3 * (helpers + 1));
}

TEST(Blake3Table, SlotPlanCoversEveryAccessOnce) {
  std::map<std::pair<int, uint32_t>, int> seen;
  for (const auto& row : slot_plan())
    for (const SlotUse& u : row)
      if (u.kind != SlotKind::kNone) ++seen[{static_cast<int>(u.kind), u.index}];
  EXPECT_EQ(seen.size(), 46u);
  for (const auto& [k, n] : seen) EXPECT_EQ(n, 1);
}

TEST(Blake3Table, HonestRandomCalls) {
  std::mt19937_64 rng(1);
  for (size_t n : {1, 2, 5}) {
    std::vector<Blake3Event> events;
    for (size_t i = 0; i < n; ++i) events.push_back(random_event(rng, 1000 + 10 * i));
    prove_honest(events);
  }
}

TEST(Blake3Table, HonestFlagsBlockLensReadOnlyAndOverlap) {
  std::mt19937_64 rng(2);
  std::vector<Blake3Event> events;
  const uint32_t flag_sets[] = {
      0,       kChunkStart,     kChunkEnd, kChunkStart | kChunkEnd, kChunkEnd | kRoot, kChunkStart | kChunkEnd | kRoot,
      kParent, kParent | kRoot, 255};
  for (uint32_t f : flag_sets) events.push_back(random_event(rng, 5000 + 10 * events.size(), {.flags = f}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.cv_ro = true, .block_ro = true}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.out_is_cv = true}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.block_ro = true, .out_is_cv = true}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.out_is_block = true}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.block_is_cv = true}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.cv_ro = true, .block_is_cv = true}));
  events.push_back(random_event(rng, 5000 + 10 * events.size(), {.out_is_cv = true, .block_is_cv = true}));
  prove_honest(events);
  // Every block_len 0..64 (checked against the reference and the debug checkers; one proof).
  std::vector<Blake3Event> lens;
  for (uint32_t len = 0; len <= 64; ++len)
    lens.push_back(random_event(rng, 9000 + 10 * len, {.flags = kChunkEnd, .block_len = len}));
  prove_honest(lens);
}

// A small BLAKE3 (one-shot, recursive tree) whose every compression is a call proven by the table:
// the output of each compression is read from a one-call trace of the table.
class TableBlake3 {
 public:
  std::array<uint8_t, 32> hash(std::span<const uint8_t> input) {
    const size_t chunks = std::max<size_t>(1, (input.size() + 1023) / 1024);
    Node root = tree(input, 0, chunks);
    root.flags |= kRoot;
    const auto out = compress(root);
    std::array<uint8_t, 32> d{};
    for (uint32_t i = 0; i < 32; ++i) d[i] = static_cast<uint8_t>(out[i / 4] >> (8 * (i % 4)));
    return d;
  }
  std::vector<Blake3Event> events;

 private:
  struct Node {
    std::array<uint32_t, 8> cv{};
    std::array<uint32_t, 16> block{};
    uint64_t counter = 0;
    uint32_t len = 0, flags = 0;
  };
  std::array<uint32_t, 16> compress(const Node& n) {
    Blake3Event e;
    e.clk = 100 + 10 * events.size();
    e.regs = {0x1000,  0x2000, static_cast<uint32_t>(n.counter), static_cast<uint32_t>(n.counter >> 32), n.len,
              n.flags, 0x3000};
    e.cv = n.cv;
    e.block = n.block;
    e.reg_ts_prev.fill(4 * e.clk - 5);
    e.cv_ts_prev.fill(4 * e.clk - 5);
    e.block_ts_prev.fill(4 * e.clk - 5);
    e.out_ts_prev.fill(4 * e.clk - 5);
    LookupCounts counts;
    const RowMajorMatrix t = Blake3Table::trace(std::span<const Blake3Event>(&e, 1), counts);
    e.out = table_out(t, 0);
    events.push_back(e);
    return e.out;
  }
  static std::array<uint32_t, 8> iv() {
    std::array<uint32_t, 8> v{};
    for (uint32_t i = 0; i < 8; ++i) v[i] = kBlake3Iv[i];
    return v;
  }
  // The chunk's last block, not yet compressed.
  Node chunk(std::span<const uint8_t> data, uint64_t index) {
    Node n;
    n.cv = iv();
    n.counter = index;
    const size_t blocks = std::max<size_t>(1, (data.size() + 63) / 64);
    for (size_t b = 0; b < blocks; ++b) {
      n.block.fill(0);
      const size_t len = std::min<size_t>(64, data.size() - std::min(data.size(), 64 * b));
      for (size_t i = 0; i < len; ++i) n.block[i / 4] |= uint32_t{data[64 * b + i]} << (8 * (i % 4));
      n.len = static_cast<uint32_t>(len);
      n.flags = (b == 0 ? kChunkStart : 0) | (b + 1 == blocks ? kChunkEnd : 0);
      if (b + 1 == blocks) break;
      const auto out = compress(n);
      std::copy(out.begin(), out.begin() + 8, n.cv.begin());
    }
    return n;
  }
  Node tree(std::span<const uint8_t> data, uint64_t first, size_t chunks) {
    if (chunks == 1) return chunk(data, first);
    const size_t left = std::bit_floor(chunks - 1);
    const auto l = compress(tree(data.subspan(0, 1024 * left), first, left));
    const auto r = compress(tree(data.subspan(1024 * left), first + left, chunks - left));
    Node p;
    p.cv = iv();
    for (uint32_t i = 0; i < 8; ++i) {
      p.block[i] = l[i];
      p.block[8 + i] = r[i];
    }
    p.len = 64;
    p.flags = kParent;
    return p;
  }
};

TEST(Blake3Table, HashOverTableCompressionsMatchesB3sum) {
  const size_t lens[] = {0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 3072, 4097};
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t len : lens) inputs.push_back(hash::testing::pattern_input(len));
  const auto expected = hash::testing::b3sum_hex(inputs);
  if (!expected) GTEST_SKIP() << "b3sum is not available";
  TableBlake3 h;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto d = h.hash(inputs[i]);
    std::string hex;
    for (uint8_t x : d) {
      char buf[3];
      std::snprintf(buf, sizeof buf, "%02x", x);
      hex += buf;
    }
    EXPECT_EQ(hex, (*expected)[i]) << "input length " << lens[i];
  }
  // The compressions used, as one table: checkers clean and proven.
  for (const auto& e : h.events) {
    Blake3Event ref = e;
    compute_out(ref);
    ASSERT_EQ(ref.out, e.out);
  }
  std::printf("%zu compressions\n", h.events.size());
  prove_honest(h.events);
}

// ---------------------------------------------------------------------------------------------
// Attacks: one key for {counterparty, table, range}, reused.

struct Witness {
  RowMajorMatrix cp, table, range;
};

class Harness {
 public:
  Harness() {
    set_threads(1);
    airs_ = {&cp_, &table_, &range_};
    stark::StarkParams params = stark::StarkParams::conjectured_100();
    params.log_blowup = 1;
    params.num_queries = 12;
    params.pow_bits = 0;
    params.log_folding_arity = 2;
    params.log_final_poly_len = 0;
    auto pk = stark::setup(airs_, params);
    GF_CHECK(pk.ok(), "setup failed");
    pk_ = std::move(*pk);
  }
  Witness honest(const std::vector<Blake3Event>& events) const {
    LookupCounts counts;
    Witness w;
    w.cp = CounterpartyTable::trace(events);
    w.table = Blake3Table::trace(events, counts);
    w.range = RangeU16Table::trace(counts);
    return w;
  }
  std::vector<air::TableTrace> traces(const Witness& w) const {
    return {{&cp_, w.cp.view(), {}, {}},
            {&table_, w.table.view(), {}, {}},
            {&range_, w.range.view(), pk_->preprocessed[2].view(), {}}};
  }
  std::vector<std::string> check(const Witness& w) const {
    std::vector<std::string> out;
    const auto t = traces(w);
    for (const auto& tt : t)
      for (const auto& f : air::check_constraints(tt, 20)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(t, 20)) out.push_back(b.describe());
    return out;
  }
  Error prove_and_verify(const Witness& w, bool force, bool* made) const {
    *made = false;
    std::vector<stark::TableWitness> tw = {{w.cp, {}}, {w.table, {}}, {w.range, {}}};
    stark::ProveOptions opt;
    opt.allow_unsatisfied = force;
    auto proof = stark::prove(*pk_, std::move(tw), backend::default_backend(), opt);
    if (!proof.ok()) return proof.error();
    *made = true;
    const stark::AlignedBytes aligned(*proof);
    return stark::verify(pk_->vk, airs_, aligned.span());
  }
  const Blake3Table& table() const { return table_; }

 private:
  CounterpartyTable cp_;
  Blake3Table table_;
  RangeU16Table range_;
  std::vector<const air::Air*> airs_;
  std::unique_ptr<stark::ProvingKey> pk_;
};

Harness& harness() {
  static Harness h;
  return h;
}

void expect_caught(const Witness& w, const std::string& what) {
  const auto failures = harness().check(w);
  EXPECT_FALSE(failures.empty()) << "debug checkers found nothing";
  EXPECT_TRUE(mentions(failures, what)) << "no failure mentions '" << what
                                        << "'; first: " << (failures.empty() ? "" : failures[0]);
  bool made = false;
  const Error e = harness().prove_and_verify(w, true, &made);
  EXPECT_TRUE(made) << "the prover failed (" << e.what << "): the verifier was not exercised";
  EXPECT_FALSE(e.ok()) << "a forced proof of a broken witness verified";
}

Blake3Event one_event(uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  return random_event(rng, 1000000, {.flags = kChunkStart | kChunkEnd | kRoot, .block_len = 33});
}

void set(RowMajorMatrix& t, size_t r, uint32_t c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); }
uint32_t slot_col(uint32_t j, uint32_t f) { return kSlot + j * kSlotWidth + f; }

TEST(Blake3Table, HonestWitnessPassesHarness) {
  const Witness w = harness().honest({one_event()});
  EXPECT_TRUE(harness().check(w).empty());
  bool made = false;
  const Error e = harness().prove_and_verify(w, false, &made);
  EXPECT_TRUE(e.ok()) << e.what;
}

TEST(Blake3Table, AttackForgedOutputWord) {
  Blake3Event e = one_event();
  Witness w = harness().honest({e});
  e.out[3] ^= 1;  // memory receives the forged word; the table claims it consistently
  w.cp = CounterpartyTable::trace(std::vector<Blake3Event>{e});
  for (uint32_t r = 0; r < kRowsPerCall; ++r) set(w.table, r, kOutV + 3, e.out[3]);
  set(w.table, 5, slot_col(3, kSlotVal), e.out[3]);
  expect_caught(w, "feed-forward: out[i] = v[i] ^ v[i + 8]");
}

TEST(Blake3Table, AttackCvReadFromDifferentAddress) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  const uint64_t addr = e.regs[0] / 4 + 100;  // a word holding the same value
  set(w.table, 1, slot_col(0, kSlotAddr), addr);
  const size_t r = CounterpartyTable::access_row(0, CounterpartyTable::kCvAccess);
  set(w.cp, r, 1, addr);
  set(w.cp, r + 1, 1, addr);
  expect_caught(w, "slot: address");
}

TEST(Blake3Table, AttackOutputWrittenToReadOnlyWord) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  set(w.table, 5, slot_col(0, kSlotRo), 1);
  const size_t r = CounterpartyTable::access_row(0, CounterpartyTable::kOutAccess);
  set(w.cp, r, 0, 2);
  set(w.cp, r + 1, 0, 2);
  expect_caught(w, "slot: registers and out words are not read-only");
}

TEST(Blake3Table, AttackRoundSkipped) {
  Blake3Event e = one_event();
  Witness w = harness().honest({e});
  // Row 1 starts from the initial state again (round 0's result dropped), rows 1..7 follow from
  // there honestly, and the output is the one of that 6-round compression.
  uint32_t v[16], m[16];
  for (uint32_t i = 0; i < 8; ++i) v[i] = e.cv[i];
  for (uint32_t i = 0; i < 4; ++i) v[8 + i] = kBlake3Iv[i];
  v[12] = e.regs[2], v[13] = e.regs[3], v[14] = e.regs[4], v[15] = e.regs[5];
  for (uint32_t i = 0; i < 16; ++i) m[i] = static_cast<uint32_t>(w.table.at(1, kMsg + i).value());
  uint32_t final_state[16];
  for (uint32_t r = 1; r < kRowsPerCall; ++r) {
    if (r == kRowsPerCall - 1) std::copy(v, v + 16, final_state);
    Blake3Table::fill_round(std::span<Fp>(&w.table.at(r, 0), kNumCols), v, m);
    uint32_t next[16];
    for (uint32_t i = 0; i < 16; ++i) next[i] = m[kBlake3MsgPerm[i]];
    std::copy(next, next + 16, m);
  }
  for (uint32_t i = 0; i < 8; ++i) {
    e.out[i] = final_state[i] ^ final_state[i + 8];
    e.out[i + 8] = final_state[i + 8] ^ e.cv[i];
  }
  for (uint32_t r = 0; r < kRowsPerCall; ++r)
    for (uint32_t i = 0; i < 16; ++i) set(w.table, r, kOutV + i, e.out[i]);
  for (uint32_t r = 5; r < kRowsPerCall; ++r)
    for (uint32_t j = 0; j < kSlots; ++j)
      if (slot_plan()[r][j].kind == SlotKind::kOut)
        set(w.table, r, slot_col(j, kSlotVal), e.out[slot_plan()[r][j].index]);
  w.cp = CounterpartyTable::trace(std::vector<Blake3Event>{e});
  const auto f = harness().check(w);
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f[0].find("row 0"), std::string::npos) << f[0];  // only round 0's transition fails
  expect_caught(w, "state after the round");
}

TEST(Blake3Table, AttackBitOutOfRangeWithCompensation) {
  Witness w = harness().honest({one_event()});
  const uint32_t a1 = kG + kGA1;  // G0 of row 0
  uint32_t i = 0;
  while (!(w.table.at(0, a1 + i).is_zero() && w.table.at(0, a1 + i + 1) == Fp::one())) ++i;
  set(w.table, 0, a1 + i, 2);  // 2 * 2^i + 0 * 2^(i+1): the same word
  set(w.table, 0, a1 + i + 1, 0);
  expect_caught(w, "G: a1 bit is boolean");
}

TEST(Blake3Table, AttackTimestampLimbOutOfRangeWithCompensation) {
  Blake3Event e = one_event();
  e.cv_ts_prev[0] = 4 * e.clk + 1 - 1 - 0x30005;  // gap 0x30005: hi = 3
  Witness w = harness().honest({e});
  const uint32_t lo = slot_col(0, kSlotLo), hi = slot_col(0, kSlotHi);
  ASSERT_EQ(w.table.at(1, hi), Fp::from_u64(3));
  set(w.table, 1, lo, 5 + 0x10000);
  set(w.table, 1, hi, 2);
  expect_caught(w, "bus 11");
}

TEST(Blake3Table, AttackWrongCarry) {
  Witness w = harness().honest({one_event()});
  const uint32_t carry = kG + 2 * kGWidth + kGCarryC1;
  set(w.table, 3, carry, 1 - w.table.at(3, carry).value());
  expect_caught(w, "G: c1 = c + d1");
}

TEST(Blake3Table, AttackBlockLen65) {
  Blake3Event e = one_event();
  e.regs[4] = 65;
  compute_out(e);
  expect_caught(harness().honest({e}), "block_len <= 64");
}

TEST(Blake3Table, AttackFlags256) {
  Blake3Event e = one_event();
  e.regs[5] = 256 | kChunkStart;
  compute_out(e);
  expect_caught(harness().honest({e}), "flags < 256");
}

TEST(Blake3Table, AttackMisalignedPointer) {
  Blake3Event e = one_event();
  Witness w = harness().honest({e});
  // The CPU's a0 is cv + 2: the table can only receive 4 (w0 + 2^16 w1).
  e.regs[0] += 2;
  w.cp = CounterpartyTable::trace(std::vector<Blake3Event>{e});
  expect_caught(w, "bus 25");
  // The table's word pointer as a0 / 4 in the field: no longer a 16-bit limb.
  Witness w2 = harness().honest({e});
  const Fp w0 = Fp::from_u64(e.regs[0]) * Fp::from_u64(4).inverse() - Fp::from_u64(1 << 16) * w2.table.at(0, kCvW1);
  for (uint32_t r = 0; r < kRowsPerCall; ++r) w2.table.at(r, kCvW0) = w0;
  const Fp cvw = w0 + Fp::from_u64(1 << 16) * w2.table.at(0, kCvW1);
  for (uint32_t r = 1; r <= 2; ++r)
    for (uint32_t j = 0; j < kSlots; ++j)
      if (slot_plan()[r][j].kind == SlotKind::kCv) {
        const Fp a = cvw + Fp::from_u64(slot_plan()[r][j].index);
        w2.table.at(r, slot_col(j, kSlotAddr)) = a;
        const size_t cr = CounterpartyTable::access_row(0, CounterpartyTable::kCvAccess + slot_plan()[r][j].index);
        w2.cp.at(cr, 1) = a;
        w2.cp.at(cr + 1, 1) = a;
      }
  expect_caught(w2, "bus 11");
}

TEST(Blake3Table, AttackCallWithoutTableRow) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  LookupCounts counts;
  w.table = Blake3Table::trace({}, counts);
  w.range = RangeU16Table::trace(counts);
  for (size_t r = 1; r < w.cp.height(); ++r) w.cp.at(r, 5) = w.cp.at(r, 6) = Fp::zero();  // only the call is claimed
  expect_caught(w, "bus 25");
}

TEST(Blake3Table, AttackRealCallCutOffAtTheEnd) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  RowMajorMatrix cut(4, kNumCols);
  for (size_t r = 0; r < 4; ++r)
    for (size_t c = 0; c < kNumCols; ++c) cut.at(r, c) = w.table.at(r, c);
  w.table = std::move(cut);
  expect_caught(w, "the last row ends a call");
}

TEST(Blake3Table, AttackTimestampNotAfterPreviousAccess) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  const uint64_t ts = 4 * e.clk + 1;  // cv 0 "previously" accessed at its own timestamp
  set(w.table, 1, slot_col(0, kSlotTsPrev), ts);
  set(w.table, 1, slot_col(0, kSlotLo), 0);
  set(w.table, 1, slot_col(0, kSlotHi), 0);
  set(w.cp, CounterpartyTable::access_row(0, CounterpartyTable::kCvAccess), 3, ts);
  expect_caught(w, "slot: accessed after its previous access");
}

// Every main cell of each step's row of a one-call trace, changed by +1, must fail a constraint
// or unbalance a bus. No column is free on a real row. 40 cells are caught only by the memory bus,
// by design: `old` of the 16 out writes (the word's previous value, which only memory knows) and
// `ro` of the 24 cv and block reads (it selects the memory space, 1 or 2, of a read).
TEST(Blake3Table, SingleCellSweep) {
  const Witness honest = harness().honest({one_event()});
  ASSERT_TRUE(harness().check(honest).empty());
  size_t escaped = 0, by_bus = 0;
  Witness w = honest;
  const auto t = harness().traces(w);
  for (uint32_t r = 0; r < kRowsPerCall; ++r) {
    for (uint32_t c = 0; c < kNumCols; ++c) {
      const Fp saved = w.table.at(r, c);
      w.table.at(r, c) = saved + Fp::one();
      const bool by_constraint = !air::check_constraints(t[1], 1).empty();
      const bool caught = by_constraint || !air::check_buses(t, 1).empty();
      w.table.at(r, c) = saved;
      by_bus += !by_constraint && caught;
      if (caught) continue;
      ++escaped;
      ADD_FAILURE() << "row " << r << " column " << c << ": corruption not caught";
    }
  }
  std::printf("sweep: %u cells, %zu caught only by a bus, %zu escaped\n", kRowsPerCall * kNumCols, by_bus, escaped);
  EXPECT_EQ(by_bus, 40u);
}

// The same over a padding group (a trace of no calls is one padding group): padding is an honest
// compression of an all-zero input with no interactions, and no cell of it is free either.
TEST(Blake3Table, SingleCellSweepPadding) {
  Witness w = harness().honest({});
  ASSERT_EQ(w.table.height(), kRowsPerCall);
  ASSERT_TRUE(harness().check(w).empty());
  const auto t = harness().traces(w);
  size_t escaped = 0;
  for (uint32_t r = 0; r < kRowsPerCall; ++r) {
    for (uint32_t c = 0; c < kNumCols; ++c) {
      const Fp saved = w.table.at(r, c);
      w.table.at(r, c) = saved + Fp::one();
      const bool caught = !air::check_constraints(t[1], 1).empty() || !air::check_buses(t, 1).empty();
      w.table.at(r, c) = saved;
      if (caught) continue;
      ++escaped;
      ADD_FAILURE() << "padding row " << r << " column " << c << ": corruption not caught";
    }
  }
  EXPECT_EQ(escaped, 0u);
}

TEST(Blake3Table, TraceHeights) {
  std::mt19937_64 rng(4);
  for (auto [calls, groups] : {std::pair<size_t, size_t>{0, 1}, {1, 1}, {2, 2}, {3, 4}, {4, 4}, {5, 8}}) {
    std::vector<Blake3Event> events;
    for (size_t i = 0; i < calls; ++i) events.push_back(random_event(rng, 100 + 10 * i));
    LookupCounts counts;
    EXPECT_EQ(Blake3Table::trace(events, counts).height(), groups * kRowsPerCall) << calls << " calls";
  }
}

TEST(Blake3Table, ProveTime256Compressions) {
  std::mt19937_64 rng(256);
  std::vector<Blake3Event> events;
  for (size_t i = 0; i < 256; ++i) events.push_back(random_event(rng, 100000 + 10 * i));
  const Witness w = harness().honest(events);
  const auto t0 = std::chrono::steady_clock::now();
  bool made = false;
  const Error e = harness().prove_and_verify(w, false, &made);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(e.ok()) << e.what;
  // The default parameters (log_blowup 2, 44 queries, 16 grinding bits), as a guest proof uses.
  CounterpartyTable cp;
  Blake3Table table;
  RangeU16Table range;
  const std::vector<const air::Air*> airs = {&cp, &table, &range};
  auto pk = stark::setup(airs, stark::StarkParams::conjectured_100());
  ASSERT_TRUE(pk.ok());
  const auto t1 = std::chrono::steady_clock::now();
  auto proof = stark::prove(**pk, {{w.cp, {}}, {w.table, {}}, {w.range, {}}}, backend::default_backend(), {});
  const double s1 = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  ASSERT_TRUE(proof.ok());
  const stark::AlignedBytes aligned(*proof);
  EXPECT_TRUE(stark::verify((*pk)->vk, airs, aligned.span()).ok());
  std::printf("256 compressions, default parameters: prove %.2f s (1 thread), proof %zu bytes\n", s1, proof->size());
  std::printf("256 compressions (%zu rows x %u columns): prove + verify %.2f s (1 thread; log_blowup 1, 12 queries)\n",
              w.table.height(), kNumCols, s);
}

}  // namespace
}  // namespace goldfinch::circuit
