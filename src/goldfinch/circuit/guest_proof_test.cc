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

INSTANTIATE_TEST_SUITE_P(Isa, IsaGuestProof,
                         ::testing::Values("isa_rv32i_alu", "isa_rv32i_branch_jump", "isa_rv32i_mem", "isa_rv32i_shift",
                                           "isa_rv32m"));

}  // namespace
}  // namespace goldfinch::circuit
