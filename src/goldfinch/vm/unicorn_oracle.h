// Test helper: Unicorn 2 (QEMU's RISC-V core) as an independent RV32IM oracle, stepped one
// instruction at a time in lock-step with a Machine, comparing pc and the whole register file.
// System calls are not emulated by Unicorn: at an ECALL the oracle copies the Machine's result
// registers and memory effects (documented in docs/executor.md).
#pragma once

#include <unicorn/unicorn.h>

#include <cstdio>
#include <string>

#include "goldfinch/vm/machine.h"

namespace goldfinch::vm::testing {

class UnicornOracle {
 public:
  // Maps RAM [kRamBase, kRamEnd), the input region and the image's bytes; pc = entry.
  UnicornOracle(const ElfImage& image, std::span<const uint8_t> input) {
    ok_ = uc_open(UC_ARCH_RISCV, UC_MODE_RISCV32, &uc_) == UC_ERR_OK;
    if (!ok_) return;
    ok_ &= uc_mem_map(uc_, kRamBase, kRamEnd - kRamBase, UC_PROT_ALL) == UC_ERR_OK;
    std::vector<uint8_t> region(kInputHeaderSize + input.size());
    const uint32_t header[4] = {kInputMagic, kInputVersion, static_cast<uint32_t>(input.size()), 0};
    std::memcpy(region.data(), header, sizeof(header));
    if (!input.empty()) std::memcpy(region.data() + kInputHeaderSize, input.data(), input.size());
    ok_ &= uc_mem_map(uc_, kInputBase, kInputEnd - kInputBase, UC_PROT_READ) == UC_ERR_OK;
    ok_ &= uc_mem_write(uc_, kInputBase, region.data(), region.size()) == UC_ERR_OK;
    for (const Segment& s : image.segments)
      if (!s.data.empty()) ok_ &= uc_mem_write(uc_, s.vaddr, s.data.data(), s.data.size()) == UC_ERR_OK;
    pc_ = image.entry;
  }
  ~UnicornOracle() {
    if (uc_) uc_close(uc_);
  }
  UnicornOracle(const UnicornOracle&) = delete;
  UnicornOracle& operator=(const UnicornOracle&) = delete;

  bool ok() const { return ok_; }
  uint32_t pc() const { return pc_; }

  uint32_t reg(int i) const {
    uint64_t v = 0;
    uc_reg_read(uc_, UC_RISCV_REG_X0 + i, &v);
    return static_cast<uint32_t>(v);
  }
  void set_reg(int i, uint32_t value) {
    uint64_t v = value;
    uc_reg_write(uc_, UC_RISCV_REG_X0 + i, &v);
  }
  std::vector<uint8_t> read_mem(uint32_t addr, uint32_t len) const {
    std::vector<uint8_t> out(len);
    uc_mem_read(uc_, addr, out.data(), len);
    return out;
  }
  void write_mem(uint32_t addr, std::span<const uint8_t> bytes) {
    uc_mem_write(uc_, addr, bytes.data(), bytes.size());
  }

  // Executes one instruction at pc(). Returns false if Unicorn reported an error.
  bool step() {
    if (uc_emu_start(uc_, pc_, 0xFFFFFFFFull, 0, 1) != UC_ERR_OK) return false;
    uint64_t v = 0;
    uc_reg_read(uc_, UC_RISCV_REG_PC, &v);
    pc_ = static_cast<uint32_t>(v);
    return true;
  }
  void skip_to(uint32_t pc) { pc_ = pc; }

 private:
  uc_engine* uc_ = nullptr;
  bool ok_ = false;
  uint32_t pc_ = 0;
};

// Runs `m` and the oracle side by side for up to max_steps instructions or until the machine
// stops. Returns "" when they agreed on pc and x1..x31 after every instruction, else a report.
inline std::string lockstep(Machine& m, UnicornOracle& u, const char* label, uint64_t max_steps) {
  char buf[512];
  if (!u.ok()) return "unicorn setup failed";
  for (uint32_t i = 1; i < 32; ++i) u.set_reg(static_cast<int>(i), m.reg(i));
  u.skip_to(m.pc());
  for (uint64_t step = 0; step < max_steps; ++step) {
    const uint32_t pc = m.pc();
    const Program& prog = m.program();
    const bool is_ecall = prog.contains(pc) && pc % 4 == 0 && prog.words[(pc - prog.base) / 4] == 0x73;
    const uint64_t cursor = m.input_cursor();
    RunResult r = m.run(m.cycles() + 1);
    if (r.status == RunStatus::kTrap) return "";  // traps are checked by the unit tests
    if (is_ecall) {
      // Mirror the system call's effects: result registers, and bytes a read stored.
      const uint32_t a1 = u.reg(11);
      const uint64_t n = m.input_cursor() - cursor;
      if (n > 0) {
        std::vector<uint8_t> bytes(n);
        m.memory().read_bytes(a1, static_cast<uint32_t>(n), bytes.data());
        u.write_mem(a1, bytes);
      }
      // Precompiles: the state (Keccak-f), the 64-byte output (BLAKE3), the 24-byte F_p^3 value
      // (Horner) or the 64-byte state (Poseidon2) they wrote.
      const uint32_t number = u.reg(17);
      if (number == kSysKeccakF || number == kSysBlake3Compress || number == kSysFp3Horner || number == kSysPoseidon2) {
        const uint32_t at = number == kSysBlake3Compress ? u.reg(16) : number == kSysFp3Horner ? u.reg(13) : u.reg(10);
        std::vector<uint8_t> bytes(number == kSysKeccakF          ? 200
                                   : number == kSysBlake3Compress ? 64
                                   : number == kSysFp3Horner      ? 24
                                                                  : 64);
        m.memory().read_bytes(at, static_cast<uint32_t>(bytes.size()), bytes.data());
        u.write_mem(at, bytes);
      }
      u.set_reg(10, m.reg(10));
      u.set_reg(11, m.reg(11));
      u.skip_to(pc + 4);
      if (r.status == RunStatus::kExited) return "";
      continue;
    }
    if (!u.step()) {
      std::snprintf(buf, sizeof(buf), "%s: unicorn failed at step %llu pc 0x%08x", label,
                    static_cast<unsigned long long>(step), pc);
      return buf;
    }
    if (r.status == RunStatus::kExited) return "";
    std::string diff;
    if (u.pc() != m.pc()) {
      std::snprintf(buf, sizeof(buf), " pc: unicorn 0x%08x goldfinch 0x%08x;", u.pc(), m.pc());
      diff += buf;
    }
    for (int i = 1; i < 32; ++i) {
      if (u.reg(i) != m.reg(static_cast<unsigned>(i))) {
        std::snprintf(buf, sizeof(buf), " x%d: unicorn 0x%08x goldfinch 0x%08x;", i, u.reg(i),
                      m.reg(static_cast<unsigned>(i)));
        diff += buf;
      }
    }
    if (!diff.empty()) {
      const uint32_t word = prog.contains(pc) ? prog.words[(pc - prog.base) / 4] : 0;
      std::snprintf(buf, sizeof(buf), "%s: mismatch after step %llu, instruction 0x%08x at pc 0x%08x:", label,
                    static_cast<unsigned long long>(step), word, pc);
      return buf + diff;
    }
    if (r.status != RunStatus::kCycleLimit) return "";
  }
  return "";
}

}  // namespace goldfinch::vm::testing
