// Blake3Table: honest calls (random inputs, BLAKE3's flag combinations, every block_len,
// read-only and overlapping buffers) proven end to end, outputs checked against
// vm::blake3_compress_xof and, through a small BLAKE3 built over the table's compressions,
// against b3sum; the proving time of 256 calls. Attacks and sweeps: blake3_table_attack_test.cc.
#include "goldfinch/circuit/blake3_table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>

#include "goldfinch/air/logup.h"
#include "goldfinch/circuit/blake3_table_test_util.h"
#include "goldfinch/circuit/testing.h"
#include "goldfinch/hash/b3sum_oracle.h"

namespace goldfinch::circuit {
namespace {

using namespace blake3_cols;
using namespace blake3_testing;

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

// eval_ext (the F_p^3 path the verifier takes) folds the same constraint values as eval_generic:
// random openings (bits or not), selectors and alpha powers; with one alpha power set at a time
// on a sample of constraints too, so a swap of two constraints would show.
TEST(Blake3Table, ExtEvalMatchesGenericEval) {
  Blake3Table t;
  air::SymbolicBuilder sb(t.width(), 0, 0);
  t.eval(sb);
  const size_t count = sb.constraints().size();
  std::mt19937_64 rng(7);
  auto rand_fp = [&] { return Fp::from_u64(rng()); };
  auto rand_fp3 = [&] { return Fp3(rand_fp(), rand_fp(), rand_fp()); };
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<Fp3> main(kNumCols), next(kNumCols);
    for (size_t i = 0; i < kNumCols; ++i) {
      // Trials 0 and 1: bits where the honest trace has bits (x (x - 1) = 0 and xors of bits).
      main[i] = trial < 2 ? Fp3(Fp::from_u64(rng() & 1)) : rand_fp3();
      next[i] = rand_fp3();
    }
    const air::SelectorValues<Fp3> sel{rand_fp3(), rand_fp3(), rand_fp3()};
    // The builder records every constraint's value in order: the two evaluations must give the
    // same value for each constraint (so the same count and order too).
    auto run = [&](bool ext) {
      std::vector<Fp3> values(count);
      air::VerifierBuilder vb({main, next, {}, {}}, {}, sel, values);
      if (ext)
        t.eval_ext(vb);
      else
        t.eval_generic(vb);
      EXPECT_TRUE(vb.error().ok());
      EXPECT_EQ(vb.constraints_seen(), count);
      return values;
    };
    const std::vector<Fp3> ext = run(true), generic = run(false);
    for (size_t k = 0; k < count; ++k)  // constraint k's value is at values[count - 1 - k]
      ASSERT_EQ(ext[count - 1 - k], generic[count - 1 - k])
          << "trial " << trial << ", constraint " << k << ": " << sb.constraints()[k].name;
  }
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
  auto proof = stark::prove(**pk, {{w.requests, {}}, {w.table, {}}, {w.range, {}}}, backend::default_backend(), {});
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
