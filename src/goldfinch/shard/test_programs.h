// Test support for the shard tests: seeded random guest programs (loops of ALU, M, load, store
// and system-call instructions over RAM, a read-only segment and the input region) and the SDK
// example guests. GOLDFINCH_SEED=<n> replays a seed; every randomized test prints its seed.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::shard::testing {

inline std::mt19937_64 seeded_rng(const char* test, uint64_t fallback) {
  const char* s = std::getenv("GOLDFINCH_SEED");
  const uint64_t seed = s && *s ? std::strtoull(s, nullptr, 0) : fallback;
  std::printf("[   seed   ] %s: GOLDFINCH_SEED=0x%llx\n", test, static_cast<unsigned long long>(seed));
  return std::mt19937_64(seed);
}

struct Guest {
  std::string name;
  vm::ElfImage image;
  std::vector<uint8_t> input;
};

inline constexpr uint32_t kData = 0x40000;      // writable data segment (0x1000 bytes)
inline constexpr uint32_t kReadOnly = 0x50000;  // read-only data segment (0x100 bytes)

// A loop of `iterations` passes over a random body; registers x10..x16 are scratch, x8 points
// at the data segment, x6 at the read-only segment, x7 at the input region, x9 counts down.
inline Guest random_program(std::mt19937_64& rng, uint32_t iterations, size_t body) {
  using namespace vm::rv;  // NOLINT
  std::vector<uint32_t> c;
  auto reg = [&] { return 10 + static_cast<uint32_t>(rng() % 7); };
  auto syscall3 = [&](uint32_t number, uint32_t a0, uint32_t a1, uint32_t a2) {
    li(c, 17, number);
    li(c, 10, a0);
    li(c, 11, a1);
    li(c, 12, a2);
    c.push_back(ecall());
  };
  li(c, 8, kData);
  li(c, 6, kReadOnly);
  li(c, 7, vm::kInputBase);
  li(c, 9, iterations);
  for (uint32_t r = 10; r <= 16; ++r) li(c, r, static_cast<uint32_t>(rng()));
  const size_t loop = c.size();
  for (size_t i = 0; i < body; ++i) {
    const uint32_t rd = reg(), a = reg(), b = reg();
    switch (rng() % 16) {
      case 0: c.push_back(add(rd, a, b)); break;
      case 1: c.push_back(xor_(rd, a, b)); break;
      case 2: c.push_back(mul(rd, a, b)); break;
      case 3: c.push_back(divu(rd, a, b)); break;
      case 4: c.push_back(addi(rd, a, static_cast<int32_t>(rng() % 4096) - 2048)); break;
      case 5: c.push_back(sll(rd, a, b)); break;
      case 6: c.push_back(sw(b, 8, static_cast<int32_t>(4 * (rng() % 128)))); break;
      case 7: c.push_back(sb(b, 8, static_cast<int32_t>(rng() % 512))); break;
      case 8: c.push_back(sh(b, 8, static_cast<int32_t>(2 * (rng() % 256)))); break;
      case 9: c.push_back(lw(rd, 8, static_cast<int32_t>(4 * (rng() % 128)))); break;
      case 10: c.push_back(lbu(rd, 8, static_cast<int32_t>(rng() % 512))); break;
      case 11: c.push_back(lh(rd, 6, static_cast<int32_t>(2 * (rng() % 128)))); break;
      case 12: c.push_back(lw(rd, 7, static_cast<int32_t>(4 * (rng() % 16)))); break;
      case 13: syscall3(vm::kSysCycleCount, 0, 0, 0); break;
      case 14:
        // A commit, or a claim (verify_claim: 64 bytes committed and marked) one time in four.
        if (rng() % 4) syscall3(vm::kSysCommit, kData + static_cast<uint32_t>(rng() % 512), 1 + rng() % 9, 0);
        else syscall3(vm::kSysVerifyClaim, kData + static_cast<uint32_t>(rng() % 448), 0, 0);
        break;
      case 15:
        if (rng() % 2) syscall3(vm::kSysRead, 0, kData + 0x800 + static_cast<uint32_t>(rng() % 64), 1 + rng() % 7);
        else syscall3(vm::kSysWrite, 1 + rng() % 3, kData + static_cast<uint32_t>(rng() % 64), rng() % 6);
        break;
    }
  }
  c.push_back(addi(9, 9, -1));
  c.push_back(bne(9, 0, static_cast<int32_t>(4 * (static_cast<int64_t>(loop) - static_cast<int64_t>(c.size())))));
  syscall3(vm::kSysExit, static_cast<uint32_t>(rng() % 256), 0, 0);
  Guest g;
  g.name = "random";
  g.image = image_from_code(c, 0x10000, kData, 0x1000);
  std::vector<uint8_t> ro(0x100);
  for (uint8_t& x : ro) x = static_cast<uint8_t>(rng());
  g.image.segments.push_back(data_segment(kReadOnly, ro, 0x100, false));
  g.input.resize(rng() % 200);
  for (uint8_t& x : g.input) x = static_cast<uint8_t>(rng());
  return g;
}

#ifdef GF_GUEST_BIN_DIR
// An SDK example guest (GF_GUEST_BIN_DIR, or GOLDFINCH_GUEST_BIN_DIR to point elsewhere);
// nullopt when it was not built.
inline std::optional<Guest> example_guest(const std::string& name, std::vector<uint8_t> input) {
  const char* dir = std::getenv("GOLDFINCH_GUEST_BIN_DIR");
  const std::string path = std::string(dir && *dir ? dir : GF_GUEST_BIN_DIR) + "/" + name + ".elf";
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  std::vector<uint8_t> bytes;
  uint8_t buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), f)) > 0;) bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  vm::ElfResult r = vm::load_elf(bytes);
  if (!std::holds_alternative<vm::ElfImage>(r)) return std::nullopt;
  return Guest{name, std::get<vm::ElfImage>(r), std::move(input)};
}
#endif

}  // namespace goldfinch::shard::testing
