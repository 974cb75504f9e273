// The verifier guest on proofs of guest programs (statement rv32im): a small program assembled
// here is proven whole-run with zkvm::prove (testing preset), its guest key's whole-run VK and the
// proof are packed with the key's shape, and guest/bin/verifier.elf runs in the executor. A valid
// proof commits the key's digest and the statement zkvm::verify returns on the host; a tampered
// proof, another program's key and wrong shape fields are rejected.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/rv32im_output.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/recursion/sum_program_testing.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::recursion {
namespace {


const vm::ElfImage* verifier_elf() {
  static std::optional<vm::ElfImage> image = []() -> std::optional<vm::ElfImage> {
    std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/verifier.elf", std::ios::binary);
    if (!f) return std::nullopt;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    vm::ElfResult r = vm::load_elf(bytes);
    if (!std::holds_alternative<vm::ElfImage>(r)) return std::nullopt;
    return std::get<vm::ElfImage>(std::move(r));
  }();
  return image ? &*image : nullptr;
}

#if defined(GF_VERIFIER_GUEST_REQUIRED)
#define REQUIRE_GUEST()                     \
  const vm::ElfImage* elf = verifier_elf(); \
  ASSERT_NE(elf, nullptr) << "guest/bin/verifier.elf missing or invalid"
#else
#define REQUIRE_GUEST()                     \
  const vm::ElfImage* elf = verifier_elf(); \
  if (!elf) GTEST_SKIP() << "guest/bin/verifier.elf not built (GF_BUILD_GUESTS)"
#endif

using testing::sum_elf;

struct Proven {
  zkvm::Program program;
  zkvm::ProveOutput out;
};

const Proven& proven(uint32_t n) {
  static std::map<uint32_t, Proven> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  auto program = zkvm::Program::from_elf_bytes(sum_elf(n), stark::StarkParams::testing());
  EXPECT_TRUE(program.ok()) << program.error().message;
  auto out = zkvm::prove(*program, {});
  EXPECT_TRUE(out.ok()) << out.error().message;
  return cache.emplace(n, Proven{*program, *out}).first->second;
}

std::vector<uint8_t> pack(const zkvm::GuestKey& key, std::span<const uint8_t> proof, uint32_t entry_delta = 0,
                          std::optional<PackedShape> shape = std::nullopt) {
  auto s = key.shape();
  EXPECT_TRUE(s.ok());
  return pack_input(static_cast<uint32_t>(StatementId::kRv32im), s->entry + entry_delta, key.vk.encode(), proof,
                    shape.value_or(packed_shape(*s)));
}

InVmReport run(const vm::ElfImage& elf, const std::vector<uint8_t>& packed) {
  Result<InVmReport> r = run_verifier_guest(elf, packed, 2'000'000'000);
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : InVmReport{};
}

int exit_of(const InVmReport& r) {
  EXPECT_EQ(r.public_output.empty(), !r.valid());
  return r.status == vm::RunStatus::kExited ? static_cast<int>(r.exit_code) : -1;
}

TEST(VerifierGuestRv32im, AcceptsAWholeRunProofAndCommitsItsStatement) {
  REQUIRE_GUEST();
  const Proven& p = proven(30);
  const zkvm::GuestKey& key = p.program.key();
  auto host = zkvm::verify(key, p.out.proof);
  ASSERT_TRUE(host.ok()) << host.error().message;
  const InVmReport r = run(*elf, pack(key, p.out.proof));
  ASSERT_TRUE(r.valid()) << "exit " << r.exit_code << " " << r.console << r.trap;
  Result<Rv32imGuestOutput> decoded = decode_rv32im_output(r.public_output);
  ASSERT_TRUE(decoded.ok()) << decoded.error().what;
  EXPECT_EQ(decoded->vk_digest, key.digest());
  const uint32_t sum = 30 * 31 / 2;
  EXPECT_EQ(decoded->statement.exit_code, sum & 0xFF);
  EXPECT_EQ(decoded->statement.exit_code, host->exit_code);
  EXPECT_EQ(decoded->statement.cycles, host->cycles);
  EXPECT_EQ(decoded->statement.output, (std::vector<uint8_t>{sum & 0xFF, sum >> 8, 0, 0}));
  EXPECT_EQ(decoded->statement.output, host->output);
  uint64_t total = r.other_cycles;
  for (uint64_t x : r.phase_cycles) total += x;
  EXPECT_EQ(total, r.cycles);
  for (int ph = stark::kPhaseUnpack; ph <= stark::kPhaseOutput; ++ph)
    EXPECT_GT(r.phase_cycles[ph], 0u) << stark::verifier_phase_name(ph);
}

TEST(VerifierGuestRv32im, RejectsATamperedProof) {
  REQUIRE_GUEST();
  const Proven& p = proven(30);
  const std::vector<uint8_t> packed = pack(p.program.key(), p.out.proof);
  const size_t proof_at = packed.size() - p.out.proof.size();
  size_t flips = 0;
  for (size_t off = 5; off < p.out.proof.size(); off += p.out.proof.size() / 6 + 1) {
    auto bad = packed;
    bad[proof_at + off] ^= 0x04;
    const InVmReport r = run(*elf, bad);
    EXPECT_EQ(exit_of(r), 1) << "bit flipped at proof byte " << off << ": " << r.console;
    ++flips;
  }
  EXPECT_GE(flips, 6u);
}

TEST(VerifierGuestRv32im, RejectsAnotherProgramsKey) {
  REQUIRE_GUEST();
  const Proven& p = proven(30);
  const Proven& other = proven(31);
  EXPECT_EQ(exit_of(run(*elf, pack(other.program.key(), p.out.proof))), 1);
  EXPECT_EQ(exit_of(run(*elf, pack(p.program.key(), other.out.proof))), 1);
}

TEST(VerifierGuestRv32im, RejectsWrongShapeFields) {
  REQUIRE_GUEST();
  const Proven& p = proven(30);
  const zkvm::GuestKey& key = p.program.key();
  const PackedShape good = packed_shape(*key.shape());
  EXPECT_EQ(exit_of(run(*elf, pack(key, p.out.proof))), 0);
  // Shapes the key does not describe: the CPU's entry constant, the program/image heights, wx.
  EXPECT_EQ(exit_of(run(*elf, pack(key, p.out.proof, 4))), 1);
  EXPECT_EQ(exit_of(run(
                *elf, pack(key, p.out.proof, 0, PackedShape{good.flags, good.program_height * 2, good.image_height}))),
            1);
  EXPECT_EQ(exit_of(run(
                *elf, pack(key, p.out.proof, 0, PackedShape{good.flags, good.program_height, good.image_height * 2}))),
            1);
  EXPECT_EQ(exit_of(run(
                *elf, pack(key, p.out.proof, 0, PackedShape{1 - good.flags, good.program_height, good.image_height}))),
            1);
  // Malformed shape fields: refused before verifying.
  EXPECT_EQ(exit_of(run(*elf, pack(key, p.out.proof, 0, PackedShape{2, good.program_height, good.image_height}))), 2);
  EXPECT_EQ(exit_of(run(*elf, pack(key, p.out.proof, 0, PackedShape{good.flags, 3, good.image_height}))), 2);
  EXPECT_EQ(exit_of(run(*elf, pack(key, p.out.proof, 0, PackedShape{good.flags, good.program_height, 0}))), 2);
  // The example statements take no shape fields.
  auto example = pack(key, p.out.proof);
  example[12] = static_cast<uint8_t>(StatementId::kFibonacci);
  for (int i = 16; i < 20; ++i) example[i] = 0;
  EXPECT_EQ(exit_of(run(*elf, example)), 2);
}

TEST(Rv32imGuestOutput, RejectsMalformedOutputs) {
  std::vector<uint8_t> ok(32 + 16 + 8, 0);
  EXPECT_TRUE(decode_rv32im_output(ok).ok());
  EXPECT_FALSE(decode_rv32im_output(std::span(ok).first(32 + 8)).ok());  // no cycles
  EXPECT_FALSE(decode_rv32im_output(std::span(ok).first(ok.size() - 1)).ok());
  auto big_exit = ok;
  big_exit[32 + 4] = 1;  // exit code 2^32
  EXPECT_FALSE(decode_rv32im_output(big_exit).ok());
  auto not_byte = ok;
  not_byte[32 + 16 + 1] = 1;  // output value 256
  EXPECT_FALSE(decode_rv32im_output(not_byte).ok());
  auto not_canonical = ok;
  for (int i = 0; i < 8; ++i) not_canonical[32 + 8 + i] = 0xFF;
  EXPECT_FALSE(decode_rv32im_output(not_canonical).ok());
}

}  // namespace
}  // namespace goldfinch::recursion
