#include "guest_proof_io.h"

#include <fmt/core.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include "guest_io.h"

namespace goldfinch::cli {

int exit_code_for(const zkvm::ZkvmError& e) {
  switch (e.kind) {
    case zkvm::ErrorKind::kGuestTrap: return kExitGuestTrap;
    case zkvm::ErrorKind::kCycleLimit: return kExitCycleLimit;
    case zkvm::ErrorKind::kIo:
    case zkvm::ErrorKind::kBadElf:
    case zkvm::ErrorKind::kBadInput:
    case zkvm::ErrorKind::kBadKey: return kExitBadInput;
    case zkvm::ErrorKind::kUnsupported: return kExitUnsupported;
    case zkvm::ErrorKind::kProver:
    case zkvm::ErrorKind::kInvalidProof:
    case zkvm::ErrorKind::kResources: return kExitInvalid;
  }
  return kExitInvalid;
}

Result<stark::StarkParams> cli_params(const std::string& preset, const std::string& merkle_hash) {
  Result<stark::StarkParams> params = stark::StarkParams::preset(preset);
  if (!params.ok() || merkle_hash.empty()) return params;
  if (!merkle::parse_merkle_hash(merkle_hash, &params->merkle_hash))
    return Error{ErrorCode::kInvalidArgument, "unknown Merkle hash (expected blake3 or poseidon2)", 0, 0};
  return params;
}

std::optional<zkvm::Program> load_program(const char* command, const std::string& elf, const std::string& preset,
                                          int* exit_code, const std::string& merkle_hash) {
  Result<stark::StarkParams> params = cli_params(preset, merkle_hash);
  if (!params.ok()) {
    fmt::print(stderr, "goldfinch {}: {}: '{}'{}\n", command, params.error().what, preset,
               merkle_hash.empty() ? "" : " --merkle-hash '" + merkle_hash + "'");
    *exit_code = kExitUnsupported;
    return std::nullopt;
  }
  auto program = zkvm::Program::load_elf(elf, *params);
  if (!program.ok()) {
    fmt::print(stderr, "goldfinch {}: {}\n", command, program.error().message);
    *exit_code = exit_code_for(program.error());
    return std::nullopt;
  }
  return std::move(*program);
}

bool write_bytes(const std::string& path, std::span<const uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::string default_guest_elf(const std::string& name) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto p = exe.parent_path().parent_path() / "guest" / "bin" / name;
    if (std::filesystem::exists(p, ec)) return p.string();
  }
#if defined(GF_GUEST_BIN_DIR)
  return std::string(GF_GUEST_BIN_DIR) + "/" + name;
#else
  return name;
#endif
}

uint64_t peak_rss_bytes() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;  // Linux reports KiB
}

std::optional<std::string> printable_text(const std::vector<uint8_t>& bytes) {
  std::string s;
  for (uint8_t b : bytes) {
    if ((b < 0x20 && b != '\n' && b != '\t') || b > 0x7E) return std::nullopt;
    s += static_cast<char>(b);
  }
  return s;
}

}  // namespace goldfinch::cli
