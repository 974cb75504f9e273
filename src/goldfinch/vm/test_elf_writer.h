// Test helper: writes an ElfImage as an ELF32 RISC-V executable (program headers, segment data
// and, when the image has function symbols, .symtab/.strtab/.shstrtab sections). Written from
// the ELF specification independently of the loader, so loader tests have real files to parse.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "goldfinch/vm/elf.h"

namespace goldfinch::vm::testing {

inline void put16(std::vector<uint8_t>& f, size_t at, uint32_t v) {
  f[at] = static_cast<uint8_t>(v);
  f[at + 1] = static_cast<uint8_t>(v >> 8);
}
inline void put32(std::vector<uint8_t>& f, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) f[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

inline std::vector<uint8_t> write_elf(const ElfImage& img) {
  const uint32_t phnum = static_cast<uint32_t>(img.segments.size());
  std::vector<uint8_t> f(52 + 32 * phnum, 0);
  std::memcpy(f.data(), "\x7f" "ELF", 4);
  f[4] = 1;  // ELFCLASS32
  f[5] = 1;  // little-endian
  f[6] = 1;  // EV_CURRENT
  put16(f, 16, 2);    // ET_EXEC
  put16(f, 18, 243);  // EM_RISCV
  put32(f, 20, 1);
  put32(f, 24, img.entry);
  put32(f, 28, 52);  // phoff
  put16(f, 40, 52);
  put16(f, 42, 32);
  put16(f, 44, phnum);
  for (uint32_t i = 0; i < phnum; ++i) {
    const Segment& s = img.segments[i];
    while (f.size() % 16) f.push_back(0);
    const uint32_t off = static_cast<uint32_t>(f.size());
    f.insert(f.end(), s.data.begin(), s.data.end());
    const size_t ph = 52 + 32 * i;
    put32(f, ph, 1);  // PT_LOAD
    put32(f, ph + 4, off);
    put32(f, ph + 8, s.vaddr);
    put32(f, ph + 12, s.vaddr);
    put32(f, ph + 16, static_cast<uint32_t>(s.data.size()));
    put32(f, ph + 20, s.memsz);
    put32(f, ph + 24, 4u | (s.writable ? 2u : 0u) | (s.executable ? 1u : 0u));
    put32(f, ph + 28, 4);
  }
  if (img.functions.empty()) return f;
  // .symtab (null symbol + functions), .strtab, .shstrtab.
  std::string strtab(1, '\0');
  std::vector<uint8_t> symtab(16, 0);
  for (const FunctionSymbol& fn : img.functions) {
    std::vector<uint8_t> sym(16, 0);
    put32(sym, 0, static_cast<uint32_t>(strtab.size()));
    put32(sym, 4, fn.addr);
    put32(sym, 8, fn.size);
    sym[12] = 0x12;  // STB_GLOBAL, STT_FUNC
    put16(sym, 14, 1);
    symtab.insert(symtab.end(), sym.begin(), sym.end());
    strtab += fn.name;
    strtab += '\0';
  }
  const std::string shstrtab = std::string("\0.symtab\0.strtab\0.shstrtab\0", 27);
  auto append = [&](const void* p, size_t n) {
    while (f.size() % 4) f.push_back(0);
    const uint32_t off = static_cast<uint32_t>(f.size());
    const auto* b = static_cast<const uint8_t*>(p);
    f.insert(f.end(), b, b + n);
    return off;
  };
  const uint32_t sym_off = append(symtab.data(), symtab.size());
  const uint32_t str_off = append(strtab.data(), strtab.size());
  const uint32_t shs_off = append(shstrtab.data(), shstrtab.size());
  while (f.size() % 4) f.push_back(0);
  const uint32_t shoff = static_cast<uint32_t>(f.size());
  f.resize(f.size() + 4 * 40, 0);
  auto sh = [&](int i, uint32_t name, uint32_t type, uint32_t off, uint32_t size, uint32_t link,
                uint32_t entsize) {
    const size_t at = shoff + 40 * i;
    put32(f, at, name);
    put32(f, at + 4, type);
    put32(f, at + 16, off);
    put32(f, at + 20, size);
    put32(f, at + 24, link);
    put32(f, at + 36, entsize);
  };
  sh(1, 1, 2, sym_off, static_cast<uint32_t>(symtab.size()), 2, 16);  // SHT_SYMTAB
  sh(2, 9, 3, str_off, static_cast<uint32_t>(strtab.size()), 0, 0);   // SHT_STRTAB
  sh(3, 17, 3, shs_off, static_cast<uint32_t>(shstrtab.size()), 0, 0);
  put32(f, 32, shoff);
  put16(f, 46, 40);
  put16(f, 48, 4);
  put16(f, 50, 3);
  return f;
}

}  // namespace goldfinch::vm::testing
