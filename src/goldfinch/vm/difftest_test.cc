// Differential tests against Unicorn (an independent RV32 implementation, QEMU's): seeded random
// RV32IM instruction streams with corner-value operands and the example guests in lock-step (pc
// and x1..x31 after every instruction), and single random words (decoder legality + semantics).
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/unicorn_oracle.h"

namespace goldfinch::vm {
namespace {

using namespace rv;  // NOLINT

constexpr uint32_t kScratch = 0x80000;  // 4 KiB of RAM addressed as gp-relative loads/stores
constexpr uint32_t kGp = 3, kTp = 4;    // reserved: gp = kScratch + 2048, tp = jalr base
constexpr uint32_t kCorners[] = {0, 1, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 2, 0xFFFFFFFE, 0x80000001,
                                 0x7FFFFFFE, 31, 32, 0xFFFF, 0x10000, 0xFFFF8000};

struct Generated {
  std::vector<uint32_t> code;
  std::array<uint32_t, 32> regs{};
  std::array<int, 64> op_counts{};
};

class StreamGenerator {
 public:
  explicit StreamGenerator(uint64_t seed) : rng_(seed) {}

  uint32_t pick_reg() {  // any register but gp and tp; x0 now and then
    for (;;) {
      const uint32_t r = static_cast<uint32_t>(rng_() % 32);
      if (r != kGp && r != kTp) return r;
    }
  }
  uint32_t value() {
    return rng_() % 3 ? kCorners[rng_() % std::size(kCorners)] : static_cast<uint32_t>(rng_());
  }
  int32_t imm12() {
    static constexpr int32_t kImm[] = {0, 1, -1, 2047, -2048, 2, -2, 31, 32};
    return rng_() % 2 ? kImm[rng_() % std::size(kImm)] : static_cast<int32_t>(rng_() % 4096) - 2048;
  }
  uint32_t shamt() {
    static constexpr uint32_t kSh[] = {0, 1, 31, 16};
    return rng_() % 2 ? kSh[rng_() % 4] : static_cast<uint32_t>(rng_() % 32);
  }
  int32_t scratch_offset(uint32_t align) {
    return static_cast<int32_t>((rng_() % 4096) & ~(align - 1)) - 2048;
  }

  Generated generate(size_t n) {
    Generated g;
    for (uint32_t r = 1; r < 32; ++r) g.regs[r] = value();
    g.regs[kGp] = kScratch + 2048;
    g.regs[kTp] = 0;
    std::vector<uint32_t>& c = g.code;
    std::vector<std::pair<size_t, int>> fixups;  // (index, kind 0 = branch/jal to patch later)
    constexpr int kKinds = 44;
    while (c.size() < n) {
      const int kind = static_cast<int>(rng_() % kKinds);
      ++g.op_counts[kind];
      const uint32_t rd = pick_reg(), a = pick_reg(), b = pick_reg();
      switch (kind) {
        case 0: c.push_back(lui(rd, static_cast<uint32_t>(rng_()))); break;
        case 1: c.push_back(auipc(rd, static_cast<uint32_t>(rng_()))); break;
        case 2: c.push_back(jal(rd, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 3: {  // auipc tp, 0 ; jalr rd, k(tp) forward (k counted from the auipc)
          const int32_t k = 2 + static_cast<int32_t>(rng_() % 12);
          c.push_back(auipc(kTp, 0));
          c.push_back(jalr(rd, kTp, 4 * k + static_cast<int32_t>(rng_() % 2)));  // bit 0 is cleared
          break;
        }
        case 4: c.push_back(beq(a, b, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 5: c.push_back(bne(a, b, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 6: c.push_back(blt(a, b, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 7: c.push_back(bge(a, b, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 8: c.push_back(bltu(a, b, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 9: c.push_back(bgeu(a, b, 0)); fixups.emplace_back(c.size() - 1, 0); break;
        case 10: c.push_back(lb(rd, kGp, scratch_offset(1))); break;
        case 11: c.push_back(lh(rd, kGp, scratch_offset(2))); break;
        case 12: c.push_back(lw(rd, kGp, scratch_offset(4))); break;
        case 13: c.push_back(lbu(rd, kGp, scratch_offset(1))); break;
        case 14: c.push_back(lhu(rd, kGp, scratch_offset(2))); break;
        case 15: c.push_back(sb(b, kGp, scratch_offset(1))); break;
        case 16: c.push_back(sh(b, kGp, scratch_offset(2))); break;
        case 17: c.push_back(sw(b, kGp, scratch_offset(4))); break;
        case 18: c.push_back(addi(rd, a, imm12())); break;
        case 19: c.push_back(slti(rd, a, imm12())); break;
        case 20: c.push_back(sltiu(rd, a, imm12())); break;
        case 21: c.push_back(xori(rd, a, imm12())); break;
        case 22: c.push_back(ori(rd, a, imm12())); break;
        case 23: c.push_back(andi(rd, a, imm12())); break;
        case 24: c.push_back(slli(rd, a, shamt())); break;
        case 25: c.push_back(srli(rd, a, shamt())); break;
        case 26: c.push_back(srai(rd, a, shamt())); break;
        case 27: c.push_back(add(rd, a, b)); break;
        case 28: c.push_back(sub(rd, a, b)); break;
        case 29: c.push_back(sll(rd, a, b)); break;
        case 30: c.push_back(slt(rd, a, b)); break;
        case 31: c.push_back(sltu(rd, a, b)); break;
        case 32: c.push_back(xor_(rd, a, b)); break;
        case 33: c.push_back(srl(rd, a, b)); break;
        case 34: c.push_back(sra(rd, a, b)); break;
        case 35: c.push_back(or_(rd, a, b)); break;
        case 36: c.push_back(and_(rd, a, b)); break;
        case 37: c.push_back(rng_() % 2 ? mul(rd, a, b) : mulh(rd, a, b)); break;
        case 38: c.push_back(rng_() % 2 ? mulhsu(rd, a, b) : mulhu(rd, a, b)); break;
        case 39: c.push_back(rng_() % 2 ? div(rd, a, b) : divu(rd, a, b)); break;
        case 40: c.push_back(rng_() % 2 ? rem(rd, a, b) : remu(rd, a, b)); break;
        case 41: c.push_back(rng_() % 2 ? fence() : marker(static_cast<int32_t>(rng_() % 100) + 1)); break;
        default: li(c, rd == 0 ? 1 : rd, value()); break;  // a corner value into a register
      }
    }
    // The stream ends in an `ebreak` landing pad the forward jumps may target.
    const size_t end = c.size();
    c.push_back(ebreak());
    for (auto [i, kind] : fixups) {
      (void)kind;
      size_t target = std::min(end, i + 1 + static_cast<size_t>(rng_() % 16));
      // Do not land on the jalr half of an auipc/jalr pair (its tp would be stale).
      if (target < end && (c[target] & 0x7F) == 0x67) --target;
      const int32_t off = static_cast<int32_t>(target - i) * 4;
      const uint32_t w = c[i];
      c[i] = (w & 0x7F) == 0x6F ? jal((w >> 7) & 31, off) : b_type(off, (w >> 20) & 31, (w >> 15) & 31, (w >> 12) & 7);
    }
    // Clamp jalr targets to the landing pad as well.
    for (size_t i = 0; i + 1 < end; ++i) {
      if (c[i] == auipc(kTp, 0) && (c[i + 1] & 0x7F) == 0x67) {
        const int32_t imm = static_cast<int32_t>(c[i + 1]) >> 20;
        if (i + static_cast<size_t>(imm / 4) > end) {
          const uint32_t rd = (c[i + 1] >> 7) & 31;
          c[i + 1] = jalr(rd, kTp, static_cast<int32_t>(end - i) * 4);
        }
      }
    }
    return g;
  }

 private:
  std::mt19937_64 rng_;
};

TEST(DiffTest, RandomStreamsMatchUnicorn) {
  const uint64_t base_seed = 0xD1FF7E57;
  std::array<int, 64> coverage{};
  uint64_t steps_total = 0;
  for (uint64_t s = 0; s < 24; ++s) {
    const uint64_t seed = base_seed + s;
    StreamGenerator gen(seed);
    Generated g = gen.generate(2500);
    const ElfImage img = image_from_code(g.code, 0x10000, kScratch, 0x1000);
    auto created = Machine::create(img);
    ASSERT_TRUE(std::holds_alternative<Machine>(created));
    Machine m = std::move(std::get<Machine>(created));
    for (uint32_t r = 1; r < 32; ++r) m.set_reg(r, g.regs[r]);
    testing::UnicornOracle u(img, {});
    char label[64];
    std::snprintf(label, sizeof(label), "seed 0x%llx", static_cast<unsigned long long>(seed));
    const std::string report = testing::lockstep(m, u, label, 100000);
    ASSERT_EQ(report, "") << report;
    // Every stream runs to its ebreak landing pad.
    RunResult r = m.run(m.cycles() + 1);
    ASSERT_EQ(r.status, RunStatus::kTrap) << label;
    EXPECT_EQ(r.trap.reason, TrapReason::kEbreak) << label << ": " << r.trap.message();
    EXPECT_EQ(r.trap.pc, 0x10000u + 4 * static_cast<uint32_t>(g.code.size() - 1)) << label;
    // Stores agree too: the scratch area byte for byte.
    std::vector<uint8_t> ours(0x1000);
    ASSERT_TRUE(m.memory().read_bytes(kScratch, 0x1000, ours.data()));
    EXPECT_EQ(ours, u.read_mem(kScratch, 0x1000)) << label;
    steps_total += m.cycles();
    // Trace mode on the same stream: the rows are self-consistent (each row's register and
    // memory reads equal what earlier rows wrote) and end in the same state as fast mode.
    auto again = Machine::create(img);
    Machine t = std::move(std::get<Machine>(again));
    for (uint32_t k = 1; k < 32; ++k) t.set_reg(k, g.regs[k]);
    TraceRecorder rec;
    t.run_trace(&rec);
    ASSERT_EQ(rec.rows.size(), m.cycles()) << label;
    std::array<uint32_t, 32> regs = g.regs;
    regs[0] = 0;
    std::map<uint32_t, uint32_t> mem;  // aligned word → value, for words the trace touched
    for (size_t i = 0; i < rec.rows.size(); ++i) {
      const TraceRow& row = rec.rows[i];
      const uint32_t w = row.word, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31, rd = (w >> 7) & 31;
      const uint32_t opcode = w & 0x7F;
      const bool has_rs1 = opcode != 0x37 && opcode != 0x17 && opcode != 0x6F && opcode != 0x0F;
      const bool has_rs2 = opcode == 0x33 || opcode == 0x23 || opcode == 0x63;
      const bool has_rd = opcode != 0x23 && opcode != 0x63 && opcode != 0x0F && opcode != 0x73;
      ASSERT_EQ(row.rs1_value, has_rs1 ? regs[rs1] : 0u) << label << " row " << i;
      ASSERT_EQ(row.rs2_value, has_rs2 ? regs[rs2] : 0u) << label << " row " << i;
      if (opcode == 0x03 || opcode == 0x23) {
        const uint32_t word_addr = row.mem_addr & ~3u;
        auto it = mem.find(word_addr);
        if (it != mem.end()) {
          ASSERT_EQ(row.mem_before, it->second) << label << " row " << i;
        }
        if (opcode == 0x03) {
          ASSERT_EQ(row.mem_after, row.mem_before) << label << " row " << i;
        } else {  // the store replaced exactly its bytes with rs2's low bytes
          const uint32_t bytes = 1u << ((w >> 12) & 3), shift = (row.mem_addr & 3) * 8;
          const uint32_t mask = (bytes == 4 ? 0xFFFFFFFFu : ((1u << (8 * bytes)) - 1)) << shift;
          ASSERT_EQ(row.mem_after, (row.mem_before & ~mask) | ((row.rs2_value << shift) & mask))
              << label << " row " << i;
        }
        mem[word_addr] = row.mem_after;
      }
      if (i + 1 < rec.rows.size() && opcode != 0x63 && opcode != 0x6F && opcode != 0x67) {
        ASSERT_EQ(rec.rows[i + 1].pc, row.pc + 4) << label << " row " << i;
      }
      if (has_rd && rd != 0) regs[rd] = row.rd_value;
      ASSERT_EQ(row.rd_value, has_rd && rd != 0 ? regs[rd] : 0u) << label << " row " << i;
    }
    for (uint32_t k = 1; k < 32; ++k) EXPECT_EQ(regs[k], m.reg(k)) << label << " x" << k;
    for (int k = 0; k < 64; ++k) coverage[k] += g.op_counts[k];
  }
  for (int k = 0; k < 44; ++k) EXPECT_GT(coverage[k], 100) << "instruction kind " << k;
  EXPECT_GT(steps_total, 20000u);
}


#ifdef GF_GUEST_BIN_DIR
// The example guests (guest/examples, built by GF_BUILD_GUESTS) in lock-step with Unicorn, from
// their first instruction, for up to kGuestSteps instructions each (whole runs for the small ones).
TEST(DiffTest, ExampleGuestsMatchUnicorn) {
  constexpr uint64_t kGuestSteps = 1000000;
  struct Guest {
    const char* name;
    std::vector<uint8_t> input;
  };
  const Guest guests[] = {
      {"fibonacci", {30, 0, 0, 0}},
      {"sha256", {'a', 'b', 'c'}},
      {"keccak", {'g', 'o', 'l', 'd'}},
      {"hash_precompiles", std::vector<uint8_t>(1500, 0x61)},
      {"sort", {7, 0, 0, 0, 200, 0, 0, 0}},
      {"bigint", {20, 0, 0, 0}},
      {"cxx_stl", {'a', ' ', 'b', ' ', 'a', '\n'}},
      {"cxx_containers", {}},
      {"isa_rv32i_alu", {}},
      {"isa_rv32i_shift", {}},
      {"isa_rv32i_branch_jump", {}},
      {"isa_rv32i_mem", {}},
      {"isa_rv32m", {}},
  };
  int ran = 0;
  for (const Guest& g : guests) {
    const std::string path = std::string(GF_GUEST_BIN_DIR) + "/" + g.name + ".elf";
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) continue;
    std::vector<uint8_t> bytes;
    uint8_t buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof(buf), f)) > 0;) bytes.insert(bytes.end(), buf, buf + n);
    std::fclose(f);
    ElfResult r = load_elf(bytes);
    ASSERT_TRUE(std::holds_alternative<ElfImage>(r)) << path << ": " << std::get<ElfLoadError>(r).message();
    const ElfImage& img = std::get<ElfImage>(r);
    auto created = Machine::create(img, g.input);
    ASSERT_TRUE(std::holds_alternative<Machine>(created));
    Machine m = std::move(std::get<Machine>(created));
    testing::UnicornOracle u(img, g.input);
    const std::string report = testing::lockstep(m, u, g.name, kGuestSteps);
    EXPECT_EQ(report, "") << report;
    EXPECT_NE(m.run(m.cycles()).status, RunStatus::kTrap) << g.name;
    std::printf("%s: %llu instructions in lock-step\n", g.name, static_cast<unsigned long long>(m.cycles()));
    ++ran;
  }
  if (ran == 0) GTEST_SKIP() << "no guest ELFs in " << GF_GUEST_BIN_DIR << " (GF_BUILD_GUESTS off?)";
}
#endif


// Single random instruction words (RV32IM major opcodes with random remaining bits, so the
// funct3/funct7 legality rules and unusual operand fields are exercised) from random register
// states: whatever the executor accepts must execute exactly as Unicorn does; what it rejects as
// illegal in an opcode space Unicorn implements only as RV32I/M must be rejected by Unicorn too.
TEST(DiffTest, RandomWordsMatchUnicorn) {
  const uint64_t seed = 0x0DDC0DE5;
  std::mt19937_64 rng(seed);
  constexpr uint32_t kOpcodes[] = {0x37, 0x17, 0x6F, 0x67, 0x63, 0x03, 0x23, 0x13, 0x33, 0x0F};
  constexpr size_t kWords = 10000;
  std::vector<uint32_t> code(kWords);
  for (uint32_t& w : code) w = (static_cast<uint32_t>(rng()) & ~0x7Fu) | kOpcodes[rng() % std::size(kOpcodes)];
  // Half of the register values are scratch addresses, so many loads and stores land in RAM.
  const ElfImage img = image_from_code(code, 0x10000);
  auto created = Machine::create(img);
  ASSERT_TRUE(std::holds_alternative<Machine>(created));
  Machine m = std::move(std::get<Machine>(created));
  testing::UnicornOracle u(img, {});
  ASSERT_TRUE(u.ok());
  int executed = 0, illegal = 0, other_traps = 0;
  for (size_t i = 0; i < kWords; ++i) {
    const uint32_t pc = 0x10000 + 4 * static_cast<uint32_t>(i);
    Checkpoint cp = m.checkpoint();
    for (uint32_t r = 1; r < 32; ++r) {
      const uint32_t v = rng() % 2 ? kScratch + static_cast<uint32_t>(rng() % 4096)
                                   : kCorners[rng() % std::size(kCorners)];
      m.set_reg(r, v);
      u.set_reg(static_cast<int>(r), v);
    }
    m.set_pc(pc);
    u.skip_to(pc);
    const RunResult r = m.run(m.cycles() + 1);
    const bool completed = r.status == RunStatus::kCycleLimit ||
                           (r.status == RunStatus::kTrap && r.trap.reason == TrapReason::kFetchFault &&
                            r.trap.pc != pc);  // a jump that completed, then left the code
    const bool unicorn_ok = u.step();
    char label[96];
    std::snprintf(label, sizeof(label), "seed 0x%llx word %zu: 0x%08x", static_cast<unsigned long long>(seed), i,
                  code[i]);
    if (completed) {
      ++executed;
      // Unicorn reports a jump into unmapped memory as its own failure; so does this executor
      // (fetch fault at the target), so only the registers cannot be compared then.
      const bool jumped_unmapped = r.status == RunStatus::kTrap && (r.trap.pc < kRamBase || r.trap.pc >= kAddressTop);
      if (jumped_unmapped && !unicorn_ok) {
        m = Machine::resume(cp);
        continue;
      }
      ASSERT_TRUE(unicorn_ok) << label << " executed here but not in Unicorn";
      ASSERT_EQ(u.pc(), r.status == RunStatus::kTrap ? r.trap.pc : m.pc()) << label;
      for (int k = 1; k < 32; ++k) ASSERT_EQ(u.reg(k), m.reg(static_cast<unsigned>(k))) << label << " x" << k;
      if (r.status == RunStatus::kTrap) m = Machine::resume(cp);
      continue;
    }
    ASSERT_EQ(r.status, RunStatus::kTrap) << label;
    if (r.trap.reason == TrapReason::kIllegalInstruction) {
      ++illegal;
      EXPECT_FALSE(unicorn_ok) << label << " is illegal here but Unicorn executed it";
    } else {
      ++other_traps;  // misaligned or out-of-map accesses: the ABI's rules, not an ISA question
    }
    // Undo whatever Unicorn did that the trap prevented here (a store, a misaligned store).
    m = Machine::resume(cp);
    std::vector<uint8_t> window(0x3000);
    ASSERT_TRUE(m.memory().read_bytes(kScratch - 0x1000, 0x3000, window.data()));
    u.write_mem(kScratch - 0x1000, window);
    u.write_mem(0x10000, {reinterpret_cast<const uint8_t*>(code.data()), code.size() * 4});
  }
  std::printf("random words: %d executed, %d illegal, %d other traps\n", executed, illegal, other_traps);
  EXPECT_GT(executed, 4000);
  EXPECT_GT(illegal, 2000);
}

}  // namespace
}  // namespace goldfinch::vm
