#include "goldfinch/circuit/program_table.h"

#include <algorithm>

#include "goldfinch/base/bits.h"
#include "goldfinch/vm/insn.h"

namespace goldfinch::circuit {

using air::Direction;
using air::LinearCombination;
using vm::Op;

ProgramTable::ProgramTable(std::vector<ProgramRow> rows) : rows_(std::move(rows)) {
  base_ = rows_.empty() ? 0 : rows_[0].pc;
  wx_ = std::any_of(rows_.begin(), rows_.end(), [](const ProgramRow& r) { return r.wx != 0; });
  while (height_ < rows_.size()) height_ *= 2;
}

ProgramTable ProgramTable::of_height(size_t height, bool wx) {
  GF_CHECK(height >= 4 && is_pow2(height), "program table height");
  ProgramTable t(std::vector<ProgramRow>{});
  t.height_ = height;
  t.shape_only_ = true;
  t.wx_ = wx;
  return t;
}

RowMajorMatrix ProgramTable::preprocessed_trace(size_t height) const {
  GF_CHECK(height == height_, "program table height");
  GF_CHECK(!shape_only_, "a program table built from a key's shape has no preprocessed trace");
  const size_t width = preprocessed_width();
  RowMajorMatrix t(height_, width);
  for (size_t i = 0; i < rows_.size(); ++i) {
    const ProgramRow& r = rows_[i];
    const uint32_t f[kWxFields] = {r.pc, r.opclass, r.alu_op, r.br_kind, r.rd, r.rs1, r.rs2, r.imm, r.wr, r.word, r.wx};
    for (size_t c = 0; c < width; ++c) t.at(i, c) = Fp::from_u64(f[c]);
  }
  // Padding rows: all zero, opclass 0 (no CPU row accepts it).
  return t;
}

std::vector<air::Interaction> ProgramTable::interactions() const {
  std::vector<LinearCombination> fields;
  for (uint32_t c = 0; c < preprocessed_width(); ++c) fields.push_back(LinearCombination::pre(c));
  return {{kBusProgram, std::move(fields), LinearCombination::main(0), Direction::kSend}};
}

}  // namespace goldfinch::circuit
