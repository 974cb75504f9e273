// The verifier guest: verifies a Goldfinch STARK proof inside the VM with the same verifier code
// the host runs (src/goldfinch/stark, compiled for RV32IM by CMakeLists.txt here).
// Input (private): the packed blob of recursion/packed_input.h — the verifying key, the inner
// proof and the statement (an example table set, or the RV32IM circuit of a guest program's whole
// run or of one shard of a run, with its shape) — read in place at gf_input(); the proof is never
// copied.
// Output (public): the verifying key's 32-byte digest, then every public value of the inner proof
// (tables in order, u64 little-endian), so an outer verifier can pin which statement was proven;
// for a shard (rv32im_shard) the digest and the shard's statement, decoded and checked here, in the
// fixed layout of recursion/shard_output.h (what the host's chain check of a receipt reads).
// Exit code: 0 valid; 1 the proof was rejected; 2 the packed input, key or statement is malformed.
// The reason of a failure goes to stderr. Steps (GF_VERIFIER_PHASE) mark the verifier's phases.
#include <cstdint>
#include <cstdio>

#include "goldfinch/guest.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/shard_output.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/stark/verifier_phases.h"
#include "u64_text.h"

namespace {

using namespace goldfinch;

int fail(int code, const char* stage, const Error& e) {
  char a[24], b[24];
  std::fprintf(stderr, "verifier guest: %s: %s [%s] (expected %s, got %s)\n", stage, e.what, error_code_name(e.code),
               u64_text(e.expected, a), u64_text(e.got, b));
  return code;
}

}  // namespace

int main() {
  GF_VERIFIER_PHASE(stark::kPhaseUnpack);
  size_t len = 0;
  const auto* in = static_cast<const uint8_t*>(gf_input(&len));
  Result<recursion::PackedInput> packed = recursion::parse_packed({in, len});
  if (!packed.ok()) return fail(2, "packed input", packed.error());
  Result<stark::VerifyingKey> vk = stark::VerifyingKey::decode(packed->vk);
  if (!vk.ok()) return fail(2, "verifying key", vk.error());
  Result<recursion::Statement> statement = recursion::make_statement(packed->statement, packed->statement_param, packed->shape);
  if (!statement.ok()) return fail(2, "statement", statement.error());
  if (const Error e = recursion::check_key_heights(*statement, *vk); !e.ok()) return fail(1, "proof rejected", e);

  // stark::verify(vk, tables, proof) in its two steps, the checked key (with the tables'
  // interactions, ~600 heap lists) made on the heap and never destroyed: the run ends right after,
  // and taking the lists apart one free() at a time cost ~56 K cycles.
  GF_VERIFIER_PHASE(stark::kPhaseSetup);
  auto* key = new Result<stark::CheckedKey>(stark::CheckedKey::make(*vk, statement->tables));
  if (!key->ok()) return fail(1, "proof rejected", key->error());
  stark::VerifiedProof out;
  const Error e = stark::verify(**key, packed->proof, &out);
  if (!e.ok()) return fail(1, "proof rejected", e);

  GF_VERIFIER_PHASE(stark::kPhaseOutput);
  const hash::Digest digest = vk->digest();
  if (statement->id == recursion::StatementId::kRv32imShard) {
    Result<shard::ShardProofStatement> s = shard::ShardTables::statement(out.public_values);
    if (!s.ok()) return fail(1, "shard statement rejected", s.error());
    const std::vector<uint8_t> bytes = recursion::encode_shard_output(digest, *s);
    gf_commit(bytes.data(), bytes.size());
    return 0;
  }
  gf_commit(digest.bytes.data(), digest.bytes.size());
  for (const auto& table : out.public_values)
    for (Fp v : table) {
      uint8_t le[8];
      v.to_bytes(le);
      gf_commit(le, sizeof le);
    }
  return 0;
}
