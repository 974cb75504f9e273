// Regression tests for bugs found while fuzzing the verifier side (docs/fuzzing.md, "Findings").
// Each test is named for the bug and failed before its fix.
#include <gtest/gtest.h>

#include "goldfinch/air/example_airs.h"
#include "goldfinch/stark/layout.h"
#include "goldfinch/stark/prover.h"

namespace goldfinch::stark {
namespace {

// A verifying key with log_blowup 6 is valid, and trace heights up to 2^27 are accepted, but an
// LDE of 2^(27+6) rows is larger than the 2^32 two-adic subgroup of F_p: the verifier's FRI query
// phase then calls Fp::two_adic_root(33), whose GF_CHECK aborts the process. A forged proof with
// sparse Merkle trees reaches that point cheaply, so the shape must be rejected as bad input when
// the layout is derived from the proof's heights section.
TEST(FuzzRegression, LdeAboveTheTwoAdicSubgroupIsAnErrorNotAnAbort) {
  const air::examples::FibonacciAir fib;
  StarkParams p = StarkParams::conjectured_100();
  p.log_blowup = 6;
  ASSERT_TRUE(p.validate().ok());
  auto pk = setup({&fib}, p);
  ASSERT_TRUE(pk.ok()) << pk.error().what;
  const VerifyingKey& vk = (*pk)->vk;
  // 2^26 rows: LDE of 2^32 rows, the largest the field supports.
  EXPECT_TRUE(ProofLayout::make(vk, {26}).ok());
  // 2^27 rows: LDE of 2^33 rows.
  auto too_tall = ProofLayout::make(vk, {27});
  ASSERT_FALSE(too_tall.ok());
  EXPECT_EQ(too_tall.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace goldfinch::stark
