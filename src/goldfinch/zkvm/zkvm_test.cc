// The public API end to end: small programs assembled here (and the per-instruction test guests
// when built) load, prove and verify, with the statement checked against a separate fast-mode run
// of the executor; guest keys round-trip through bytes; a proof does not verify under another
// program's key; keys with a changed entry or any changed byte are rejected; every failure of
// the prover's input comes back as the right typed error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <variant>

#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/precompiles.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/stark/shape.h"
#include "goldfinch/zkvm/receipt.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::zkvm {
namespace {

namespace rv = vm::rv;

const stark::StarkParams kParams = stark::StarkParams::testing();

// Sums 1..n with a store/load round trip per step, exits with the low byte of the sum and
// writes one byte to the console on the way (console writes are not part of the statement).
std::vector<uint8_t> loop_elf(uint32_t n, uint32_t exit_mask = 0xFF) {
  std::vector<uint32_t> c;
  rv::li(c, 5, n);            // t0 = n
  c.push_back(rv::addi(6, 0, 0));  // t1 = 0 (sum)
  rv::li(c, 7, 0x20000);      // t2 = data
  // loop:
  c.push_back(rv::add(6, 6, 5));
  c.push_back(rv::sw(6, 7, 0));
  c.push_back(rv::lw(6, 7, 0));
  c.push_back(rv::addi(5, 5, -1));
  c.push_back(rv::bne(5, 0, -16));
  // write(1, data, 1)
  c.push_back(rv::addi(10, 0, 1));
  c.push_back(rv::addi(11, 7, 0));
  c.push_back(rv::addi(12, 0, 1));
  rv::li(c, 17, vm::kSysWrite);
  c.push_back(rv::ecall());
  c.push_back(rv::andi(10, 6, static_cast<int32_t>(exit_mask)));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

// The executor alone (fast mode), the oracle for the proven statement.
vm::RunResult run_fast(std::span<const uint8_t> elf) {
  auto image = std::get<vm::ElfImage>(vm::load_elf(elf));
  auto m = std::get<vm::Machine>(vm::Machine::create(image));
  m.set_console([](int, std::span<const uint8_t>) {});
  return m.run(1u << 24);
}

Program load(std::span<const uint8_t> elf) {
  auto p = Program::from_elf_bytes(elf, kParams);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return *p;
}

TEST(Zkvm, ProvesAndVerifiesWithTheExecutorsStatement) {
  const auto elf = loop_elf(40);
  const vm::RunResult expected = run_fast(elf);
  ASSERT_EQ(expected.status, vm::RunStatus::kExited);
  ASSERT_EQ(expected.exit_code, (40u * 41 / 2) & 0xFF);

  const Program program = load(elf);
  std::vector<std::string> phases;
  ProveOptions options;
  options.progress = [&](const ProveProgress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.emplace_back(p.phase);
  };
  auto out = prove(program, {}, options);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->statement.exit_code, expected.exit_code);
  EXPECT_EQ(out->statement.cycles, expected.cycles);
  EXPECT_EQ(out->stats.cycles, expected.cycles);
  EXPECT_EQ(out->stats.proof_bytes, out->proof.size());
  EXPECT_GT(out->stats.cells_per_cycle, out->stats.columns_per_cycle);
  EXPECT_GT(out->stats.trace_cells, 0u);
  const std::vector<std::string> want = {"execute", "witness", "commit", "logup", "quotient",
                                         "openings", "fri",     "queries", "done"};
  EXPECT_EQ(phases, want);

  auto st = verify(program.key(), out->proof);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->exit_code, expected.exit_code);
  EXPECT_EQ(st->cycles, expected.cycles);

  // The key alone, through its bytes: same key, same verdict.
  auto decoded = GuestKey::decode(program.key().encode());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, program.key());
  ASSERT_TRUE(decoded->shape().ok());
  EXPECT_EQ(*decoded->shape(), program.circuit().shape());
  auto again = verify(*decoded, out->proof);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->exit_code, expected.exit_code);
}

// Poseidon2 Merkle commitments (StarkParams::merkle_hash): an RV32IM proof proves and verifies,
// through the key's bytes too; the same program's BLAKE3 key rejects it, and the reverse.
TEST(Zkvm, Poseidon2CommitmentsProveAndVerify) {
  stark::StarkParams p2 = kParams;
  p2.merkle_hash = merkle::MerkleHash::kPoseidon2;
  const auto elf = loop_elf(40);
  auto program = Program::from_elf_bytes(elf, p2);
  ASSERT_TRUE(program.ok()) << program.error().message;
  auto out = prove(*program, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  auto st = verify(program->key(), out->proof);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->exit_code, run_fast(elf).exit_code);
  auto decoded = GuestKey::decode(program->key().encode());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->vk.params.merkle_hash, merkle::MerkleHash::kPoseidon2);
  EXPECT_TRUE(verify(*decoded, out->proof).ok());

  const Program blake3 = load(elf);
  auto wrong = verify(blake3.key(), out->proof);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::kInvalidProof);
  EXPECT_NE(wrong.error().message.find("Merkle hash"), std::string::npos) << wrong.error().message;
  auto b3_proof = prove(blake3, {});
  ASSERT_TRUE(b3_proof.ok());
  EXPECT_FALSE(verify(program->key(), b3_proof->proof).ok());
}

TEST(Zkvm, ProofOfOneProgramDoesNotVerifyUnderAnothersKey) {
  // Same code size and shape, one immediate differs: only the program table's contents differ.
  const Program a = load(loop_elf(9, 0xFF)), b = load(loop_elf(9, 0x7F));
  ASSERT_EQ(a.circuit().shape(), b.circuit().shape());
  auto proof = prove(a, {});
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  auto st = verify(b.key(), proof->proof);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kInvalidProof);
  // The other key of the same program (other parameters) rejects too.
  auto c = Program::from_elf_bytes(loop_elf(9, 0xFF), stark::StarkParams::conjectured_100());
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(verify(c->key(), proof->proof).ok());
}

TEST(Zkvm, TamperedProofIsRejected) {
  const Program program = load(loop_elf(5));
  auto out = prove(program, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20; ++i) {
    std::vector<uint8_t> bad = out->proof;
    bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    auto st = verify(program.key(), bad);
    EXPECT_FALSE(st.ok());
    if (!st.ok()) {
      EXPECT_EQ(st.error().kind, ErrorKind::kInvalidProof);
    }
  }
  for (size_t len : {size_t{0}, size_t{15}, out->proof.size() / 2, out->proof.size() - 1}) {
    auto st = verify(program.key(), std::span<const uint8_t>(out->proof).first(len));
    EXPECT_FALSE(st.ok()) << len;
  }
}

// verify reads a 16-byte aligned proof in place and copies any other: the same verdicts both ways.
TEST(Zkvm, ProofAtAnyAlignmentGivesTheSameVerdict) {
  const Program program = load(loop_elf(5));
  auto out = prove(program, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  auto want = verify(program.key(), out->proof);
  ASSERT_TRUE(want.ok()) << want.error().message;
  std::vector<uint64_t> storage(out->proof.size() / 8 + 3);
  for (size_t shift : {size_t{0}, size_t{1}, size_t{3}, size_t{8}}) {
    uint8_t* at = reinterpret_cast<uint8_t*>(storage.data()) + shift;
    std::copy(out->proof.begin(), out->proof.end(), at);
    const std::span<const uint8_t> proof(at, out->proof.size());
    auto st = verify(program.key(), proof);
    ASSERT_TRUE(st.ok()) << "shift " << shift << ": " << st.error().message;
    EXPECT_EQ(st->exit_code, want->exit_code) << shift;
    EXPECT_EQ(st->cycles, want->cycles) << shift;
    at[out->proof.size() / 3] ^= 4;
    EXPECT_FALSE(verify(program.key(), proof).ok()) << shift;
  }
}

TEST(Zkvm, KeyWithAChangedEntryIsRejected) {
  const Program program = load(loop_elf(3));
  GuestKey key = program.key();
  key.entry += 4;  // the next instruction: a plausible but different program start
  auto decoded = GuestKey::decode(key.encode());
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::kBadKey);
  EXPECT_NE(decoded.error().message.find("entry"), std::string::npos) << decoded.error().message;
  auto st = verify(key, prove(program, {})->proof);  // a key built in code is checked the same way
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kBadKey);
}

// verify() matches the whole-run tables to the key once (detail::check_guest_key) and reads the
// proof against that checked key: every table's description, the shard key and the proof are still
// checked on each call, after a call that accepted the original key and proof.
TEST(Zkvm, KeyCheckedOnceStillRejectsChangedTablesShardKeyAndProof) {
  const Program program = load(loop_elf(3));
  auto out = prove(program, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_TRUE(verify(program.key(), out->proof).ok());
  for (size_t t = 0; t < program.key().vk.tables.size(); ++t) {
    GuestKey key = program.key();
    key.vk.tables[t].constraints_digest.bytes[0] ^= 1;  // another table's constraints
    auto st = verify(key, out->proof);
    ASSERT_FALSE(st.ok()) << t;
    EXPECT_EQ(st.error().kind, ErrorKind::kBadKey) << t;
  }
  GuestKey shard = program.key();
  shard.shard_vk.tables[0].constraints_digest.bytes[0] ^= 1;
  auto st = verify(shard, out->proof);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kBadKey);
  GuestKey params = program.key();
  params.vk.params.num_queries += 1;  // parameters the proof was not made with (still valid ones)
  EXPECT_FALSE(verify(params, out->proof).ok());
  std::vector<uint8_t> bad = out->proof;
  bad[bad.size() / 2] ^= 1;
  st = verify(program.key(), bad);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kInvalidProof);
  EXPECT_TRUE(verify(program.key(), out->proof).ok());
}

// read_file reads a regular file in one call of its size and anything else in 64 KiB chunks: the
// same bytes at the sizes around the chunk, and kIo for a missing file or a directory.
TEST(Zkvm, ReadFileGivesEveryByteAtAnySize) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / ("gf_read_file_" + std::to_string(::getpid()))).string();
  std::mt19937_64 rng(7);
  for (size_t n : {size_t{0}, size_t{1}, size_t{65535}, size_t{65536}, size_t{65537}, size_t{200001}}) {
    std::vector<uint8_t> want(n);
    for (auto& b : want) b = static_cast<uint8_t>(rng());
    {
      std::FILE* f = std::fopen(path.c_str(), "wb");
      ASSERT_NE(f, nullptr);
      ASSERT_EQ(std::fwrite(want.data(), 1, n, f), n);
      std::fclose(f);
    }
    auto got = read_file(path);
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(*got, want) << n;
  }
  std::filesystem::remove(path);
  auto missing = read_file(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kIo);
  auto directory = read_file(dir.string());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().kind, ErrorKind::kIo);
}

// Every truncation and every single-byte change of a key file: decode returns an error or a key
// whose encoding is exactly the bytes given; such a key never accepts the original proof.
TEST(Zkvm, KeyDecoderRejectsEveryTruncationAndChange) {
  const Program program = load(loop_elf(3));
  const std::vector<uint8_t> good = program.key().encode();
  auto out = prove(program, {});
  ASSERT_TRUE(out.ok());
  ProveOptions sharded;
  sharded.shard_cycles = 8;
  auto receipt = prove_receipt(program, {}, sharded);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  ASSERT_GT(receipt->statement.shards, 1u);
  ASSERT_TRUE(verify_receipt(program.key(), receipt->receipt).ok());
  for (size_t len = 0; len < good.size(); ++len)
    EXPECT_FALSE(GuestKey::decode(std::span<const uint8_t>(good).first(len)).ok()) << len;
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  EXPECT_FALSE(GuestKey::decode(longer).ok());
  size_t decoded_changed = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    std::vector<uint8_t> bad = good;
    bad[i] ^= static_cast<uint8_t>(1u << (i % 8));
    auto key = GuestKey::decode(bad);
    if (!key.ok()) {
      EXPECT_EQ(key.error().kind, ErrorKind::kBadKey);
      continue;
    }
    ++decoded_changed;  // e.g. a changed digest byte or parameter: a well-formed, different key
    EXPECT_EQ(key->encode(), bad) << i;
    // The changed key accepts neither the proof nor the receipt its changed part is about.
    EXPECT_TRUE(key->vk != program.key().vk || key->shard_vk != program.key().shard_vk) << i;
    if (key->vk != program.key().vk) {
      EXPECT_FALSE(verify(*key, out->proof).ok()) << "byte " << i;
    }
    if (key->shard_vk != program.key().shard_vk) {
      EXPECT_FALSE(verify_receipt(*key, receipt->receipt).ok()) << "byte " << i;
    }
  }
  EXPECT_LT(decoded_changed, good.size());
  EXPECT_FALSE(GuestKey::decode(std::vector<uint8_t>(100, 0)).ok());
}

// The presets claim their bits for circuits inside an envelope (stark/security.h); setup refuses
// any other. The real RV32IM circuit, at the tallest height the envelope allows, is inside it for
// both presets, its verifier-side tables (rebuilt from the key) give the same shape, and one row
// more than the envelope allows is outside.
TEST(Zkvm, RealCircuitIsInsideTheEnvelopeOfEveryPreset) {
  for (const stark::StarkParams& params : {stark::StarkParams::conjectured_100(), stark::StarkParams::provable_100()}) {
    auto p = Program::from_elf_bytes(loop_elf(5), params);
    ASSERT_TRUE(p.ok()) << p.error().message;  // setup checked the envelope
    const stark::ProofShape s = stark::proof_shape(p->key().vk, p->circuit().tables(), stark::kEnvelopeMaxLogHeight);
    EXPECT_EQ(s.num_tables, circuit::Rv32imCircuit::kNumTables);
    const Error e = stark::check_security_envelope(params, s);
    EXPECT_TRUE(e.ok()) << e.what << " (bound " << e.expected << ", got " << e.got << ")";
    auto shape = p->key().shape();
    ASSERT_TRUE(shape.ok());
    const circuit::Rv32imCircuit verifier_side(*shape);
    const stark::ProofShape v = stark::proof_shape(p->key().vk, verifier_side.tables(), stark::kEnvelopeMaxLogHeight);
    EXPECT_EQ(v.num_committed_columns, s.num_committed_columns);
    EXPECT_EQ(v.num_constraints, s.num_constraints);
    EXPECT_EQ(v.num_bus_interactions, s.num_bus_interactions);
    EXPECT_EQ(v.max_bus_tuple_width, s.max_bus_tuple_width);
    EXPECT_EQ(v.max_constraint_degree, s.max_constraint_degree);
    const stark::ProofShape taller =
        stark::proof_shape(p->key().vk, p->circuit().tables(), stark::kEnvelopeMaxLogHeight + 1);
    EXPECT_STREQ(stark::check_security_envelope(params, taller).what,
                 "circuit outside the preset's security envelope: log2 trace height");
  }
}

TEST(Zkvm, BadElfIsATypedError) {
  std::vector<uint8_t> junk(64, 0x41);
  auto p = Program::from_elf_bytes(junk, kParams);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kBadElf);
  auto missing = Program::load_elf("/nonexistent/guest.elf", kParams);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kIo);
}

TEST(Zkvm, GuestTrapAndCycleLimitAreTypedErrors) {
  std::vector<uint32_t> trap = {rv::addi(5, 0, 1), 0xFFFFFFFFu};  // an illegal instruction
  const Program t = load(vm::testing::write_elf(rv::image_from_code(trap)));
  auto r = prove(t, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kGuestTrap);

  const Program l = load(loop_elf(1000));
  ProveOptions o;
  o.max_cycles = 100;
  auto c = prove(l, {}, o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kCycleLimit);
}

// A writable and executable segment (what linkers give without PHDRS): a guest that keeps its
// data beside its code proves, its key round-trips and says so; one that then overwrites and runs
// its own code is a typed guest trap.
TEST(Zkvm, WritableExecutableSegmentProvesAndSelfModifyingCodeTraps) {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0x10000 + 0x100);  // a data word of the code's own segment
  c.push_back(rv::addi(6, 0, 21));
  c.push_back(rv::sw(6, 5, 0));
  c.push_back(rv::lw(7, 5, 0));
  c.push_back(rv::add(10, 7, 7));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  const std::vector<uint8_t> elf = vm::testing::write_elf(rv::wx_image(c, 0x200));
  const Program program = load(elf);
  EXPECT_TRUE(program.circuit().shape().wx);
  auto out = prove(program, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->statement.exit_code, 42u);
  auto decoded = GuestKey::decode(program.key().encode());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  ASSERT_TRUE(decoded->shape().ok());
  EXPECT_TRUE(decoded->shape()->wx);
  auto st = verify(*decoded, out->proof);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->exit_code, 42u);

  // The same store aimed at the add that follows it.
  c[c.size() - 6] = rv::sw(6, 5, -0x100 + 4 * static_cast<int32_t>(c.size() - 4));
  const Program smc = load(vm::testing::write_elf(rv::wx_image(c, 0x200)));
  auto r = prove(smc, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kGuestTrap);
  EXPECT_NE(r.error().message.find("self-modifying code"), std::string::npos) << r.error().message;
}

// The commit call: the proven public output is the committed bytes (here: the program's own first
// 10 code bytes, from byte 2 on, as encoded by the assembler) and the executor's output.
TEST(Zkvm, CommitCallIsProven) {
  std::vector<uint32_t> c;
  rv::li(c, 10, 0x10002);
  c.push_back(rv::addi(11, 0, 10));
  rv::li(c, 17, vm::kSysCommit);
  c.push_back(rv::ecall());
  c.push_back(rv::addi(10, 0, 3));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  std::vector<uint8_t> code_bytes;
  for (uint32_t w : c)
    for (int i = 0; i < 4; ++i) code_bytes.push_back(static_cast<uint8_t>(w >> (8 * i)));
  const Program p = load(vm::testing::write_elf(rv::image_from_code(c)));
  auto r = prove(p, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto st = verify(p.key(), r->proof);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->exit_code, 3u);
  EXPECT_EQ(st->output, std::vector<uint8_t>(code_bytes.begin() + 2, code_bytes.begin() + 12));
}

// The precompile calls prove, as one proof and as a receipt whose shards split the run around
// them; the committed output is the reference functions' result: Keccak-f of the zero state in
// place, then BLAKE3 compression with cv and block overlapping that state and out beside it, then
// two F_p^3 Horner sums: kind 3 with x on BLAKE3's out, the coefficients on the state and out over
// them, and kind 1 with x on the state, the coefficients on BLAKE3's out and out over them, then
// Poseidon2 on BLAKE3's out in place.
TEST(Zkvm, PrecompileCallsProveWholeAndSharded) {
  std::vector<uint32_t> c;
  rv::li(c, 10, 0x20000);  // Keccak-f state
  rv::li(c, 17, vm::kSysKeccakF);
  c.push_back(rv::ecall());
  rv::li(c, 11, 0x20020);  // block (overlaps the state, as does cv = a0)
  c.push_back(rv::addi(12, 0, 7));   // counter low
  c.push_back(rv::addi(13, 0, 1));   // counter high
  c.push_back(rv::addi(14, 0, 64));  // block_len
  c.push_back(rv::addi(15, 0, 11));  // flags
  rv::li(c, 16, 0x20100);  // out
  rv::li(c, 17, vm::kSysBlake3Compress);
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x20100);  // Horner, kind 3: x = BLAKE3's out, 8 coefficients on the state
  rv::li(c, 11, 0x20000);
  c.push_back(rv::addi(12, 0, 8));
  rv::li(c, 13, 0x20040);  // out over the third coefficient
  c.push_back(rv::addi(14, 0, 3));
  rv::li(c, 17, vm::kSysFp3Horner);
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x20000);  // Horner, kind 1: x = the state, 8 coefficients on BLAKE3's out
  rv::li(c, 11, 0x20100);
  rv::li(c, 13, 0x20100);  // out over the first coefficients
  c.push_back(rv::addi(14, 0, 1));
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x20100);  // Poseidon2 on BLAKE3's out (its first 3 elements Horner's canonical out)
  rv::li(c, 17, vm::kSysPoseidon2);
  c.push_back(rv::ecall());
  for (int i = 0; i < 12; ++i) c.push_back(rv::addi(5, 5, 1));
  rv::li(c, 10, 0x20000);  // commit the state (200 bytes) and out (64 bytes)
  c.push_back(rv::addi(11, 0, 200));
  rv::li(c, 17, 0x47460001);
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x20100);
  c.push_back(rv::addi(11, 0, 64));
  c.push_back(rv::ecall());
  c.push_back(rv::addi(10, 0, 0));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  const std::vector<uint8_t> elf = vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
  ASSERT_EQ(run_fast(elf).status, vm::RunStatus::kExited);

  uint64_t state[25] = {};
  vm::keccak_f1600(state);
  uint32_t words[50], out[16];
  for (int j = 0; j < 50; ++j) words[j] = static_cast<uint32_t>(state[j / 2] >> (32 * (j % 2)));
  vm::blake3_compress_xof(words, words + 8, 7 | uint64_t{1} << 32, 64, 11, out);
  auto horner = [](const uint32_t* x, const uint32_t* coeffs, uint32_t n, uint32_t kind, uint32_t* result) {
    uint64_t xs[3], cs[24], r[3];
    for (uint32_t j = 0; j < 3; ++j) xs[j] = x[2 * j] | uint64_t{x[2 * j + 1]} << 32;
    for (uint32_t j = 0; j < n * kind; ++j) cs[j] = coeffs[2 * j] | uint64_t{coeffs[2 * j + 1]} << 32;
    vm::fp3_horner(xs, cs, n, kind, r);
    for (uint32_t j = 0; j < 6; ++j) result[j] = static_cast<uint32_t>(r[j / 2] >> (32 * (j % 2)));
  };
  uint32_t h[6];
  horner(out, words, 8, 3, h);
  std::copy(h, h + 6, words + 16);
  horner(words, out, 8, 1, h);
  std::copy(h, h + 6, out);
  multiset::Poseidon2State p2;
  for (uint32_t i = 0; i < 8; ++i) {
    const uint64_t v = out[2 * i] | uint64_t{out[2 * i + 1]} << 32;
    ASSERT_LT(v, Fp::kModulus) << "element " << i;
    p2[i] = Fp::from_canonical(v);
  }
  multiset::poseidon2_permute(p2);
  for (uint32_t j = 0; j < 16; ++j) out[j] = static_cast<uint32_t>(p2[j / 2].value() >> (32 * (j % 2)));
  std::vector<uint8_t> expected;
  for (uint32_t w : words)
    for (int k = 0; k < 4; ++k) expected.push_back(static_cast<uint8_t>(w >> (8 * k)));
  for (uint32_t w : out)
    for (int k = 0; k < 4; ++k) expected.push_back(static_cast<uint8_t>(w >> (8 * k)));

  const Program p = load(elf);
  auto whole = prove(p, {});
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  auto st = verify(p.key(), whole->proof);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->output, expected);
  for (uint64_t shard_cycles : {uint64_t{8}, uint64_t{16}}) {  // the calls in a middle shard
    ProveOptions o;
    o.shard_cycles = shard_cycles;
    auto sharded = prove_receipt(p, {}, o);
    ASSERT_TRUE(sharded.ok()) << sharded.error().message;
    auto run = verify_receipt(p.key(), sharded->receipt);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->output, expected);
  }
}

// A run too large for the memory it may use is refused with a clear error before the prover
// allocates anything large; the same run proves without the limit.
TEST(Zkvm, RunTooLargeForMemoryIsRefused) {
  const Program l = load(loop_elf(1000));
  ProveOptions o;
  o.memory_limit_bytes = 16 << 20;  // 16 MiB: the two 2^16-row lookup tables alone need more
  auto r = prove(l, {}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kResources);
  EXPECT_NE(r.error().message.find("GiB of memory"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("(a smaller shard size, or a machine with more memory)"), std::string::npos)
      << r.error().message;
  // A caller whose proofs do not shrink with the shard size (an aggregation node) gives its own advice.
  o.memory_advice = "fewer children per node";
  auto node_like = prove(l, {}, o);
  ASSERT_FALSE(node_like.ok());
  EXPECT_NE(node_like.error().message.find("is available (fewer children per node)"), std::string::npos)
      << node_like.error().message;
  EXPECT_EQ(node_like.error().message.find("shard size"), std::string::npos) << node_like.error().message;
  o.check_memory = false;
  auto ok = prove(l, {}, o);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_GT(ok->stats.estimated_peak_bytes, uint64_t{16} << 20);
}

// The same program and input give byte-identical proofs on 1, 2 and 3 threads (a program that
// uses every table kind: loads and stores, multiply, commit).
TEST(Zkvm, ProofIsTheSameForAnyThreadCount) {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0x20000);
  rv::li(c, 6, 0x12345);
  c.push_back(rv::mul(7, 6, 6));
  c.push_back(rv::sw(7, 5, 0));
  c.push_back(rv::lbu(8, 5, 1));
  c.push_back(rv::sh(8, 5, 6));
  c.push_back(rv::addi(10, 5, 0));
  c.push_back(rv::addi(11, 0, 8));
  rv::li(c, 17, vm::kSysCommit);
  c.push_back(rv::ecall());
  c.push_back(rv::addi(10, 8, 0));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  const Program p = load(vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000)));
  std::vector<std::vector<uint8_t>> proofs;
  for (int threads : {1, 2, 3}) {
    set_threads(threads);
    auto r = prove(p, {});
    ASSERT_TRUE(r.ok()) << r.error().message;
    proofs.push_back(r->proof);
  }
  set_threads(max_threads());
  EXPECT_EQ(proofs[0], proofs[1]);
  EXPECT_EQ(proofs[0], proofs[2]);
}

TEST(Zkvm, IsaGuestProvesWhenBuilt) {
  const std::string path = std::string(GF_GUEST_BIN_DIR) + "/isa_rv32i_shift.elf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not built (guest toolchain missing)";
  auto program = Program::load_elf(path, kParams);
  ASSERT_TRUE(program.ok()) << program.error().message;
  auto bytes = read_file(path);
  const vm::RunResult expected = run_fast(*bytes);
  auto out = prove(*program, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  auto st = verify(*GuestKey::decode(program->key().encode()), out->proof);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->exit_code, expected.exit_code);
  EXPECT_EQ(st->cycles, expected.cycles);
}

}  // namespace
}  // namespace goldfinch::zkvm
