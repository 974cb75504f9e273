// libFuzzer target: the ELF loader on arbitrary bytes. It must return an image or a typed error;
// an image it returns must pass validate_image (the checks Machine::create applies again), have
// sorted non-overlapping segments, and each segment's data must fit in its memory size.
#include <variant>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/vm/elf.h"

using namespace goldfinch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> input(data, data + size);
  vm::ElfResult r = vm::load_elf(input);
  if (auto* err = std::get_if<vm::ElfLoadError>(&r)) {
    GF_FUZZ_ASSERT(!err->message().empty(), "error without a message");
    GF_FUZZ_ASSERT(vm::elf_error_name(err->kind) != nullptr, "error without a name");
    return 0;
  }
  const vm::ElfImage& img = std::get<vm::ElfImage>(r);
  GF_FUZZ_ASSERT(std::holds_alternative<std::monostate>(vm::validate_image(img)), "loaded image fails validation");
  GF_FUZZ_ASSERT(!img.segments.empty() && img.segments.size() <= vm::kMaxSegments, "segment count");
  for (size_t i = 0; i < img.segments.size(); ++i) {
    const vm::Segment& s = img.segments[i];
    GF_FUZZ_ASSERT(s.data.size() <= s.memsz, "segment data above its memory size");
    if (i) {
      const vm::Segment& p = img.segments[i - 1];
      GF_FUZZ_ASSERT(uint64_t{p.vaddr} + p.memsz <= s.vaddr, "segments unsorted or overlapping");
    }
  }
  GF_FUZZ_ASSERT(img.entry % 4 == 0, "misaligned entry");
  return 0;
}
