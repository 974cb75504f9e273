// verify_claim (vm::kSysVerifyClaim) in the executor and the RV32IM circuit (docs/circuit_io.md,
// "Claims"): the claim's 64 bytes are committed like any output and their position is published
// on kBusClaim. Attacks on the mark — dropped, moved, added to ordinary output, a claim passed off
// as a commit — and on the claim's bytes must each leave a bus unbalanced and the proof rejected.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <variant>

#include "goldfinch/circuit/attack_expect.h"
#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit {
namespace {

namespace rv = vm::rv;
using testing::Statement;
using Witness = std::vector<stark::TableWitness>;

constexpr uint32_t kInputRegion = 0x20000;  // lui immediate of vm::kInputBase

Fp u(uint64_t v) { return Fp::from_u64(v); }

// commit(payload, 64), then verify_claim(payload + 64), exit 0: output = the 128 input bytes,
// one claim at position 64.
vm::ElfImage claim_program() {
  std::vector<uint32_t> c = {rv::lui(14, kInputRegion), rv::addi(10, 14, 16), rv::addi(11, 0, 64)};
  rv::li(c, 17, vm::kSysCommit);
  c.push_back(rv::ecall());
  c.push_back(rv::addi(10, 14, 16 + 64));
  rv::li(c, 17, vm::kSysVerifyClaim);
  c.push_back(rv::ecall());
  c.insert(c.end(), {rv::addi(10, 0, 0), rv::addi(17, 0, 93), rv::ecall()});
  return rv::image_from_code(c);
}

std::vector<uint8_t> claim_input() {
  std::vector<uint8_t> in(128);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint8_t>(7 * i + 3);
  return in;
}

const Statement& claim_statement() {
  static const Statement s(claim_program(), claim_input());
  return s;
}

using testing::expect_rejected;

TEST(VerifyClaim, TheExecutorCommitsTheClaimAndRecordsItsPosition) {
  auto created = vm::Machine::create(claim_program(), claim_input());
  ASSERT_TRUE(std::holds_alternative<vm::Machine>(created));
  vm::Machine m = std::move(std::get<vm::Machine>(created));
  const vm::RunResult r = m.run(1000);
  ASSERT_EQ(r.status, vm::RunStatus::kExited);
  EXPECT_EQ(r.exit_code, 0u);
  EXPECT_EQ(m.output(), claim_input());
  EXPECT_EQ(m.claims(), (std::vector<uint32_t>{64}));
  // A checkpoint carries the claims.
  vm::Machine back = vm::Machine::resume(m.checkpoint());
  EXPECT_EQ(back.claims(), m.claims());
}

TEST(VerifyClaim, AClaimFromUnmappedMemoryTraps) {
  std::vector<uint32_t> c = {rv::lui(10, 0x30000)};  // a0 = kInputEnd: unmapped
  rv::li(c, 17, vm::kSysVerifyClaim);
  c.insert(c.end(), {rv::ecall(), rv::addi(17, 0, 93), rv::ecall()});
  auto created = vm::Machine::create(rv::image_from_code(c), {});
  ASSERT_TRUE(std::holds_alternative<vm::Machine>(created));
  vm::Machine m = std::move(std::get<vm::Machine>(created));
  const vm::RunResult r = m.run(100);
  ASSERT_EQ(r.status, vm::RunStatus::kTrap);
  EXPECT_EQ(r.trap.reason, vm::TrapReason::kSyscallBadBuffer);
  EXPECT_TRUE(m.output().empty());
  EXPECT_TRUE(m.claims().empty());
}

TEST(VerifyClaim, AnHonestProofStatesTheClaim) {
  const Statement& s = claim_statement();
  stark::VerifiedProof out;
  const Error e = s.prove_and_verify(s.honest(), false, nullptr, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  Result<Rv32imStatement> st = Rv32imTables::statement(out.public_values);
  ASSERT_TRUE(st.ok()) << st.error().what;
  EXPECT_EQ(st->output, claim_input());
  ASSERT_EQ(st->claims, (std::vector<uint32_t>{64}));
  const std::vector<Claim> claims = claims_at(st->output, st->claims);
  ASSERT_EQ(claims.size(), 1u);
  for (size_t i = 0; i < 32; ++i) {
    EXPECT_EQ(claims[0].key[i], claim_input()[64 + i]);
    EXPECT_EQ(claims[0].output[i], claim_input()[96 + i]);
  }
}

// The statement refuses a published list that is not canonical: positions out of order or
// overlapping, a claim running past the output, a position that is not a u32, a value that is
// neither a tagged position nor a byte.
TEST(VerifyClaim, TheStatementRefusesMalformedClaimLists) {
  const Statement& s = claim_statement();
  const size_t io = s.table("io_call");
  auto statement_of = [&](std::vector<Fp> io_pv) {
    std::vector<std::vector<Fp>> pv(Rv32imTables::kNumTables);
    for (size_t t = 0; t < pv.size(); ++t) pv[t] = s.honest()[t].public_values;
    pv[io] = std::move(io_pv);
    return Rv32imTables::statement(pv);
  };
  std::vector<Fp> bytes;
  for (uint8_t b : claim_input()) bytes.push_back(u(b));
  auto with = [&](std::vector<Fp> head) {
    head.insert(head.end(), bytes.begin(), bytes.end());
    return head;
  };
  const uint64_t t = kClaimTag;
  ASSERT_TRUE(statement_of(with({u(t + 64)})).ok());
  EXPECT_NE(std::string(statement_of(with({u(t + 64), u(t)})).error().what).find("out of order"), std::string::npos);
  EXPECT_NE(std::string(statement_of(with({u(t), u(t + 32)})).error().what).find("overlapping"), std::string::npos);
  EXPECT_NE(std::string(statement_of(with({u(t + 65)})).error().what).find("past the output"), std::string::npos);
  EXPECT_NE(std::string(statement_of(with({u(2 * t + 64)})).error().what).find("not a u32"), std::string::npos);
  // A value between a byte and a claim is neither.
  EXPECT_NE(std::string(statement_of(with({u(t + 64), u(256)})).error().what).find("not a byte"), std::string::npos);
}

// The mark dropped from the public values: the statement would read unconditional.
TEST(VerifyClaim, ClaimMarkDroppedFromThePublicValues) {
  const Statement& s = claim_statement();
  Witness w = s.honest();
  auto& pv = w[s.table("io_call")].public_values;
  ASSERT_EQ(pv[0], u(kClaimTag + 64));
  pv.erase(pv.begin());
  expect_rejected(s, w, "bus 26");
}

// The mark moved onto the ordinary committed bytes: another claim than the one made.
TEST(VerifyClaim, ClaimMarkMovedOntoCommittedBytes) {
  const Statement& s = claim_statement();
  Witness w = s.honest();
  w[s.table("io_call")].public_values[0] = u(kClaimTag);
  expect_rejected(s, w, "bus 26");
}

// A second mark on the ordinary committed bytes: a claim the run never made.
TEST(VerifyClaim, CommitPassedOffAsAClaim) {
  const Statement& s = claim_statement();
  Witness w = s.honest();
  auto& pv = w[s.table("io_call")].public_values;
  pv.insert(pv.begin(), u(kClaimTag));
  expect_rejected(s, w, "bus 26");
}

// The claim's I/O call row made a commit of the same 64 bytes (a1 already holds 64) and its mark
// dropped: the I/O call table and the public values agree on an unconditional run, but the CPU
// handed it a verify_claim call.
TEST(VerifyClaim, ClaimPassedOffAsACommit) {
  const Statement& s = claim_statement();
  Witness w = s.honest();
  auto& io = w[s.table("io_call")].main;
  size_t r = io.height();
  for (size_t i = 0; i < io.height(); ++i)
    if (io.at(i, io_call::kIsClaim) == Fp::one()) r = i;
  ASSERT_LT(r, io.height());
  ASSERT_EQ(io.at(r, io_call::kA1), u(64));
  io.at(r, io_call::kIsClaim) = Fp::zero();
  io.at(r, io_call::kIsCommit) = Fp::one();
  auto& pv = w[s.table("io_call")].public_values;
  pv.erase(pv.begin());
  expect_rejected(s, w, "bus 17");
  // With the CPU's flag flipped too, a7 (the verify_claim number) no longer names the call.
  auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
  size_t c = cpu.height();
  for (size_t i = 0; i < cpu.height(); ++i)
    if (cpu.at(i, cpu::kIsClaim) == Fp::one()) c = i;
  ASSERT_LT(c, cpu.height());
  cpu.at(c, cpu::kIsClaim) = Fp::zero();
  cpu.at(c, cpu::kIsCommit) = Fp::one();
  expect_rejected(s, w, "'a7 names the system call'");
}

// A byte of the claim (the claimed output digest) changed in the public values.
TEST(VerifyClaim, ClaimBytesForgedInThePublicValues) {
  const Statement& s = claim_statement();
  Witness w = s.honest();
  auto& pv = w[s.table("io_call")].public_values;
  pv[1 + 100] += Fp::one();  // after the tagged position: output byte 100, inside the claim
  expect_rejected(s, w, "bus 19");
}

}  // namespace
}  // namespace goldfinch::circuit
