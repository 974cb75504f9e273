// Phase markers of the verifier for the in-VM profile: GF_VERIFIER_PHASE(n) is nothing on the host
// and, when the verifier is compiled as a guest (GF_VERIFIER_IN_GUEST, set by guest/verifier), the
// profiler step marker `addi x0, x0, n` (docs/guest_abi.md), so `goldfinch profile` and
// `goldfinch verify --in-vm` show the cycles of each phase. The host build is unchanged by them.
#pragma once

#include <cstddef>

#if defined(GF_VERIFIER_IN_GUEST)
#define GF_VERIFIER_PHASE(n) __asm__ volatile("addi x0, x0, %0" ::"i"(static_cast<int>(n)))
#else
#define GF_VERIFIER_PHASE(n) \
  do {                       \
  } while (0)
#endif

namespace goldfinch::stark {

// Step numbers (0 is everything before the first marker: start-up of the guest).
enum VerifierPhase : int {
  kPhaseUnpack = 1,          // guest: packed input header, verifying-key decoding, statement tables
  kPhaseSetup = 2,           // parameters, key vs tables, key digest, proof header, heights, layout
  kPhaseCommitments = 3,     // transcript replay: public values, main/aux/quotient roots, challenges
  kPhaseOod = 4,             // out-of-domain openings and the constraint check at z
  kPhaseFriCommit = 5,       // FRI roots and betas, final polynomial, proof of work, query indices
  kPhaseTraceOpenings = 6,   // Merkle openings of the preprocessed/main/aux/quotient trees
  kPhaseFriOpenings = 7,     // Merkle openings of the FRI layers
  kPhaseDeep = 8,            // DEEP quotients at the query points (from the opened rows)
  kPhaseFriFold = 9,         // folding through the layers and the final-polynomial check
  kPhaseOutput = 10,         // guest: committing the key digest and public values
};

inline constexpr size_t kNumVerifierPhases = 11;  // 0..10

// Names for reports (index = step number).
inline const char* verifier_phase_name(int step) {
  static const char* const kNames[kNumVerifierPhases] = {
      "startup",        "unpack",        "setup",     "commitments", "ood_check",  "fri_commit",
      "trace_openings", "fri_openings",  "deep",      "fri_fold",    "output"};
  return step >= 0 && static_cast<size_t>(step) < kNumVerifierPhases ? kNames[step] : "other";
}

}  // namespace goldfinch::stark
