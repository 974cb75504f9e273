# golden_test: proofs and verifying keys committed under testdata/ are verified on every run, and
# proving the same statements today must give the same bytes (docs/fuzzing.md). Regenerate with
#   GOLDFINCH_REGENERATE_GOLDEN=1 build/release/src/goldfinch/stark/golden_test
gf_add_test(golden_test SOURCES golden_test.cc DEPS goldfinch::stark goldfinch::air_examples)
if(TARGET golden_test)
  target_compile_definitions(golden_test PRIVATE GF_GOLDEN_DIR="${CMAKE_CURRENT_SOURCE_DIR}/testdata")
endif()
# fuzz_regression_test: bugs the fuzzers (or writing them) found in the verifier side.
gf_add_test(fuzz_regression_test SOURCES fuzz_regression_test.cc DEPS goldfinch::stark goldfinch::air_examples)
