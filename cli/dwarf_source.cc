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
  Dwarf_Die cu;
  if (dwarf_addrdie(static_cast<Dwarf*>(dwarf_), addr, &cu) == nullptr) return "";
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
