// Witness generation (the prover side) of cpu.h; the AIR itself (interactions, constants,
// preprocessed columns) is in cpu.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/cpu.h"

#include "goldfinch/base/parallel.h"
#include "goldfinch/stark/security.h"
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace cpu;

static_assert(kMaxFp3HornerRows == uint64_t{1} << stark::kEnvelopeMaxLogHeight);

Result<CpuTable::Witness> CpuTable::trace(std::span<const vm::TraceRow> rows, const ProgramTable& program, LookupCounts& counts,
                                          const std::function<bool(uint32_t)>& read_only,
                                          const std::function<uint32_t(uint32_t)>& initial_word,
                                          std::span<const uint8_t> input, const ShardStart* shard) {
  Witness w;
  // A whole run starts at cycle 0 with zero registers and every cell at timestamp 0; a shard at
  // its start cycle, registers and boundary timestamp.
  const uint64_t clk0 = shard ? shard->start_cycle : 0;
  const uint64_t t0 = shard ? shard->boundary_ts() : 0;
  size_t n = 4;
  while (n < rows.size()) n *= 2;
  const bool wx = program.wx();
  w.main = RowMajorMatrix(n, wx ? kNumColsWx : kNumCols);
  w.program_counts.assign(program.rows().size(), 0);
  std::array<uint32_t, kNumRegisterCells> regs{};
  std::array<uint64_t, kNumRegisterCells> last_ts{};
  if (shard) regs = shard->regs;
  last_ts.fill(t0);
  // A RAM word the read and commit calls access (first access: its initial value).
  auto ram_word = [&](uint32_t wa) -> RamWord& {
    auto it = w.ram.find(wa);
    if (it == w.ram.end()) {
      GF_CHECK(static_cast<bool>(initial_word), "I/O system calls need the initial memory");
      const uint32_t v = initial_word(wa);
      it = w.ram.emplace(wa, RamWord{v, v, t0}).first;
    }
    return it->second;
  };
  std::map<uint32_t, InputWordEvent> input_words;  // by payload word index
  uint64_t fp3_rows = 0;  // the F_p^3 Horner table's rows so far (n per call)
  for (size_t i = 0; i < rows.size(); ++i) {
    const vm::TraceRow& t = rows[i];
    const size_t slot = program.row_of(t.pc);
    GF_CHECK(slot < program.rows().size(), "trace pc outside the program");
    const ProgramRow& p = program.rows()[slot];
    GF_CHECK(p.opclass != kClassNone, "instruction not supported by the circuit yet");
    ++w.program_counts[slot];
    auto set = [&](Col c, uint64_t v) { w.main.at(i, c) = Fp::from_u64(v); };
    const uint64_t clk = clk0 + i + 1;
    set(kIsReal, 1);
    set(kClk, clk);
    set(kPc, t.pc);
    set(static_cast<Col>(kFAlu + p.opclass - 1), 1);
    set(kAluOp, p.alu_op);
    set(kBrEq, p.br_kind & 1);
    set(kBrNeg, p.br_kind >> 1);
    set(kWr, p.wr);
    set(kRd, p.rd);
    set(kRs1, p.rs1);
    set(kRs2, p.rs2);
    set(kImm, p.imm);
    if (wx) {
      set(kWord, p.word);
      set(kWx, p.wx);
    }
    if (p.wx) {
      // The fetch read at 4 clk of the loaded word. Memory holds it on every run the executor
      // completes (a changed word traps); a forged trace that runs a changed word is encoded as
      // it claims, and the memory argument rejects the read.
      const uint64_t ts = 4 * clk;
      auto [it, fresh] = w.ram.try_emplace(t.pc >> 2, RamWord{p.word, p.word, t0});
      set(kFetchTsPrev, it->second.final_ts);
      const uint64_t d = ts - it->second.final_ts - 1;
      set(kFetchLo, d & 0xFFFF);
      set(kFetchHi, d >> 16);
      counts.range16(static_cast<uint32_t>(d & 0xFFFF));
      counts.range16(static_cast<uint32_t>(d >> 16));
      it->second.final_ts = ts;
      (void)fresh;
    }
    const uint32_t a = regs[p.rs1], b = regs[p.rs2];
    GF_CHECK(a == t.rs1_value && b == t.rs2_value, "register file disagrees with the executor's trace");
    set(kRs1Val, a);
    set(kRs2Val, b);
    auto access = [&](uint32_t reg, uint64_t ts, Col prev, Col lo, Col hi) {
      set(prev, last_ts[reg]);
      const uint64_t d = ts - last_ts[reg] - 1;
      GF_CHECK(d < (uint64_t{1} << 32), "timestamp gap above 2^32");
      set(lo, d & 0xFFFF);
      set(hi, d >> 16);
      counts.range16(static_cast<uint32_t>(d & 0xFFFF));
      counts.range16(static_cast<uint32_t>(d >> 16));
      last_ts[reg] = ts;
    };
    access(p.rs1, 4 * clk, kRs1TsPrev, kRs1Lo, kRs1Hi);
    access(p.rs2, 4 * clk + 1, kRs2TsPrev, kRs2Lo, kRs2Hi);
    const uint32_t op2 = p.opclass == kClassAluImm ? p.imm : b;
    set(kOp2, op2);
    uint32_t alu_res = 0;
    const bool alu_req = p.opclass == kClassAlu || p.opclass == kClassAluImm || (p.opclass == kClassBranch && !(p.br_kind & 1));
    if (alu_req) {
      alu_res = alu_eval(static_cast<AluOp>(p.alu_op), a, op2);
      w.alu_events.push_back({static_cast<AluOp>(p.alu_op), a, op2});
    }
    set(kAluReq, alu_req);
    set(kAluRes, alu_res);
    const Fp diff = Fp::from_u64(a) - Fp::from_u64(b);
    set(kIsEq, a == b);
    w.main.at(i, kEqInv) = diff;  // inverted (zero kept) after the loop, in one batch per block
    const uint32_t cond = (p.br_kind & 1) ? (a == b) : alu_res;
    set(kCond, cond);
    const bool taken = p.opclass == kClassBranch && ((cond ^ (p.br_kind >> 1)) & 1);
    set(kTaken, taken);
    const bool is_mem = p.opclass == kClassLoad || p.opclass == kClassStore;
    const uint32_t base = (p.opclass == kClassJalr || is_mem) ? a : t.pc;
    set(kTargetBase, base);
    const uint32_t target = base + p.imm;
    set(kTarget, target);
    const bool tgt_req = p.opclass == kClassAuipc || p.opclass == kClassJal || p.opclass == kClassJalr ||
                         p.opclass == kClassBranch || is_mem;
    if (tgt_req) w.alu_events.push_back({kAdd, base, p.imm});
    uint32_t next_pc = t.pc + 4;
    if (p.opclass == kClassJal || taken) next_pc = target;
    if (p.opclass == kClassJalr) {
      set(kJalrBit, target & 1);
      next_pc = target & ~1u;
    }
    set(kNextPc, next_pc);
    if (i + 1 < rows.size()) GF_CHECK(rows[i + 1].pc == next_pc, "control flow disagrees with the executor's trace");
    uint32_t rd_val = 0;
    switch (p.opclass) {
      case kClassAlu: case kClassAluImm: rd_val = alu_res; break;
      case kClassLui: rd_val = p.imm; break;
      case kClassAuipc: rd_val = target; break;
      case kClassJal: case kClassJalr: rd_val = t.pc + 4; break;
      default: break;
    }
    if (is_mem) {
      GF_CHECK(target == t.mem_addr, "memory address disagrees with the executor's trace");
      const uint32_t wa = target >> 2, off = target & 3;
      set(kMemW, wa);
      set(kMemW0, wa & 0xFFFF);
      set(kMemW1, wa >> 16);
      set(kMemOff0, off & 1);
      set(kMemOff1, off >> 1);
      const uint32_t old = t.mem_before;
      const MemResult res = mem_eval(static_cast<MemOp>(p.alu_op), off, old, b);
      GF_CHECK(res.new_word == t.mem_after, "memory word disagrees with the executor's trace");
      const bool ro = read_only && read_only(wa);
      GF_CHECK(!ro || p.opclass == kClassLoad, "store to a read-only word (the executor traps)");
      set(kMemRo, ro);
      set(kMemOld, old);
      set(kMemNew, res.new_word);
      set(kLsReg, res.reg_value);
      if (p.opclass == kClassLoad) rd_val = res.reg_value;
      w.mem_events.push_back({static_cast<MemOp>(p.alu_op), off, old, b});
      const uint64_t ts = 4 * clk + 2;
      auto [it, fresh] = w.ram.try_emplace(wa, RamWord{old, old, t0});
      set(kMemTsPrev, it->second.final_ts);
      const uint64_t d = ts - it->second.final_ts - 1;
      GF_CHECK(it->second.final_value == old, "memory word disagrees with its last write");
      set(kMemLo, d & 0xFFFF);
      set(kMemHi, d >> 16);
      counts.range16(static_cast<uint32_t>(d & 0xFFFF));
      counts.range16(static_cast<uint32_t>(d >> 16));
      counts.range16(wa & 0xFFFF);
      counts.range16(4 * (wa >> 16));
      it->second.final_value = res.new_word;
      it->second.final_ts = ts;
      (void)fresh;
    }
    if (p.opclass == kClassEcall) {
      // a7 = a, a0 = b. The slot-2 register access (a1 for cycle count, a2 for write).
      auto reg_slot2 = [&](uint32_t reg, uint32_t new_value) {
        const uint64_t ts = 4 * clk + 2;
        set(kMemW, reg);
        set(kMemW0, reg);
        set(kMemOld, regs[reg]);
        set(kMemNew, new_value);
        set(kMemTsPrev, last_ts[reg]);
        const uint64_t d = ts - last_ts[reg] - 1;
        set(kMemLo, d & 0xFFFF);
        set(kMemHi, d >> 16);
        counts.range16(static_cast<uint32_t>(d & 0xFFFF));
        counts.range16(static_cast<uint32_t>(d >> 16));
        counts.range16(reg);
        counts.range16(0);
        last_ts[reg] = ts;
        regs[reg] = new_value;
      };
      if (a == kSyscallExit) {
        if (shard && !shard->last)
          return Error{ErrorCode::kInvalidArgument, "the exit call in a shard that is not the last", kSyscallExit, clk};
        set(kIsExit, 1);
        rd_val = b;
        GF_CHECK(i + 1 == rows.size(), "the exit call must be the last row of the trace");
        w.public_values = {Fp::from_u64(b), Fp::from_u64(clk)};
        if (shard) {
          for (uint64_t v : {clk0, uint64_t{shard->start_pc}, uint64_t{0}, uint64_t{1}}) w.public_values.push_back(Fp::from_u64(v));
        }
      } else if (a == kSyscallCycleCount) {
        set(kIsCycle, 1);
        rd_val = static_cast<uint32_t>(clk - 1);
        reg_slot2(11, 0);
      } else if (a == kSyscallRead || a == kSyscallCommit || a == kSyscallWrite || a == kSyscallVerifyClaim) {
        const bool read = a == kSyscallRead, write = a == kSyscallWrite, claim = a == kSyscallVerifyClaim;
        set(read ? kIsRead : write ? kIsWrite : claim ? kIsClaim : kIsCommit, 1);
        const uint64_t ts = 4 * clk + 2;
        IoCallEvent ev;
        ev.kind = read ? kIoRead : write ? kIoWrite : claim ? kIoClaim : kIoCommit;
        ev.clk = clk;
        ev.a0 = b;
        ev.a1 = regs[11];
        ev.a2 = regs[12];
        ev.a1_ts = last_ts[11];
        last_ts[11] = ts;
        const uint32_t cell = read ? kInputCursorCell : kOutputLengthCell;
        ev.cursor_old = write ? 0 : regs[cell];
        ev.cursor_ts = last_ts[cell];
        uint32_t count = 0;
        if (read || write) {
          ev.a2_ts = last_ts[12];
          last_ts[12] = ts;
        }
        if (write) {
          const bool console = b == 1 || b == 2;
          count = console ? ev.a2 : 0;
          ev.result = console ? ev.a2 : kWriteBadFd;
        } else if (read) {
          RamWord& len_word = ram_word(kInputLengthWord);
          ev.payload_len = len_word.final_value;
          ev.len_ts = len_word.final_ts;
          len_word.final_ts = ts;
          GF_CHECK(ev.payload_len == input.size() && ev.cursor_old <= ev.payload_len, "input payload length");
          if (b == 0) count = std::min(ev.a2, ev.payload_len - ev.cursor_old);
          ev.result = b == 0 ? count : kWriteBadFd;
        } else {
          count = claim ? kClaimBytes : ev.a1;
          ev.result = 0;
          if (claim) w.claims.push_back(ev.cursor_old);
        }
        // The buffer, one aligned word at a time.
        uint32_t addr = read || write ? ev.a1 : ev.a0, pos = ev.cursor_old, left = count;
        while (left > 0) {
          IoWordEvent we;
          we.clk = clk;
          we.word = addr >> 2;
          we.off = addr & 3;
          we.pos = pos;
          we.remaining = left;
          we.read_only = read_only && read_only(we.word);
          GF_CHECK(!(read && we.read_only), "read into a read-only word (the executor traps)");
          RamWord& word = ram_word(we.word);
          we.old_word = we.new_word = word.final_value;
          we.ts_prev = word.final_ts;
          const uint32_t take = std::min(4 - we.off, left);
          for (uint32_t k = 0; k < take; ++k) {
            const uint32_t j = we.off + k, shift = 8 * j;
            if (read) {
              const uint8_t byte = input[pos + k];
              we.data[j] = byte;
              we.new_word = (we.new_word & ~(0xFFu << shift)) | (uint32_t{byte} << shift);
              InputWordEvent& iw = input_words[(pos + k) / 4];
              iw.index = (pos + k) / 4;
              ++iw.uses[(pos + k) % 4];
            } else if (!write) {
              w.output.push_back(static_cast<uint8_t>(we.old_word >> shift));
            }
          }
          word.final_value = we.new_word;
          word.final_ts = ts;
          (read ? w.read_words : write ? w.write_words : w.commit_words).push_back(we);
          addr += take;
          pos += take;
          left -= take;
        }
        if (write) {
          ev.cursor_new = count;  // no state cell: the chunk list's positions start at 0
        } else {
          regs[cell] = ev.cursor_old + count;
          last_ts[cell] = ts;
          ev.cursor_new = regs[cell];
        }
        rd_val = ev.result;
        w.io_calls.push_back(ev);
      } else if (a == kSyscallKeccakF) {
        // The 50 state words, each one access at 4 clk + 2 (writable memory: the executor traps
        // on anything else, and such a run has no witness).
        set(kIsKeccak, 1);
        rd_val = b;
        GF_CHECK(b % 8 == 0, "Keccak-f state pointer not 8-byte aligned (the executor traps)");
        KeccakEvent ev;
        ev.clk = clk;
        ev.a0 = b;
        const uint64_t ts = 4 * clk + 2;
        for (uint32_t j = 0; j < 50; ++j) {
          const uint32_t wa = b / 4 + j;
          GF_CHECK(!(read_only && read_only(wa)), "Keccak-f state in read-only memory (the executor traps)");
          RamWord& word = ram_word(wa);
          ev.ts_prev[j] = word.final_ts;
          ev.before[j / 2] |= uint64_t{word.final_value} << (32 * (j % 2));
        }
        ev.after = ev.before;
        vm::keccak_f1600(ev.after.data());
        for (uint32_t j = 0; j < 50; ++j) {
          RamWord& word = ram_word(b / 4 + j);
          word.final_value = static_cast<uint32_t>(ev.after[j / 2] >> (32 * (j % 2)));
          word.final_ts = ts;
        }
        w.keccak_calls.push_back(ev);
      } else if (a == kSyscallBlake3Compress) {
        // Registers a1..a6 at 4 clk + 2; cv words read at 4 clk + 1, block words at 4 clk + 2,
        // out words written at 4 clk + 3 (precompile_events.h: overlapping buffers stay ordered).
        set(kIsBlake3, 1);
        rd_val = b;
        Blake3Event ev;
        ev.clk = clk;
        ev.regs[0] = b;
        for (uint32_t r = 1; r < 7; ++r) {
          ev.regs[r] = regs[10 + r];
          ev.reg_ts_prev[r - 1] = last_ts[10 + r];
          last_ts[10 + r] = 4 * clk + 2;
        }
        const uint32_t cv = ev.regs[0], block = ev.regs[1], out = ev.regs[6];
        GF_CHECK(cv % 4 == 0 && block % 4 == 0 && out % 4 == 0 && ev.regs[4] <= 64 && ev.regs[5] < 256,
                 "BLAKE3 compress arguments out of range (the executor traps)");
        auto read_word = [&](uint32_t wa, uint64_t ts, uint32_t* value, bool* ro, uint64_t* ts_prev) {
          RamWord& word = ram_word(wa);
          *value = word.final_value;
          *ro = read_only && read_only(wa);
          *ts_prev = word.final_ts;
          word.final_ts = ts;
        };
        for (uint32_t q = 0; q < 8; ++q) {
          bool ro = false;
          read_word(cv / 4 + q, 4 * clk + 1, &ev.cv[q], &ro, &ev.cv_ts_prev[q]);
          ev.cv_ro[q] = ro;
        }
        for (uint32_t q = 0; q < 16; ++q) {
          bool ro = false;
          read_word(block / 4 + q, 4 * clk + 2, &ev.block[q], &ro, &ev.block_ts_prev[q]);
          ev.block_ro[q] = ro;
        }
        vm::blake3_compress_xof(ev.cv.data(), ev.block.data(), uint64_t{ev.regs[2]} | uint64_t{ev.regs[3]} << 32, ev.regs[4],
                                ev.regs[5], ev.out.data());
        for (uint32_t q = 0; q < 16; ++q) {
          const uint32_t wa = out / 4 + q;
          GF_CHECK(!(read_only && read_only(wa)), "BLAKE3 output in read-only memory (the executor traps)");
          RamWord& word = ram_word(wa);
          ev.out_before[q] = word.final_value;
          ev.out_ts_prev[q] = word.final_ts;
          word.final_value = ev.out[q];
          word.final_ts = 4 * clk + 3;
        }
        w.blake3_calls.push_back(ev);
      } else if (a == kSyscallFp3Horner) {
        // Registers a1..a4 at 4 clk + 2; x's words read at 4 clk + 1, the coefficient words at
        // 4 clk + 2, out's words written at 4 clk + 3 (precompile_events.h: overlaps stay ordered).
        set(kIsFp3, 1);
        rd_val = b;
        Fp3HornerEvent ev;
        ev.clk = clk;
        ev.regs[0] = b;
        for (uint32_t r = 1; r < 5; ++r) {
          ev.regs[r] = regs[10 + r];
          ev.reg_ts_prev[r - 1] = last_ts[10 + r];
          last_ts[10 + r] = 4 * clk + 2;
        }
        const uint32_t x_at = ev.regs[0], c_at = ev.regs[1], terms = ev.regs[2], out_at = ev.regs[3], kind = ev.regs[4];
        GF_CHECK(x_at % 4 == 0 && c_at % 4 == 0 && out_at % 4 == 0 && terms >= 1 && terms <= vm::kMaxFp3HornerTerms &&
                     (kind == 1 || kind == 3),
                 "F_p^3 Horner arguments out of range (the executor traps)");
        // A call is one cycle but n table rows: refuse a run (or shard) whose calls need a taller
        // table than the presets' envelope, before their words are gathered (the prover would
        // refuse the table anyway; docs/circuit_fp3_horner.md, "Table heights and shards").
        fp3_rows += terms;
        if (fp3_rows > kMaxFp3HornerRows)
          return Error{ErrorCode::kInvalidArgument,
                       "the F_p^3 Horner calls need a table taller than 2^24 rows (prove in smaller shards)",
                       kMaxFp3HornerRows, fp3_rows};
        auto read_word = [&](uint32_t wa, uint64_t ts, uint32_t* value, bool* ro, uint64_t* ts_prev) {
          RamWord& word = ram_word(wa);
          *value = word.final_value;
          *ro = read_only && read_only(wa);
          *ts_prev = word.final_ts;
          word.final_ts = ts;
        };
        for (uint32_t q = 0; q < 6; ++q) {
          bool ro = false;
          read_word(x_at / 4 + q, 4 * clk + 1, &ev.x[q], &ro, &ev.x_ts_prev[q]);
          ev.x_ro[q] = ro;
        }
        const uint32_t words = 2 * kind * terms;
        ev.coeffs.resize(words);
        ev.coeffs_ro.resize(words);
        ev.coeffs_ts_prev.resize(words);
        for (uint32_t q = 0; q < words; ++q) {
          bool ro = false;
          read_word(c_at / 4 + q, 4 * clk + 2, &ev.coeffs[q], &ro, &ev.coeffs_ts_prev[q]);
          ev.coeffs_ro[q] = ro;
        }
        uint64_t xs[3], out[3];
        std::vector<uint64_t> cs(size_t{kind} * terms);
        for (uint32_t j = 0; j < 3; ++j) xs[j] = uint64_t{ev.x[2 * j]} | uint64_t{ev.x[2 * j + 1]} << 32;
        for (size_t j = 0; j < cs.size(); ++j) cs[j] = uint64_t{ev.coeffs[2 * j]} | uint64_t{ev.coeffs[2 * j + 1]} << 32;
        vm::fp3_horner(xs, cs.data(), terms, kind, out);
        for (uint32_t q = 0; q < 6; ++q) {
          ev.out[q] = static_cast<uint32_t>(out[q / 2] >> (32 * (q % 2)));
          const uint32_t wa = out_at / 4 + q;
          GF_CHECK(!(read_only && read_only(wa)), "F_p^3 Horner output in read-only memory (the executor traps)");
          RamWord& word = ram_word(wa);
          ev.out_before[q] = word.final_value;
          ev.out_ts_prev[q] = word.final_ts;
          word.final_value = ev.out[q];
          word.final_ts = 4 * clk + 3;
        }
        w.fp3_calls.push_back(std::move(ev));
      } else if (a == kSyscallPoseidon2) {
        // The 16 state words, each one access at 4 clk + 2 (writable memory, canonical elements:
        // the executor traps on anything else, and such a run has no witness).
        set(kIsP2, 1);
        rd_val = b;
        GF_CHECK(b % 8 == 0, "Poseidon2 state pointer not 8-byte aligned (the executor traps)");
        Poseidon2Event ev;
        ev.clk = clk;
        ev.a0 = b;
        multiset::Poseidon2State state;
        for (uint32_t j = 0; j < 16; ++j) {
          const uint32_t wa = b / 4 + j;
          GF_CHECK(!(read_only && read_only(wa)), "Poseidon2 state in read-only memory (the executor traps)");
          RamWord& word = ram_word(wa);
          ev.ts_prev[j] = word.final_ts;
          ev.before[j] = word.final_value;
        }
        for (uint32_t e = 0; e < 8; ++e) {
          const uint64_t v = uint64_t{ev.before[2 * e]} | uint64_t{ev.before[2 * e + 1]} << 32;
          GF_CHECK(v < Fp::kModulus, "Poseidon2 state element not canonical (the executor traps)");
          state[e] = Fp::from_canonical(v);
        }
        multiset::poseidon2_permute(state);
        for (uint32_t j = 0; j < 16; ++j) {
          ev.after[j] = static_cast<uint32_t>(state[j / 2].value() >> (32 * (j % 2)));
          RamWord& word = ram_word(b / 4 + j);
          word.final_value = ev.after[j];
          word.final_ts = 4 * clk + 2;
        }
        w.p2_calls.push_back(ev);
      } else {
        return Error{ErrorCode::kInvalidArgument,
                     "system call not supported by the circuit (exit, write, read, commit, cycle count, Keccak-f, "
                     "BLAKE3 compress, F_p^3 Horner, Poseidon2 are)",
                     kSyscallExit, a};
      }
    }
    set(kRdVal, rd_val);
    if (p.wr) {
      GF_CHECK(rd_val == t.rd_value, "rd value disagrees with the executor's trace");
      set(kRdPrev, regs[p.rd]);
      access(p.rd, 4 * clk + 3, kRdTsPrev, kRdLo, kRdHi);
      regs[p.rd] = rd_val;
    }
  }
  // eq_inv = (rs1 - rs2)^-1, or 0 when they are equal: Montgomery's trick per block of rows
  // instead of an inversion per row (which was ~1 % of a proof's CPU, in this sequential loop).
  parallel_for_chunks(rows.size(), 4096, [&](size_t b, size_t e) {
    std::vector<Fp> v(e - b);
    for (size_t i = b; i < e; ++i) v[i - b] = w.main.at(i, kEqInv);
    batch_inverse(v);
    for (size_t i = b; i < e; ++i) w.main.at(i, kEqInv) = v[i - b];
  });
  if (shard && !shard->last) {
    // A shard that does not end the run is full: its rows are exactly its power-of-two height.
    if (rows.size() != n)
      return Error{ErrorCode::kInvalidArgument, "a shard that is not the last must fill a power-of-two height", n, rows.size()};
    const uint32_t end_pc = static_cast<uint32_t>(w.main.at(n - 1, kNextPc).value());
    for (uint64_t v : {uint64_t{0}, clk0 + n, clk0, uint64_t{shard->start_pc}, uint64_t{end_pc}, uint64_t{0}})
      w.public_values.push_back(Fp::from_u64(v));
  }
  if (shard && !rows.empty() && rows[0].pc != shard->start_pc)
    return Error{ErrorCode::kInvalidArgument, "the shard's trace does not start at its start pc", shard->start_pc, rows[0].pc};
  if (w.public_values.empty())
    return Error{ErrorCode::kInvalidArgument, "the run did not end with the exit call", kSyscallExit, 0};
  // Padding rows: clk keeps counting; everything else zero, except what makes the row-local
  // constraints hold on a zero row (is_eq: rs1 = rs2 = 0 are equal; next_pc = pc + 4).
  for (size_t i = rows.size(); i < n; ++i) {
    w.main.at(i, kClk) = Fp::from_u64(clk0 + i + 1);
    w.main.at(i, kIsEq) = Fp::one();
    w.main.at(i, kNextPc) = Fp::from_u64(4);
  }
  // The input words read(0) consumed: one more access each, after every other.
  for (auto& [index, iw] : input_words) {
    RamWord& word = ram_word(kInputPayloadWord + index);
    iw.value = word.final_value;
    iw.ts_prev = word.final_ts;
    word.final_ts += 1;
    w.input_words.push_back(iw);
  }
  w.final_regs = regs;
  w.final_ts = last_ts;
  return w;
}

RowMajorMatrix RegisterBoundary::trace(const std::array<uint32_t, kNumRegisterCells>& final_regs,
                                       const std::array<uint64_t, kNumRegisterCells>& final_ts) {
  RowMajorMatrix t(64, 2);
  for (size_t r = 0; r < kNumRegisterCells; ++r) {
    t.at(r, 0) = Fp::from_u64(final_regs[r]);
    t.at(r, 1) = Fp::from_u64(final_ts[r]);
  }
  return t;
}

}  // namespace goldfinch::circuit
