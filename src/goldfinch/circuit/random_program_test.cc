// Property test of the whole RV32IM statement: seeded random programs (straight-line RV32IM ALU
// and M ops on corner values seeded by LUI/ADDI, loads and stores of every width into image data
// and plain RAM, forward branches and jumps, cycle-count, write, read and commit calls on a random
// input, then the Keccak-f, BLAKE3 compression, F_p^3 Horner and Poseidon2 calls, then exit with a random
// register as the exit code) are written as ELF files, loaded, executed, checked by the debug
// checkers, proven and verified; the proven statement must equal the executor's exit code, cycle
// count and public output. GOLDFINCH_SEED=<n> reruns one program; GOLDFINCH_RANDOM_PROGRAMS=<k> sweeps k.
#include <gtest/gtest.h>

#include <cstdio>
#include <variant>

#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/vm/test_elf_writer.h"

namespace goldfinch::circuit {
namespace {

// One seeded program end to end; adds the executed instruction classes (CPU flag columns) and
// system calls to `classes` (kFAlu .. kFStore, then cycle count and write).
void check_program(uint64_t seed, size_t length, std::vector<uint64_t>& classes) {
  SCOPED_TRACE(::testing::Message() << "GOLDFINCH_SEED=" << seed);
  testing::ProgramGenerator gen(seed);
  const vm::ElfImage generated = gen.generate(length);
  // Through the ELF writer and the loader, as a guest file would come.
  const std::vector<uint8_t> elf = vm::testing::write_elf(generated);
  auto loaded = vm::load_elf(elf);
  ASSERT_TRUE(std::holds_alternative<vm::ElfImage>(loaded)) << std::get<vm::ElfLoadError>(loaded).message();
  const vm::ElfImage image = std::get<vm::ElfImage>(loaded);
  {
    auto created = vm::Machine::create(image, gen.input());
    ASSERT_TRUE(std::holds_alternative<vm::Machine>(created));
    vm::Machine m = std::move(std::get<vm::Machine>(created));
    const vm::RunResult r = m.run(100000);
    ASSERT_EQ(r.status, vm::RunStatus::kExited) << r.trap.message();
  }
  const testing::Statement s(image, gen.input());
  for (const auto& f : s.check(s.honest(), 8)) ADD_FAILURE() << f;
  bool made = false;
  stark::VerifiedProof out;
  const Error e = s.prove_and_verify(s.honest(), false, &made, &out);
  ASSERT_TRUE(made && e.ok()) << e.what;
  auto st = Rv32imCircuit::statement(out.public_values);
  ASSERT_TRUE(st.ok()) << st.error().what;
  EXPECT_EQ(st->exit_code, s.exit_code());
  EXPECT_EQ(st->cycles, s.cycles());
  EXPECT_EQ(st->output, s.output());
  const RowMajorMatrix& cpu = s.honest()[Rv32imCircuit::kCpuIndex].main;
  const std::vector<uint32_t> cols = {cpu::kFAlu, cpu::kFAluImm, cpu::kFLui, cpu::kFAuipc, cpu::kFJal, cpu::kFJalr, cpu::kFBranch,
                                      cpu::kFEcall, cpu::kFLoad, cpu::kFStore, cpu::kIsCycle, cpu::kIsWrite,
                                      cpu::kIsRead, cpu::kIsCommit, cpu::kIsKeccak, cpu::kIsBlake3, cpu::kIsFp3,
                                      cpu::kIsP2};
  classes.resize(cols.size());
  for (size_t r = 0; r < cpu.height(); ++r)
    for (size_t k = 0; k < cols.size(); ++k) classes[k] += cpu.at(r, cols[k]).value();
  std::printf("[ random ] GOLDFINCH_SEED=0x%llx: %zu instructions, %llu cycles, exit code 0x%08x, %zu output bytes proven\n",
              static_cast<unsigned long long>(seed), length, static_cast<unsigned long long>(s.cycles()), s.exit_code(),
              s.output().size());
}

TEST(RandomPrograms, ProvenStatementEqualsTheExecutors) {
  const uint64_t base = testing::seed_from_env(0x5EED0000);
  const char* seed_env = std::getenv("GOLDFINCH_SEED");
  const bool one = seed_env && *seed_env;
  const size_t count = one ? 1 : testing::env_count("GOLDFINCH_RANDOM_PROGRAMS", 4);
  const size_t length = testing::env_count("GOLDFINCH_RANDOM_LENGTH", 160);
  std::vector<uint64_t> classes;
  for (size_t i = 0; i < count && !HasFatalFailure(); ++i) check_program(base + i, length, classes);
  if (one) return;
  // The default programs together execute every instruction class and every system call.
  const char* names[] = {"ALU", "ALU imm", "LUI", "AUIPC", "JAL", "JALR", "branch", "ECALL", "load", "store", "cycle count", "write",
                         "read", "commit", "Keccak-f", "BLAKE3 compress", "F_p^3 Horner", "Poseidon2"};
  for (size_t k = 0; k < classes.size(); ++k) EXPECT_GT(classes[k], 0u) << names[k] << " never executed";
}

}  // namespace
}  // namespace goldfinch::circuit
