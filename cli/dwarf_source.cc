#include "dwarf_source.h"

#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

namespace goldfinch::cli {

DwarfSource::DwarfSource(const std::string& elf_path) {
  fd_ = open(elf_path.c_str(), O_RDONLY);
  if (fd_ < 0) return;
  dwarf_ = dwarf_begin(fd_, DWARF_C_READ);
}

DwarfSource::~DwarfSource() {
  if (dwarf_) dwarf_end(static_cast<Dwarf*>(dwarf_));
  if (fd_ >= 0) close(fd_);
}

std::string DwarfSource::location(uint32_t addr) const {
  if (!dwarf_) return "";
  Dwarf* dbg = static_cast<Dwarf*>(dwarf_);
  Dwarf_Die cu;
  if (dwarf_addrdie(dbg, addr, &cu) == nullptr) {
    // clang's DWARF 5 units often have no .debug_aranges entry: scan the units' ranges.
    bool found = false;
    Dwarf_Off off = 0, next = 0;
    size_t header_size = 0;
    while (!found && dwarf_nextcu(dbg, off, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
      if (dwarf_offdie(dbg, off + header_size, &cu) != nullptr && dwarf_haspc(&cu, addr) > 0) found = true;
      off = next;
    }
    if (!found) return "";
  }
  Dwarf_Line* line = dwarf_getsrc_die(&cu, addr);
  if (!line) return "";
  const char* file = dwarf_linesrc(line, nullptr, nullptr);
  int lineno = 0;
  if (!file || dwarf_lineno(line, &lineno) != 0) return "";
  std::string f = file;
  if (auto slash = f.rfind('/'); slash != std::string::npos) f = f.substr(slash + 1);
  return f + ":" + std::to_string(lineno);
}

}  // namespace goldfinch::cli
