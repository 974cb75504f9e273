// file:line of guest addresses from the ELF's DWARF line tables (libdw), for the profiler.
#pragma once

#include <cstdint>
#include <string>

namespace goldfinch::cli {

class DwarfSource {
 public:
  explicit DwarfSource(const std::string& elf_path);
  ~DwarfSource();
  DwarfSource(const DwarfSource&) = delete;
  DwarfSource& operator=(const DwarfSource&) = delete;

  bool available() const { return dwarf_ != nullptr; }
  // "file:line" for addr, or "" when the ELF has no line information for it.
  std::string location(uint32_t addr) const;

 private:
  int fd_ = -1;
  void* dwarf_ = nullptr;  // Dwarf*
};

}  // namespace goldfinch::cli
