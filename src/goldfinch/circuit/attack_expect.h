// Test support for the named attacks on the RV32IM statement (statement_named_attack_test,
// claim_attack_test, wx_statement_test): a forged witness must be reported by the debug checkers with the expected
// finding, and its proof, forced through the prover, must not verify.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "goldfinch/circuit/statement_harness.h"

namespace goldfinch::circuit::testing {

// The debug checkers report `w` (a finding contains `expect`; with `only`, every finding does: the
// forgery is consistent but for the intended check) and its forced proof does not verify.
inline void expect_rejected(const Statement& s, std::vector<stark::TableWitness> w, const std::string& expect,
                            bool only = false) {
  const auto findings = s.check(w, 8);
  ASSERT_FALSE(findings.empty()) << "the debug checkers found nothing";
  std::string all;
  for (const auto& f : findings) {
    all += f + "\n";
    if (only) {
      EXPECT_NE(f.find(expect), std::string::npos) << "an unintended finding: " << f;
    }
  }
  EXPECT_NE(all.find(expect), std::string::npos) << "expected a finding with '" << expect << "', got:\n" << all;
  bool made = false;
  const Error e = s.prove_and_verify(std::move(w), true, &made);
  EXPECT_TRUE(made) << e.what;
  EXPECT_FALSE(e.ok()) << "the forced proof verified";
  std::printf("[ attack ] %.140s; verifier: %s\n", findings[0].c_str(), e.what);
}

}  // namespace goldfinch::circuit::testing
