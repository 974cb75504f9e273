// ELF loader: a valid file loads exactly; each malformed field is rejected with its own typed
// error; thousands of seeded random mutations never crash the loader or the machine.
#include <gtest/gtest.h>

#include <random>

#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"

namespace goldfinch::vm {
namespace {

using testing::put16;
using testing::put32;
using testing::write_elf;

ElfImage sample_image() {
  std::vector<uint32_t> code = {rv::addi(10, 0, 7), rv::jal(1, 8), rv::ebreak(), rv::addi(17, 0, 93),
                                rv::ecall()};
  ElfImage img = rv::image_from_code(code, 0x10000, 0x20000, 0x3000);
  img.segments[1].data = {1, 2, 3, 4, 5};
  img.functions = {{0x10000, 8, "main"}, {0x1000C, 8, "do_exit"}};
  return img;
}

ElfLoadError error_of(const std::vector<uint8_t>& f) {
  ElfResult r = load_elf(f);
  EXPECT_TRUE(std::holds_alternative<ElfLoadError>(r));
  return std::holds_alternative<ElfLoadError>(r) ? std::get<ElfLoadError>(r) : ElfLoadError{};
}

TEST(ElfTest, ValidFileLoads) {
  const ElfImage want = sample_image();
  ElfResult r = load_elf(write_elf(want));
  ASSERT_TRUE(std::holds_alternative<ElfImage>(r)) << std::get<ElfLoadError>(r).message();
  const ElfImage& got = std::get<ElfImage>(r);
  EXPECT_EQ(got.entry, 0x10000u);
  ASSERT_EQ(got.segments.size(), 2u);
  EXPECT_EQ(got.segments[0].data, want.segments[0].data);
  EXPECT_TRUE(got.segments[0].executable);
  EXPECT_FALSE(got.segments[0].writable);
  EXPECT_EQ(got.segments[1].memsz, 0x3000u);
  EXPECT_EQ(got.segments[1].data, (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(got.segments[1].writable);
  ASSERT_EQ(got.functions.size(), 2u);
  EXPECT_EQ(got.functions[1].name, "do_exit");
  EXPECT_EQ(got.functions[1].addr, 0x1000Cu);
  auto m = Machine::create(got);
  ASSERT_TRUE(std::holds_alternative<Machine>(m));
  RunResult run = std::get<Machine>(m).run();
  EXPECT_EQ(run.status, RunStatus::kExited);
  EXPECT_EQ(run.exit_code, 7u);
  EXPECT_EQ(run.cycles, 4u);
}

// Program header i starts at 52 + 32 * i; fields: type 0, offset 4, vaddr 8, filesz 16,
// memsz 20, flags 24, align 28.
size_t ph(int i, int field) { return 52 + 32 * i + field; }

TEST(ElfTest, EachBadFieldHasItsError) {
  const std::vector<uint8_t> good = write_elf(sample_image());
  struct Mutation {
    const char* name;
    std::function<void(std::vector<uint8_t>&)> apply;
    ElfError want;
  };
  const Mutation mutations[] = {
      {"truncated", [](auto& f) { f.resize(40); }, ElfError::kTooSmall},
      {"magic", [](auto& f) { f[1] = 'X'; }, ElfError::kBadMagic},
      {"class64", [](auto& f) { f[4] = 2; }, ElfError::kNotElf32},
      {"big-endian", [](auto& f) { f[5] = 2; }, ElfError::kNotLittleEndian},
      {"ident version", [](auto& f) { f[6] = 0; }, ElfError::kBadVersion},
      {"osabi", [](auto& f) { f[7] = 9; }, ElfError::kBadOsAbi},
      {"ET_DYN", [](auto& f) { put16(f, 16, 3); }, ElfError::kNotExecutable},
      {"x86", [](auto& f) { put16(f, 18, 62); }, ElfError::kNotRiscv},
      {"e_version", [](auto& f) { put32(f, 20, 2); }, ElfError::kBadVersion},
      {"RVC flag", [](auto& f) { put32(f, 36, 1); }, ElfError::kBadFlags},
      {"double-float ABI", [](auto& f) { put32(f, 36, 4); }, ElfError::kBadFlags},
      {"ehsize", [](auto& f) { put16(f, 40, 64); }, ElfError::kBadHeaderSize},
      {"phentsize", [](auto& f) { put16(f, 42, 56); }, ElfError::kBadProgramHeaderSize},
      {"phoff", [](auto& f) { put32(f, 28, 0xFFFFFFF0); }, ElfError::kProgramHeadersOutOfFile},
      {"phnum", [](auto& f) { put16(f, 44, 0xFFFF); }, ElfError::kProgramHeadersOutOfFile},
      {"shentsize", [](auto& f) { put16(f, 46, 41); }, ElfError::kBadSectionHeaders},
      {"shoff", [](auto& f) { put32(f, 32, 0xFFFFFF00); }, ElfError::kBadSectionHeaders},
      {"shstrndx", [](auto& f) { put16(f, 50, 9); }, ElfError::kBadSectionHeaders},
      {"PT_INTERP", [](auto& f) { put32(f, ph(1, 0), 3); }, ElfError::kDynamic},
      {"PT_DYNAMIC", [](auto& f) { put32(f, ph(0, 0), 2); }, ElfError::kDynamic},
      {"no PT_LOAD", [](auto& f) { put32(f, ph(0, 0), 4); put32(f, ph(1, 0), 4); }, ElfError::kNoLoadSegments},
      {"filesz>memsz", [](auto& f) { put32(f, ph(1, 16), 0x4000); }, ElfError::kFileSizeAboveMemSize},
      {"offset", [](auto& f) { put32(f, ph(1, 4), static_cast<uint32_t>(f.size()) - 2); }, ElfError::kSegmentOutOfFile},
      {"offset wraps", [](auto& f) { put32(f, ph(1, 4), 0xFFFFFFFE); }, ElfError::kSegmentOutOfFile},
      {"vaddr wraps", [](auto& f) { put32(f, ph(1, 8), 0xFFFFF000); }, ElfError::kSegmentWraps},
      {"null guard", [](auto& f) { put32(f, ph(1, 8), 0x8000); }, ElfError::kSegmentOutsideRam},
      {"input region", [](auto& f) { put32(f, ph(1, 8), 0x1FFFF000); }, ElfError::kSegmentOutsideRam},
      {"align", [](auto& f) { put32(f, ph(1, 28), 3); }, ElfError::kBadAlignment},
      {"overlap", [](auto& f) { put32(f, ph(1, 8), 0x10010); }, ElfError::kSegmentsOverlap},
      {"entry in data", [](auto& f) { put32(f, 24, 0x20000); }, ElfError::kEntryNotExecutable},
      {"entry past code", [](auto& f) { put32(f, 24, 0x10014); }, ElfError::kEntryNotExecutable},
      {"entry misaligned", [](auto& f) { put32(f, 24, 0x10002); }, ElfError::kEntryMisaligned},
      {"code span", [](auto& f) { put32(f, ph(1, 24), 5); put32(f, ph(1, 8), 0x10000000); }, ElfError::kCodeTooLarge},
  };
  for (const Mutation& m : mutations) {
    std::vector<uint8_t> f = good;
    m.apply(f);
    const ElfLoadError e = error_of(f);
    EXPECT_EQ(e.kind, m.want) << m.name << ": got " << e.message();
    EXPECT_NE(e.message().find("bad ELF"), std::string::npos);
  }
}

TEST(ElfTest, BadSymbolTableIsRejected) {
  std::vector<uint8_t> f = write_elf(sample_image());
  const uint32_t shoff = f[32] | (f[33] << 8) | (f[34] << 16) | (f[35] << 24);
  std::vector<uint8_t> g = f;
  put32(g, shoff + 40 + 20, 0x7FFFFFF0);  // .symtab size beyond the file
  EXPECT_EQ(error_of(g).kind, ElfError::kBadSymbolTable);
  g = f;
  put32(g, shoff + 40 + 24, 77);  // sh_link out of range
  EXPECT_EQ(error_of(g).kind, ElfError::kBadSymbolTable);
  g = f;
  put32(g, shoff + 80 + 20, 3);  // string table too short: names unterminated or out of range
  EXPECT_EQ(error_of(g).kind, ElfError::kBadSymbolTable);
}

TEST(ElfTest, HandBuiltImagesAreValidatedToo) {
  ElfImage img = sample_image();
  img.segments[1].vaddr = 0x10010;  // inside the code segment
  auto m = Machine::create(img);
  ASSERT_TRUE(std::holds_alternative<ElfLoadError>(m));
  EXPECT_EQ(std::get<ElfLoadError>(m).kind, ElfError::kSegmentsOverlap);
  std::vector<uint8_t> huge(kMaxInputPayload + 1);
  auto too_big = Machine::create(sample_image(), huge);
  ASSERT_TRUE(std::holds_alternative<ElfLoadError>(too_big));
  EXPECT_EQ(std::get<ElfLoadError>(too_big).kind, ElfError::kInputTooLarge);
}

TEST(ElfTest, RandomMutationsNeverCrash) {
  const uint64_t seed = 0x5EED0E1F;
  std::printf("ElfTest.RandomMutationsNeverCrash seed 0x%llx\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  const std::vector<uint8_t> good = write_elf(sample_image());
  const uint32_t interesting[] = {0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000, 0x1FFFFFFF, 0x20000000,
                                  0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFC,
                                  static_cast<uint32_t>(good.size())};
  int accepted = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::vector<uint8_t> f = good;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % f.size();
      switch (rng() % 4) {
        case 0: f[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 1: f[at] = static_cast<uint8_t>(rng()); break;
        case 2:
          if (at + 4 <= f.size()) put32(f, at & ~size_t{3}, interesting[rng() % std::size(interesting)]);
          break;
        default: f.resize(at); break;
      }
      if (f.empty()) f.push_back(0);
    }
    ElfResult r = load_elf(f);
    if (std::holds_alternative<ElfLoadError>(r)) {
      EXPECT_FALSE(std::get<ElfLoadError>(r).message().empty());
      continue;
    }
    ++accepted;
    auto m = Machine::create(std::get<ElfImage>(r));
    ASSERT_TRUE(std::holds_alternative<Machine>(m));
    std::get<Machine>(m).run(2000);  // whatever it does, it must stop cleanly
  }
  EXPECT_GT(accepted, 10);  // some mutations (e.g. in code bytes) still load and run
}

}  // namespace
}  // namespace goldfinch::vm
