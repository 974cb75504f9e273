// Executor throughput on a mixed integer workload (ALU, multiply, divide, loads/stores over
// 64 KiB, data-dependent branches, calls/returns), hand-assembled so no guest toolchain is
// needed. Fast mode and trace mode are reported beside two references measured in the same run:
// Unicorn (QEMU's JIT) on the same program, and the same computation compiled natively.
#include <benchmark/benchmark.h>
#include <unicorn/unicorn.h>

#include <cstdio>
#include <cstdlib>

#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/rv_asm.h"

namespace {

using namespace goldfinch::vm;       // NOLINT
using namespace goldfinch::vm::rv;   // NOLINT

constexpr uint32_t kBuf = 0x100000, kMult = 1103515245;

// Returns the program and, in *ecall_pc, the address of its final exit ecall.
std::vector<uint32_t> workload(uint32_t iterations, uint32_t* ecall_pc) {
  std::vector<uint32_t> c;
  li(c, 5, 12345);
  li(c, 6, kMult);
  li(c, 7, kBuf);
  li(c, 8, 0xFFFC);
  li(c, 9, iterations);
  li(c, 20, 0);
  const size_t loop = c.size();
  c.push_back(mul(5, 5, 6));
  c.push_back(addi(5, 5, 1013));
  c.push_back(srli(10, 5, 7));
  c.push_back(xor_(20, 20, 10));
  c.push_back(and_(11, 5, 8));
  c.push_back(add(11, 11, 7));
  c.push_back(lw(12, 11, 0));
  c.push_back(add(12, 12, 20));
  c.push_back(sw(12, 11, 0));
  c.push_back(slli(13, 20, 3));
  c.push_back(sub(20, 13, 20));
  c.push_back(andi(14, 5, 0x100));
  const size_t skip_branch = c.size();
  c.push_back(0);  // beq x14, x0, skip
  const size_t call = c.size();
  c.push_back(0);  // jal ra, func
  const size_t skip = c.size();
  c.push_back(sltu(15, 20, 5));
  c.push_back(add(20, 20, 15));
  c.push_back(addi(9, 9, -1));
  c.push_back(bne(9, 0, -static_cast<int32_t>((c.size() - loop) * 4)));
  c.push_back(addi(10, 20, 0));
  c.push_back(addi(17, 0, 93));
  *ecall_pc = 0x10000 + static_cast<uint32_t>(c.size()) * 4;
  c.push_back(ecall());
  const size_t func = c.size();
  c.push_back(lbu(16, 11, 1));
  c.push_back(add(20, 20, 16));
  c.push_back(divu(17, 20, 6));
  c.push_back(xor_(20, 20, 17));
  c.push_back(jalr(0, 1, 0));
  c[skip_branch] = beq(14, 0, static_cast<int32_t>((skip - skip_branch) * 4));
  c[call] = jal(1, static_cast<int32_t>((func - call) * 4));
  return c;
}

// wx: the code segment is also writable, so every instruction takes the self-modifying-code check.
Machine make_machine(uint32_t iterations, bool wx = false) {
  uint32_t ecall_pc;
  ElfImage image = image_from_code(workload(iterations, &ecall_pc));
  image.segments[0].writable = wx;
  auto m = Machine::create(image);
  return std::move(std::get<Machine>(m));
}

constexpr uint32_t kFastIterations = 2'000'000;
constexpr uint32_t kTraceIterations = 200'000;

void report(benchmark::State& state, uint64_t instructions) {
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(instructions) / 1e6, benchmark::Counter::kIsRate);
  state.counters["instructions"] = static_cast<double>(instructions) / static_cast<double>(state.iterations());
}

void BM_FastMode(benchmark::State& state) {
  uint64_t total = 0;
  for (auto _ : state) {
    Machine m = make_machine(kFastIterations);
    RunResult r = m.run();
    if (r.status != RunStatus::kExited) state.SkipWithError("workload did not exit");
    benchmark::DoNotOptimize(r.exit_code);
    total += r.cycles;
  }
  report(state, total);
}
BENCHMARK(BM_FastMode)->Unit(benchmark::kMillisecond);

// The same workload in a writable and executable segment (docs/executor.md: kWxCheck).
void BM_FastModeWx(benchmark::State& state) {
  uint64_t total = 0;
  for (auto _ : state) {
    Machine m = make_machine(kFastIterations, /*wx=*/true);
    RunResult r = m.run();
    if (r.status != RunStatus::kExited) state.SkipWithError("workload did not exit");
    benchmark::DoNotOptimize(r.exit_code);
    total += r.cycles;
  }
  report(state, total);
}
BENCHMARK(BM_FastModeWx)->Unit(benchmark::kMillisecond);

void BM_TraceMode(benchmark::State& state) {
  uint64_t total = 0;
  TraceRecorder t;
  t.reserve(kTraceIterations * 24ull);
  for (auto _ : state) {
    t.clear();
    Machine m = make_machine(kTraceIterations);
    RunResult r = m.run_trace(&t);
    if (r.status != RunStatus::kExited) state.SkipWithError("workload did not exit");
    benchmark::DoNotOptimize(t.rows.data());
    total += r.cycles;
  }
  report(state, total);
  state.counters["bytes/cycle"] = sizeof(TraceRow);
}
BENCHMARK(BM_TraceMode)->Unit(benchmark::kMillisecond);

// A machine that has written one word on each of `pages` consecutive pages.
Machine machine_with_pages(uint32_t pages) {
  std::vector<uint32_t> code;
  li(code, 5, kBuf);
  li(code, 6, pages);
  li(code, 7, 4096);
  code.push_back(sw(6, 5, 0));     // loop:
  code.push_back(add(5, 5, 7));
  code.push_back(addi(6, 6, -1));
  code.push_back(bne(6, 0, -12));  // → loop
  code.push_back(ebreak());
  auto created = Machine::create(image_from_code(code));
  Machine m = std::move(std::get<Machine>(created));
  m.run(m.cycles() + 6 + 4ull * pages);  // stop before the ebreak
  if (m.memory().resident_pages() < pages) std::abort();
  return m;
}

// Checkpoint cost: snapshot of a machine with `pages` resident 4 KiB pages, then resume from it
// and write one word on every page (each first write copies its page: copy-on-write).
void BM_CheckpointResume(benchmark::State& state) {
  const auto pages = static_cast<uint32_t>(state.range(0));
  Machine m = machine_with_pages(pages);
  for (auto _ : state) {
    Checkpoint cp = m.checkpoint();
    Machine resumed = Machine::resume(cp);
    for (uint32_t p = 0; p < pages; ++p)
      resumed.memory().store_slow(kBuf + p * 4096, 4, p);
    benchmark::DoNotOptimize(resumed.memory().resident_pages());
  }
  state.counters["pages"] = pages;
}
BENCHMARK(BM_CheckpointResume)->Arg(16)->Arg(1024)->Arg(16384)->Unit(benchmark::kMicrosecond);

void BM_CheckpointOnly(benchmark::State& state) {
  const auto pages = static_cast<uint32_t>(state.range(0));
  Machine m = machine_with_pages(pages);
  for (auto _ : state) {
    Checkpoint cp = m.checkpoint();
    benchmark::DoNotOptimize(cp.memory.pages.data());
  }
  state.counters["pages"] = pages;
}
BENCHMARK(BM_CheckpointOnly)->Arg(16)->Arg(1024)->Arg(16384)->Unit(benchmark::kMicrosecond);

// Reference: Unicorn 2 (QEMU TCG JIT) running the same program to its exit ecall.
void BM_UnicornReference(benchmark::State& state) {
  uint32_t ecall_pc;
  const auto code = workload(kFastIterations, &ecall_pc);
  uint64_t instructions = 0;
  {
    Machine m = make_machine(kFastIterations);
    instructions = m.run().cycles - 1;  // Unicorn stops before the ecall
  }
  uint64_t total = 0;
  for (auto _ : state) {
    uc_engine* uc = nullptr;
    if (uc_open(UC_ARCH_RISCV, UC_MODE_RISCV32, &uc) != UC_ERR_OK) {
      state.SkipWithError("unicorn unavailable");
      return;
    }
    uc_mem_map(uc, 0x10000, 0x10000, UC_PROT_ALL);
    uc_mem_map(uc, kBuf, 0x11000, UC_PROT_ALL);
    uc_mem_write(uc, 0x10000, code.data(), code.size() * 4);
    if (uc_emu_start(uc, 0x10000, ecall_pc, 0, 0) != UC_ERR_OK) state.SkipWithError("unicorn failed");
    uint64_t a = 0;
    uc_reg_read(uc, UC_RISCV_REG_X20, &a);
    benchmark::DoNotOptimize(a);
    uc_close(uc);
    total += instructions;
  }
  report(state, total);
}
BENCHMARK(BM_UnicornReference)->Unit(benchmark::kMillisecond);

// Reference: the same computation as native x86-64 code; "MIPS" counts guest instructions.
void BM_NativeReference(benchmark::State& state) {
  uint64_t instructions = 0;
  {
    Machine m = make_machine(kFastIterations);
    instructions = m.run().cycles;
  }
  std::vector<uint32_t> buf(0x4400 / 1 + 0x4000, 0);
  uint64_t total = 0;
  for (auto _ : state) {
    std::fill(buf.begin(), buf.end(), 0);
    uint32_t x5 = 12345, x20 = 0;
    auto* bytes = reinterpret_cast<uint8_t*>(buf.data());
    for (uint32_t i = 0; i < kFastIterations; ++i) {
      x5 = x5 * kMult + 1013;
      x20 ^= x5 >> 7;
      const uint32_t off = x5 & 0xFFFC;
      uint32_t v;
      std::memcpy(&v, bytes + off, 4);
      v += x20;
      std::memcpy(bytes + off, &v, 4);
      x20 = (x20 << 3) - x20;
      if (x5 & 0x100) {
        x20 += bytes[off + 1];
        x20 ^= x20 / kMult;
      }
      x20 += x20 < x5 ? 1 : 0;
    }
    benchmark::DoNotOptimize(x20);
    total += instructions;
  }
  report(state, total);
}
BENCHMARK(BM_NativeReference)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
