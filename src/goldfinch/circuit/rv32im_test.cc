// The whole RV32IM circuit (every chip, no test stand-ins) on executed programs: proofs verify
// with the executor's exit code as public value; a proof of one program does not verify against
// another program's key; a changed exit code is rejected.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <variant>

#include "goldfinch/stark/proof_io.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit {
namespace {

namespace rv = vm::rv;

vm::ElfImage image_of(const std::vector<uint32_t>& words) {
  vm::ElfImage image;
  image.entry = 0x10000;
  vm::Segment seg;
  seg.vaddr = 0x10000;
  seg.executable = true;
  for (uint32_t word : words)
    for (int i = 0; i < 4; ++i) seg.data.push_back(static_cast<uint8_t>(word >> (8 * i)));
  seg.memsz = static_cast<uint32_t>(seg.data.size());
  image.segments.push_back(seg);
  return image;
}

struct Proven {
  std::vector<uint8_t> proof;
  std::unique_ptr<stark::ProvingKey> pk;
  uint32_t exit_code = 0;
  uint64_t cycles = 0;
  std::vector<uint8_t> output;
};

Proven prove_program(const Rv32imCircuit& c, const vm::ElfImage& image, std::span<const uint8_t> input = {}) {
  Proven out;
  auto m = vm::Machine::create(image, input);
  auto& machine = std::get<vm::Machine>(m);
  vm::TraceRecorder rec;
  auto r = machine.run_trace(&rec, 1 << 20);
  EXPECT_EQ(r.status, vm::RunStatus::kExited);
  out.exit_code = r.exit_code;
  out.cycles = r.cycles;
  out.output = machine.output();
  stark::StarkParams p = stark::StarkParams::conjectured_100();
  p.num_queries = 16;
  p.pow_bits = 0;
  out.pk = std::move(*stark::setup(c.tables(), p));
  auto w_or = c.witness(rec.rows, input);
  EXPECT_TRUE(w_or.ok()) << (w_or.ok() ? "" : w_or.error().what);
  auto w = std::move(*w_or);
  // Debug checkers first: they name any table, row and constraint that fails.
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < w.size(); ++i)
    traces.push_back({c.tables()[i], w[i].main.view(), out.pk->preprocessed[i].view(), w[i].public_values});
  for (const auto& t : traces)
    for (const auto& f : air::check_constraints(t, 5)) ADD_FAILURE() << f.describe();
  for (const auto& b : air::check_buses(traces, 5)) ADD_FAILURE() << b.describe();
  auto proof = stark::prove(*out.pk, std::move(w));
  EXPECT_TRUE(proof.ok()) << (proof.ok() ? "" : proof.error().what);
  if (proof.ok()) out.proof = std::move(*proof);
  return out;
}

Error verify_bytes(const stark::VerifyingKey& vk, const Rv32imCircuit& c, const std::vector<uint8_t>& proof,
                   stark::VerifiedProof* out = nullptr) {
  const stark::AlignedBytes aligned(proof);
  return stark::verify(vk, c.tables(), aligned.span(), out);
}

std::vector<uint32_t> arithmetic_program() {
  // gcd(1071, 462) by remainders, a multiply-accumulate, shifts and bitwise ops; exit code
  // = checksum computed independently below.
  return {
      rv::addi(5, 0, 1071), rv::addi(6, 0, 462),
      rv::remu(7, 5, 6),  // loop: t = a % b
      rv::addi(5, 6, 0), rv::addi(6, 7, 0), rv::bne(6, 0, -12),
      // x5 = gcd = 21
      rv::lui(8, 0xDEADB), rv::addi(8, 8, -0x111),  // 0xDEADAEEF
      rv::mulhu(9, 8, 8), rv::mul(10, 8, 5), rv::mulh(11, 8, 8), rv::div(12, 8, 5), rv::rem(13, 8, 5),
      rv::srai(14, 8, 7), rv::srl(15, 8, 5), rv::sll(16, 5, 8),
      rv::xor_(17, 9, 10), rv::or_(18, 11, 12), rv::and_(19, 13, 14), rv::sub(20, 15, 16),
      rv::add(10, 17, 18), rv::add(10, 10, 19), rv::add(10, 10, 20), rv::add(10, 10, 5),
      rv::andi(10, 10, 0xFF),
      rv::addi(17, 0, 93), rv::ecall(),
  };
}

uint32_t arithmetic_expected() {
  const uint32_t g = 21, x = 0xDEADAEEFu;
  const uint32_t mulhu = static_cast<uint32_t>((uint64_t{x} * x) >> 32);
  const uint32_t mul = x * g;
  const int32_t sx = static_cast<int32_t>(x);
  const uint32_t mulh = static_cast<uint32_t>((int64_t{sx} * sx) >> 32);
  const uint32_t div = static_cast<uint32_t>(sx / 21), rem = static_cast<uint32_t>(sx % 21);
  const uint32_t srai = static_cast<uint32_t>(sx >> 7), srl = x >> 21, sll = g << (x & 31);
  const uint32_t v = (mulhu ^ mul) + (mulh | div) + (rem & srai) + (srl - sll) + g;
  return v & 0xFF;
}

TEST(Rv32im, ArithmeticProgramProvesAndVerifies) {
  const auto image = image_of(arithmetic_program());
  Rv32imCircuit c(image);
  Proven p = prove_program(c, image);
  EXPECT_EQ(p.exit_code, arithmetic_expected());
  stark::VerifiedProof out;
  Error e = verify_bytes(p.pk->vk, c, p.proof, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  EXPECT_EQ(out.public_values[Rv32imCircuit::kCpuIndex][0], Fp::from_u64(p.exit_code));
  EXPECT_EQ(out.public_values[Rv32imCircuit::kCpuIndex][1], Fp::from_u64(p.cycles));
}

// Code at 0x10000, read-only data at 0x11000, writable data at 0x12000; the program loads every
// width and sign from both, stores bytes, halves and words, uses plain (zero) RAM, and reads its
// own code; the exit code folds every loaded value.
vm::ElfImage memory_image() {
  std::vector<uint32_t> code = {
      rv::lui(5, 0x12), rv::lui(20, 0x11),
      rv::lw(6, 5, 0), rv::lb(7, 5, 0), rv::lb(8, 5, 1), rv::lbu(9, 5, 2), rv::lb(10, 5, 3),
      rv::lh(11, 5, 2), rv::lhu(12, 5, 0), rv::lhu(21, 20, 2), rv::lw(22, 20, 4),
      rv::sw(6, 5, 4), rv::sb(9, 5, 5), rv::sh(8, 5, 6), rv::lw(13, 5, 4),
      rv::lui(14, 0x100), rv::lw(15, 14, 0), rv::sw(13, 14, 8), rv::lw(16, 14, 8), rv::sb(10, 14, 11),
      rv::lw(23, 14, 8),
      rv::lui(18, 0x10), rv::lw(19, 18, 0),
      rv::add(10, 6, 7), rv::add(10, 10, 8), rv::add(10, 10, 9), rv::add(10, 10, 11), rv::add(10, 10, 12),
      rv::xor_(10, 10, 13), rv::add(10, 10, 15), rv::add(10, 10, 16), rv::add(10, 10, 19), rv::add(10, 10, 21),
      rv::add(10, 10, 22), rv::xor_(10, 10, 23), rv::andi(10, 10, 0x7FF),
      rv::addi(17, 0, 93), rv::ecall(),
  };
  vm::ElfImage image = image_of(code);
  image.segments.push_back(rv::data_segment(0x11000, {0x11, 0x22, 0xF3, 0x84, 0x55, 0x66, 0x77, 0x88}, 8, false));
  image.segments.push_back(rv::data_segment(0x12000, {0x01, 0x7F, 0xFF, 0x80}, 16, true));  // 12 bytes of bss
  return image;
}

TEST(Rv32im, LoadsAndStoresProveAndVerify) {
  const vm::ElfImage image = memory_image();
  Rv32imCircuit c(image);
  Proven p = prove_program(c, image);
  stark::VerifiedProof out;
  Error e = verify_bytes(p.pk->vk, c, p.proof, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  EXPECT_EQ(out.public_values[Rv32imCircuit::kCpuIndex][0], Fp::from_u64(p.exit_code));
  // The exit code folds values the executor (differentially tested against Unicorn) loaded.
  EXPECT_NE(p.exit_code, 0u);
}

// read(0) into unaligned writable memory across words, to the end of the input and past it, a
// read of another fd, commits of unaligned multi-word, read-only and empty buffers, and an in-place
// load of the input region. The public output is the executor's, and equals the bytes the
// program's calls name (computed here independently).
vm::ElfImage io_image() {
  std::vector<uint32_t> code;
  auto call = [&](uint32_t number, uint32_t a0, uint32_t a1, uint32_t a2) {
    rv::li(code, 17, number);
    rv::li(code, 10, a0);
    rv::li(code, 11, a1);
    rv::li(code, 12, a2);
    code.push_back(rv::ecall());
  };
  auto keep = [&](uint32_t reg) { code.push_back(rv::add(reg, 0, 10)); };
  call(63, 0, 0x12001, 9);   // read 9 bytes
  keep(20);
  call(63, 0, 0x12010, 100);  // the remaining 4
  keep(21);
  call(63, 0, 0x12020, 5);   // end of input: 0
  keep(22);
  call(63, 3, 0x12020, 5);   // another fd: -9
  keep(23);
  call(0x47460001, 0x12001, 9, 0);  // commit what the first read wrote
  call(0x47460001, 0x11002, 3, 0);  // read-only data
  call(0x47460001, 0x12010, 4, 0);
  call(0x47460001, 0x12030, 0, 0);  // empty
  rv::li(code, 5, 0x20000010);
  code.push_back(rv::lw(24, 5, 0));  // the payload in place
  code.push_back(rv::add(10, 20, 21));
  code.push_back(rv::add(10, 10, 22));
  code.push_back(rv::add(10, 10, 23));
  code.push_back(rv::add(10, 10, 24));
  code.push_back(rv::andi(10, 10, 0x7FF));
  rv::li(code, 17, 93);
  code.push_back(rv::ecall());
  vm::ElfImage image = image_of(code);
  image.segments.push_back(rv::data_segment(0x11000, {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7}, 8, false));
  image.segments.push_back(rv::data_segment(0x12000, {0x5A, 0x5B, 0x5C, 0x5D}, 0x40, true));
  return image;
}

const std::vector<uint8_t> kIoInput = {'g', 'o', 'l', 'd', 'f', 'i', 'n', 'c', 'h', '-', 'z', 'k', '!'};

TEST(Rv32im, ReadAndCommitProveAndVerify) {
  const vm::ElfImage image = io_image();
  Rv32imCircuit c(image);
  Proven p = prove_program(c, image, kIoInput);
  std::vector<uint8_t> expected(kIoInput.begin(), kIoInput.begin() + 9);
  for (uint8_t b : {0xA2, 0xA3, 0xA4}) expected.push_back(b);
  expected.insert(expected.end(), kIoInput.begin() + 9, kIoInput.end());
  EXPECT_EQ(p.output, expected);
  uint32_t in_place = 0;
  std::memcpy(&in_place, kIoInput.data(), 4);
  EXPECT_EQ(p.exit_code, (9u + 4u + 0u + 0xFFFFFFF7u + in_place) & 0x7FF);
  stark::VerifiedProof out;
  Error e = verify_bytes(p.pk->vk, c, p.proof, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  auto st = Rv32imCircuit::statement(out.public_values);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->output, expected);
  EXPECT_EQ(st->exit_code, p.exit_code);
  EXPECT_EQ(st->cycles, p.cycles);
}

// Runs `image` on `input`, applies `forge` to the honest witness, and requires the debug checkers
// to report something and a forced proof not to verify.
void expect_forgery_caught(const vm::ElfImage& image, std::span<const uint8_t> input,
                           const std::function<void(std::vector<stark::TableWitness>&)>& forge, const char* what) {
  Rv32imCircuit c(image);
  auto m = vm::Machine::create(image, input);
  auto& machine = std::get<vm::Machine>(m);
  vm::TraceRecorder rec;
  ASSERT_EQ(machine.run_trace(&rec, 1 << 16).status, vm::RunStatus::kExited);
  stark::StarkParams params = stark::StarkParams::conjectured_100();
  params.num_queries = 8;
  params.pow_bits = 0;
  auto pk = std::move(*stark::setup(c.tables(), params));
  auto w = *c.witness(rec.rows, input);
  forge(w);
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < w.size(); ++i)
    traces.push_back({c.tables()[i], w[i].main.view(), pk->preprocessed[i].view(), w[i].public_values});
  std::string found;
  for (const auto& t : traces)
    for (const auto& f : air::check_constraints(t, 2)) found += f.describe() + "; ";
  for (const auto& f : air::check_buses(traces, 2)) found += f.describe() + "; ";
  EXPECT_FALSE(found.empty()) << what;
  if (getenv("GOLDFINCH_VERBOSE")) fprintf(stderr, "%s: %s\n", what, found.c_str());
  stark::ProveOptions force;
  force.allow_unsatisfied = true;
  auto proof = stark::prove(*pk, std::move(w), backend::default_backend(), force);
  ASSERT_TRUE(proof.ok());
  EXPECT_FALSE(verify_bytes(pk->vk, c, *proof).ok()) << what;
}

// Table indices by name (the statement's table order is the verifying key's).
size_t table_index(const char* name) {
  static const Rv32imCircuit c(io_image());
  const auto tables = c.tables();
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i]->name() == name) return i;
  ADD_FAILURE() << "no table " << name;
  return 0;
}
const size_t kIoCall = table_index("io_call"), kReadWords = table_index("io_read_words"),
             kCommitWords = table_index("io_commit_words"), kInputStream = table_index("input_stream");

TEST(Rv32imAttack, ChangedDroppedOrAddedPublicOutput) {
  const vm::ElfImage image = io_image();
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kIoCall].public_values[3] += Fp::one(); }, "changed output byte");
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kIoCall].public_values.pop_back(); }, "dropped output byte");
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kIoCall].public_values.push_back(Fp::zero()); }, "added output byte");
  expect_forgery_caught(image, kIoInput, [](auto& w) { std::swap(w[kIoCall].public_values[0], w[kIoCall].public_values[1]); },
                        "reordered output");
}

TEST(Rv32imAttack, ForgedIoWitness) {
  const vm::ElfImage image = io_image();
  using namespace io_words;
  // A read writes a byte the input does not hold (the merged word adjusted to match).
  expect_forgery_caught(image, kIoInput, [](auto& w) {
    auto& t = w[kReadWords].main;
    t.at(0, kD1) += Fp::one();
    t.at(0, kNew) += Fp::from_u64(1 << 8);
  }, "read byte not from the input");
  // The committed bytes and the public output changed together: memory no longer agrees.
  expect_forgery_caught(image, kIoInput, [](auto& w) {
    auto& t = w[kCommitWords].main;
    t.at(0, kB1) += Fp::one();
    t.at(0, kOld) += Fp::from_u64(1 << 8);
    t.at(0, kNew) += Fp::from_u64(1 << 8);
    w[kIoCall].public_values[0] += Fp::one();
  }, "committed byte not from memory");
  // The input stream claims other bytes for the input (its word is read from memory).
  expect_forgery_caught(image, kIoInput, [](auto& w) {
    auto& t = w[kInputStream].main;
    t.at(0, input_stream::kC0) += Fp::one();
    t.at(0, input_stream::kValue) += Fp::one();
  }, "input stream byte not from the input region");
  // read(0) claims to have read one byte more than the input held (result and cursor).
  expect_forgery_caught(image, kIoInput, [](auto& w) {
    auto& t = w[kIoCall].main;
    t.at(1, io_call::kRes) += Fp::one();
    t.at(1, io_call::kCurNew) += Fp::one();
  }, "read past the end of the input");
  // A read at the end of the input claims one byte (n = 1) with a consistent chunk list.
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kIoCall].main.at(2, io_call::kLt) = Fp::zero(); }, "lt flipped");
  // Another fd claims to be fd 0.
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kIoCall].main.at(3, io_call::kIsFd0) = Fp::one(); }, "fd 3 as fd 0");
  // A chunk list cut short: the first commit word claims to be the call's last.
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kCommitWords].main.at(0, kE3) = Fp::one(); }, "chunk list cut short");
  // A padding row of a word table that absorbs a chunk (negative next-chunk multiplicity).
  expect_forgery_caught(image, kIoInput, [](auto& w) {
    auto& t = w[kCommitWords].main;
    t.at(t.height() - 1, kE3) = Fp::one();
  }, "padding row with a last byte");
  // The output length cell skips a byte (commit offset), and the CPU's view of a commit result.
  expect_forgery_caught(image, kIoInput, [](auto& w) { w[kIoCall].main.at(5, io_call::kCurOld) += Fp::one(); },
                        "output position skipped");
  expect_forgery_caught(image, kIoInput, [](auto& w) {
    w[kIoCall].main.at(4, io_call::kRes) += Fp::one();
  }, "commit result forged");
}

TEST(Rv32im, CycleCountAndWriteSystemCalls) {
  const auto image = image_of({
      rv::lui(17, 0x47460), rv::addi(17, 17, 2), rv::addi(11, 0, 77), rv::ecall(),  // a0 = 3, a1 = 0
      rv::addi(20, 10, 0), rv::addi(21, 11, 0),
      rv::lui(11, 0x10),                                                         // buf = the code
      rv::addi(10, 0, 1), rv::addi(12, 0, 5), rv::addi(17, 0, 64), rv::ecall(),  // write(1, buf, 5) = 5
      rv::addi(22, 10, 0),
      rv::addi(10, 0, 7), rv::ecall(),                                           // write(7, ...) = -9
      rv::add(10, 10, 20), rv::add(10, 10, 21), rv::add(10, 10, 22), rv::andi(10, 10, 0xFF),
      rv::addi(17, 0, 93), rv::ecall(),
  });
  Rv32imCircuit c(image);
  Proven p = prove_program(c, image);
  EXPECT_EQ(p.exit_code, (3u + 0u + 5u + static_cast<uint32_t>(-9)) & 0xFF);  // cycle count ran at cycle 3
  stark::VerifiedProof out;
  Error e = verify_bytes(p.pk->vk, c, p.proof, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  EXPECT_EQ(out.public_values[Rv32imCircuit::kCpuIndex][0], Fp::from_u64(p.exit_code));
}

// A forged system-call result (cycle count off by one, write's return value, the console flag)
// is reported by the debug checkers and a forced proof does not verify.
TEST(Rv32imAttack, ForgedSystemCallResults) {
  const auto image = image_of({
      rv::lui(17, 0x47460), rv::addi(17, 17, 2), rv::ecall(),
      rv::lui(11, 0x10), rv::addi(10, 0, 1), rv::addi(12, 0, 5), rv::addi(17, 0, 64), rv::ecall(),
      rv::addi(17, 0, 93), rv::ecall(),
  });
  Rv32imCircuit c(image);
  auto m = vm::Machine::create(image);
  auto& machine = std::get<vm::Machine>(m);
  vm::TraceRecorder rec;
  ASSERT_EQ(machine.run_trace(&rec, 1000).status, vm::RunStatus::kExited);
  stark::StarkParams params = stark::StarkParams::conjectured_100();
  params.num_queries = 8;
  params.pow_bits = 0;
  auto pk = std::move(*stark::setup(c.tables(), params));
  struct IoForgery {
    size_t table, row;
    uint32_t col;
  };
  // cycle count (row 2: a0, a1 via the memory slot), write (row 7 of the CPU: a0; the I/O call
  // table's first row: result, console flag, the bytes read).
  for (IoForgery f : {IoForgery{Rv32imCircuit::kCpuIndex, 2, cpu::kRdVal}, IoForgery{Rv32imCircuit::kCpuIndex, 7, cpu::kRdVal},
                      IoForgery{Rv32imCircuit::kCpuIndex, 2, cpu::kMemNew}, IoForgery{Rv32imCircuit::kIoCallIndex, 0, io_call::kRes},
                      IoForgery{Rv32imCircuit::kIoCallIndex, 0, io_call::kConsole},
                      IoForgery{Rv32imCircuit::kIoCallIndex, 0, io_call::kCurNew}}) {
    auto w = *c.witness(rec.rows);
    w[f.table].main.at(f.row, f.col) += Fp::one();
    std::vector<air::TableTrace> traces;
    for (size_t i = 0; i < w.size(); ++i)
      traces.push_back({c.tables()[i], w[i].main.view(), pk->preprocessed[i].view(), w[i].public_values});
    size_t found = 0;
    for (const auto& t : traces) found += air::check_constraints(t, 5).size();
    found += air::check_buses(traces, 5).size();
    EXPECT_GT(found, 0u) << "table " << f.table << " row " << f.row << " col " << f.col;
    stark::ProveOptions force;
    force.allow_unsatisfied = true;
    auto proof = stark::prove(*pk, std::move(w), backend::default_backend(), force);
    ASSERT_TRUE(proof.ok());
    EXPECT_FALSE(verify_bytes(pk->vk, c, *proof).ok()) << "table " << f.table << " row " << f.row << " col " << f.col;
  }
}

TEST(Rv32imAttack, ProofOfOneProgramAgainstAnotherProgramsKey) {
  const auto image = image_of(arithmetic_program());
  Rv32imCircuit c(image);
  Proven p = prove_program(c, image);
  auto other_words = arithmetic_program();
  other_words[0] = rv::addi(5, 0, 1072);  // a different program (same shape)
  const auto other = image_of(other_words);
  Rv32imCircuit c2(other);
  stark::StarkParams params = stark::StarkParams::conjectured_100();
  params.num_queries = 16;
  params.pow_bits = 0;
  auto pk2 = std::move(*stark::setup(c2.tables(), params));
  EXPECT_NE(pk2->vk.digest(), p.pk->vk.digest());
  Error e = verify_bytes(pk2->vk, c2, p.proof);
  ASSERT_FALSE(e.ok());
  EXPECT_STREQ(e.what, "proof was made for another verifying key");
}

TEST(Rv32imAttack, ChangedExitCodeInTheProof) {
  const auto image = image_of(arithmetic_program());
  Rv32imCircuit c(image);
  Proven p = prove_program(c, image);
  // The CPU's first public value sits in the public-values section: header (16 + 64), heights
  // (16 + one byte per table padded to 16), then the section header (16); the program table has
  // no public values.
  const size_t at = 16 + 64 + 16 + (Rv32imCircuit::kNumTables + 15) / 16 * 16 + 16;
  uint64_t stored = 0;
  std::memcpy(&stored, p.proof.data() + at, 8);
  ASSERT_EQ(stored, p.exit_code);
  auto bad = p.proof;
  bad[at] ^= 1;
  Error e = verify_bytes(p.pk->vk, c, bad);
  EXPECT_FALSE(e.ok());
}

}  // namespace
}  // namespace goldfinch::circuit
