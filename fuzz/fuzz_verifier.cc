// libFuzzer target: the fuzzer's bytes are a proof, copied into an exactly-sized 16-byte aligned
// buffer and verified against each fixed statement of statements.h (Fibonacci; the range check
// with the preprocessed 16-bit table; the two-table addition bus; Fibonacci beside a variable-length
// public output). The verifier must return an
// Error, never crash, hang or read outside the buffer. An accepted Fibonacci proof must claim a
// true statement: its last value is recomputed here from the first two (an independent oracle).
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/stark/verifier.h"
#include "statements.h"

using namespace goldfinch;
using goldfinch::fuzz::AlignedCopy;

namespace {

const std::vector<fuzz::Statement>& statements() {
  static const std::vector<fuzz::Statement> s = fuzz::make_statements();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)statements();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  AlignedCopy buf(data, size);
  for (const fuzz::Statement& s : statements()) {
    stark::VerifiedProof out;
    const Error e = stark::verify(s.pk->vk, s.tables, buf.span(), &out);
    if (!e.ok()) continue;
    GF_FUZZ_ASSERT(out.log_heights.size() == s.tables.size() && out.public_values.size() == s.tables.size(),
                   "accepted proof with a malformed result");
    if (s.name == "public_output") {
      // The output table sends only (i, v) for its rows: no accepted proof claims more values.
      GF_FUZZ_ASSERT(out.public_values[1].size() <= (size_t{1} << out.log_heights[1]), "more public outputs than rows");
    }
    if (s.name == "fibonacci" || s.name == "fibonacci_poseidon2" || s.name == "public_output") {
      const auto& pv = out.public_values[0];
      GF_FUZZ_ASSERT(pv.size() == 3, "fibonacci public values");
      GF_FUZZ_ASSERT(fuzz::fibonacci_last(pv[0], pv[1], out.log_heights[0]) == pv[2],
                     "accepted a Fibonacci proof of a false statement");
    }
  }
  return 0;
}
