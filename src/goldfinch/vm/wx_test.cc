// Writable and executable segments: code comes from the loaded bytes, the rest of the segment is
// ordinary RAM, and running a slot whose word in memory is no longer the loaded word traps with
// kSelfModifyingCode — the same way in fast, trace and profiler mode.
#include <gtest/gtest.h>

#include "goldfinch/vm/executor.h"
#include "goldfinch/vm/profiler.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"

namespace goldfinch::vm {
namespace {

using namespace rv;  // NOLINT

constexpr uint32_t kBase = 0x10000;
constexpr uint32_t kA0 = 10, kA7 = 17;

// The three executor modes on fresh machines of one image: their results must agree.
struct Runs {
  RunResult fast, trace, profile;
  size_t trace_rows = 0;
};

Runs run_all(const ElfImage& image, std::span<const uint8_t> input = {}) {
  auto make = [&] {
    auto m = Machine::create(image, input);
    EXPECT_TRUE(std::holds_alternative<Machine>(m)) << std::get<ElfLoadError>(m).message();
    return std::move(std::get<Machine>(m));
  };
  Runs r;
  r.fast = make().run();
  Machine t = make();
  TraceRecorder rec;
  r.trace = t.run_trace(&rec);
  r.trace_rows = rec.rows.size();
  Machine p = make();
  Profiler prof(p.program(), image.functions);
  r.profile = p.run_with(prof, UINT64_MAX);
  for (const RunResult* o : {&r.trace, &r.profile}) {
    EXPECT_EQ(o->status, r.fast.status);
    EXPECT_EQ(o->cycles, r.fast.cycles);
    EXPECT_EQ(o->exit_code, r.fast.exit_code);
    EXPECT_EQ(o->trap.reason, r.fast.trap.reason);
    EXPECT_EQ(o->trap.pc, r.fast.trap.pc);
    EXPECT_EQ(o->trap.detail, r.fast.trap.detail);
  }
  EXPECT_EQ(r.trace_rows, r.fast.cycles);
  return r;
}

void exit_with_a0(std::vector<uint32_t>& c) {
  li(c, kA7, kSysExit);
  c.push_back(ecall());
}

TEST(WxTest, WritableExecutableElfLoads) {
  std::vector<uint32_t> c = {addi(kA0, 0, 5)};
  exit_with_a0(c);
  ElfResult r = load_elf(testing::write_elf(wx_image(c)));
  ASSERT_TRUE(std::holds_alternative<ElfImage>(r)) << std::get<ElfLoadError>(r).message();
  const Segment& s = std::get<ElfImage>(r).segments.at(0);
  EXPECT_TRUE(s.writable && s.executable);
  const Runs runs = run_all(std::get<ElfImage>(r));
  EXPECT_EQ(runs.fast.status, RunStatus::kExited);
  EXPECT_EQ(runs.fast.exit_code, 5u);
}

// Data in the code's own segment: stores and loads there are plain RAM.
TEST(WxTest, DataInTheCodeSegmentIsWritable) {
  std::vector<uint32_t> c;
  li(c, 5, kBase + 0x80);  // past the code, inside the segment
  li(c, 6, 0x12345678);
  c.push_back(sw(6, 5, 0));
  c.push_back(sb(6, 5, 5));
  c.push_back(lw(7, 5, 0));
  c.push_back(lbu(8, 5, 5));
  c.push_back(sub(kA0, 7, 6));   // 0
  c.push_back(add(kA0, kA0, 8)); // + 0x78
  exit_with_a0(c);
  const Runs runs = run_all(wx_image(c));
  ASSERT_EQ(runs.fast.status, RunStatus::kExited) << runs.fast.trap.message();
  EXPECT_EQ(runs.fast.exit_code, 0x78u);
}

// The attack the circuit must not prove: overwrite an instruction ahead, then run into it.
TEST(WxTest, StoreIntoCodeThenExecuteTraps) {
  std::vector<uint32_t> c;
  li(c, 5, kBase);
  li(c, 6, addi(kA0, 0, 99));
  c.push_back(sw(6, 5, 0));  // patched below: stores into the word at `target`
  const size_t store = c.size() - 1;
  const uint32_t target_index = static_cast<uint32_t>(c.size());
  c.push_back(addi(kA0, 0, 1));  // the guest tries to turn this into addi a0, x0, 99
  exit_with_a0(c);
  c[store] = sw(6, 5, static_cast<int32_t>(4 * target_index));
  const Runs runs = run_all(wx_image(c));
  ASSERT_EQ(runs.fast.status, RunStatus::kTrap);
  const Trap& t = runs.fast.trap;
  EXPECT_EQ(t.reason, TrapReason::kSelfModifyingCode);
  EXPECT_EQ(t.pc, kBase + 4 * target_index);
  EXPECT_EQ(t.addr, t.pc);
  EXPECT_EQ(t.word, addi(kA0, 0, 1));
  EXPECT_EQ(t.detail, addi(kA0, 0, 99));
  EXPECT_EQ(runs.fast.cycles, target_index);  // the trapping fetch does not count
  EXPECT_NE(t.message().find("self-modifying code is not supported"), std::string::npos) << t.message();
}

// Jumping back into a changed word (the loop body) traps too, through a branch target.
TEST(WxTest, BranchIntoChangedCodeTraps) {
  std::vector<uint32_t> c;
  li(c, 5, kBase);
  const uint32_t loop = static_cast<uint32_t>(c.size());
  c.push_back(addi(7, 7, 1));                                  // loop: x7 += 1
  c.push_back(sb(7, 5, static_cast<int32_t>(4 * loop + 3)));   // changes the loop's top byte
  c.push_back(beq(0, 0, -8));
  const Runs runs = run_all(wx_image(c));
  ASSERT_EQ(runs.fast.status, RunStatus::kTrap);
  EXPECT_EQ(runs.fast.trap.reason, TrapReason::kSelfModifyingCode);
  EXPECT_EQ(runs.fast.trap.pc, kBase + 4 * loop);
}

// The rule compares values: storing the loaded word back, or restoring it before the word runs
// again, is not self-modifying code.
TEST(WxTest, RestoredWordsRun) {
  std::vector<uint32_t> c;
  li(c, 5, kBase);
  const uint32_t at = 12;  // the addi below
  li(c, 6, 0xFFFFFFFF);
  c.push_back(sw(6, 5, 4 * at));   // clobber
  c.push_back(lw(7, 5, 0));        // any load
  li(c, 6, addi(kA0, 0, 42));
  c.push_back(sw(6, 5, 4 * at));   // restore
  while (c.size() < at) c.push_back(addi(0, 0, 0));
  c.push_back(addi(kA0, 0, 42));
  exit_with_a0(c);
  ASSERT_EQ(c[at], addi(kA0, 0, 42));
  const Runs runs = run_all(wx_image(c));
  ASSERT_EQ(runs.fast.status, RunStatus::kExited) << runs.fast.trap.message();
  EXPECT_EQ(runs.fast.exit_code, 42u);
}

// A system call that writes memory (read) into code is caught the same way.
TEST(WxTest, ReadIntoCodeThenExecuteTraps) {
  std::vector<uint32_t> c;
  const uint32_t at = 16;
  li(c, kA7, kSysRead);
  li(c, kA0, 0);
  li(c, 11, kBase + 4 * at);
  li(c, 12, 4);
  c.push_back(ecall());
  while (c.size() < at) c.push_back(addi(0, 0, 0));
  c.push_back(addi(kA0, 0, 1));
  exit_with_a0(c);
  const uint32_t patched = addi(kA0, 0, 2);
  const uint8_t input[4] = {static_cast<uint8_t>(patched), static_cast<uint8_t>(patched >> 8),
                            static_cast<uint8_t>(patched >> 16), static_cast<uint8_t>(patched >> 24)};
  const Runs runs = run_all(wx_image(c), input);
  ASSERT_EQ(runs.fast.status, RunStatus::kTrap);
  EXPECT_EQ(runs.fast.trap.reason, TrapReason::kSelfModifyingCode);
  EXPECT_EQ(runs.fast.trap.pc, kBase + 4 * at);
  EXPECT_EQ(runs.fast.trap.detail, patched);
}

// Code in a read-only segment next to a W+X one keeps its fast form; only W+X slots check.
TEST(WxTest, OnlyWxSlotsAreChecked) {
  std::vector<uint32_t> c = {addi(kA0, 0, 3)};
  exit_with_a0(c);
  ElfImage plain = image_from_code(c);
  EXPECT_FALSE(build_program(plain)->has_wx());
  const auto wx = build_program(wx_image(c));
  ASSERT_TRUE(wx->has_wx());
  for (uint32_t s = 0; s < wx->slots; ++s) EXPECT_TRUE(wx->is_wx(s)) << s;
}

}  // namespace
}  // namespace goldfinch::vm
