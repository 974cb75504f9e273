#include "goldfinch/circuit/rv32im.h"

#include <algorithm>

#include "goldfinch/vm/program.h"

namespace goldfinch::circuit {

Rv32imCircuit::Rv32imCircuit(const vm::ElfImage& image, bool shard)
    : Rv32imTables(ProgramTable(decode_program(*vm::build_program(image))), ImageTable(image), image.entry, shard) {}

namespace {

// Tables 0..15 and the precompile tables (all but the RAM boundary and the lookup tables) from
// the CPU witness.
std::vector<stark::TableWitness> route(const ProgramTable& program, const ImageTable& image, CpuTable::Witness& cpu, size_t tables,
                                       LookupCounts& counts) {
  // Route each ALU request to the chip that owns its operation.
  std::vector<AluEvent> add_sub, bitwise, lt, shift, mul, divrem;
  for (const AluEvent& e : cpu.alu_events) {
    switch (e.op) {
      case kAdd: case kSub: add_sub.push_back(e); break;
      case kXor: case kOr: case kAnd: bitwise.push_back(e); break;
      case kSlt: case kSltu: lt.push_back(e); break;
      case kSll: case kSrl: case kSra: shift.push_back(e); break;
      case kMul: case kMulh: case kMulhsu: case kMulhu: mul.push_back(e); break;
      case kDiv: case kDivu: case kRem: case kRemu: divrem.push_back(e); break;
    }
  }
  std::vector<stark::TableWitness> w(tables);
  w[0].main = program.trace(cpu.program_counts);
  w[1].main = std::move(cpu.main);
  w[1].public_values = cpu.public_values;
  w[2].main = RegisterBoundary::trace(cpu.final_regs, cpu.final_ts);
  w[3].main = AddSubChip::trace(add_sub, counts);
  w[4].main = BitwiseChip::trace(bitwise, counts);
  w[5].main = LtChip::trace(lt, counts);
  w[6].main = ShiftChip::trace(shift, counts);
  w[7].main = MulChip::trace(mul, counts);
  w[8].main = DivRemChip::trace(divrem, counts);
  w[9].main = LoadStoreChip::trace(cpu.mem_events, counts);
  w[10].main = IoCallTable::trace(cpu.io_calls, counts);
  w[11].main = IoWordsTable::trace(cpu.read_words, counts);
  w[12].main = IoWordsTable::trace(cpu.commit_words, counts);
  w[13].main = IoWordsTable::trace(cpu.write_words, counts);
  w[14].main = InputStreamTable::trace(cpu.input_words, counts);
  w[15].main = image.trace();
  // Precompile tables: left out of the proof (no rows) when the run makes no such call.
  if (!cpu.keccak_calls.empty()) w[Rv32imCircuit::kKeccakIndex].main = KeccakTable::trace(cpu.keccak_calls, counts);
  if (!cpu.blake3_calls.empty()) w[Rv32imCircuit::kBlake3Index].main = Blake3Table::trace(cpu.blake3_calls, counts);
  if (!cpu.fp3_calls.empty()) w[Rv32imCircuit::kFp3HornerIndex].main = Fp3HornerTable::trace(cpu.fp3_calls, counts);
  if (!cpu.p2_calls.empty())
    w[Rv32imCircuit::kPoseidon2Index].main = Poseidon2PrecompileTable::trace(cpu.p2_calls, counts);
  return w;
}

}  // namespace

Result<std::vector<stark::TableWitness>> Rv32imCircuit::witness(std::span<const vm::TraceRow> rows,
                                                        std::span<const uint8_t> input) const {
  if (shape_only_)
    return Error{ErrorCode::kInvalidArgument, "a circuit built from a key's shape has no program: load the ELF to prove", 0, 0};
  if (shard_) return Error{ErrorCode::kInvalidArgument, "a shard circuit proves shards: use shard_witness", 0, 0};
  LookupCounts counts;
  auto read_only = [&](uint32_t word) {
    if (const ImageWord* w = image_.find(word)) return !w->writable;
    return word >= kInputWordBase && word < kInputWordEnd;
  };
  auto initial = [&](uint32_t word) { return initial_word(image_, input, word); };
  Result<CpuTable::Witness> cpu_or = CpuTable::trace(rows, program_, counts, read_only, initial, input);
  if (!cpu_or.ok()) return cpu_or.error();
  CpuTable::Witness& cpu = *cpu_or;
  std::vector<stark::TableWitness> w = route(program_, image_, cpu, kNumTables, counts);
  // [tagged claim positions, output bytes] (IoPublicValues).
  w[10].public_values.reserve(cpu.claims.size() + cpu.output.size());
  for (uint32_t p : cpu.claims) w[10].public_values.push_back(Fp::from_u64(kClaimTag + p));
  for (uint8_t byte : cpu.output) w[10].public_values.push_back(Fp::from_u64(byte));
  std::map<uint32_t, WordFinal> touched;
  for (const auto& [addr, word] : cpu.ram) touched[addr] = {word.final_value, word.final_ts};
  w[16].main = RamBoundary::trace(image_, touched, input, counts);
  w[17].main = RangeU16Table::trace(counts);
  w[18].main = ByteTable::trace(counts);
  return w;
}

Result<ShardWitness> Rv32imCircuit::shard_witness(std::span<const vm::TraceRow> rows, std::span<const uint8_t> input,
                                                  const ShardStart& start, const std::function<uint32_t(uint32_t)>& word_at_start,
                                                  CellMap& cells,
                                                  const std::function<Error(std::span<const HandoffTuple>, LookupCounts&)>& handoff) const {
  if (shape_only_)
    return Error{ErrorCode::kInvalidArgument, "a circuit built from a key's shape has no program: load the ELF to prove", 0, 0};
  if (!shard_) return Error{ErrorCode::kInvalidArgument, "a whole-run circuit proves no shards", 0, 0};
  LookupCounts counts;
  auto read_only = [&](uint32_t word) {
    if (const ImageWord* w = image_.find(word)) return !w->writable;
    return word >= kInputWordBase && word < kInputWordEnd;
  };
  Result<CpuTable::Witness> cpu_or = CpuTable::trace(rows, program_, counts, read_only, word_at_start, input, &start);
  if (!cpu_or.ok()) return cpu_or.error();
  CpuTable::Witness& cpu = *cpu_or;
  ShardWitness out;
  out.tables = route(program_, image_, cpu, kNumShardTables, counts);
  std::vector<stark::TableWitness>& w = out.tables;
  // Public values: registers [start cycle, start cells, end cells]; output [position, tagged claim
  // positions, bytes].
  w[2].public_values.push_back(Fp::from_u64(start.start_cycle));
  for (uint32_t v : start.regs) w[2].public_values.push_back(Fp::from_u64(v));
  for (uint32_t v : cpu.final_regs) w[2].public_values.push_back(Fp::from_u64(v));
  w[10].public_values.push_back(Fp::from_u64(start.regs[kOutputLengthCell]));
  for (uint32_t p : cpu.claims) w[10].public_values.push_back(Fp::from_u64(kClaimTag + p));
  for (uint8_t byte : cpu.output) w[10].public_values.push_back(Fp::from_u64(byte));
  // The RAM boundary's handoff: each touched word starts where the shards before left it.
  const uint64_t bound = start.boundary_ts();
  std::map<uint32_t, RamBoundary::ShardWord> words;
  for (const auto& [addr, word] : cpu.ram) {
    const bool ro = read_only(addr);
    const uint64_t key = (uint64_t{ro ? 2u : 1u} << 32) | addr;
    RamBoundary::ShardWord sw;
    sw.v_in = word.initial_value;
    sw.v_end = word.final_value;
    sw.t_end = word.final_ts;
    auto it = cells.find(key);
    sw.first = it == cells.end();
    if (!sw.first) {
      GF_CHECK(it->second.value == sw.v_in, "a word's value at the shard's start differs from its last handoff");
      sw.t_in = it->second.ts;
    }
    words[addr] = sw;
  }
  w[16].main = RamBoundary::shard_trace(image_, words, input, bound, counts);
  w[16].public_values = {Fp::from_u64(bound), Fp::from_u64(input.size())};
  auto tuple = [](bool send, bool ro, uint32_t addr, uint32_t v, uint64_t ts) {
    return HandoffTuple{send, {Fp::from_u64(ro ? 2 : 1), Fp::from_u64(addr), Fp::from_u64(v), Fp::from_u64(ts)}};
  };
  for (const auto& [addr, sw] : words) {
    const bool ro = read_only(addr);
    if (!sw.first) out.tuples.push_back(tuple(false, ro, addr, sw.v_in, sw.t_in));
    out.tuples.push_back(tuple(true, ro, addr, sw.v_end, sw.t_end));
    cells[(uint64_t{ro ? 2u : 1u} << 32) | addr] = {sw.v_end, sw.t_end};
  }
  // The last shard consumes every word's last handoff.
  std::vector<RamFinalizeTable::Word> finals;
  if (start.last) {
    finals.reserve(cells.size());
    for (const auto& [key, c] : cells) finals.push_back({(key >> 32) == 2, static_cast<uint32_t>(key), c.value, c.ts});
    std::sort(finals.begin(), finals.end(), [](const auto& a, const auto& b) { return std::pair(a.ro, a.addr) < std::pair(b.ro, b.addr); });
    for (const RamFinalizeTable::Word& f : finals) out.tuples.push_back(tuple(false, f.ro, f.addr, f.value, f.ts));
  }
  w[kFinalizeIndex].main = RamFinalizeTable::trace(finals, counts);
  w[kFinalizeIndex].public_values = {Fp::from_u64(start.last ? 1 : 0)};
  if (handoff) {
    const Error e = handoff(out.tuples, counts);
    if (!e.ok()) return e;
  }
  w[17].main = RangeU16Table::trace(counts);
  w[18].main = ByteTable::trace(counts);
  return out;
}

}  // namespace goldfinch::circuit
