#include <cstdint>

#include "goldfinch/circuit/buses.h"

namespace goldfinch::circuit {

uint32_t alu_eval(AluOp op, uint32_t a, uint32_t b) {
  const int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
  switch (op) {
    case kAdd: return a + b;
    case kSub: return a - b;
    case kXor: return a ^ b;
    case kOr: return a | b;
    case kAnd: return a & b;
    case kSll: return a << (b & 31);
    case kSrl: return a >> (b & 31);
    case kSra: return static_cast<uint32_t>(sa >> (b & 31));
    case kSlt: return sa < sb ? 1 : 0;
    case kSltu: return a < b ? 1 : 0;
    case kMul: return a * b;
    case kMulh: return static_cast<uint32_t>((static_cast<int64_t>(sa) * static_cast<int64_t>(sb)) >> 32);
    case kMulhsu: return static_cast<uint32_t>((static_cast<int64_t>(sa) * static_cast<int64_t>(static_cast<uint64_t>(b))) >> 32);
    case kMulhu: return static_cast<uint32_t>((static_cast<uint64_t>(a) * b) >> 32);
    case kDiv:
      if (b == 0) return 0xFFFFFFFFu;
      if (sa == INT32_MIN && sb == -1) return a;
      return static_cast<uint32_t>(sa / sb);
    case kDivu: return b == 0 ? 0xFFFFFFFFu : a / b;
    case kRem:
      if (b == 0) return a;
      if (sa == INT32_MIN && sb == -1) return 0;
      return static_cast<uint32_t>(sa % sb);
    case kRemu: return b == 0 ? a : a % b;
  }
  return 0;
}

MemResult mem_eval(MemOp op, uint32_t off, uint32_t old_word, uint32_t rs2) {
  const uint32_t shift = 8 * off;
  const uint32_t byte = (old_word >> shift) & 0xFF, half = (old_word >> shift) & 0xFFFF;
  switch (op) {
    case kLb: return {static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(byte))), old_word};
    case kLh: return {static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(half))), old_word};
    case kLw: return {old_word, old_word};
    case kLbu: return {byte, old_word};
    case kLhu: return {half, old_word};
    case kSb: return {rs2, (old_word & ~(0xFFu << shift)) | ((rs2 & 0xFF) << shift)};
    case kSh: return {rs2, (old_word & ~(0xFFFFu << shift)) | ((rs2 & 0xFFFF) << shift)};
    case kSw: return {rs2, rs2};
  }
  return {0, old_word};
}

}  // namespace goldfinch::circuit
