#include "goldfinch/circuit/rv32im_tables.h"

#include <algorithm>
#include <utility>

#include "goldfinch/vm/memory_map.h"

namespace goldfinch::circuit {

namespace {

Result<uint32_t> u32_value(Fp v, const char* what) {
  if (v.value() > UINT32_MAX) return Error{ErrorCode::kInvalidArgument, what, UINT32_MAX, v.value()};
  return static_cast<uint32_t>(v.value());
}

// The published claim positions, each a u32 in [begin, end - kClaimBytes], increasing by at least
// kClaimBytes (the bus proves they are exactly the claim calls' positions; this makes the list
// canonical and its claims whole and disjoint inside the statement's output). Published as
// kClaimTag + p (split_io_public_values took the values >= kClaimTag).
Result<std::vector<uint32_t>> claim_positions(std::span<const Fp> published, uint64_t begin, uint64_t end) {
  std::vector<uint32_t> out;
  out.reserve(published.size());
  uint64_t next = begin;
  for (Fp tagged : published) {
    const uint64_t p = tagged.value() - kClaimTag;
    if (p > UINT32_MAX) return Error{ErrorCode::kInvalidArgument, "claim position is not a u32", UINT32_MAX, p};
    if (p < next) return Error{ErrorCode::kInvalidArgument, "claim position out of order or overlapping", next, p};
    if (p + kClaimBytes > end) return Error{ErrorCode::kInvalidArgument, "claim past the output's end", end, p};
    out.push_back(static_cast<uint32_t>(p));
    next = p + kClaimBytes;
  }
  return out;
}

}  // namespace

std::vector<Claim> claims_at(std::span<const uint8_t> output, std::span<const uint32_t> positions, uint64_t start) {
  std::vector<Claim> out(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    GF_CHECK(positions[i] >= start && positions[i] - start + kClaimBytes <= output.size(), "claim inside the output");
    const uint8_t* p = output.data() + (positions[i] - start);
    std::copy(p, p + 32, out[i].key.begin());
    std::copy(p + 32, p + 64, out[i].output.begin());
  }
  return out;
}

std::vector<Claim> claim_set(std::span<const uint8_t> output, std::span<const uint32_t> positions, uint64_t start) {
  std::vector<Claim> out = claims_at(output, positions, start);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<ShardStatement> Rv32imTables::shard_statement(std::span<const std::vector<Fp>> pv) {
  auto bad = [](const char* what, uint64_t expected, uint64_t got) { return Error{ErrorCode::kInvalidArgument, what, expected, got}; };
  if (pv.size() < kNumShardTables) return bad("shard public values: too few tables", kNumShardTables, pv.size());
  const std::vector<Fp>& cpu = pv[kCpuIndex];
  const std::vector<Fp>& regs = pv[kRegistersIndex];
  const std::vector<Fp>& ram = pv[kRamIndex];
  const std::vector<Fp>& fin = pv[kFinalizeIndex];
  const std::vector<Fp>& out = pv[kIoCallIndex];
  if (cpu.size() != cpu::kNumShardPublicValues) return bad("shard public values: the CPU table's count", cpu::kNumShardPublicValues, cpu.size());
  if (regs.size() != RegisterBoundary::kShardPublicValues)
    return bad("shard public values: the register boundary's count", RegisterBoundary::kShardPublicValues, regs.size());
  if (ram.size() != ram::kNumShardPublicValues) return bad("shard public values: the RAM boundary's count", ram::kNumShardPublicValues, ram.size());
  if (fin.size() != 1) return bad("shard public values: the final memory's count", 1, fin.size());
  IoPublicValues io;
  if (!split_io_public_values(out, true, &io))
    return bad("shard public values: the output list has no start position", 1, 0);
  ShardStatement s;
  Result<uint32_t> exit_code = u32_value(cpu[cpu::kPvExitCode], "exit code is not a u32");
  Result<uint32_t> start_pc = u32_value(cpu[cpu::kPvStartPc], "start pc is not a u32");
  Result<uint32_t> end_pc = u32_value(cpu[cpu::kPvEndPc], "end pc is not a u32");
  for (const Result<uint32_t>* r : {&exit_code, &start_pc, &end_pc})
    if (!r->ok()) return r->error();
  s.exit_code = *exit_code;
  s.start_pc = *start_pc;
  s.end_pc = *end_pc;
  s.start_cycle = cpu[cpu::kPvStartCycle].value();
  s.end_cycle = cpu[cpu::kPvEndClk].value();
  const uint64_t is_last = cpu[cpu::kPvIsLast].value();
  // Cycles stay far below p, so 4 clk + 3 never wraps (2^40 cycles is the limit we accept).
  constexpr uint64_t kMaxCycles = uint64_t{1} << 40;
  if (is_last > 1) return bad("is_last is not a bit", 1, is_last);
  s.last = is_last == 1;
  if (s.end_cycle > kMaxCycles) return bad("shard end cycle above 2^40", kMaxCycles, s.end_cycle);
  if (s.start_cycle >= s.end_cycle) return bad("shard start cycle not below its end cycle", s.end_cycle, s.start_cycle);
  if (!s.last && s.exit_code != 0) return bad("exit code on a shard that is not the last", 0, s.exit_code);
  if (s.last && s.end_pc != 0) return bad("end pc on the last shard", 0, s.end_pc);
  if (regs[0] != cpu[cpu::kPvStartCycle]) return bad("register boundary start cycle differs from the CPU's", s.start_cycle, regs[0].value());
  for (size_t r = 0; r < kNumRegisterCells; ++r) {
    Result<uint32_t> a = u32_value(regs[1 + r], "start register value is not a u32");
    Result<uint32_t> b = u32_value(regs[1 + kNumRegisterCells + r], "end register value is not a u32");
    if (!a.ok()) return a.error();
    if (!b.ok()) return b.error();
    s.start_regs[r] = *a;
    s.end_regs[r] = *b;
  }
  const uint64_t bound = 4 * s.start_cycle + 3;
  if (ram[ram::kPvBound].value() != bound) return bad("RAM boundary timestamp differs from the CPU's start", bound, ram[ram::kPvBound].value());
  s.payload_len = ram[ram::kPvPlen].value();
  if (s.payload_len > vm::kMaxInputPayload) return bad("input payload length above the maximum", vm::kMaxInputPayload, s.payload_len);
  if (fin[0].value() != is_last) return bad("final memory flag differs from is_last", is_last, fin[0].value());
  if (io.start.value() != s.start_regs[kOutputLengthCell])
    return bad("output position differs from the start output length", s.start_regs[kOutputLengthCell],
               io.start.value());
  s.output.reserve(io.bytes.size());
  for (Fp v : io.bytes) {
    if (v.value() > 0xFF) return bad("public output value is not a byte", 0xFF, v.value());
    s.output.push_back(static_cast<uint8_t>(v.value()));
  }
  if (uint64_t{s.start_regs[kOutputLengthCell]} + s.output.size() != s.end_regs[kOutputLengthCell])
    return bad("output bytes differ from the output length's growth", s.end_regs[kOutputLengthCell] - s.start_regs[kOutputLengthCell],
               s.output.size());
  Result<std::vector<uint32_t>> claims =
      claim_positions(io.claims, s.start_regs[kOutputLengthCell], s.end_regs[kOutputLengthCell]);
  if (!claims.ok()) return claims.error();
  s.claims = std::move(*claims);
  return s;
}

Rv32imTables::Rv32imTables(const Rv32imShape& shape)
    : program_(ProgramTable::of_height(shape.program_height, shape.wx)),
      cpu_(shape.entry, shape.wx, shape.shard),
      registers_(shape.shard),
      io_call_(shape.shard),
      image_(ImageTable::of_height(shape.image_height)),
      ram_(shape.shard),
      cpu_entry_(shape.entry),
      shape_only_(true),
      shard_(shape.shard) {}

Rv32imTables::Rv32imTables(ProgramTable program, ImageTable image, uint32_t entry, bool shard)
    : program_(std::move(program)),
      cpu_(entry, program_.wx(), shard),
      registers_(shard),
      io_call_(shard),
      image_(std::move(image)),
      ram_(shard),
      cpu_entry_(entry),
      shard_(shard) {}

std::vector<const air::Air*> Rv32imTables::tables() const {
  std::vector<const air::Air*> out = {
      &program_,      &cpu_,    &registers_,  &add_sub_, &bitwise_,    &lt_,           &shift_,
      &mul_,          &divrem_, &load_store_, &io_call_, &read_words_, &commit_words_, &write_words_,
      &input_stream_, &image_,  &ram_,        &range_,   &bytes_,      &keccak_,       &blake3_,
      &fp3_horner_,   &poseidon2_};
  if (shard_) out.push_back(&finalize_);
  return out;
}

Result<Rv32imStatement> Rv32imTables::statement(std::span<const std::vector<Fp>> public_values) {
  if (public_values.size() != kNumTables)
    return Error{ErrorCode::kInvalidArgument, "public values: wrong number of tables", kNumTables,
                 public_values.size()};
  const std::vector<Fp>& cpu = public_values[kCpuIndex];
  if (cpu.size() != 2)
    return Error{ErrorCode::kInvalidArgument, "public values: the CPU table has exit code and cycles", 2, cpu.size()};
  if (cpu[0].value() > UINT32_MAX)
    return Error{ErrorCode::kInvalidArgument, "exit code is not a u32", UINT32_MAX, cpu[0].value()};
  Rv32imStatement s;
  s.exit_code = static_cast<uint32_t>(cpu[0].value());
  s.cycles = cpu[1].value();
  IoPublicValues io;
  GF_CHECK(split_io_public_values(public_values[kIoCallIndex], false, &io), "a whole run's output list always splits");
  s.output.reserve(io.bytes.size());
  for (Fp v : io.bytes) {
    if (v.value() > 0xFF)
      return Error{ErrorCode::kInvalidArgument, "public output value is not a byte", 0xFF, v.value()};
    s.output.push_back(static_cast<uint8_t>(v.value()));
  }
  Result<std::vector<uint32_t>> claims = claim_positions(io.claims, 0, s.output.size());
  if (!claims.ok()) return claims.error();
  s.claims = std::move(*claims);
  return s;
}

}  // namespace goldfinch::circuit
