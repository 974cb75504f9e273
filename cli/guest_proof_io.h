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

// Parses the preset and loads the ELF; on failure prints why (prefixed with `command`) and
// returns nullopt with *exit_code set.
std::optional<zkvm::Program> load_program(const char* command, const std::string& elf, const std::string& preset,
                                          int* exit_code);

bool write_bytes(const std::string& path, std::span<const uint8_t> bytes);
uint64_t peak_rss_bytes();  // getrusage(RUSAGE_SELF).ru_maxrss
// The bytes as text when every byte is printable ASCII (or tab/newline), else nullopt.
std::optional<std::string> printable_text(const std::vector<uint8_t>& bytes);

}  // namespace goldfinch::cli
