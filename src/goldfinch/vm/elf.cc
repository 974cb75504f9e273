#include "goldfinch/vm/elf.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "goldfinch/vm/memory_map.h"

namespace goldfinch::vm {
namespace {

constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3;
constexpr uint32_t kPfX = 1, kPfW = 2;
constexpr uint32_t kShtSymtab = 2;
constexpr uint16_t kEtExec = 2, kEmRiscv = 243;
// e_flags: EF_RISCV_RVC = 1, float ABI in bits 1-2, RVE = 8, TSO = 0x10.
constexpr uint32_t kAllowedFlags = 0x10;

uint16_t rd16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t rd32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

ElfLoadError err(ElfError kind, uint32_t index = 0, uint64_t value = 0) {
  return ElfLoadError{kind, index, value};
}

bool in_file(uint64_t offset, uint64_t size, size_t file_size) {
  return offset <= file_size && size <= file_size - offset;
}

// Reads STT_FUNC symbols from every SHT_SYMTAB section. Section headers were range-checked.
std::variant<std::monostate, ElfLoadError> read_symbols(std::span<const uint8_t> f, uint32_t shoff,
                                                        uint32_t shnum,
                                                        std::vector<FunctionSymbol>* out) {
  for (uint32_t i = 0; i < shnum; ++i) {
    const uint8_t* sh = f.data() + shoff + 40ull * i;
    if (rd32(sh + 4) != kShtSymtab) continue;
    const uint32_t off = rd32(sh + 16), size = rd32(sh + 20), link = rd32(sh + 24);
    const uint32_t entsize = rd32(sh + 36);
    if (entsize != 16 || size % 16 != 0 || !in_file(off, size, f.size()) || link >= shnum)
      return err(ElfError::kBadSymbolTable, i, off);
    const uint8_t* strsh = f.data() + shoff + 40ull * link;
    const uint32_t str_off = rd32(strsh + 16), str_size = rd32(strsh + 20);
    if (!in_file(str_off, str_size, f.size())) return err(ElfError::kBadSymbolTable, link, str_off);
    for (uint32_t s = 0; s < size / 16; ++s) {
      const uint8_t* sym = f.data() + off + 16ull * s;
      const uint32_t name = rd32(sym), value = rd32(sym + 4), sym_size = rd32(sym + 8);
      if ((sym[12] & 0xF) != 2 /*STT_FUNC*/ || value == 0) continue;
      if (name >= str_size) return err(ElfError::kBadSymbolTable, i, name);
      const char* begin = reinterpret_cast<const char*>(f.data() + str_off + name);
      const size_t len = strnlen(begin, str_size - name);
      if (len == str_size - name) return err(ElfError::kBadSymbolTable, i, name);  // unterminated
      out->push_back(FunctionSymbol{value, sym_size, std::string(begin, len)});
    }
  }
  std::sort(out->begin(), out->end(), [](const FunctionSymbol& a, const FunctionSymbol& b) {
    return a.addr != b.addr ? a.addr < b.addr : a.name < b.name;
  });
  // Aliases at one address: keep the first name.
  out->erase(std::unique(out->begin(), out->end(),
                         [](const FunctionSymbol& a, const FunctionSymbol& b) { return a.addr == b.addr; }),
             out->end());
  return std::monostate{};
}

}  // namespace

const char* elf_error_name(ElfError kind) {
  switch (kind) {
    case ElfError::kTooSmall: return "file shorter than an ELF header";
    case ElfError::kBadMagic: return "not an ELF file (bad magic)";
    case ElfError::kNotElf32: return "not a 32-bit ELF file";
    case ElfError::kNotLittleEndian: return "not a little-endian ELF file";
    case ElfError::kBadVersion: return "unsupported ELF version";
    case ElfError::kBadOsAbi: return "unsupported OS ABI";
    case ElfError::kNotExecutable: return "not an executable (e_type != ET_EXEC)";
    case ElfError::kNotRiscv: return "not a RISC-V file (e_machine != 243)";
    case ElfError::kBadFlags: return "e_flags ask for RVC, a float ABI, RVE or unknown features";
    case ElfError::kBadHeaderSize: return "bad e_ehsize";
    case ElfError::kBadProgramHeaderSize: return "bad e_phentsize";
    case ElfError::kProgramHeadersOutOfFile: return "program headers outside the file";
    case ElfError::kBadSectionHeaders: return "bad section header table";
    case ElfError::kBadSymbolTable: return "bad symbol table";
    case ElfError::kDynamic: return "dynamic executable (only static executables run)";
    case ElfError::kNoLoadSegments: return "no loadable segment";
    case ElfError::kFileSizeAboveMemSize: return "segment p_filesz > p_memsz";
    case ElfError::kSegmentOutOfFile: return "segment data outside the file";
    case ElfError::kSegmentWraps: return "segment wraps around the 32-bit address space";
    case ElfError::kSegmentOutsideRam: return "segment outside RAM [0x10000, 0x20000000)";
    case ElfError::kBadAlignment: return "segment alignment not a power of two";
    case ElfError::kSegmentsOverlap: return "segments overlap";
    case ElfError::kEntryNotExecutable: return "entry point outside executable segments";
    case ElfError::kEntryMisaligned: return "entry point not 4-byte aligned";
    case ElfError::kCodeTooLarge: return "executable segments span more than 64 MiB";
    case ElfError::kTooManySegments: return "more than 64 loadable segments";
    case ElfError::kInputTooLarge: return "input payload larger than the input region";
  }
  return "unknown ELF error";
}

std::string ElfLoadError::message() const {
  char buf[256];
  std::snprintf(buf, sizeof(buf), "bad ELF: %s (index %u, value 0x%llx)", elf_error_name(kind), index,
                static_cast<unsigned long long>(value));
  return buf;
}

std::variant<std::monostate, ElfLoadError> validate_image(const ElfImage& image) {
  const auto& segs = image.segments;
  if (segs.empty()) return err(ElfError::kNoLoadSegments);
  if (segs.size() > kMaxSegments) return err(ElfError::kTooManySegments, 0, segs.size());
  uint64_t code_lo = UINT64_MAX, code_hi = 0;
  bool entry_ok = false;
  for (uint32_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    const uint64_t end = uint64_t{s.vaddr} + s.memsz;
    if (s.data.size() > s.memsz) return err(ElfError::kFileSizeAboveMemSize, i, s.data.size());
    if (end > (uint64_t{1} << 32)) return err(ElfError::kSegmentWraps, i, s.vaddr);
    if (s.vaddr < kRamBase || end > kRamEnd) return err(ElfError::kSegmentOutsideRam, i, s.vaddr);
    if (i > 0 && uint64_t{segs[i - 1].vaddr} + segs[i - 1].memsz > s.vaddr)
      return err(ElfError::kSegmentsOverlap, i, s.vaddr);
    if (s.executable) {
      code_lo = std::min<uint64_t>(code_lo, s.vaddr);
      code_hi = std::max(code_hi, end);
      if (image.entry >= s.vaddr && uint64_t{image.entry} + 4 <= end) entry_ok = true;
    }
  }
  if (!entry_ok) return err(ElfError::kEntryNotExecutable, 0, image.entry);
  if (image.entry % 4 != 0) return err(ElfError::kEntryMisaligned, 0, image.entry);
  if (code_hi - code_lo > kMaxCodeSpan) return err(ElfError::kCodeTooLarge, 0, code_hi - code_lo);
  return std::monostate{};
}

ElfResult load_elf(std::span<const uint8_t> f) {
  if (f.size() < 52) return err(ElfError::kTooSmall, 0, f.size());
  const uint8_t* h = f.data();
  if (std::memcmp(h, "\x7f" "ELF", 4) != 0) return err(ElfError::kBadMagic);
  if (h[4] != 1) return err(ElfError::kNotElf32, 0, h[4]);
  if (h[5] != 1) return err(ElfError::kNotLittleEndian, 0, h[5]);
  if (h[6] != 1) return err(ElfError::kBadVersion, 0, h[6]);
  if (h[7] != 0 && h[7] != 3) return err(ElfError::kBadOsAbi, 0, h[7]);
  if (rd16(h + 16) != kEtExec) return err(ElfError::kNotExecutable, 0, rd16(h + 16));
  if (rd16(h + 18) != kEmRiscv) return err(ElfError::kNotRiscv, 0, rd16(h + 18));
  if (rd32(h + 20) != 1) return err(ElfError::kBadVersion, 0, rd32(h + 20));
  const uint32_t entry = rd32(h + 24), phoff = rd32(h + 28), shoff = rd32(h + 32);
  const uint32_t flags = rd32(h + 36);
  if ((flags & ~kAllowedFlags) != 0) return err(ElfError::kBadFlags, 0, flags);
  if (rd16(h + 40) != 52) return err(ElfError::kBadHeaderSize, 0, rd16(h + 40));
  const uint32_t phentsize = rd16(h + 42), phnum = rd16(h + 44);
  const uint32_t shentsize = rd16(h + 46), shnum = rd16(h + 48), shstrndx = rd16(h + 50);
  if (phentsize != 32) return err(ElfError::kBadProgramHeaderSize, 0, phentsize);
  if (!in_file(phoff, 32ull * phnum, f.size())) return err(ElfError::kProgramHeadersOutOfFile, 0, phoff);
  if (shnum != 0 || shoff != 0) {
    if (shentsize != 40 || !in_file(shoff, 40ull * shnum, f.size()) || shnum == 0 ||
        (shstrndx != 0 && shstrndx >= shnum))
      return err(ElfError::kBadSectionHeaders, 0, shoff);
  }

  ElfImage image;
  image.entry = entry;
  for (uint32_t i = 0; i < phnum; ++i) {
    const uint8_t* ph = h + phoff + 32ull * i;
    const uint32_t type = rd32(ph), offset = rd32(ph + 4), vaddr = rd32(ph + 8);
    const uint32_t filesz = rd32(ph + 16), memsz = rd32(ph + 20), pflags = rd32(ph + 24);
    const uint32_t align = rd32(ph + 28);
    if (type == kPtDynamic || type == kPtInterp) return err(ElfError::kDynamic, i, type);
    if (type != kPtLoad) continue;  // PT_NOTE, PT_GNU_STACK, PT_RISCV_ATTRIBUTES, ...: ignored
    if (filesz > memsz) return err(ElfError::kFileSizeAboveMemSize, i, filesz);
    if (!in_file(offset, filesz, f.size())) return err(ElfError::kSegmentOutOfFile, i, offset);
    if (uint64_t{vaddr} + memsz > (uint64_t{1} << 32)) return err(ElfError::kSegmentWraps, i, vaddr);
    if (align != 0 && (align & (align - 1)) != 0) return err(ElfError::kBadAlignment, i, align);
    if (memsz == 0) continue;
    if (vaddr < kRamBase || uint64_t{vaddr} + memsz > kRamEnd)
      return err(ElfError::kSegmentOutsideRam, i, vaddr);
    if (image.segments.size() >= kMaxSegments) return err(ElfError::kTooManySegments, i, phnum);
    Segment seg;
    seg.vaddr = vaddr;
    seg.memsz = memsz;
    seg.writable = (pflags & kPfW) != 0;
    seg.executable = (pflags & kPfX) != 0;
    seg.data.assign(f.begin() + offset, f.begin() + offset + filesz);
    image.segments.push_back(std::move(seg));
  }
  if (image.segments.empty()) return err(ElfError::kNoLoadSegments);
  std::stable_sort(image.segments.begin(), image.segments.end(),
                   [](const Segment& a, const Segment& b) { return a.vaddr < b.vaddr; });
  if (auto v = validate_image(image); std::holds_alternative<ElfLoadError>(v))
    return std::get<ElfLoadError>(v);
  if (shnum != 0) {
    auto s = read_symbols(f, shoff, shnum, &image.functions);
    if (std::holds_alternative<ElfLoadError>(s)) return std::get<ElfLoadError>(s);
  }
  return image;
}

}  // namespace goldfinch::vm
