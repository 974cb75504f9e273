// Shared by `goldfinch run` and `goldfinch profile`: reading a guest ELF and its input file,
// the documented exit codes for failed runs, and small JSON helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/vm/machine.h"

namespace goldfinch::cli {

inline constexpr int kExitGuestTrap = 100;   // the guest trapped (illegal instruction, fault, ...)
inline constexpr int kExitCycleLimit = 101;  // --max-cycles reached before exit
inline constexpr int kExitBadInput = 102;    // unreadable or invalid ELF file or input file

std::optional<std::vector<uint8_t>> read_file(const std::string& path);

struct LoadedGuest {
  vm::ElfImage image;
  std::vector<uint8_t> input;
};
// Loads the ELF and the input; on failure prints the reason to stderr and returns nullopt.
std::optional<LoadedGuest> load_guest(const std::string& elf_path, const std::string& input_path);

std::string json_escape(const std::string& s);
std::string hex(std::span<const uint8_t> bytes);
std::string run_result_json(const vm::RunResult& r);  // "status", "exit_code"/"error", "cycles"

}  // namespace goldfinch::cli
