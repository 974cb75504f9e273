// Loader for guest programs: static ELF32 little-endian RISC-V executables. Every header field,
// program header and segment is validated against the guest memory map before anything runs;
// a bad file gives a typed ElfLoadError, never a crash.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace goldfinch::vm {

struct Segment {
  uint32_t vaddr = 0;
  uint32_t memsz = 0;          // bytes beyond data.size() are zero
  bool writable = false;       // writable and executable together: code is decoded from the
  bool executable = false;     // loaded bytes, and a changed code word traps when run
  std::vector<uint8_t> data;   // the p_filesz bytes from the file
};

struct FunctionSymbol {
  uint32_t addr = 0;
  uint32_t size = 0;  // 0 when the symbol table does not say
  std::string name;
};

// What a guest program is once loaded: entry point, segments, and function symbols (for the
// profiler). Tests and benchmarks may also build one by hand; Machine::create validates it again.
struct ElfImage {
  uint32_t entry = 0;
  std::vector<Segment> segments;          // sorted by vaddr, non-overlapping
  std::vector<FunctionSymbol> functions;  // sorted by addr
};

enum class ElfError : uint8_t {
  kTooSmall,               // shorter than the ELF header
  kBadMagic,               // not \x7fELF
  kNotElf32,               // EI_CLASS != ELFCLASS32
  kNotLittleEndian,        // EI_DATA != ELFDATA2LSB
  kBadVersion,             // EI_VERSION or e_version != 1
  kBadOsAbi,               // EI_OSABI not SYSV or GNU
  kNotExecutable,          // e_type != ET_EXEC (shared objects, relocatables, core files)
  kNotRiscv,               // e_machine != EM_RISCV (243)
  kBadFlags,               // e_flags ask for RVC, a float ABI, RVE or unknown bits
  kBadHeaderSize,          // e_ehsize != 52
  kBadProgramHeaderSize,   // e_phentsize != 32
  kProgramHeadersOutOfFile,
  kBadSectionHeaders,      // e_shentsize, e_shoff/e_shnum or e_shstrndx out of range
  kBadSymbolTable,         // a symbol table or its string table out of the file
  kDynamic,                // PT_DYNAMIC or PT_INTERP: only static executables run
  kNoLoadSegments,
  kFileSizeAboveMemSize,   // p_filesz > p_memsz
  kSegmentOutOfFile,       // p_offset + p_filesz beyond the end of the file
  kSegmentWraps,           // p_vaddr + p_memsz overflows 32 bits
  kSegmentOutsideRam,      // not inside [0x10000, 0x20000000)
  kBadAlignment,           // p_align not 0 or a power of two
  kSegmentsOverlap,
  kEntryNotExecutable,     // entry outside every executable segment
  kEntryMisaligned,        // entry not 4-byte aligned
  kCodeTooLarge,           // executable segments span more than kMaxCodeSpan bytes
  kTooManySegments,
  kInputTooLarge,          // input payload above 256 MiB - 16 (Machine::create)
};

inline constexpr uint32_t kMaxCodeSpan = 64u << 20;
inline constexpr uint32_t kMaxSegments = 64;

struct ElfLoadError {
  ElfError kind = ElfError::kTooSmall;
  uint32_t index = 0;  // program header or section index where that applies
  uint64_t value = 0;  // the offending value (address, size, field)
  std::string message() const;
};

const char* elf_error_name(ElfError kind);

using ElfResult = std::variant<ElfImage, ElfLoadError>;

// Parses and validates an ELF file. The image is returned only when every check passed.
ElfResult load_elf(std::span<const uint8_t> file);

// Validates an image (built by load_elf or by hand) against the memory map: the checks on
// segments and the entry point that load_elf applies. Returns nullptr-like ok when fine.
std::variant<std::monostate, ElfLoadError> validate_image(const ElfImage& image);

}  // namespace goldfinch::vm
