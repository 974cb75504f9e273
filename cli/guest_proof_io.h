// Shared by `goldfinch prove`, `vk` and `verify --elf/--vk` (guest programs, zkvm/zkvm.h): loading
// a guest with a parameter preset, the exit code for each kind of zkvm error, writing files, and
// the peak resident memory of this process.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::cli {

inline constexpr int kExitInvalid = 1;       // verify: the proof does not verify; prove: the prover failed
inline constexpr int kExitUnsupported = 2;   // bad usage, or the run uses what the circuit cannot prove yet

// 0 is never returned: 100 trap, 101 cycle limit, 102 unreadable or malformed files (ELF, input,
// key), 2 unsupported, 1 the prover failed / the proof is invalid.
int exit_code_for(const zkvm::ZkvmError& e);

// The preset's parameters with the --merkle-hash option applied ("" keeps the preset's hash:
// BLAKE3, or Poseidon2 for `recursion`).
Result<stark::StarkParams> cli_params(const std::string& preset, const std::string& merkle_hash);
inline constexpr const char* kMerkleHashHelp =
    "Merkle commitment hash: blake3 or poseidon2 (default: the preset's; recursion uses poseidon2)";

// Parses the preset (and Merkle hash) and loads the ELF; on failure prints why (prefixed with
// `command`) and returns nullopt with *exit_code set.
std::optional<zkvm::Program> load_program(const char* command, const std::string& elf, const std::string& preset,
                                          int* exit_code, const std::string& merkle_hash = "");

bool write_bytes(const std::string& path, std::span<const uint8_t> bytes);
// guest/bin/<name> of the build tree that holds this goldfinch binary (build/<preset>/cli/), else
// of the tree it was built in: the verifier and aggregation guests.
std::string default_guest_elf(const std::string& name);
uint64_t peak_rss_bytes();  // getrusage(RUSAGE_SELF).ru_maxrss
// The bytes as text when every byte is printable ASCII (or tab/newline), else nullopt.
std::optional<std::string> printable_text(const std::vector<uint8_t>& bytes);

}  // namespace goldfinch::cli
