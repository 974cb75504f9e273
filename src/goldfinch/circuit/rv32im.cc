#include "goldfinch/circuit/rv32im.h"

#include "goldfinch/vm/program.h"

namespace goldfinch::circuit {

Rv32imCircuit::Rv32imCircuit(const vm::ElfImage& image)
    : program_(decode_program(*vm::build_program(image))),
      cpu_(image.entry, program_.wx()),
      image_(image),
      cpu_entry_(image.entry) {}

Rv32imCircuit::Rv32imCircuit(const Rv32imShape& shape)
    : program_(ProgramTable::of_height(shape.program_height, shape.wx)),
      cpu_(shape.entry, shape.wx),
      image_(ImageTable::of_height(shape.image_height)),
      cpu_entry_(shape.entry),
      shape_only_(true) {}

std::vector<const air::Air*> Rv32imCircuit::tables() const {
  return {&program_, &cpu_,     &registers_,   &add_sub_,      &bitwise_,      &lt_,
          &shift_,   &mul_,     &divrem_,      &load_store_,   &io_call_,      &read_words_,
          &commit_words_, &write_words_, &input_stream_, &image_, &ram_, &range_, &bytes_};
}

Result<Rv32imStatement> Rv32imCircuit::statement(std::span<const std::vector<Fp>> public_values) {
  if (public_values.size() != kNumTables)
    return Error{ErrorCode::kInvalidArgument, "public values: wrong number of tables", kNumTables, public_values.size()};
  const std::vector<Fp>& cpu = public_values[kCpuIndex];
  if (cpu.size() != 2) return Error{ErrorCode::kInvalidArgument, "public values: the CPU table has exit code and cycles", 2, cpu.size()};
  if (cpu[0].value() > UINT32_MAX) return Error{ErrorCode::kInvalidArgument, "exit code is not a u32", UINT32_MAX, cpu[0].value()};
  Rv32imStatement s;
  s.exit_code = static_cast<uint32_t>(cpu[0].value());
  s.cycles = cpu[1].value();
  for (Fp v : public_values[kIoCallIndex]) {
    if (v.value() > 0xFF) return Error{ErrorCode::kInvalidArgument, "public output value is not a byte", 0xFF, v.value()};
    s.output.push_back(static_cast<uint8_t>(v.value()));
  }
  return s;
}

Result<std::vector<stark::TableWitness>> Rv32imCircuit::witness(std::span<const vm::TraceRow> rows,
                                                        std::span<const uint8_t> input) const {
  if (shape_only_)
    return Error{ErrorCode::kInvalidArgument, "a circuit built from a key's shape has no program: load the ELF to prove", 0, 0};
  LookupCounts counts;
  auto read_only = [&](uint32_t word) {
    if (const ImageWord* w = image_.find(word)) return !w->writable;
    return word >= kInputWordBase && word < kInputWordEnd;
  };
  auto initial = [&](uint32_t word) { return initial_word(image_, input, word); };
  Result<CpuTable::Witness> cpu_or = CpuTable::trace(rows, program_, counts, read_only, initial, input);
  if (!cpu_or.ok()) return cpu_or.error();
  CpuTable::Witness& cpu = *cpu_or;
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
  std::vector<stark::TableWitness> w(kNumTables);
  w[0].main = program_.trace(cpu.program_counts);
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
  w[10].public_values.reserve(cpu.output.size());
  for (uint8_t byte : cpu.output) w[10].public_values.push_back(Fp::from_u64(byte));
  w[11].main = IoWordsTable::trace(cpu.read_words, counts);
  w[12].main = IoWordsTable::trace(cpu.commit_words, counts);
  w[13].main = IoWordsTable::trace(cpu.write_words, counts);
  w[14].main = InputStreamTable::trace(cpu.input_words, counts);
  w[15].main = image_.trace();
  std::map<uint32_t, WordFinal> touched;
  for (const auto& [addr, word] : cpu.ram) touched[addr] = {word.final_value, word.final_ts};
  w[16].main = RamBoundary::trace(image_, touched, input, counts);
  w[17].main = RangeU16Table::trace(counts);
  w[18].main = ByteTable::trace(counts);
  return w;
}

}  // namespace goldfinch::circuit
