// Receipts end to end (continuations, docs/continuations.md): a run cut into
// shards proves and verifies with the executor's exit code, cycles and output;
// a run that fits one shard gives one shard; receipts are the same for any
// thread count; and the named attacks on the chain of shards are rejected for
// the right reason: a shard dropped, duplicated, reordered, taken from another
// run of the same program or from another program, a receipt cut before the
// exit shard, a lying shard size, changed bytes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <variant>

#include "goldfinch/base/parallel.h"
#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"
#include "goldfinch/zkvm/internal.h"
#include "goldfinch/zkvm/receipt.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::zkvm {
namespace {

namespace rv = vm::rv;

const stark::StarkParams kParams = stark::StarkParams::testing();

// Sums n..1 (n: the input's first word, read in place), storing each partial
// sum to one of 16 words and reading it back (memory crosses shards), commits
// each partial sum's low byte (the output grows in every shard) and exits with
// the sum's low byte. `tweak` changes one immediate: another program of the
// same shape.
std::vector<uint8_t> summing_elf(int32_t tweak = 0) {
  std::vector<uint32_t> c;
  rv::li(c, 28, vm::kInputBase + 16);
  c.push_back(rv::lw(5, 28, 0));       // t0 = n
  c.push_back(rv::addi(6, 0, tweak));  // t1 = sum
  rv::li(c, 7, 0x20000);               // t2 = data
  const size_t loop = c.size();
  c.push_back(rv::add(6, 6, 5));
  c.push_back(rv::andi(29, 5, 15));
  c.push_back(rv::slli(29, 29, 2));
  c.push_back(rv::add(29, 29, 7));
  c.push_back(rv::sw(6, 29, 0));
  c.push_back(rv::lw(6, 29, 0));
  c.push_back(rv::addi(10, 29, 0));  // commit(&data[n % 16], 1)
  c.push_back(rv::addi(11, 0, 1));
  rv::li(c, 17, vm::kSysCommit);
  c.push_back(rv::ecall());
  c.push_back(rv::addi(5, 5, -1));
  c.push_back(rv::bne(5, 0, -4 * static_cast<int32_t>(c.size() - loop)));
  c.push_back(rv::andi(10, 6, 0xFF));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

std::vector<uint8_t> input_n(uint32_t n) { return {uint8_t(n), uint8_t(n >> 8), uint8_t(n >> 16), uint8_t(n >> 24)}; }

Program load(std::span<const uint8_t> elf) {
  auto p = Program::from_elf_bytes(elf, kParams);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return *p;
}

struct Expected {
  uint32_t exit_code;
  uint64_t cycles;
  std::vector<uint8_t> output;
};

// The executor alone (fast mode): the oracle for what a receipt proves.
Expected run_fast(std::span<const uint8_t> elf, std::span<const uint8_t> input) {
  auto image = std::get<vm::ElfImage>(vm::load_elf(elf));
  auto m = std::get<vm::Machine>(vm::Machine::create(image, input));
  m.set_console([](int, std::span<const uint8_t>) {});
  const vm::RunResult r = m.run(1u << 24);
  EXPECT_EQ(r.status, vm::RunStatus::kExited);
  return {r.exit_code, r.cycles, m.output()};
}

ZkvmResult<ReceiptOutput> prove_sharded(const Program &p, std::span<const uint8_t> input, uint64_t shard_cycles) {
  ProveOptions o;
  o.shard_cycles = shard_cycles;
  return prove_receipt(p, input, o);
}

// The receipt with its shard proofs replaced (same header unless given).
std::vector<uint8_t> reassemble(const std::vector<uint8_t> &receipt, const std::vector<size_t> &order,
                                const std::vector<uint8_t> *other = nullptr, size_t other_index = 0,
                                size_t at = SIZE_MAX) {
  Result<ReceiptView> v = read_receipt(receipt);
  EXPECT_TRUE(v.ok());
  std::vector<std::vector<uint8_t>> proofs;
  for (size_t k : order) proofs.emplace_back(v->shards[k].begin(), v->shards[k].end());
  if (other) {
    Result<ReceiptView> o = read_receipt(*other);
    EXPECT_TRUE(o.ok());
    proofs[at].assign(o->shards[other_index].begin(), o->shards[other_index].end());
  }
  return encode_receipt(v->header, proofs);
}

void expect_rejected(const GuestKey &key, std::span<const uint8_t> receipt, const std::string &because) {
  auto st = verify_receipt(key, receipt);
  ASSERT_FALSE(st.ok()) << "accepted; expected: " << because;
  EXPECT_EQ(st.error().kind, ErrorKind::kInvalidProof);
  EXPECT_NE(st.error().message.find(because), std::string::npos) << st.error().message;
}

TEST(Receipt, ManyShardsProveAndVerifyWithTheExecutorsStatement) {
  const auto elf = summing_elf();
  const auto input = input_n(70);
  const Expected expected = run_fast(elf, input);
  ASSERT_GT(expected.cycles, 5u * 128);
  const Program program = load(elf);
  size_t shards_seen = 0;
  ProveOptions o;
  o.shard_cycles = 128;
  o.progress = [&](const ProveProgress &p) { shards_seen = std::max(shards_seen, p.shards); };
  auto out = prove_receipt(program, input, o);
  ASSERT_TRUE(out.ok()) << out.error().message;
  const size_t n = (expected.cycles + 127) / 128;
  EXPECT_EQ(out->statement.shards, n);
  EXPECT_EQ(shards_seen, n);
  EXPECT_EQ(out->statement.exit_code, expected.exit_code);
  EXPECT_EQ(out->statement.cycles, expected.cycles);
  EXPECT_EQ(out->statement.output, expected.output);
  EXPECT_EQ(out->stats.proof_bytes, out->receipt.size());
  auto key = GuestKey::decode(program.key().encode());
  ASSERT_TRUE(key.ok()) << key.error().message;
  auto st = verify_receipt(*key, out->receipt);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->shards, n);
  EXPECT_EQ(st->exit_code, expected.exit_code);
  EXPECT_EQ(st->cycles, expected.cycles);
  EXPECT_EQ(st->output, expected.output);
}

TEST(Receipt, RunThatFitsOneShardGivesOneShard) {
  const auto elf = summing_elf();
  const Expected expected = run_fast(elf, input_n(5));
  const Program program = load(elf);
  auto out = prove_sharded(program, input_n(5), 1 << 16);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->statement.shards, 1u);
  auto st = verify_receipt(program.key(), out->receipt);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->cycles, expected.cycles);
  EXPECT_EQ(st->output, expected.output);
  // A run of exactly one shard size and one of one cycle more.
  for (uint64_t size : {expected.cycles, expected.cycles - 1})
    if ((size & (size - 1)) == 0) {
      auto r = prove_sharded(program, input_n(5), size);
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_TRUE(verify_receipt(program.key(), r->receipt).ok());
    }
}

// A receipt whose shards commit with Poseidon2: the same bytes on 1 and 2 threads, it verifies
// with the executor's statement, a flipped byte in a shard proof is rejected.
TEST(Receipt, Poseidon2ShardsProveAndVerify) {
  stark::StarkParams p2 = kParams;
  p2.merkle_hash = merkle::MerkleHash::kPoseidon2;
  const auto elf = summing_elf();
  auto program = Program::from_elf_bytes(elf, p2);
  ASSERT_TRUE(program.ok()) << program.error().message;
  std::vector<std::vector<uint8_t>> receipts;
  for (int threads : {1, 2}) {
    set_threads(threads);
    auto r = prove_sharded(*program, input_n(20), 64);
    ASSERT_TRUE(r.ok()) << r.error().message;
    receipts.push_back(r->receipt);
  }
  set_threads(max_threads());
  EXPECT_EQ(receipts[0], receipts[1]);
  const Expected expected = run_fast(elf, input_n(20));
  auto st = verify_receipt(program->key(), receipts[0]);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_GT(st->shards, 1u);
  EXPECT_EQ(st->exit_code, expected.exit_code);
  EXPECT_EQ(st->output, expected.output);
  std::vector<uint8_t> bad = receipts[0];
  bad[bad.size() - 40] ^= 0x10;  // inside the last shard's proof
  EXPECT_FALSE(verify_receipt(program->key(), bad).ok());
  EXPECT_FALSE(verify_receipt(load(elf).key(), receipts[0]).ok());  // the BLAKE3 key
}

TEST(Receipt, SameReceiptForAnyThreadCount) {
  const Program program = load(summing_elf());
  std::vector<std::vector<uint8_t>> receipts;
  for (int threads : {1, 2}) {
    set_threads(threads);
    auto r = prove_sharded(program, input_n(20), 64);
    ASSERT_TRUE(r.ok()) << r.error().message;
    receipts.push_back(r->receipt);
  }
  set_threads(max_threads());
  EXPECT_EQ(receipts[0], receipts[1]);
}

// Shards proven side by side (ProveOptions::shard_workers), with more, as many or fewer workers
// than threads: the same receipt as one shard after another, and it verifies.
TEST(Receipt, SameReceiptForAnyNumberOfShardWorkers) {
  const Program program = load(summing_elf());
  const auto input = input_n(20);
  std::vector<std::vector<uint8_t>> receipts;
  size_t shards = 0;
  for (int threads : {1, 2})
    for (size_t workers : {1, 2, 3, 7}) {
      set_threads(threads);
      ProveOptions o;
      o.shard_cycles = 64;
      o.shard_workers = workers;
      auto r = prove_receipt(program, input, o);
      ASSERT_TRUE(r.ok()) << r.error().message;
      shards = r->statement.shards;
      EXPECT_EQ(r->stats.shard_workers, std::min(workers, shards));
      EXPECT_GT(r->stats.seconds_wall, 0.0);
      EXPECT_EQ(r->shard_seconds.size(), shards);
      receipts.push_back(r->receipt);
    }
  set_threads(max_threads());
  ASSERT_GT(shards, 3u);
  for (size_t i = 1; i < receipts.size(); ++i) EXPECT_EQ(receipts[0], receipts[i]) << i;
  EXPECT_TRUE(verify_receipt(program.key(), receipts[0]).ok());
}

// A memory limit that holds one shard's estimate but not two: three workers then prove the shards
// one at a time (each waits for the memory of the one in flight) and give the same receipt.
TEST(Receipt, ShardWorkersWaitForMemoryAndGiveTheSameReceipt) {
  const Program program = load(summing_elf());
  const auto input = input_n(20);
  ProveOptions o;
  o.shard_cycles = 64;
  o.shard_workers = 1;
  auto one = prove_receipt(program, input, o);
  ASSERT_TRUE(one.ok()) << one.error().message;
  const uint64_t estimate = one->stats.estimated_peak_bytes;
  ASSERT_GT(estimate, 0u);
  o.shard_workers = 3;
  o.memory_limit_bytes = estimate + estimate / 2;
  set_threads(2);
  auto gated = prove_receipt(program, input, o);
  set_threads(max_threads());
  ASSERT_TRUE(gated.ok()) << gated.error().message;
  EXPECT_EQ(gated->receipt, one->receipt);
}

// A shard that fails stops the workers: the first shard's error comes back, whatever the workers.
TEST(Receipt, AFailedShardIsTheErrorWithAnyNumberOfWorkers) {
  const Program program = load(summing_elf());
  for (size_t workers : {1, 2, 3}) {
    ProveOptions o;
    o.shard_cycles = 64;
    o.shard_workers = workers;
    o.memory_limit_bytes = 16 << 20;
    auto r = prove_receipt(program, input_n(30), o);
    ASSERT_FALSE(r.ok()) << workers;
    EXPECT_EQ(r.error().kind, ErrorKind::kResources);
    EXPECT_NE(r.error().message.find("shard 0 of"), std::string::npos) << r.error().message;
  }
}

TEST(Receipt, ShardWorkersFollowThreadsShardsAndMemory) {
  ProveOptions o;
  const uint64_t per_shard = 1024 * kShardBytesPerCycle;  // 1024-cycle shards
  EXPECT_EQ(shard_workers(o, 10, 4, 1024, 0), 4u);        // threads
  EXPECT_EQ(shard_workers(o, 3, 4, 1024, 0), 3u);         // shards
  EXPECT_EQ(shard_workers(o, 0, 4, 1024, 0), 1u);
  EXPECT_EQ(shard_workers(o, 10, 0, 1024, 0), 1u);
  EXPECT_EQ(shard_workers(o, 10, 4, 1024, 2 * per_shard + 1), 2u);  // memory
  EXPECT_EQ(shard_workers(o, 10, 4, 1024, per_shard - 1), 1u);
  o.shard_workers = 3;  // explicit: threads and memory do not bound it, the shards do
  EXPECT_EQ(shard_workers(o, 10, 1, 1024, 1), 3u);
  EXPECT_EQ(shard_workers(o, 2, 1, 1024, 1), 2u);
}

// MemoryGate: a reservation that does not fit beside the one held waits for its release; one alone
// goes ahead whatever its size.
TEST(MemoryGate, WaitsUntilTheReservationFits) {
  detail::MemoryGate gate(10);
  gate.acquire(6);
  std::atomic<bool> second{false};
  std::thread t([&] {
    gate.acquire(6);
    second = true;
    gate.release(6);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(second.load());  // 6 + 6 > 10
  gate.release(6);
  t.join();
  EXPECT_TRUE(second.load());
  gate.acquire(100);  // alone: above the limit, and still not blocked
  gate.release(100);
  detail::MemoryGate unlimited(0);
  unlimited.acquire(1 << 20);
  unlimited.acquire(1 << 20);
}

// Streaming mode (ProveOptions::streaming): the same receipt and the same whole-run proof, on 1
// and 2 threads; the proofs verify.
TEST(Receipt, StreamingGivesTheSameBytesOnAnyThreadCount) {
  const Program program = load(summing_elf());
  const auto input = input_n(20);
  std::vector<std::vector<uint8_t>> receipts, proofs;
  for (int threads : {1, 2}) {
    set_threads(threads);
    for (auto mode : {ProveOptions::Streaming::kOff, ProveOptions::Streaming::kOn}) {
      ProveOptions o;
      o.shard_cycles = 64;
      o.streaming = mode;
      auto r = prove_receipt(program, input, o);
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r->stats.streaming, mode == ProveOptions::Streaming::kOn);
      receipts.push_back(r->receipt);
      auto p = prove(program, input, o);
      ASSERT_TRUE(p.ok()) << p.error().message;
      EXPECT_EQ(p->stats.streaming, mode == ProveOptions::Streaming::kOn);
      proofs.push_back(p->proof);
    }
  }
  set_threads(max_threads());
  for (size_t i = 1; i < receipts.size(); ++i) {
    EXPECT_EQ(receipts[0], receipts[i]) << i;
    EXPECT_EQ(proofs[0], proofs[i]) << i;
  }
  EXPECT_TRUE(verify_receipt(program.key(), receipts[1]).ok());
  EXPECT_TRUE(verify(program.key(), proofs[1]).ok());
}

// kAuto turns streaming on exactly when the estimate without it does not fit the memory limit
// (a witness of 2^16 rows per table: only the heights matter to the estimate, so no cells).
TEST(Receipt, AutoStreamingWhenTheEstimateDoesNotFit) {
  const Program program = load(summing_elf());
  const stark::ProvingKey &pk = program.shard_proving_key();
  std::vector<stark::TableWitness> w;
  for (size_t t = 0; t < pk.vk.tables.size(); ++t) w.push_back({RowMajorMatrix(1 << 16, 0), {}});
  const uint64_t off = estimate_prover_bytes(pk, w, false), on = estimate_prover_bytes(pk, w, true);
  ASSERT_GT(off, on + on / 20 * 3) << on;
  ProveOptions o;
  uint64_t estimate = 0;
  o.memory_limit_bytes = on;  // the streaming estimate fits, the other does not (beyond the 15% margin)
  EXPECT_TRUE(detail::choose_streaming(o, pk, w, &estimate));
  EXPECT_EQ(estimate, on);
  o.memory_limit_bytes = off;
  EXPECT_FALSE(detail::choose_streaming(o, pk, w, &estimate));
  EXPECT_EQ(estimate, off);
  o.streaming = ProveOptions::Streaming::kOn;
  EXPECT_TRUE(detail::choose_streaming(o, pk, w, &estimate));
  o.memory_limit_bytes = on;
  o.streaming = ProveOptions::Streaming::kOff;
  EXPECT_FALSE(detail::choose_streaming(o, pk, w, &estimate));
}

TEST(Receipt, ChainAttacksAreRejected) {
  const Program program = load(summing_elf());
  auto a = prove_sharded(program, input_n(40), 64);
  ASSERT_TRUE(a.ok()) << a.error().message;
  const size_t n = a->statement.shards;
  ASSERT_GE(n, 5u);
  const GuestKey &key = program.key();
  ASSERT_TRUE(verify_receipt(key, a->receipt).ok());
  std::vector<size_t> all(n);
  for (size_t k = 0; k < n; ++k) all[k] = k;

  std::vector<size_t> dropped = all;
  dropped.erase(dropped.begin() + 2);
  expect_rejected(key, reassemble(a->receipt, dropped), "starts at cycle");
  std::vector<size_t> duplicated = all;
  duplicated.insert(duplicated.begin() + 2, 2);
  expect_rejected(key, reassemble(a->receipt, duplicated), "starts at cycle");
  std::vector<size_t> swapped = all;
  std::swap(swapped[1], swapped[2]);
  expect_rejected(key, reassemble(a->receipt, swapped), "starts at cycle");
  std::vector<size_t> cut = all;
  cut.pop_back();
  expect_rejected(key, reassemble(a->receipt, cut), "the receipt ends before the exit shard");
  std::vector<size_t> only_last = {n - 1};
  expect_rejected(key, reassemble(a->receipt, only_last), "starts at cycle");

  // A shard of another run of the same program (another input): same cycles,
  // other registers.
  auto b = prove_sharded(program, input_n(41), 64);
  ASSERT_TRUE(b.ok()) << b.error().message;
  expect_rejected(key, reassemble(a->receipt, all, &b->receipt, 2, 2), "other registers");
  // The other run's whole receipt verifies on its own (it is a different, valid
  // run).
  EXPECT_TRUE(verify_receipt(key, b->receipt).ok());

  // A shard of another program with the same shape, in this program's receipt:
  // its proof does not verify under this key; the other receipt as a whole
  // names another key.
  const Program other = load(summing_elf(1));
  auto c = prove_sharded(other, input_n(40), 64);
  ASSERT_TRUE(c.ok()) << c.error().message;
  expect_rejected(key, reassemble(a->receipt, all, &c->receipt, 1, 1), "shard 1:");
  expect_rejected(key, c->receipt, "another program");

  // The header's shard size is not the one the shards were cut with.
  Result<ReceiptView> v = read_receipt(a->receipt);
  ASSERT_TRUE(v.ok());
  std::vector<std::vector<uint8_t>> proofs;
  for (auto s : v->shards) proofs.emplace_back(s.begin(), s.end());
  expect_rejected(key, encode_receipt({v->header.key_digest, 32}, proofs), "shard 0 is not the exit shard but runs 64");
  expect_rejected(key, encode_receipt({v->header.key_digest, 128}, proofs),
                  "shard 0 is not the exit shard but runs 64 cycles, not 128");
}

TEST(Receipt, TamperedAndTruncatedReceiptsAreRejected) {
  const Program program = load(summing_elf());
  auto a = prove_sharded(program, input_n(12), 64);
  ASSERT_TRUE(a.ok()) << a.error().message;
  std::mt19937_64 rng(11);
  for (int i = 0; i < 24; ++i) {
    std::vector<uint8_t> bad = a->receipt;
    bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    auto st = verify_receipt(program.key(), bad);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::kInvalidProof);
  }
  for (size_t len : {size_t{0}, size_t{63}, a->receipt.size() / 2, a->receipt.size() - 1})
    EXPECT_FALSE(verify_receipt(program.key(), std::span<const uint8_t>(a->receipt).first(len)).ok()) << len;
  // A whole-run proof is not a receipt, and a receipt is not a whole-run proof.
  auto whole = prove(program, input_n(12));
  ASSERT_TRUE(whole.ok());
  EXPECT_FALSE(verify_receipt(program.key(), whole->proof).ok());
  EXPECT_FALSE(verify(program.key(), a->receipt).ok());
}

TEST(Receipt, BadShardSizeAndTooLittleMemoryAreTypedErrors) {
  const Program program = load(summing_elf());
  auto bad = prove_sharded(program, input_n(3), 48);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kBadInput);
  ProveOptions o;
  o.shard_cycles = 64;
  o.memory_limit_bytes = 16 << 20;
  auto small = prove_receipt(program, input_n(30), o);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind, ErrorKind::kResources);
  EXPECT_NE(small.error().message.find("shard 0"), std::string::npos) << small.error().message;
  o.max_cycles = 100;
  o.check_memory = false;
  auto limit = prove_receipt(program, input_n(30), o);
  ASSERT_FALSE(limit.ok());
  EXPECT_EQ(limit.error().kind, ErrorKind::kCycleLimit);
}

TEST(Receipt, DefaultShardSizeFollowsTheAvailableMemory) {
  EXPECT_EQ(default_shard_cycles(1), kMinShardCycles);
  EXPECT_EQ(default_shard_cycles(uint64_t{1} << 50), kMaxShardCycles);
  const uint64_t gib2 = uint64_t{2} << 30;  // below the cap: the memory decides
  const uint64_t s = default_shard_cycles(gib2);
  EXPECT_LT(s, kMaxShardCycles);
  EXPECT_LE(s * kShardBytesPerCycle, gib2 / 4 * 3);
  EXPECT_GT(2 * s * kShardBytesPerCycle, gib2 / 4 * 3);
}

}  // namespace
}  // namespace goldfinch::zkvm
