// System calls, cycle limits, trace rows and checkpoints of the Machine.
#include <gtest/gtest.h>

#include <string>

#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::vm {
namespace {

using namespace rv;  // NOLINT

constexpr uint32_t kData = 0x40000;
constexpr uint32_t kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;

Machine make(const std::vector<uint32_t>& code, std::span<const uint8_t> input = {}) {
  auto m = Machine::create(image_from_code(code, 0x10000, kData, 0x1000), input);
  EXPECT_TRUE(std::holds_alternative<Machine>(m));
  return std::move(std::get<Machine>(m));
}

void syscall(std::vector<uint32_t>& c, uint32_t number, uint32_t a0, uint32_t a1 = 0, uint32_t a2 = 0) {
  li(c, kA7, number);
  li(c, kA0, a0);
  li(c, kA1, a1);
  li(c, kA2, a2);
  c.push_back(ecall());
}

TEST(MachineTest, SystemCalls) {
  std::vector<uint32_t> c;
  li(c, 5, 0x6C6C6568);  // "hell"
  li(c, 6, kData);
  c.push_back(sw(5, 6, 0));
  syscall(c, kSysWrite, 1, kData, 4);        // console: "hell"
  c.push_back(addi(20, kA0, 0));             // x20 = 4
  syscall(c, kSysWrite, 7, kData, 4);        // bad fd
  c.push_back(addi(21, kA0, 0));             // x21 = -9
  syscall(c, kSysRead, 0, kData + 8, 3);     // reads "xyz"
  c.push_back(addi(22, kA0, 0));             // 3
  syscall(c, kSysRead, 0, kData + 16, 100);  // reads "w"
  c.push_back(addi(23, kA0, 0));             // 1
  syscall(c, kSysRead, 0, kData + 16, 100);  // end of input
  c.push_back(addi(24, kA0, 0));             // 0
  syscall(c, kSysRead, 3, kData, 1);         // bad fd
  c.push_back(addi(25, kA0, 0));
  syscall(c, kSysCommit, kData + 8, 3);      // output "xyz"
  c.push_back(addi(26, kA0, 0));             // 0
  syscall(c, kSysCycleCount, 0);
  c.push_back(addi(27, kA0, 0));
  c.push_back(addi(28, kA1, 0));
  syscall(c, kSysExit, 42);
  const std::string input = "xyzw";
  Machine m = make(c, {reinterpret_cast<const uint8_t*>(input.data()), input.size()});
  std::string console;
  m.set_console([&](int fd, std::span<const uint8_t> b) {
    EXPECT_EQ(fd, 1);
    console.append(b.begin(), b.end());
  });
  RunResult r = m.run();
  ASSERT_EQ(r.status, RunStatus::kExited) << r.trap.message();
  EXPECT_EQ(r.exit_code, 42u);
  EXPECT_EQ(console, "hell");
  EXPECT_EQ(m.reg(20), 4u);
  EXPECT_EQ(m.reg(21), 0xFFFFFFF7u);
  EXPECT_EQ(m.reg(22), 3u);
  EXPECT_EQ(m.reg(23), 1u);
  EXPECT_EQ(m.reg(24), 0u);
  EXPECT_EQ(m.reg(25), 0xFFFFFFF7u);
  EXPECT_EQ(m.reg(26), 0u);
  EXPECT_EQ(std::string(m.output().begin(), m.output().end()), "xyz");
  // Every instruction is one cycle and the program is straight-line, so the cycle-count ecall
  // reports its own index in the program: the instructions executed before it.
  uint32_t ecalls = 0, cycle_count_ecall = 0;
  for (uint32_t i = 0; i < c.size(); ++i)
    if (c[i] == ecall() && ++ecalls == 8) cycle_count_ecall = i;
  EXPECT_EQ(m.reg(27), cycle_count_ecall);
  EXPECT_EQ(m.reg(28), 0u);
  EXPECT_EQ(r.cycles, c.size());  // straight-line program; exit is the last instruction
  // A finished machine stays finished.
  EXPECT_EQ(m.run().status, RunStatus::kExited);
}

TEST(MachineTest, SystemCallErrors) {
  {
    std::vector<uint32_t> c;
    syscall(c, 1234, 0);
    Machine m = make(c);
    RunResult r = m.run();
    ASSERT_EQ(r.status, RunStatus::kTrap);
    EXPECT_EQ(r.trap.reason, TrapReason::kUnknownSyscall);
    EXPECT_EQ(r.trap.addr, 1234u);
    EXPECT_EQ(r.trap.message(), "unknown syscall 1234 (0x4d2) at pc 0x00010020");
  }
  const uint32_t bad[][4] = {{kSysWrite, 1, 0x100, 4},             // null guard
                             {kSysWrite, 2, 0x2FFFFFFE, 4},         // runs past the map
                             {kSysRead, 0, 0x10000, 1},             // into code
                             {kSysRead, 0, 0x20000000, 1},          // into the input region
                             {kSysCommit, 0xFFFFFFF0, 0x20, 0}};    // wraps
  for (const auto& b : bad) {
    std::vector<uint32_t> c;
    syscall(c, b[0], b[1], b[2], b[3]);
    Machine m = make(c, std::vector<uint8_t>{1, 2, 3});
    RunResult r = m.run();
    ASSERT_EQ(r.status, RunStatus::kTrap) << b[0];
    EXPECT_EQ(r.trap.reason, TrapReason::kSyscallBadBuffer) << b[0];
  }
}

TEST(MachineTest, CycleLimitIsResumable) {
  Machine m = make({addi(5, 5, 1), jal(0, -4)});
  RunResult r = m.run(1001);
  EXPECT_EQ(r.status, RunStatus::kCycleLimit);
  EXPECT_EQ(r.cycles, 1001u);
  EXPECT_EQ(m.reg(5), 501u);
  EXPECT_EQ(m.pc(), 0x10004u);
  r = m.run(2000);
  EXPECT_EQ(r.cycles, 2000u);
  EXPECT_EQ(m.reg(5), 1000u);
  EXPECT_EQ(m.run(2000).cycles, 2000u);  // a limit already reached runs nothing
}

TEST(MachineTest, TraceRows) {
  // 0x10000 li x1 (lui+addi)  0x10008 sw x1, 4(x2)  0x1000c lb x3, 7(x2)  0x10010 beq x0,x0,+8
  // 0x10018 ecall (exit)
  std::vector<uint32_t> c;
  li(c, 1, 0x80FF1234);
  c.push_back(sw(1, 2, 4));
  c.push_back(lb(3, 2, 7));
  c.push_back(beq(0, 0, 8));
  c.push_back(ebreak());
  c.push_back(ecall());
  Machine m = make(c);
  m.set_reg(2, kData);
  m.set_reg(kA7, kSysExit);
  TraceRecorder t;
  RunResult r = m.run_trace(&t);
  ASSERT_EQ(r.status, RunStatus::kExited);
  ASSERT_EQ(t.rows.size(), 6u);
  EXPECT_EQ(t.rows[0], (TraceRow{0x10000, c[0], 0, 0, 0x80FF1000, 0, 0, 0}));
  EXPECT_EQ(t.rows[1], (TraceRow{0x10004, c[1], 0x80FF1000, 0, 0x80FF1234, 0, 0, 0}));
  EXPECT_EQ(t.rows[2], (TraceRow{0x10008, c[2], kData, 0x80FF1234, 0, kData + 4, 0, 0x80FF1234}));
  EXPECT_EQ(t.rows[3], (TraceRow{0x1000C, c[3], kData, 0, 0xFFFFFF80, kData + 7, 0x80FF1234, 0x80FF1234}));
  EXPECT_EQ(t.rows[4], (TraceRow{0x10010, c[4], 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(t.rows[5], (TraceRow{0x10018, c[6], kSysExit, 0, 0, 0, 0, 0}));
  ASSERT_EQ(t.io.size(), 1u);
  EXPECT_EQ(t.io[0].number, kSysExit);
  EXPECT_EQ(t.io[0].cycle, 5u);  // row index of the ecall
}

// A pseudo-random read-modify-write walk over 1 MiB of RAM (256 pages), n iterations, then exit.
std::vector<uint32_t> memory_walk(uint32_t n) {
  std::vector<uint32_t> c;
  li(c, 5, 12345);
  li(c, 6, 1103515245);
  li(c, 7, 0x100000);
  li(c, 8, 0xFFFFC);
  li(c, 9, n);
  const size_t loop = c.size();
  c.push_back(mul(5, 5, 6));
  c.push_back(addi(5, 5, 1234));
  c.push_back(and_(10, 5, 8));
  c.push_back(add(10, 10, 7));
  c.push_back(lw(11, 10, 0));
  c.push_back(add(11, 11, 5));
  c.push_back(sw(11, 10, 0));
  c.push_back(sb(5, 10, 1));
  c.push_back(addi(9, 9, -1));
  c.push_back(bne(9, 0, -static_cast<int32_t>((c.size() - loop) * 4)));
  c.push_back(addi(kA0, 11, 0));
  li(c, kA7, kSysExit);
  c.push_back(ecall());
  return c;
}

TEST(MachineTest, CheckpointResumeGivesTheSameTrace) {
  const auto code = memory_walk(40000);
  Machine straight = make(code);
  TraceRecorder full;
  RunResult end = straight.run_trace(&full);
  ASSERT_EQ(end.status, RunStatus::kExited);
  ASSERT_GT(full.rows.size(), 350000u);

  for (uint64_t at : {uint64_t{0}, uint64_t{1}, uint64_t{12345}, uint64_t{200001}, full.rows.size() - 1}) {
    Machine m = make(code);
    m.run(at);
    ASSERT_EQ(m.cycles(), at);
    Checkpoint cp = m.checkpoint();
    // Keep running the original past the checkpoint (its writes must not leak into cp).
    TraceRecorder rest_original;
    RunResult r1 = m.run_trace(&rest_original);
    Machine resumed = Machine::resume(cp);
    TraceRecorder rest_resumed;
    RunResult r2 = resumed.run_trace(&rest_resumed);
    ASSERT_EQ(r1.status, RunStatus::kExited);
    ASSERT_EQ(r2.status, RunStatus::kExited);
    EXPECT_EQ(r1.exit_code, end.exit_code);
    EXPECT_EQ(r2.exit_code, end.exit_code);
    EXPECT_EQ(r2.cycles, end.cycles);
    ASSERT_EQ(rest_resumed.rows.size(), full.rows.size() - at) << "at " << at;
    EXPECT_TRUE(std::equal(rest_resumed.rows.begin(), rest_resumed.rows.end(), full.rows.begin() + at))
        << "at " << at;
    EXPECT_TRUE(rest_original.rows == rest_resumed.rows) << "at " << at;
  }
}

TEST(MachineTest, SegmentsTracedFromCheckpointsConcatenateToTheStraightTrace) {
  const auto code = memory_walk(20000);
  Machine straight = make(code);
  TraceRecorder full;
  ASSERT_EQ(straight.run_trace(&full).status, RunStatus::kExited);
  constexpr uint64_t kSegment = 65536;
  // Fast mode to each boundary, a checkpoint there.
  Machine fast = make(code);
  std::vector<Checkpoint> starts;
  do {
    starts.push_back(fast.checkpoint());
  } while (fast.run(fast.cycles() + kSegment).status == RunStatus::kCycleLimit);
  ASSERT_GE(starts.size(), 3u);
  // Trace the segments in reverse order (they are independent) and concatenate.
  std::vector<TraceRecorder> parts(starts.size());
  for (size_t k = starts.size(); k-- > 0;) {
    Machine seg = Machine::resume(starts[k]);
    seg.run_trace(&parts[k], starts[k].cycle + kSegment);
  }
  TraceRows joined;
  for (const auto& p : parts) joined.insert(joined.end(), p.rows.begin(), p.rows.end());
  ASSERT_EQ(joined.size(), full.rows.size());
  EXPECT_TRUE(joined == full.rows);
}

TEST(MachineTest, NestedCheckpointsAndFastModeAgree) {
  const auto code = memory_walk(30000);
  Machine ref = make(code);
  const RunResult want = ref.run();
  // Hop through the run with checkpoints of checkpoints, resuming each time from the last one.
  Machine m = make(code);
  std::vector<Checkpoint> chain;
  for (uint64_t at = 7; m.run(at).status == RunStatus::kCycleLimit; at = at * 3 + 1000) {
    chain.push_back(m.checkpoint());
    m = Machine::resume(chain.back());
  }
  EXPECT_EQ(m.cycles(), want.cycles);
  EXPECT_EQ(m.reg(kA0), want.exit_code);
  // An early checkpoint still replays identically after all later activity.
  Machine again = Machine::resume(chain.front());
  RunResult r = again.run();
  EXPECT_EQ(r.cycles, want.cycles);
  EXPECT_EQ(r.exit_code, want.exit_code);
  for (uint32_t a = 0x100000; a < 0x200000; a += 4)
    ASSERT_EQ(again.memory().peek_word(a), ref.memory().peek_word(a)) << std::hex << a;
  // Snapshots share pages: a checkpoint holds about the 256 walked pages, not copies of RAM.
  EXPECT_LE(chain.back().memory.pages.size(), 260u);
}

}  // namespace
}  // namespace goldfinch::vm
