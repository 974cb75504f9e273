#include "goldfinch/vm/machine.h"

#include <algorithm>
#include <vector>

#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/vm/executor.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::vm {

const char* run_status_name(RunStatus status) {
  switch (status) {
    case RunStatus::kExited: return "exited";
    case RunStatus::kCycleLimit: return "cycle-limit";
    case RunStatus::kTrap: return "trap";
  }
  return "?";
}

Machine::Machine(std::shared_ptr<const Program> program, Memory memory)
    : program_(std::move(program)), memory_(std::move(memory)) {}

std::variant<Machine, ElfLoadError> Machine::create(const ElfImage& image, std::span<const uint8_t> input) {
  if (auto v = validate_image(image); std::holds_alternative<ElfLoadError>(v))
    return std::get<ElfLoadError>(v);
  if (input.size() > kMaxInputPayload)
    return ElfLoadError{ElfError::kInputTooLarge, 0, input.size()};
  Machine m(build_program(image), Memory(image, input));
  m.pc_ = image.entry;
  return m;
}

Machine Machine::resume(const Checkpoint& c) {
  Machine m(c.program, Memory(c.layout, c.memory));
  std::copy(c.regs.begin(), c.regs.end(), m.x_.begin());
  m.pc_ = c.pc;
  m.cycle_ = c.cycle;
  m.input_cursor_ = c.input_cursor;
  m.output_ = c.output;
  m.claims_ = c.claims;
  m.final_ = c.final_result;
  return m;
}

Checkpoint Machine::checkpoint() {
  Checkpoint c;
  c.program = program_;
  c.layout = memory_.layout();
  c.memory = memory_.snapshot();
  std::copy(x_.begin(), x_.begin() + 32, c.regs.begin());
  c.pc = pc_;
  c.cycle = cycle_;
  c.input_cursor = input_cursor_;
  c.output = output_;
  c.claims = claims_;
  c.final_result = final_;
  return c;
}

Machine::EcallOutcome Machine::ecall(uint32_t* x, uint64_t cycle, IoEvent* ev, Trap* trap) {
  const uint32_t number = x[17], a0 = x[10], a1 = x[11], a2 = x[12];
  *ev = IoEvent{cycle, number, {a0, a1, a2}, 0, input_cursor_};
  auto bad_buffer = [&](uint32_t addr) {
    *trap = Trap{TrapReason::kSyscallBadBuffer, 0, 0, addr, number};
    return EcallOutcome::kTrap;
  };
  auto buffer_in_map = [](uint32_t addr, uint32_t len) { return uint64_t{addr} + len <= kAddressTop; };
  switch (number) {
    case kSysExit:
      ev->result = a0;
      return EcallOutcome::kExit;
    case kSysWrite: {
      if (a0 != 1 && a0 != 2) {
        x[10] = kEbadf;
        break;
      }
      if (!buffer_in_map(a1, a2)) return bad_buffer(a1);
      std::vector<uint8_t> bytes(a2);
      if (!memory_.read_bytes(a1, a2, bytes.data())) return bad_buffer(a1);
      if (console_) console_(static_cast<int>(a0), bytes);
      x[10] = a2;
      break;
    }
    case kSysRead: {
      if (a0 != 0) {
        x[10] = kEbadf;
        break;
      }
      const auto& input = memory_.layout()->input;
      uint32_t payload_len;
      std::memcpy(&payload_len, input.data() + 8, 4);
      const uint64_t n = std::min<uint64_t>(a2, payload_len - input_cursor_);
      const uint8_t* src = input.data() + kInputHeaderSize + input_cursor_;
      if (memory_.write_bytes(a1, {src, static_cast<size_t>(n)}) != StoreStatus::kOk) return bad_buffer(a1);
      input_cursor_ += n;
      x[10] = static_cast<uint32_t>(n);
      break;
    }
    case kSysCommit: {
      if (!buffer_in_map(a0, a1)) return bad_buffer(a0);
      const size_t old = output_.size();
      output_.resize(old + a1);
      if (!memory_.read_bytes(a0, a1, output_.data() + old)) {
        output_.resize(old);
        return bad_buffer(a0);
      }
      x[10] = 0;
      break;
    }
    case kSysVerifyClaim: {
      // Committed like commit(a0, kClaimBytes); the output stays below 2^32 bytes (positions are
      // u32 cells in the circuit), as every commit's does: the buffer lies below kAddressTop.
      if (!buffer_in_map(a0, kClaimBytes)) return bad_buffer(a0);
      const size_t old = output_.size();
      output_.resize(old + kClaimBytes);
      if (!memory_.read_bytes(a0, kClaimBytes, output_.data() + old)) {
        output_.resize(old);
        return bad_buffer(a0);
      }
      claims_.push_back(static_cast<uint32_t>(old));
      x[10] = 0;
      break;
    }
    case kSysCycleCount:
      x[10] = static_cast<uint32_t>(cycle);
      x[11] = static_cast<uint32_t>(cycle >> 32);
      break;
    case kSysKeccakF:
    case kSysBlake3Compress:
    case kSysFp3Horner:
    case kSysPoseidon2:
      if (!precompile(x, trap)) return EcallOutcome::kTrap;
      break;
    default:
      *trap = Trap{TrapReason::kUnknownSyscall, 0, 0, number, 0};
      return EcallOutcome::kTrap;
  }
  ev->result = x[10];
  return EcallOutcome::kContinue;
}

bool Machine::precompile(const uint32_t* x, Trap* trap) {
  const uint32_t number = x[17];
  auto fail = [&](TrapReason reason, uint32_t addr) {
    *trap = Trap{reason, 0, 0, addr, number};
    return false;
  };
  // Whole words through the memory checks: inputs readable, outputs writable (write_bytes checks
  // every byte before writing any, so a refused output leaves memory unchanged).
  auto load = [&](uint32_t addr, void* out, uint32_t len) {
    return uint64_t{addr} + len <= kAddressTop && memory_.read_bytes(addr, len, static_cast<uint8_t*>(out));
  };
  auto store = [&](uint32_t addr, const void* bytes, uint32_t len) {
    return uint64_t{addr} + len <= kAddressTop &&
           memory_.write_bytes(addr, {static_cast<const uint8_t*>(bytes), len}) == StoreStatus::kOk;
  };
  if (number == kSysKeccakF) {
    const uint32_t at = x[10];
    if (at % 8 != 0) return fail(TrapReason::kSyscallMisaligned, at);
    uint64_t state[25];
    if (!load(at, state, sizeof(state))) return fail(TrapReason::kSyscallBadBuffer, at);
    keccak_f1600(state);
    if (!store(at, state, sizeof(state))) return fail(TrapReason::kSyscallBadBuffer, at);
    return true;
  }
  if (number == kSysPoseidon2) {
    // The whole state is read, checked canonical, permuted and written back; a refused call
    // writes nothing (the store checks every byte before writing any).
    const uint32_t at = x[10];
    if (at % 8 != 0) return fail(TrapReason::kSyscallMisaligned, at);
    uint64_t words[multiset::kPoseidon2Width];
    if (!load(at, words, sizeof(words))) return fail(TrapReason::kSyscallBadBuffer, at);
    multiset::Poseidon2State state;
    for (uint32_t i = 0; i < multiset::kPoseidon2Width; ++i) {
      if (words[i] >= Fp::kModulus) return fail(TrapReason::kSyscallBadArgument, at + 8 * i);
      state[i] = Fp::from_canonical(words[i]);
    }
    multiset::poseidon2_permute(state);
    for (uint32_t i = 0; i < multiset::kPoseidon2Width; ++i) words[i] = state[i].value();
    if (!store(at, words, sizeof(words))) return fail(TrapReason::kSyscallBadBuffer, at);
    return true;
  }
  if (number == kSysFp3Horner) {
    const uint32_t x_at = x[10], c_at = x[11], n = x[12], out_at = x[13], kind = x[14];
    if (kind != 1 && kind != 3) return fail(TrapReason::kSyscallBadArgument, kind);
    if (n == 0 || n > kMaxFp3HornerTerms) return fail(TrapReason::kSyscallBadArgument, n);
    for (const uint32_t at : {x_at, c_at, out_at})
      if (at % 4 != 0) return fail(TrapReason::kSyscallMisaligned, at);
    uint64_t xs[3], out[3];
    if (!load(x_at, xs, sizeof(xs))) return fail(TrapReason::kSyscallBadBuffer, x_at);
    std::vector<uint64_t> coeffs(size_t{n} * kind);
    if (!load(c_at, coeffs.data(), static_cast<uint32_t>(coeffs.size() * 8))) return fail(TrapReason::kSyscallBadBuffer, c_at);
    fp3_horner(xs, coeffs.data(), n, kind, out);
    if (!store(out_at, out, sizeof(out))) return fail(TrapReason::kSyscallBadBuffer, out_at);
    return true;
  }
  const uint32_t cv_at = x[10], block_at = x[11], block_len = x[14], flags = x[15], out_at = x[16];
  const uint64_t counter = uint64_t{x[12]} | uint64_t{x[13]} << 32;
  if (block_len > 64) return fail(TrapReason::kSyscallBadArgument, block_len);
  if (flags > 255) return fail(TrapReason::kSyscallBadArgument, flags);
  for (const uint32_t at : {cv_at, block_at, out_at})
    if (at % 4 != 0) return fail(TrapReason::kSyscallMisaligned, at);
  uint32_t cv[8], block[16], out[16];
  if (!load(cv_at, cv, sizeof(cv))) return fail(TrapReason::kSyscallBadBuffer, cv_at);
  if (!load(block_at, block, sizeof(block))) return fail(TrapReason::kSyscallBadBuffer, block_at);
  blake3_compress_xof(cv, block, counter, block_len, flags, out);
  if (!store(out_at, out, sizeof(out))) return fail(TrapReason::kSyscallBadBuffer, out_at);
  return true;
}

RunResult Machine::run(uint64_t max_cycles) {
  FastTracer t;
  return run_with(t, max_cycles);
}

RunResult Machine::run_trace(TraceRecorder* trace, uint64_t max_cycles) {
  RunResult r = run_with(*trace, max_cycles);
  trace->finish();
  return r;
}

template RunResult Machine::run_with<FastTracer>(FastTracer&, uint64_t);
template RunResult Machine::run_with<TraceRecorder>(TraceRecorder&, uint64_t);

}  // namespace goldfinch::vm
