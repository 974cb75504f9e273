#include "guest_io.h"

#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::cli {

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  auto bytes = zkvm::read_file(path);  // one read of the file's size, not a byte at a time
  if (!bytes.ok()) return std::nullopt;
  return std::move(*bytes);
}

std::optional<LoadedGuest> load_guest(const std::string& elf_path, const std::string& input_path) {
  auto elf = read_file(elf_path);
  if (!elf) {
    fmt::print(stderr, "goldfinch: cannot read ELF file {}\n", elf_path);
    return std::nullopt;
  }
  vm::ElfResult parsed = vm::load_elf(*elf);
  if (auto* e = std::get_if<vm::ElfLoadError>(&parsed)) {
    fmt::print(stderr, "goldfinch: {}: {}\n", elf_path, e->message());
    return std::nullopt;
  }
  LoadedGuest g{std::move(std::get<vm::ElfImage>(parsed)), {}};
  if (!input_path.empty()) {
    auto input = read_file(input_path);
    if (!input) {
      fmt::print(stderr, "goldfinch: cannot read input file {}\n", input_path);
      return std::nullopt;
    }
    if (input->size() > vm::kMaxInputPayload) {
      fmt::print(stderr, "goldfinch: input file {} is {} bytes, above the {} byte limit\n", input_path,
                 input->size(), vm::kMaxInputPayload);
      return std::nullopt;
    }
    g.input = std::move(*input);
  }
  return g;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

std::string hex(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

std::string run_result_json(const vm::RunResult& r) {
  std::string out = fmt::format("\"status\":\"{}\",\"cycles\":{}", vm::run_status_name(r.status), r.cycles);
  if (r.status == vm::RunStatus::kExited) out += fmt::format(",\"exit_code\":{}", r.exit_code);
  if (r.status == vm::RunStatus::kTrap)
    out += fmt::format(",\"error\":\"{}\",\"pc\":{},\"instruction\":{}", json_escape(r.trap.message()),
                       r.trap.pc, r.trap.word);
  return out;
}

}  // namespace goldfinch::cli
