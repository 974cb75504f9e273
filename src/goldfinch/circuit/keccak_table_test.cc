// The Keccak-f[1600] table: honest permutations prove and verify, the table's rounds agree with
// vm::keccak_f1600 and (through a SHA3-256 sponge) with Python's hashlib, and every named attack
// is reported by the debug checkers and rejected by the verifier when forced through.
#include "goldfinch/circuit/keccak_table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/air/logup.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/circuit/table_test_harness.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::circuit {
namespace {

using namespace keccak;
using air::LinearCombination;

// The test's counterparty, standing in for the CPU and memory: row q holds access q (word j of
// call p, q = 50 p + j): sends (1, addr, before, ts_prev), receives (1, addr, after, 4 clk + 2);
// and the first row of each call sends the call (kind, clk, a0) on kBusPrecompile. No
// constraints: whatever it claims, the Keccak table must prove.
namespace cp {
enum Col : uint32_t { kCallM, kKind, kClk, kA0, kMemM, kAddr, kBefore, kTsPrev, kAfter, kTs, kNumCols };
}  // namespace cp

class CounterpartyTable : public air::AirBase<CounterpartyTable> {
 public:
  std::string name() const override { return "keccak_counterparty"; }
  size_t width() const override { return cp::kNumCols; }
  std::vector<air::Interaction> interactions() const override {
    using namespace cp;
    auto c = [](uint32_t i) { return LinearCombination::main(i); };
    const LinearCombination one = LinearCombination::one();
    return {{kBusPrecompile, {c(kKind), c(kClk), c(kA0)}, c(kCallM), air::Direction::kSend},
            {kBusMemory, {one, c(kAddr), c(kBefore), c(kTsPrev)}, c(kMemM), air::Direction::kSend},
            {kBusMemory, {one, c(kAddr), c(kAfter), c(kTs)}, c(kMemM), air::Direction::kReceive}};
  }
  template <class B>
  void eval(B&) const {}

  // The call and the 50 accesses of every event (`words` < 50 keeps only the first ones).
  static RowMajorMatrix trace(std::span<const KeccakEvent> events, uint32_t words = kWords, size_t extra_rows = 0) {
    using namespace cp;
    RowMajorMatrix t(std::max<size_t>(4, std::bit_ceil(events.size() * kWords + 1 + extra_rows)), kNumCols);
    for (size_t p = 0; p < events.size(); ++p) {
      const KeccakEvent& e = events[p];
      for (uint32_t j = 0; j < words; ++j) {
        const size_t r = p * kWords + j;
        auto set = [&](uint32_t c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); };
        if (j == 0) {
          set(kCallM, 1);
          set(kKind, kPrecompileKeccakF);
          set(kClk, e.clk);
          set(kA0, e.a0);
        }
        set(kMemM, 1);
        set(kAddr, e.a0 / 4 + j);
        set(kBefore, (e.before[j / 2] >> (32 * (j % 2))) & 0xFFFFFFFF);
        set(kTsPrev, e.ts_prev[j]);
        set(kAfter, (e.after[j / 2] >> (32 * (j % 2))) & 0xFFFFFFFF);
        set(kTs, 4 * e.clk + 2);
      }
    }
    return t;
  }
};

// The range lookups the Keccak table's trace sends (values >= 2^16 are left out: the bus then
// shows them), so an attacked trace's lookups are matched and only the attack shows.
RowMajorMatrix recount(const RowMajorMatrix& t) {
  LookupCounts counts;
  auto add = [&](Fp v) {
    if (v.value() < (1u << 16)) counts.range16(static_cast<uint32_t>(v.value()));
  };
  for (size_t r = 0; r < t.height(); ++r) {
    if (t.at(r, kCall) == Fp::one()) {
      add(t.at(r, kH0));
      add(t.at(r, kH1) * Fp::from_u64(8));
    }
    for (uint32_t s = 0; s < kSlots; ++s) {
      const uint32_t base = kSlot + kSlotCols * s;
      if (t.at(r, base + kSlotMult).is_zero()) continue;
      add(t.at(r, base + kSlotTsLo));
      add(t.at(r, base + kSlotTsHi));
    }
  }
  return RangeU16Table::trace(counts);
}

// One proving key for {counterparty, Keccak table, range}; the shared harness
// (table_test_harness.h).
using Witness = testing::TableWitness;
using Harness = testing::TableHarness<CounterpartyTable, KeccakTable, KeccakEvent>;

Harness& harness() {
  static Harness h;
  return h;
}

KeccakEvent make_event(const std::array<uint64_t, 25>& before, uint64_t clk, uint32_t a0, std::mt19937_64& rng) {
  KeccakEvent e;
  e.clk = clk;
  e.a0 = a0;
  e.before = before;
  e.after = before;
  vm::keccak_f1600(e.after.data());
  for (uint32_t j = 0; j < kWords; ++j) e.ts_prev[j] = rng() % (4 * clk + 2);
  return e;
}

std::vector<KeccakEvent> random_events(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<KeccakEvent> out;
  for (size_t p = 0; p < n; ++p) {
    std::array<uint64_t, 25> s;
    for (auto& v : s) v = rng();
    const uint32_t a0 = static_cast<uint32_t>(rng() % ((uint64_t{1} << 32) - 400)) & ~7u;
    out.push_back(make_event(s, 1000 + 17 * p + rng() % 5000, a0, rng));
  }
  return out;
}

std::array<uint64_t, 25> round_output(const RowMajorMatrix& t, size_t row) {
  std::array<uint64_t, 25> s{};
  for (uint32_t i = 0; i < 25; ++i)
    for (uint32_t l = 0; l < 4; ++l) s[i] |= t.at(row, out_col(i, l)).value() << (16 * l);
  return s;
}

std::array<uint64_t, 25> round_input(const RowMajorMatrix& t, size_t row) {
  std::array<uint64_t, 25> s{};
  for (uint32_t i = 0; i < 25; ++i)
    for (uint32_t l = 0; l < 4; ++l) s[i] |= t.at(row, kA + 4 * i + l).value() << (16 * l);
  return s;
}

// The attacked witness must be reported by the debug checkers (naming `what`) and a forced proof
// of it rejected by the verifier.
void expect_caught(Witness w, const std::string& what) {
  w.range = recount(w.table);
  testing::expect_table_attack_caught(harness(), w, what);
}

// Rewrites rounds from_step..23 of permutation p from `state`, and makes the postimage, the
// memory slots and the counterparty's written words the resulting output (a consistent forgery
// everywhere but at the attacked round).
void reforge(Witness& w, std::vector<KeccakEvent>& events, size_t p, uint32_t from_step,
             std::array<uint64_t, 25> state) {
  for (uint32_t r = from_step; r < kRounds; ++r) KeccakTable::fill_round(w.table.row(kRounds * p + r), r, state);
  events[p].after = state;
  LookupCounts unused;
  const RowMajorMatrix fresh = KeccakTable::trace(events, unused);
  for (uint32_t r = 0; r < kRounds; ++r) {
    const size_t row = kRounds * p + r;
    for (uint32_t i = 0; i < 100; ++i) w.table.at(row, kPost + i) = fresh.at(row, kPost + i);
    for (uint32_t i = 0; i < kSlots * kSlotCols; ++i) w.table.at(row, kSlot + i) = fresh.at(row, kSlot + i);
  }
  w.requests = CounterpartyTable::trace(events);
}

// --- The permutation itself -------------------------------------------------------------------

TEST(KeccakTable, RoundsMatchReference) {
  std::mt19937_64 rng(1);
  std::vector<Fp> row(kNumCols);
  for (int trial = 0; trial < 20; ++trial) {
    std::array<uint64_t, 25> s, ref;
    for (auto& v : s) v = trial == 0 ? 0 : rng();
    ref = s;
    vm::keccak_f1600(ref.data());
    for (uint32_t r = 0; r < kRounds; ++r) KeccakTable::fill_round(row, r, s);
    EXPECT_EQ(s, ref);
  }
}

TEST(KeccakTable, ZeroStateTestVector) {
  // Keccak-f[1600] of the all-zero state (the Keccak team's KeccakF-1600 intermediate values).
  const std::array<uint64_t, 25> expected = {
      0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D, 0x8B284E056253D057,
      0xFF97A42D7F8E6FD4, 0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76, 0xAD30A6F71B19059C, 0x30935AB7D08FFC64,
      0xEB5AA93F2317D635, 0xA9A6E6260D712103, 0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F,
      0x05E5635A21D9AE61, 0x64BEFEF28CC970F2, 0x613670957BC46611, 0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8,
      0x940C7922AE3A2614, 0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B, 0xEAF1FF7B5CECA249};
  std::mt19937_64 rng(2);
  const std::vector<KeccakEvent> events = {make_event({}, 100, 0x1000, rng)};
  EXPECT_EQ(events[0].after, expected);
  Witness w = harness().honest(events);
  EXPECT_EQ(round_output(w.table, kRounds - 1), expected);
  harness().expect_honest(w);
}

class KeccakHonest : public ::testing::TestWithParam<size_t> {};

TEST_P(KeccakHonest, ProvesAndVerifies) {
  const auto events = random_events(GetParam(), 10 + GetParam());
  Witness w = harness().honest(events);
  EXPECT_EQ(w.table.height(), KeccakTable::height_for(events.size()));
  for (size_t p = 0; p < events.size(); ++p) {
    std::array<uint64_t, 25> ref = events[p].before;
    vm::keccak_f1600(ref.data());
    EXPECT_EQ(round_output(w.table, kRounds * p + kRounds - 1), ref);
  }
  harness().expect_honest(w);
}

INSTANTIATE_TEST_SUITE_P(Permutations, KeccakHonest, ::testing::Values(1, 2, 5));

// The full table set of the precompile contract (with the byte table too) through the shared helper.
TEST(KeccakTable, ProvesWithSharedHelper) {
  Harness::expect_proves_full(random_events(2, 99));
}

// SHA3-256 through a sponge whose every permutation is read from the table's trace (checked by
// the debug checkers), against known answers and Python's hashlib.
std::string sha3_256_by_table(const std::vector<uint8_t>& msg) {
  std::vector<uint8_t> padded = msg;
  padded.push_back(0x06);
  while (padded.size() % 136 != 0) padded.push_back(0);
  padded.back() |= 0x80;
  std::array<uint64_t, 25> state{};
  std::mt19937_64 rng(5);
  for (size_t off = 0; off < padded.size(); off += 136) {
    for (size_t i = 0; i < 136; ++i) state[i / 8] ^= uint64_t{padded[off + i]} << (8 * (i % 8));
    const std::vector<KeccakEvent> events = {make_event(state, 50, 0x2000, rng)};
    const Witness w = harness().honest(events);
    const auto failures = harness().check(w);
    EXPECT_TRUE(failures.empty()) << failures.front();
    state = round_output(w.table, kRounds - 1);
  }
  std::string hex;
  for (size_t i = 0; i < 32; ++i) {
    char buf[3];
    snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>((state[i / 8] >> (8 * (i % 8))) & 0xFF));
    hex += buf;
  }
  return hex;
}

std::string python_sha3_256(const std::vector<uint8_t>& msg) {
  std::string hex;
  for (uint8_t b : msg) {
    char buf[3];
    snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  const std::string cmd =
      "python3 -c 'import hashlib,sys; print(hashlib.sha3_256(bytes.fromhex(sys.argv[1])).hexdigest())' " +
      (hex.empty() ? std::string("''") : hex) + " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return "";
  char out[128] = {};
  const bool got = fgets(out, sizeof out, f) != nullptr;
  pclose(f);
  if (!got) return "";
  std::string s(out);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

TEST(KeccakTable, Sha3KnownAnswers) {
  EXPECT_EQ(sha3_256_by_table({}), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  EXPECT_EQ(sha3_256_by_table({'a', 'b', 'c'}), "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
}

TEST(KeccakTable, Sha3MatchesPythonHashlib) {
  std::mt19937_64 rng(7);
  for (size_t len : {size_t{0}, size_t{1}, size_t{135}, size_t{136}, size_t{300}}) {
    std::vector<uint8_t> msg(len);
    for (auto& b : msg) b = static_cast<uint8_t>(rng());
    const std::string expected = python_sha3_256(msg);
    if (expected.size() != 64) GTEST_SKIP() << "python3 with hashlib not available";
    EXPECT_EQ(sha3_256_by_table(msg), expected) << "length " << len;
  }
}

// --- Named attacks ------------------------------------------------------------------------------

TEST(KeccakAttack, ForgedOutputWord) {
  auto events = random_events(1, 21);
  Witness w = harness().honest(events);
  events[0].after[3] ^= 1;  // word 6: step 2, slot 0
  LookupCounts unused;
  const RowMajorMatrix fresh = KeccakTable::trace(events, unused);
  for (uint32_t r = 0; r < kRounds; ++r)
    for (uint32_t i = 0; i < 100; ++i) w.table.at(r, kPost + i) = fresh.at(r, kPost + i);
  w.table.at(2, kSlot + kSlotAfter) = fresh.at(2, kSlot + kSlotAfter);
  w.requests = CounterpartyTable::trace(events);
  expect_caught(std::move(w), "postimage = step 23 output");
}

TEST(KeccakAttack, StateReadFromAnotherAddress) {
  const auto events = random_events(1, 22);
  Witness w = harness().honest(events);
  for (uint32_t r = 0; r < kRounds; ++r) w.table.at(r, kH0) += Fp::one();
  expect_caught(std::move(w), "bus 13");
}

TEST(KeccakAttack, RoundSkipped) {
  auto events = random_events(1, 23);
  Witness w = harness().honest(events);
  reforge(w, events, 0, 11, round_input(w.table, 10));  // step 10's output = its input
  expect_caught(std::move(w), "next round input = this round output");
}

TEST(KeccakAttack, WrongRoundConstant) {
  auto events = random_events(1, 24);
  Witness w = harness().honest(events);
  w.table.at(5, kAppp00) = Fp::from_u64(w.table.at(5, kAppp00).value() ^ 1);
  reforge(w, events, 0, 6, round_output(w.table, 5));
  expect_caught(std::move(w), "A'''[0,0] = A''[0,0] ^ round constant");
}

TEST(KeccakAttack, LimbOutOfRange) {
  const auto events = random_events(1, 25);
  Witness w = harness().honest(events);
  // Lane 5 limbs 0, 1 (word 10): limb 0 + 2^16, limb 1 - 1: the same word, a limb >= 2^16.
  ASSERT_FALSE(w.table.at(0, kPre + 21).is_zero());
  for (uint32_t r = 0; r < kRounds; ++r) {
    w.table.at(r, kPre + 20) += Fp::from_u64(1 << 16);
    w.table.at(r, kPre + 21) -= Fp::one();
  }
  w.table.at(0, kA + 20) += Fp::from_u64(1 << 16);
  w.table.at(0, kA + 21) -= Fp::one();
  expect_caught(std::move(w), "A limb = A' ^ C ^ C' bits");
}

TEST(KeccakAttack, FlippedBitOfAPrime) {
  const auto events = random_events(1, 26);
  Witness w = harness().honest(events);
  w.table.at(7, kAp + 64 * 12 + 33) = Fp::one() - w.table.at(7, kAp + 64 * 12 + 33);
  expect_caught(std::move(w), "column parity of A' is C'");
}

TEST(KeccakAttack, CallWithoutPermutation) {
  const auto events = random_events(1, 27);
  Witness w = harness().honest(events);
  const size_t r = kWords;  // the first free row of the counterparty
  w.requests.at(r, cp::kCallM) = Fp::one();
  w.requests.at(r, cp::kKind) = Fp::from_u64(kPrecompileKeccakF);
  w.requests.at(r, cp::kClk) = Fp::from_u64(events[0].clk + 1);
  w.requests.at(r, cp::kA0) = Fp::from_u64(0x4000);
  expect_caught(std::move(w), "bus 25");
}

TEST(KeccakAttack, RealPermutationCutOff) {
  // A real permutation starting on row 24 of a 32-row trace: its steps 8..23 (and the constraint
  // tying the postimage to the output) never happen.
  const auto events = random_events(1, 28);
  LookupCounts unused;
  Witness w;
  w.table = KeccakTable::trace({}, unused);
  const RowMajorMatrix real = KeccakTable::trace(events, unused);
  ASSERT_EQ(w.table.height(), 32u);
  for (uint32_t r = 0; r < 8; ++r)
    for (uint32_t c = 0; c < kNumCols; ++c) w.table.at(kRounds + r, c) = real.at(r, c);
  w.requests = CounterpartyTable::trace(events, /*words=*/kSlots * 8);
  expect_caught(std::move(w), "is_real is 0 on the last row");
}

TEST(KeccakAttack, TimestampNotAfterPreviousAccess) {
  auto events = random_events(1, 29);
  Witness w = harness().honest(events);
  // Word 4 (step 1, slot 1) claims a previous access at 4 clk + 2 itself; the gap -1 = p - 1 is
  // written as limbs 0 and (p - 1) / 2^16, which the range table cannot match.
  const uint64_t ts = 4 * events[0].clk + 2;
  events[0].ts_prev[4] = ts;
  const uint32_t base = kSlot + kSlotCols * 1;
  w.table.at(1, base + kSlotTsPrev) = Fp::from_u64(ts);
  w.table.at(1, base + kSlotTsLo) = Fp::zero();
  w.table.at(1, base + kSlotTsHi) = Fp::from_u64((Fp::zero() - Fp::one()).value() >> 16);
  w.requests = CounterpartyTable::trace(events);
  expect_caught(std::move(w), "bus 11");
}

// --- Single-cell sweep ---------------------------------------------------------------------------

// Every main cell of four real rows (the first, a middle one, the last with a memory slot, the
// last) and two padding rows (the padding permutation's first row and the trace's last row) of a
// one-permutation trace, changed by +1, must fail a constraint on rows row - 1 or row, or
// unbalance a bus. No column is free on any of them: the allow-list is empty.
TEST(KeccakSweep, EveryCellOfRealRowsIsPinned) {
  const auto events = random_events(1, 30);
  const Witness honest = harness().honest(events);
  ASSERT_TRUE(harness().check(honest).empty());
  size_t tried = 0;
  std::vector<std::string> escaped;
  for (size_t row : {size_t{0}, size_t{5}, size_t{16}, size_t{23}, size_t{24}, size_t{31}}) {
    for (uint32_t c = 0; c < kNumCols; ++c) {
      Witness w = honest;
      w.table.at(row, c) += Fp::one();
      air::DebugBuilder b(w.table.view(), {}, {});
      bool caught = false;
      for (size_t r : {row == 0 ? w.table.height() - 1 : row - 1, row}) {
        b.set_row(r);
        harness().table().eval(b);
        caught = caught || !b.failures().empty();
      }
      if (!caught) caught = !air::check_buses(harness().traces(w), 1).empty();
      ++tried;
      if (!caught) escaped.push_back("row " + std::to_string(row) + " column " + std::to_string(c));
    }
  }
  EXPECT_EQ(tried, 6u * kNumCols);
  EXPECT_TRUE(escaped.empty()) << escaped.size() << " cells escaped, first: " << escaped.front();
}

// --- Figures -------------------------------------------------------------------------------------

TEST(KeccakTable, Shape) {
  const KeccakTable t;
  air::SymbolicBuilder sb(t.width(), 0, 0);
  t.eval(sb);
  const air::LogupLayout logup(t.interactions().size());
  const size_t aux = 3 * (logup.num_helpers + 1);
  printf("keccak_f: %zu main columns, %zu aux base columns, %zu constraints (max degree %u), %zu interactions\n",
         t.width(), aux, sb.constraints().size(), sb.max_degree(), t.interactions().size());
  printf("cells per permutation (24 rows): main %zu, aux %zu\n", 24 * t.width(), 24 * aux);
  EXPECT_LE(sb.max_degree(), 3u);
}

// 64 permutations proven and verified at the default preset (StarkParams::conjectured_100()), with
// every thread and the range table; the phase times are printed for reference (bench_precompiles
// is the benchmark), not asserted.
TEST(KeccakTable, SixtyFourPermutationsAtTheDefaultPreset) {
  using clock = std::chrono::steady_clock;
  auto secs = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  set_threads(static_cast<int>(std::thread::hardware_concurrency()));
  const auto events = random_events(64, 31);
  CounterpartyTable counterparty;
  KeccakTable keccak_table;
  RangeU16Table range;
  const std::vector<const air::Air*> airs = {&counterparty, &keccak_table, &range};
  auto pk = stark::setup(airs, stark::StarkParams::conjectured_100());
  ASSERT_TRUE(pk.ok());
  const auto t0 = clock::now();
  LookupCounts counts;
  std::vector<stark::TableWitness> w = {{CounterpartyTable::trace(events), {}},
                                        {KeccakTable::trace(events, counts), {}},
                                        {RangeU16Table::trace(counts), {}}};
  const size_t rows = w[1].main.height();
  const auto t1 = clock::now();
  auto proof = stark::prove(**pk, std::move(w), backend::default_backend(), {});
  ASSERT_TRUE(proof.ok());
  const auto t2 = clock::now();
  const stark::AlignedBytes aligned(*proof);
  EXPECT_TRUE(stark::verify((*pk)->vk, airs, aligned.span()).ok());
  const auto t3 = clock::now();
  printf("64 permutations (%zu rows, %d threads): trace %.3f s, prove %.2f s, verify %.3f s, proof %zu bytes\n", rows,
         static_cast<int>(std::thread::hardware_concurrency()), secs(t0, t1), secs(t1, t2), secs(t2, t3),
         aligned.span().size());
}

}  // namespace
}  // namespace goldfinch::circuit
