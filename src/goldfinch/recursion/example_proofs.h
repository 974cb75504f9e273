// Host side of the verifier guest: proofs of the example statements (for `goldfinch prove-example`,
// the tests and the in-VM figures) and running the verifier guest in the executor with the
// cycles of each verifier phase (for `goldfinch verify --in-vm`).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/stark/params.h"
#include "goldfinch/stark/verifier_phases.h"
#include "goldfinch/stark/vk.h"
#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/machine.h"

namespace goldfinch::recursion {

struct ExampleProof {
  stark::VerifyingKey vk;
  std::vector<uint8_t> proof;
  std::vector<std::vector<Fp>> public_values;  // per table, what the prover claimed
};

// Proves the statement on an honest witness of 2^log_rows rows per table (the u16 table of
// kRange keeps its fixed 2^16 rows), seeded. `param` is the synthetic width (0 otherwise).
Result<ExampleProof> prove_example(StatementId id, uint32_t param, unsigned log_rows, const stark::StarkParams& params,
                                   uint64_t seed = 1);

struct InVmReport {
  vm::RunStatus status = vm::RunStatus::kExited;
  uint32_t exit_code = 0;
  uint64_t cycles = 0;
  std::array<uint64_t, stark::kNumVerifierPhases> phase_cycles{};  // by step number
  uint64_t other_cycles = 0;                                        // steps outside 0..10
  std::vector<uint8_t> public_output;
  std::string console;  // what the guest wrote to stdout/stderr
  std::string trap;     // the trap message, when status is kTrap

  bool valid() const { return status == vm::RunStatus::kExited && exit_code == 0; }
};

// Runs the verifier guest on a packed input (pack_input), counting cycles per phase marker.
Result<InVmReport> run_verifier_guest(const vm::ElfImage& elf, std::span<const uint8_t> packed,
                                      uint64_t max_cycles = UINT64_MAX);

// How many times the guest made each system call (a7 number -> count; precompiles included:
// vm::kSysBlake3Compress, vm::kSysPoseidon2, ...) in one run of `elf` on `packed`.
Result<std::map<uint32_t, uint64_t>> count_guest_ecalls(const vm::ElfImage& elf, std::span<const uint8_t> packed,
                                                        uint64_t max_cycles = UINT64_MAX);

// The public output a valid run commits: the key's digest, then every public value (u64 LE).
std::vector<uint8_t> expected_guest_output(const stark::VerifyingKey& vk,
                                           const std::vector<std::vector<Fp>>& public_values);

}  // namespace goldfinch::recursion
