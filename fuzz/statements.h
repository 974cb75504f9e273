// The fixed statements the verifier fuzzer checks proofs against, and honest witnesses for them
// (make_corpus proves them to seed the corpus): Fibonacci, a 16-bit range check by lookup into the
// preprocessed table, two tables on the addition bus, and Fibonacci beside a variable-length public
// output. Few queries and no grinding, so one
// verification takes well under a millisecond and the fuzzer explores many inputs per second.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "goldfinch/stark/prover.h"

namespace goldfinch::fuzz {

// log_blowup 2, 2 queries, no grinding, folding by 2, final polynomial of 1 coefficient.
stark::StarkParams fuzz_params();

struct Statement {
  std::string name;  // "fibonacci", "range_check", "add_bus", "public_output", "fibonacci_poseidon2"
  std::vector<const air::Air*> tables;
  std::unique_ptr<stark::ProvingKey> pk;
};

// The five statements, in that order, set up with fuzz_params() (the last, Fibonacci again, with
// Poseidon2 Merkle commitments). Aborts if setup fails (the
// tables are the engine's own examples; a failure is a bug, not bad input).
std::vector<Statement> make_statements();

// Honest witnesses of several sizes for statement `name` (seeds of different heights and shapes).
std::vector<std::vector<stark::TableWitness>> witnesses(const std::string& name);

// The oracle for accepted Fibonacci proofs: the b value of the last row of a trace of 2^log_n rows
// starting at (a0, b0), computed directly.
Fp fibonacci_last(Fp a0, Fp b0, unsigned log_n);

}  // namespace goldfinch::fuzz
