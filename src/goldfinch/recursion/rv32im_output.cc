#include "goldfinch/recursion/rv32im_output.h"

#include <vector>

namespace goldfinch::recursion {

Result<Rv32imGuestOutput> decode_rv32im_output(std::span<const uint8_t> out) {
  constexpr size_t kDigestBytes = 32;
  if (out.size() < kDigestBytes + 16 || (out.size() - kDigestBytes) % 8 != 0)
    return Error{ErrorCode::kInvalidArgument, "rv32im guest output: not a digest and whole u64 values",
                 kDigestBytes + 16, out.size()};
  Rv32imGuestOutput r;
  for (size_t i = 0; i < kDigestBytes; ++i) r.vk_digest.bytes[i] = out[i];
  std::vector<Fp> values;
  for (size_t at = kDigestBytes; at < out.size(); at += 8) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{out[at + i]} << (8 * i);
    if (v >= Fp::kModulus)
      return Error{ErrorCode::kInvalidArgument, "rv32im guest output: value not in F_p", Fp::kModulus, v};
    values.push_back(Fp::from_u64(v));
  }
  // Whole-run tables: the CPU table's (exit code, cycles), the I/O call table's output bytes.
  using T = circuit::Rv32imTables;
  std::vector<std::vector<Fp>> pv(T::kNumTables);
  pv[T::kCpuIndex].assign(values.begin(), values.begin() + 2);
  pv[T::kIoCallIndex].assign(values.begin() + 2, values.end());
  Result<circuit::Rv32imStatement> s = T::statement(pv);
  if (!s.ok()) return s.error();
  r.statement = std::move(*s);
  return r;
}

}  // namespace goldfinch::recursion
