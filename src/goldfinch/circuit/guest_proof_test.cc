// The per-instruction test guests (guest/tests/isa: 181 corner cases of every RV32IM instruction,
// each program exiting 0 only when every case matched its hand-computed value) proven end to end
// with the whole circuit, and the executor's exit code checked as the proof's public value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <variant>

#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/machine.h"

namespace goldfinch::circuit {
namespace {

std::vector<uint8_t> read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

class IsaGuestProof : public ::testing::TestWithParam<const char*> {};

TEST_P(IsaGuestProof, ProvesAndVerifiesWithExitCodeZero) {
  const std::string path = std::string(GF_GUEST_BIN_DIR) + "/" + GetParam() + ".elf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not built (guest toolchain missing)";
  const auto bytes = read_all(path);
  auto loaded = vm::load_elf(bytes);
  ASSERT_TRUE(std::holds_alternative<vm::ElfImage>(loaded));
  const vm::ElfImage& image = std::get<vm::ElfImage>(loaded);
  auto m = vm::Machine::create(image);
  auto& machine = std::get<vm::Machine>(m);
  vm::TraceRecorder rec;
  const auto r = machine.run_trace(&rec, 1 << 22);
  ASSERT_EQ(r.status, vm::RunStatus::kExited);
  ASSERT_EQ(r.exit_code, 0u) << "the guest's own check failed at case " << r.exit_code;

  Rv32imCircuit c(image);
  stark::StarkParams p = stark::StarkParams::conjectured_100();
  p.num_queries = 16;
  p.pow_bits = 0;
  auto pk = std::move(*stark::setup(c.tables(), p));
  auto w = c.witness(rec.rows);
  ASSERT_TRUE(w.ok()) << w.error().what;
  auto proof = stark::prove(*pk, std::move(*w));
  ASSERT_TRUE(proof.ok()) << proof.error().what;
  const stark::AlignedBytes aligned(*proof);
  stark::VerifiedProof out;
  Error e = stark::verify(pk->vk, c.tables(), aligned.span(), &out);
  ASSERT_TRUE(e.ok()) << e.what;
  EXPECT_EQ(out.public_values[Rv32imCircuit::kCpuIndex][0], Fp::zero());
  EXPECT_EQ(out.public_values[Rv32imCircuit::kCpuIndex][1], Fp::from_u64(r.cycles));
}

// The SDK's example guests (read(0), gf_input() in place, gf_commit): the proven statement equals
// the executor's run (exit code, cycles, public output), and for fibonacci and SHA-256 also an
// independent oracle (a loop here; the FIPS 180-4 "abc" test vector).
struct ExampleCase {
  const char* guest;
  std::vector<uint8_t> input;
};

Rv32imStatement prove_example(const ExampleCase& ex, std::vector<uint8_t>* executor_output) {
  const std::string path = std::string(GF_GUEST_BIN_DIR) + "/" + ex.guest + ".elf";
  if (!std::filesystem::exists(path)) return {};
  auto loaded = vm::load_elf(read_all(path));
  EXPECT_TRUE(std::holds_alternative<vm::ElfImage>(loaded));
  const vm::ElfImage& image = std::get<vm::ElfImage>(loaded);
  auto m = vm::Machine::create(image, ex.input);
  auto& machine = std::get<vm::Machine>(m);
  vm::TraceRecorder rec;
  const auto r = machine.run_trace(&rec, 1 << 22);
  EXPECT_EQ(r.status, vm::RunStatus::kExited);
  *executor_output = machine.output();
  Rv32imCircuit c(image);
  stark::StarkParams p = stark::StarkParams::conjectured_100();
  p.num_queries = 16;
  p.pow_bits = 0;
  auto pk = std::move(*stark::setup(c.tables(), p));
  auto w = c.witness(rec.rows, ex.input);
  EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().what);
  if (!w.ok()) return {};
  auto proof = stark::prove(*pk, std::move(*w));
  EXPECT_TRUE(proof.ok()) << (proof.ok() ? "" : proof.error().what);
  if (!proof.ok()) return {};
  const stark::AlignedBytes aligned(*proof);
  stark::VerifiedProof out;
  Error e = stark::verify(pk->vk, c.tables(), aligned.span(), &out);
  EXPECT_TRUE(e.ok()) << e.what;
  auto st = Rv32imCircuit::statement(out.public_values);
  EXPECT_TRUE(st.ok());
  if (!st.ok()) return {};
  EXPECT_EQ(st->exit_code, r.exit_code);
  EXPECT_EQ(st->cycles, r.cycles);
  EXPECT_EQ(st->output, *executor_output);
  return *st;
}

bool have_guests() { return std::filesystem::exists(std::string(GF_GUEST_BIN_DIR) + "/fibonacci.elf"); }

TEST(ExampleGuestProof, FibonacciReadsItsInputAndCommits) {
  if (!have_guests()) GTEST_SKIP() << "guests not built";
  std::vector<uint8_t> out;
  Rv32imStatement st = prove_example({"fibonacci", {30, 0, 0, 0}}, &out);
  uint64_t a = 0, b = 1;
  for (int i = 0; i < 30; ++i) {
    const uint64_t t = a + b;
    a = b;
    b = t;
  }
  ASSERT_EQ(st.output.size(), 8u);
  uint64_t got = 0;
  for (int i = 0; i < 8; ++i) got |= uint64_t{st.output[i]} << (8 * i);
  EXPECT_EQ(got, a);  // fib(30) = 832040
  EXPECT_EQ(st.exit_code, 0u);
}

TEST(ExampleGuestProof, Sha256ReadsItsInputInPlace) {
  if (!have_guests()) GTEST_SKIP() << "guests not built";
  std::vector<uint8_t> out;
  Rv32imStatement st = prove_example({"sha256", {'a', 'b', 'c'}}, &out);
  const uint8_t abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                           0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  EXPECT_EQ(st.output, std::vector<uint8_t>(abc, abc + 32));
}

TEST(ExampleGuestProof, OtherExamplesProveTheExecutorsOutput) {
  if (!have_guests()) GTEST_SKIP() << "guests not built";
  for (const ExampleCase& ex : {ExampleCase{"keccak", {'a', 'b', 'c'}}, ExampleCase{"bigint", {25, 0, 0, 0}},
                                ExampleCase{"sort", {7, 0, 0, 0, 50, 0, 0, 0}}}) {
    std::vector<uint8_t> out;
    Rv32imStatement st = prove_example(ex, &out);
    EXPECT_FALSE(st.output.empty()) << ex.guest;
  }
}

INSTANTIATE_TEST_SUITE_P(Isa, IsaGuestProof,
                         ::testing::Values("isa_rv32i_alu", "isa_rv32i_branch_jump", "isa_rv32i_mem", "isa_rv32i_shift",
                                           "isa_rv32m"));
// fp3_test checks every GF_FP3_HORNER call against its software Horner sum (run_guests.py against
// Python too), poseidon2_test every GF_POSEIDON2 call against the published Poseidon2 vectors and
// the SDK's software: exit code 0 proven means the proven calls agree with them.
INSTANTIATE_TEST_SUITE_P(Precompiles, IsaGuestProof, ::testing::Values("fp3_test", "poseidon2_test"));

}  // namespace
}  // namespace goldfinch::circuit
