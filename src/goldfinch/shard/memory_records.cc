#include "goldfinch/shard/memory_records.h"

#include <algorithm>
#include <map>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/io.h"
#include "goldfinch/circuit/program_table.h"
#include "goldfinch/circuit/ram_boundary.h"
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::shard {
namespace {

using circuit::kInputCursorCell;
using circuit::kOutputLengthCell;

uint64_t key_of(uint32_t space, uint32_t addr) { return uint64_t{space} << 32 | addr; }

// What the circuit's witness generator uses to classify accesses: the program table's decoded
// rows (rs1, rs2, rd, wr, class, wx) and the image's read-only words.
struct Context {
  explicit Context(const ShardPlan& plan)
      : program(vm::build_program(plan.image)), rows(circuit::decode_program(*program)), image(plan.image) {}
  bool read_only(uint32_t word) const {
    if (const circuit::ImageWord* w = image.find(word)) return !w->writable;
    return word >= circuit::kInputWordBase && word < circuit::kInputWordEnd;
  }
  uint32_t space_of(uint32_t word) const { return read_only(word) ? kSpaceReadOnly : kSpaceRam; }

  std::shared_ptr<const vm::Program> program;
  std::vector<circuit::ProgramRow> rows;
  circuit::ImageTable image;
};

// Re-executes shard k and lists the accesses exactly as CpuTable::trace makes them (cpu.cc),
// with clk = global cycle + 1. The first access of a cell in the shard gives its receive (the
// value at the shard's start, the timestamp from `last`), its last access the send.
ShardRecords run_shard(const Context& ctx, const ShardPlan& plan, size_t k, LastAccess& last) {
  GF_CHECK(k < plan.shards.size(), "shard index out of range");
  const vm::Checkpoint& cp = plan.checkpoints[k];
  const ShardBoundary& b = plan.shards[k];
  const bool last_shard = k + 1 == plan.shards.size();
  const vm::Machine start = vm::Machine::resume(cp);  // the memory at the shard's start, never run
  vm::Machine m = vm::Machine::resume(cp);
  vm::TraceRecorder trace;
  trace.reserve(b.end_cycle - b.start_cycle);
  const vm::RunResult r = m.run_trace(&trace, b.end_cycle);
  GF_CHECK(r.status != vm::RunStatus::kTrap, "a planned shard trapped on re-execution");
  GF_CHECK(trace.rows.size() == b.end_cycle - b.start_cycle && m.pc() == b.end_pc,
           "re-executed shard disagrees with its plan");

  std::map<uint64_t, MemoryRecord> receives, sends;
  auto start_value = [&](uint32_t space, uint32_t addr) -> uint32_t {
    if (space != kSpaceRegisters) return start.memory().peek_word(addr * 4);
    if (addr < 32) return cp.regs[addr];
    if (addr == kInputCursorCell) return static_cast<uint32_t>(cp.input_cursor);
    GF_CHECK(addr == kOutputLengthCell, "register-space address past the I/O state cells");
    return static_cast<uint32_t>(cp.output.size());
  };
  auto current = [&](uint32_t space, uint32_t addr) {
    auto it = sends.find(key_of(space, addr));
    return it != sends.end() ? it->second.value : start_value(space, addr);
  };
  auto previous_ts = [&](uint64_t key) -> uint64_t {
    if (auto it = sends.find(key); it != sends.end()) return it->second.ts;
    auto it = last.find(key);
    return it == last.end() ? 0 : it->second;
  };
  auto access = [&](uint32_t space, uint32_t addr, uint32_t before, uint32_t after, uint64_t ts) {
    const uint64_t key = key_of(space, addr);
    GF_CHECK(before == current(space, addr), "an access read a value other than the cell's last one");
    const uint64_t prev = previous_ts(key);
    GF_CHECK(ts > prev, "timestamps of a cell must increase");
    if (!sends.contains(key)) receives.emplace(key, MemoryRecord{space, addr, before, prev});
    sends[key] = MemoryRecord{space, addr, after, ts};
  };
  auto read = [&](uint32_t space, uint32_t addr, uint64_t ts) {
    const uint32_t v = current(space, addr);
    access(space, addr, v, v, ts);
    return v;
  };

  const uint32_t base = ctx.program->base;
  for (size_t i = 0; i < trace.rows.size(); ++i) {
    const vm::TraceRow& t = trace.rows[i];
    const uint64_t clk = b.start_cycle + i + 1;
    const circuit::ProgramRow& p = ctx.rows.at((t.pc - base) / 4);
    if (p.wx) GF_CHECK(read(kSpaceRam, t.pc >> 2, 4 * clk) == p.word, "W+X fetch of a changed word");
    const uint32_t a = read(kSpaceRegisters, p.rs1, 4 * clk);
    const uint32_t bv = read(kSpaceRegisters, p.rs2, 4 * clk + 1);
    GF_CHECK(a == t.rs1_value && bv == t.rs2_value, "register file disagrees with the trace");
    if (p.opclass == circuit::kClassLoad || p.opclass == circuit::kClassStore) {
      const uint32_t wa = t.mem_addr >> 2;
      access(ctx.space_of(wa), wa, t.mem_before, t.mem_after, 4 * clk + 2);
    }
    if (p.opclass == circuit::kClassEcall) {
      const uint64_t ts = 4 * clk + 2;
      if (a == vm::kSysCycleCount) {
        access(kSpaceRegisters, 11, current(kSpaceRegisters, 11), static_cast<uint32_t>((clk - 1) >> 32), ts);
      } else if (a == vm::kSysRead || a == vm::kSysCommit || a == vm::kSysWrite || a == vm::kSysVerifyClaim) {
        const bool is_read = a == vm::kSysRead, is_write = a == vm::kSysWrite, is_claim = a == vm::kSysVerifyClaim;
        const uint32_t a1 = read(kSpaceRegisters, 11, ts);
        const uint32_t a2 = current(kSpaceRegisters, 12);
        if (is_read || is_write) read(kSpaceRegisters, 12, ts);
        const uint32_t cell = is_read ? kInputCursorCell : kOutputLengthCell;
        const uint32_t cursor = current(kSpaceRegisters, cell);
        uint32_t count = 0;
        if (is_write) {
          count = bv == 1 || bv == 2 ? a2 : 0;
        } else if (is_read) {
          const uint32_t len = read(kSpaceReadOnly, circuit::kInputLengthWord, ts);
          GF_CHECK(len == plan.input.size() && cursor <= len, "input length word");
          count = bv == 0 ? std::min(a2, len - cursor) : 0;
        } else {
          count = is_claim ? vm::kClaimBytes : a1;
        }
        uint32_t addr = is_read || is_write ? a1 : bv, pos = cursor, left = count;
        while (left > 0) {
          const uint32_t wa = addr >> 2, off = addr & 3, take = std::min(4 - off, left);
          const uint32_t space = ctx.space_of(wa);
          const uint32_t old = current(space, wa);
          uint32_t now = old;
          if (is_read) {
            for (uint32_t j = 0; j < take; ++j) {
              const uint32_t shift = 8 * (off + j);
              now = (now & ~(0xFFu << shift)) | (uint32_t{plan.input[pos + j]} << shift);
            }
          }
          access(space, wa, old, now, ts);
          addr += take;
          pos += take;
          left -= take;
        }
        if (!is_write) access(kSpaceRegisters, cell, cursor, cursor + count, ts);
      } else if (a == vm::kSysKeccakF) {
        // The state's 50 words, one access each at 4 clk + 2 (circuit/precompile_events.h).
        uint64_t state[25] = {};
        for (uint32_t j = 0; j < 50; ++j) state[j / 2] |= uint64_t{current(kSpaceRam, bv / 4 + j)} << (32 * (j % 2));
        uint64_t after[25];
        std::copy(state, state + 25, after);
        vm::keccak_f1600(after);
        for (uint32_t j = 0; j < 50; ++j)
          access(kSpaceRam, bv / 4 + j, current(kSpaceRam, bv / 4 + j), static_cast<uint32_t>(after[j / 2] >> (32 * (j % 2))), ts);
      } else if (a == vm::kSysPoseidon2) {
        // The state's 16 words, one access each at 4 clk + 2 (circuit/precompile_events.h).
        multiset::Poseidon2State state;
        for (uint32_t e = 0; e < 8; ++e)
          state[e] = Fp::from_u64(uint64_t{current(kSpaceRam, bv / 4 + 2 * e)} |
                                  uint64_t{current(kSpaceRam, bv / 4 + 2 * e + 1)} << 32);
        multiset::poseidon2_permute(state);
        for (uint32_t j = 0; j < 16; ++j)
          access(kSpaceRam, bv / 4 + j, current(kSpaceRam, bv / 4 + j), static_cast<uint32_t>(state[j / 2].value() >> (32 * (j % 2))), ts);
      } else if (a == vm::kSysBlake3Compress) {
        // a1..a6 at 4 clk + 2, cv read at 4 clk + 1, block at 4 clk + 2, out written at 4 clk + 3.
        uint32_t args[7] = {bv};
        for (uint32_t q = 1; q < 7; ++q) args[q] = read(kSpaceRegisters, 10 + q, ts);
        uint32_t cv[8], block[16], out[16];
        for (uint32_t q = 0; q < 8; ++q) cv[q] = read(ctx.space_of(args[0] / 4 + q), args[0] / 4 + q, 4 * clk + 1);
        for (uint32_t q = 0; q < 16; ++q) block[q] = read(ctx.space_of(args[1] / 4 + q), args[1] / 4 + q, 4 * clk + 2);
        vm::blake3_compress_xof(cv, block, uint64_t{args[2]} | uint64_t{args[3]} << 32, args[4], args[5], out);
        for (uint32_t q = 0; q < 16; ++q) access(kSpaceRam, args[6] / 4 + q, current(kSpaceRam, args[6] / 4 + q), out[q], 4 * clk + 3);
      } else if (a == vm::kSysFp3Horner) {
        // a1..a4 at 4 clk + 2, x read at 4 clk + 1, the coefficients at 4 clk + 2, out written at
        // 4 clk + 3 (circuit/precompile_events.h).
        uint32_t args[5] = {bv};
        for (uint32_t q = 1; q < 5; ++q) args[q] = read(kSpaceRegisters, 10 + q, ts);
        const uint32_t n = args[2], kind = args[4];
        uint64_t x[3] = {}, out[3];
        for (uint32_t q = 0; q < 6; ++q)
          x[q / 2] |= uint64_t{read(ctx.space_of(args[0] / 4 + q), args[0] / 4 + q, 4 * clk + 1)} << (32 * (q % 2));
        std::vector<uint64_t> coeffs(size_t{n} * kind);
        for (uint32_t q = 0; q < 2 * kind * n; ++q)
          coeffs[q / 2] |= uint64_t{read(ctx.space_of(args[1] / 4 + q), args[1] / 4 + q, 4 * clk + 2)} << (32 * (q % 2));
        vm::fp3_horner(x, coeffs.data(), n, kind, out);
        for (uint32_t q = 0; q < 6; ++q)
          access(kSpaceRam, args[3] / 4 + q, current(kSpaceRam, args[3] / 4 + q), static_cast<uint32_t>(out[q / 2] >> (32 * (q % 2))),
                 4 * clk + 3);
      } else {
        GF_CHECK(a == vm::kSysExit, "system call the circuit does not support");
      }
    }
    if (p.wr) access(kSpaceRegisters, p.rd, current(kSpaceRegisters, p.rd), t.rd_value, 4 * clk + 3);
  }
  if (last_shard) {
    // The input stream table's accesses (cpu.cc, after the run): each payload word read(0)
    // consumed, i.e. every word of bytes [0, cursor), is read once more at its last timestamp + 1.
    const uint32_t cursor = current(kSpaceRegisters, kInputCursorCell);
    for (uint32_t w = 0; w < (cursor + 3) / 4; ++w) {
      const uint32_t wa = circuit::kInputPayloadWord + w;
      const uint32_t v = current(kSpaceReadOnly, wa);
      access(kSpaceReadOnly, wa, v, v, previous_ts(key_of(kSpaceReadOnly, wa)) + 1);
    }
  }
  // The derived state must be the machine's state after the shard.
  for (uint32_t reg = 0; reg < 32; ++reg) GF_CHECK(current(kSpaceRegisters, reg) == m.reg(reg), "register after the shard");
  GF_CHECK(current(kSpaceRegisters, kInputCursorCell) == m.input_cursor(), "input cursor after the shard");
  GF_CHECK(current(kSpaceRegisters, kOutputLengthCell) == m.output().size(), "output length after the shard");
  ShardRecords out;
  out.receives.reserve(receives.size());
  out.sends.reserve(sends.size());
  for (const auto& [key, rec] : receives) out.receives.push_back(rec);
  for (const auto& [key, rec] : sends) {
    if (rec.space != kSpaceRegisters) GF_CHECK(m.memory().peek_word(rec.addr * 4) == rec.value, "memory after the shard");
    last[key] = rec.ts;
    out.sends.push_back(rec);
  }
  return out;
}

}  // namespace

ShardRecords shard_memory_records(const ShardPlan& plan, size_t k, LastAccess& last) {
  const Context ctx(plan);
  return run_shard(ctx, plan, k, last);
}

ShardRecords shard_memory_records(const ShardPlan& plan, size_t k) {
  const Context ctx(plan);
  LastAccess last;
  for (size_t j = 0; j < k; ++j) run_shard(ctx, plan, j, last);
  return run_shard(ctx, plan, k, last);
}

std::vector<ShardRecords> all_shard_memory_records(const ShardPlan& plan) {
  const Context ctx(plan);
  LastAccess last;
  std::vector<ShardRecords> out;
  out.reserve(plan.shards.size());
  for (size_t k = 0; k < plan.shards.size(); ++k) out.push_back(run_shard(ctx, plan, k, last));
  return out;
}

RunBoundary run_boundary(const ShardPlan& plan, const std::vector<ShardRecords>& records) {
  const circuit::ImageTable image(plan.image);
  std::map<uint64_t, MemoryRecord> final;
  for (const ShardRecords& s : records)
    for (const MemoryRecord& r : s.sends) final[key_of(r.space, r.addr)] = r;
  RunBoundary out;
  for (const auto& [key, r] : final) {
    const uint32_t v0 = r.space == kSpaceRegisters ? 0 : circuit::initial_word(image, plan.input, r.addr);
    out.init.push_back(MemoryRecord{r.space, r.addr, v0, 0});
    out.final.push_back(r);
  }
  return out;
}

std::array<Fp, 4> record_tuple(const MemoryRecord& r) {
  return {Fp::from_u64(r.space), Fp::from_u64(r.addr), Fp::from_u64(r.value),
          Fp::from_u64(r.ts)};
}

multiset::MultisetHash contribution(const ShardRecords& records) {
  multiset::MultisetHash h;
  for (const MemoryRecord& r : records.sends) GF_CHECK(h.add(record_tuple(r)).ok(), "hash to curve failed");
  for (const MemoryRecord& r : records.receives) GF_CHECK(h.remove(record_tuple(r)).ok(), "hash to curve failed");
  return h;
}

}  // namespace goldfinch::shard
