#include "goldfinch/circuit/rv32im_tables.h"

#include <utility>

namespace goldfinch::circuit {

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
      &fp3_horner_};
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
  for (Fp v : public_values[kIoCallIndex]) {
    if (v.value() > 0xFF)
      return Error{ErrorCode::kInvalidArgument, "public output value is not a byte", 0xFF, v.value()};
    s.output.push_back(static_cast<uint8_t>(v.value()));
  }
  return s;
}

}  // namespace goldfinch::circuit
