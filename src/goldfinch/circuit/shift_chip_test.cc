// Tests of the ShiftChip: honest corner-case and random shifts proven end to end against the
// reference semantics alu_eval (the request table's c), and attacks that break one thing in an
// honest trace, each of which the debug checkers must name and the verifier must reject.
#include "goldfinch/circuit/shift_chip.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "goldfinch/circuit/testing.h"

namespace goldfinch::circuit {
namespace {

const uint32_t kCorners[] = {0, 1, 2, 31, 32, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu};
const AluOp kShiftOps[] = {kSll, kSrl, kSra};

uint64_t u(Fp x) { return x.value(); }

// Every table of a proof of some shift events, with the lookup tables' multiplicities counted
// independently of ShiftChip::trace (recount_lookups), so an attack may rewrite the chip's trace
// and still get the most favourable lookup tables.
struct ShiftProof {
  testing::AluRequestTable requests_air;
  ShiftChip chip_air;
  RangeU16Table range_air;
  ByteTable bytes_air;
  std::vector<AluEvent> events;
  RowMajorMatrix requests, chip;

  explicit ShiftProof(std::vector<AluEvent> evs) : events(std::move(evs)) {
    requests = testing::AluRequestTable::trace(events);
    LookupCounts counts;
    chip = ShiftChip::trace(events, counts);
    // The witness generator's own counts must agree with an independent recount.
    LookupCounts recount = recount_lookups();
    for (uint32_t v = 0; v < (1u << 16); ++v)
      if (counts.range16_count(v) != recount.range16_count(v)) ADD_FAILURE() << "trace() miscounted range16 " << v;
  }

  // Counts every in-range 16-bit lookup the chip's rows send (by evaluating its interactions).
  LookupCounts recount_lookups() const {
    LookupCounts counts;
    const auto its = chip_air.interactions();
    for (size_t r = 0; r < chip.height(); ++r) {
      auto at = [&](uint32_t c) { return chip.at(r, c); };
      auto none = [](uint32_t) { return Fp::zero(); };
      for (const auto& it : its) {
        if (it.bus != kBusRange16) continue;
        const uint64_t m = u(it.multiplicity.eval<Fp>(at, none, Fp::zero()));
        const uint64_t v = u(it.fields[0].eval<Fp>(at, none, Fp::zero()));
        if (v < (1u << 16) && m < 4)
          for (uint64_t k = 0; k < m; ++k) counts.range16(static_cast<uint32_t>(v));
      }
    }
    return counts;
  }

  Error prove(bool force, std::vector<std::string>* failures) {
    LookupCounts counts = recount_lookups();
    std::vector<testing::Table> tables = {{&requests_air, requests},
                                          {&chip_air, chip},
                                          {&range_air, RangeU16Table::trace(counts)},
                                          {&bytes_air, ByteTable::trace(counts)}};
    return testing::prove_and_verify(tables, force, failures);
  }

  // The debug checkers alone (constraints of the chip, balance of every bus), without proving.
  std::vector<std::string> debug_failures() const {
    static const RowMajorMatrix range_pre = RangeU16Table().preprocessed_trace(RangeU16Table::kHeight);
    static const RowMajorMatrix bytes_pre = ByteTable().preprocessed_trace(ByteTable::kHeight);
    LookupCounts counts = recount_lookups();
    RowMajorMatrix range = RangeU16Table::trace(counts), bytes = ByteTable::trace(counts);
    std::vector<air::TableTrace> traces = {{&requests_air, requests.view(), {}, {}},
                                           {&chip_air, chip.view(), {}, {}},
                                           {&range_air, range.view(), range_pre.view(), {}},
                                           {&bytes_air, bytes.view(), bytes_pre.view(), {}}};
    std::vector<std::string> out;
    for (const auto& t : traces)
      for (const auto& f : air::check_constraints(t, 20)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(traces, 20)) out.push_back(b.describe());
    return out;
  }

  // Row r of the chip trace: set column col to v.
  void set(size_t r, uint32_t col, Fp v) { chip.at(r, col) = v; }
  void set(size_t r, uint32_t col, uint64_t v) { chip.at(r, col) = Fp::from_u64(v); }
  // The request table's claimed c on row r.
  void claim(size_t r, uint64_t c) { requests.at(r, 3) = Fp::from_u64(c); }
  // Rewrites the chip's c and d limbs on row r (c, d as field elements).
  void set_cd(size_t r, uint64_t c0, uint64_t c1, Fp d0, Fp d1) {
    set(r, kShiftC0, c0);
    set(r, kShiftC1, c1);
    set(r, kShiftD0, d0);
    set(r, kShiftD1, d1);
  }
};

void expect_accepted(ShiftProof& s) {
  std::vector<std::string> failures;
  Error e = s.prove(false, &failures);
  EXPECT_TRUE(e.ok()) << e.what;
  for (const auto& f : failures) ADD_FAILURE() << f;
}

void expect_named(const std::vector<std::string>& failures, const std::string& attack, const char* expect_in_failure) {
  EXPECT_FALSE(failures.empty()) << attack << ": no debug checker reported it";
  if (expect_in_failure) {
    bool found = false;
    for (const auto& f : failures) found |= f.find(expect_in_failure) != std::string::npos;
    EXPECT_TRUE(found) << attack << ": expected a failure mentioning '" << expect_in_failure << "'";
  }
}

// The broken trace must be named by a debug checker (mentioning expect_in_failure, e.g. the bus
// or constraint) and its forced proof rejected by the verifier.
void expect_caught(ShiftProof& s, const std::string& attack, const char* expect_in_failure = nullptr) {
  std::vector<std::string> failures;
  Error e = s.prove(true, &failures);
  expect_named(failures, attack, expect_in_failure);
  EXPECT_FALSE(e.ok()) << attack << ": the verifier accepted a forced proof";
}

// For the attacks that keep every identity true: the chip's constraints and the ALU bus are all
// satisfied, and only 16-bit range lookups are unmatched (so the range checks are what stop them).
void expect_only_range_fails(const ShiftProof& s, const std::string& attack) {
  const auto failures = s.debug_failures();
  EXPECT_FALSE(failures.empty()) << attack;
  for (const auto& f : failures) EXPECT_EQ(f.rfind("bus 11:", 0), 0u) << attack << ": " << f;
}

// A proof takes about a second (the two 2^16-row lookup tables), so variants of one attack are
// all checked by the debug checkers and the first of them is also forced through the prover.
void expect_caught_variant(ShiftProof& s, bool prove, const std::string& attack, const char* expect_in_failure) {
  if (prove) return expect_caught(s, attack, expect_in_failure);
  expect_named(s.debug_failures(), attack, expect_in_failure);
}

TEST(ShiftChip, DegreeAtMostThree) {
  ShiftChip chip;
  air::SymbolicBuilder sb(chip.width(), 0, 0);
  chip.eval(sb);
  EXPECT_LE(sb.max_degree(), 3u);
  EXPECT_EQ(chip.width(), 19u);
  EXPECT_EQ(chip.interactions().size(), 12u);
}

TEST(ShiftChip, CornerValuesAndRandom) {
  std::vector<AluEvent> evs;
  // Every combination of the corner values (a gets a few more patterns; b gets shift-specific
  // amounts: 33 and 63 mask to 1 and 31, 0xFFFFFFE0 masks to 0 with every high bit set, 16 and 15
  // cross the limb boundary).
  std::vector<uint32_t> as(std::begin(kCorners), std::end(kCorners));
  std::vector<uint32_t> bs = as;
  for (uint32_t v : {0x12345678u, 0xFFFF0000u, 0x8000FFFFu, 0x40000001u}) as.push_back(v);
  for (uint32_t v : {33u, 63u, 16u, 15u, 0xFFFFFFE0u, 0xFFFFFFE1u}) bs.push_back(v);
  for (AluOp op : kShiftOps)
    for (uint32_t a : as)
      for (uint32_t b : bs) evs.push_back({op, a, b});
  // Every shift amount with random a (half of them negative) and random high bits of b, then
  // fully random operations. One proof for all (a proof costs about a second).
  // A fixed seed keeps the test reproducible; GOLDFINCH_TEST_SEED explores others.
  const char* env_seed = std::getenv("GOLDFINCH_TEST_SEED");
  const uint64_t seed = env_seed && *env_seed ? std::strtoull(env_seed, nullptr, 0) : 20261121;
  std::printf("ShiftChip random seed: %llu\n", static_cast<unsigned long long>(seed));
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (AluOp op : kShiftOps)
    for (uint32_t sh = 0; sh < 32; ++sh) {
      evs.push_back({op, static_cast<uint32_t>(rng()), sh | (static_cast<uint32_t>(rng()) & ~31u)});
      evs.push_back({op, static_cast<uint32_t>(rng()) | 0x80000000u, sh});
    }
  while (evs.size() < 1024)
    evs.push_back({kShiftOps[rng() % 3], static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())});
  ShiftProof s(evs);
  // The chip's c limbs equal the oracle on every row (the bus would also refuse a difference).
  for (size_t r = 0; r < evs.size(); ++r)
    ASSERT_EQ(u(s.chip.at(r, kShiftC0)) + (u(s.chip.at(r, kShiftC1)) << 16), alu_eval(evs[r].op, evs[r].a, evs[r].b));
  expect_accepted(s);
}

TEST(ShiftChip, ManyRandomShiftsPassDebugCheckers) {
  // A wider sweep than one proof affords, through the debug checkers only: every shift amount
  // with a from a set of bit patterns, and 8192 random operations (fixed seed).
  std::vector<AluEvent> evs;
  for (AluOp op : kShiftOps)
    for (uint32_t a : {0u, 1u, 0x80000000u, 0x80000001u, 0xFFFFFFFFu, 0x7FFFFFFFu, 0xAAAAAAAAu, 0x55555555u})
      for (uint32_t b = 0; b < 64; ++b) evs.push_back({op, a, b * 0x04000001u});  // b & 31 = b mod 32, high bits vary
  std::mt19937_64 rng(77);
  while (evs.size() < 8192 + 1536)
    evs.push_back({kShiftOps[rng() % 3], static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())});
  ShiftProof s(evs);
  for (const auto& f : s.debug_failures()) ADD_FAILURE() << f;
}

TEST(ShiftChip, NoEventsIsAllPadding) {
  // Four padding rows (selectors 0, powers 1) satisfy every constraint and send nothing.
  ShiftProof s({});
  EXPECT_EQ(s.chip.height(), 4u);
  EXPECT_TRUE(s.debug_failures().empty());
}

// --- attacks -------------------------------------------------------------------------------

TEST(ShiftChipAttack, ForgedRequest) {
  ShiftProof s({{kSll, 0x12345678u, 4}, {kSrl, 0x80000000u, 31}, {kSra, 0x80000000u, 31}});
  s.claim(1, 2);  // 0x80000000 >> 31 is 1
  expect_caught(s, "ForgedRequest", "bus 10");
}

TEST(ShiftChipAttack, WrongResult) {
  // The request and the chip both claim c + 1: the bus balances, the identity must not.
  ShiftProof s({{kSll, 0x12345678u, 4}, {kSrl, 0xFFFFFFFFu, 3}, {kSra, 0x80000000u, 33}});
  for (size_t r = 0; r < 3; ++r) {
    ShiftProof t = s;
    const uint32_t c = alu_eval(t.events[r].op, t.events[r].a, t.events[r].b) + 1;
    t.claim(r, c);
    t.set(r, kShiftC0, c & 0xFFFF);
    t.set(r, kShiftC1, c >> 16);
    expect_caught_variant(t, r == 0, "WrongResult row " + std::to_string(r), "shift identity");
  }
}

TEST(ShiftChipAttack, LimbOutOfRange) {
  // A low limb set to itself + 2^16 with its high limb one less: every identity still holds
  // (the value is unchanged), so only the 16-bit range check can catch it.
  ShiftProof s({{kSll, 0x12345678u, 8}, {kSrl, 0xFFFFFFFFu, 7}, {kSra, 0xF0000000u, 3}});
  const Fp k16 = Fp::from_u64(1 << 16);
  const std::pair<ShiftCol, ShiftCol> pairs[] = {
      {kShiftC0, kShiftC1}, {kShiftA0, kShiftA1}, {kShiftD0, kShiftD1}, {kShiftT, kShiftBHi}};
  for (auto [lo, hi] : pairs)
    for (size_t r = 0; r < 3; ++r) {
      ShiftProof t = s;
      // t and bhi: b = ... + 32 t + 2^16 bhi, so t moves by 2^11 (still < 2^16: the 32 t check).
      const Fp step = lo == kShiftT ? Fp::from_u64(1 << 11) : k16;
      t.set(r, lo, t.chip.at(r, lo) + step);
      t.set(r, hi, t.chip.at(r, hi) - Fp::one());
      const std::string what = "LimbOutOfRange col " + std::to_string(lo) + " row " + std::to_string(r);
      expect_only_range_fails(t, what);
      expect_caught_variant(t, lo == kShiftC0 && r == 0, what, "bus 11");
    }
}

TEST(ShiftChipAttack, RemainderTooLarge) {
  // SRL/SRA: c' = c - 1 and d' = d + 2^31 satisfy a 2^(31-sh) = c' 2^31 + d' with d' < 2^32;
  // only d < 2^31 (the 2 d1 check) stops it.
  for (AluOp op : {kSrl, kSra}) {
    ShiftProof s({{op, 0xFFFFFFF0u, 4}, {op, 0x7FFFFFFFu, 0}});
    for (size_t r = 0; r < 2; ++r) {
      ShiftProof t = s;
      const uint32_t c = alu_eval(op, t.events[r].a, t.events[r].b) - 1;
      t.claim(r, c);
      t.set(r, kShiftC0, c & 0xFFFF);
      t.set(r, kShiftC1, c >> 16);
      t.set(r, kShiftD1, t.chip.at(r, kShiftD1) + Fp::from_u64(1 << 15));
      expect_only_range_fails(t, "RemainderTooLarge");
      expect_caught_variant(t, op == kSrl && r == 0, "RemainderTooLarge", "bus 11");
    }
  }
}

TEST(ShiftChipAttack, ProductAliasModP) {
  // SLL of 3 by 1 is 6. With d = 2^32 - 1 and c = 7, d 2^32 + c = p + 6 = 6 in the field: the
  // identity holds. Only d < 2^31 stops the forged c = 7.
  ShiftProof s({{kSll, 3, 1}});
  s.claim(0, 7);
  s.set_cd(0, 7, 0, Fp::from_u64(0xFFFF), Fp::from_u64(0xFFFF));
  expect_only_range_fails(s, "ProductAliasModP");
  expect_caught(s, "ProductAliasModP", "bus 11");
}

TEST(ShiftChipAttack, ForgedSignBit) {
  // SRA of a positive a with the sign claimed 1 and c, d recomputed for it: the identity holds
  // (c' = c + 2^32 - 2^(32-sh)); only the sign's tie to a's top bit stops it.
  const uint32_t a = 0x12345678u, sh = 4;
  ShiftProof s({{kSra, a, sh}});
  const uint64_t m = uint64_t{1} << (31 - sh);
  const unsigned __int128 lhs = static_cast<unsigned __int128>(a) * m + (uint64_t{1} << 63) - (m << 32);
  const uint64_t c = static_cast<uint64_t>(lhs >> 31), d = static_cast<uint64_t>(lhs & 0x7FFFFFFF);
  ASSERT_EQ(c, uint64_t{a >> sh} + (uint64_t{1} << 32) - (uint64_t{1} << (32 - sh)));
  s.claim(0, c);
  s.set(0, kShiftSign, 1);
  s.set_cd(0, c & 0xFFFF, c >> 16, Fp::from_u64(d & 0xFFFF), Fp::from_u64(d >> 16));
  expect_only_range_fails(s, "ForgedSignBit");
  expect_caught(s, "ForgedSignBit", "bus 11");
}

TEST(ShiftChipAttack, WrongShiftAmount) {
  // b = 33 (shift 1) decomposed as shift 2 with t = (33 - 2) / 32 in the field, and everything
  // else (powers, c, d) consistent with a shift by 2: only t's range check stops it.
  ShiftProof s({{kSll, 1, 33}, {kSrl, 0x80000000u, 32}});
  struct Case { size_t row; uint32_t forged_sh; AluOp op; uint32_t a, b; };
  for (const Case& k : {Case{0, 2, kSll, 1, 33}, Case{1, 5, kSrl, 0x80000000u, 32}}) {
    ShiftProof t = s;
    const size_t r = k.row;
    for (uint32_t i = 0; i < 5; ++i) t.set(r, kShiftSh0 + i, (k.forged_sh >> i) & 1);
    const Fp t_forged = (Fp::from_u64(k.b & 0xFFFF) - Fp::from_u64(k.forged_sh)) * Fp::from_u64(32).inverse();
    t.set(r, kShiftT, t_forged);
    t.set(r, kShiftPow3, uint64_t{1} << (k.forged_sh & 7));
    t.set(r, kShiftPow, uint64_t{1} << k.forged_sh);
    const uint32_t c = alu_eval(k.op, k.a, k.forged_sh);
    const uint64_t d = k.op == kSll ? (uint64_t{k.a} << k.forged_sh) >> 32
                                    : (uint64_t{k.a} & ((uint64_t{1} << k.forged_sh) - 1)) << (31 - k.forged_sh);
    t.claim(r, c);
    t.set_cd(r, c & 0xFFFF, c >> 16, Fp::from_u64(d & 0xFFFF), Fp::from_u64(d >> 16));
    expect_only_range_fails(t, "WrongShiftAmount");
    expect_caught_variant(t, k.row == 0, "WrongShiftAmount", "bus 11");
  }
}

TEST(ShiftChipAttack, FlippedSelector) {
  // An SLL row relabelled SRL with c, d recomputed as an SRL: its receive no longer matches.
  ShiftProof s({{kSll, 0x12345678u, 4}});
  s.set(0, kShiftIsSll, 0);
  s.set(0, kShiftIsSrl, 1);
  const uint32_t c = 0x12345678u >> 4;
  const uint64_t d = uint64_t{0x8} << 27;
  s.set_cd(0, c & 0xFFFF, c >> 16, Fp::from_u64(d & 0xFFFF), Fp::from_u64(d >> 16));
  expect_caught(s, "FlippedSelector", "bus 10");
}

TEST(ShiftChipAttack, TwoSelectors) {
  ShiftProof s({{kSll, 0, 5}});  // 0 << 5 = 0 >> 5 = 0: both ops' identities hold
  s.set(0, kShiftIsSrl, 1);
  expect_caught(s, "TwoSelectors", "at most one selector");
}

TEST(ShiftChipAttack, WrongMultiplicity) {
  ShiftProof s({{kSrl, 0xFFFFFFFFu, 1}});
  s.requests.at(0, 4) = Fp::from_u64(2);  // the CPU asks twice, the chip answers once
  expect_caught(s, "WrongMultiplicity", "bus 10");
}

TEST(ShiftChipAttack, PaddingRowReceives) {
  // A padding row (all zero, powers 1) turned into SLL 0 << 0 = 0: valid arithmetic, but it
  // receives a tuple nobody sent.
  ShiftProof s({{kSll, 1, 1}});
  s.set(1, kShiftIsSll, 1);
  expect_caught(s, "PaddingRowReceives", "bus 10");
}

TEST(ShiftChipAttack, EveryColumnCorrupted) {
  // Each column + 1 on a real row of each op: the debug checkers name every one; one forced proof
  // (the SRA row's power column, which no other attack here breaks) keeps the test fast.
  ShiftProof s({{kSll, 0x9ABCDEF0u, 13}, {kSrl, 0x9ABCDEF0u, 0xFFFFFFF3u}, {kSra, 0x9ABCDEF0u, 45}});
  for (uint32_t col = 0; col < kShiftNumCols; ++col)
    for (size_t r = 0; r < 3; ++r) {
      ShiftProof t = s;
      t.set(r, col, t.chip.at(r, col) + Fp::one());
      const bool prove = r == 2 && col == kShiftPow;
      expect_caught_variant(t, prove, "column " + std::to_string(col) + " row " + std::to_string(r), nullptr);
    }
}

}  // namespace
}  // namespace goldfinch::circuit
