#include "goldfinch/vm/program.h"

#include <algorithm>

#include "goldfinch/base/check.h"

namespace goldfinch::vm {
namespace {

bool is_branch(Op op) {
  return op == Op::kBeq || op == Op::kBne || op == Op::kBlt || op == Op::kBge || op == Op::kBltu ||
         op == Op::kBgeu;
}

}  // namespace

std::shared_ptr<const Program> build_program(const ElfImage& image) {
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const Segment& s : image.segments) {
    if (!s.executable || s.memsz == 0) continue;
    lo = std::min<uint64_t>(lo, s.vaddr);
    hi = std::max<uint64_t>(hi, uint64_t{s.vaddr} + s.memsz);
  }
  GF_CHECK(lo < hi && hi - lo <= kMaxCodeSpan, "build_program needs a validated image");
  auto prog = std::make_shared<Program>();
  prog->base = static_cast<uint32_t>(lo & ~uint64_t{3});
  prog->slots = static_cast<uint32_t>((hi - prog->base + 3) / 4);
  prog->entry = image.entry;
  prog->insns.assign(prog->slots + 1, Insn{Op::kFetchFault, 0, 0, 0, 0});
  prog->words.assign(prog->slots + 1, 0);
  std::vector<bool> executable(prog->slots, false), wx(prog->slots, false);
  for (const Segment& s : image.segments) {
    if (!s.executable) continue;
    // Slots whose four bytes all lie in this segment.
    const uint64_t first = (uint64_t{s.vaddr} + 3) / 4 * 4, end = uint64_t{s.vaddr} + s.memsz;
    for (uint64_t a = first; a + 4 <= end; a += 4) {
      uint32_t w = 0;
      for (uint32_t b = 0; b < 4; ++b) {
        const uint64_t off = a + b - s.vaddr;
        if (off < s.data.size()) w |= uint32_t{s.data[off]} << (8 * b);
      }
      const uint32_t slot = static_cast<uint32_t>((a - prog->base) / 4);
      prog->words[slot] = w;
      executable[slot] = true;
      wx[slot] = s.writable;
    }
  }
  for (uint32_t slot = 0; slot < prog->slots; ++slot) {
    if (!executable[slot]) continue;
    const uint32_t pc = prog->pc_of(slot);
    Insn d = decode(prog->words[slot]);
    if (writes_rd(d.op) && d.rd == 0) d.rd = kZeroSink;
    if (d.op == Op::kLui) {
      d.op = Op::kLi;
    } else if (d.op == Op::kAuipc) {
      d.op = Op::kLi;
      d.imm = static_cast<int32_t>(pc + static_cast<uint32_t>(d.imm));
    } else if (d.op == Op::kJal || is_branch(d.op)) {
      const uint32_t target = pc + static_cast<uint32_t>(d.imm);
      if (target % 4 == 0 && prog->contains(target)) {
        d.imm = static_cast<int32_t>(target - prog->base) / 4 - static_cast<int32_t>(slot);
      } else {
        d.op = d.op == Op::kJal ? Op::kJalBad : Op::kBranchBad;
        d.imm = static_cast<int32_t>(target);
      }
    } else if (d.op == Op::kEcall) {
      d.rs1 = 17;
      d.rs2 = 10;
      d.rd = 10;
    }
    if (wx[slot]) {
      if (prog->wx_ops.empty()) prog->wx_ops.assign(prog->slots + 1, Op::kFetchFault);
      prog->wx_ops[slot] = d.op;
      d.op = Op::kWxCheck;
    }
    prog->insns[slot] = d;
  }
  return prog;
}

}  // namespace goldfinch::vm
