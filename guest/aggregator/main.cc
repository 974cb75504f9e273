// The aggregation guest (docs/recursion.md, "The aggregation program"): verifies k child proofs
// with the verifier the host runs (the verifier guest's RV32IM library) and commits the statement
// of the run segment they cover, joined from theirs.
// Input (private): the blob of recursion/aggregate_input.h — the program's shard verifying key,
// the aggregation key when an inner child needs it, the aggregation key digest this node commits,
// and the k child proofs — read in place at gf_input(); no proof is copied.
//   leaf child: an rv32im_shard proof under the program's shard key (decoded once for all leaves);
//   inner child: a whole-run rv32im proof of the aggregation program under the aggregation key,
//   whose digest must be the committed one and whose exit code must be 0; its public output is
//   the child node's encoded JoinedStatement, which must name the same two digests.
//   claim proof: the same kind of proof, of a node covering a complete run of any program
//   (recursion::complete_run); its (program digest, output BLAKE3) becomes a subject that
//   discharges equal claims (docs/recursion.md, "Claims").
// A leaf at cycle 0 must start at the program's entry with zero registers (so that a statement
// starting at cycle 0 is a run from the entry, which claim proofs rely on).
// Output (public): recursion::encode_joined of the joined statement (recursion/aggregate.h).
// Exit code: 0 valid; 1 a child proof or the join was rejected; 2 the input, a key or a shape is
// malformed. The reason of a failure goes to stderr. Steps: 1 unpack (the input, the keys decoded
// and checked against the tables once: stark::CheckedKey), the verifier's 2..9 per child, 10 per
// child's statement and for the join and commit.
#include <cstdint>
#include <cstdio>
#include <optional>

#include "goldfinch/guest.h"
#include "goldfinch/recursion/aggregate.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/stark/verifier_phases.h"
#include "../verifier/u64_text.h"

namespace {

using namespace goldfinch;

int fail(int code, const char* stage, size_t child, const Error& e) {
  char a[24], b[24], c[24];
  std::fprintf(stderr, "aggregation guest: %s (child %s): %s [%s] (expected %s, got %s)\n", stage, u64_text(child, c),
               e.what, error_code_name(e.code), u64_text(e.expected, a), u64_text(e.got, b));
  return code;
}

constexpr size_t kNoChild = ~size_t{0};

}  // namespace

int main() {
  GF_VERIFIER_PHASE(stark::kPhaseUnpack);
  size_t len = 0;
  const auto* bytes = static_cast<const uint8_t*>(gf_input(&len));
  Result<recursion::AggregationInput> in = recursion::parse_aggregation_input({bytes, len});
  if (!in.ok()) return fail(2, "aggregation input", kNoChild, in.error());

  // The program's shard key and tables: decoded and built once, used for every leaf.
  Result<stark::VerifyingKey> program_vk = stark::VerifyingKey::decode(in->program_key);
  if (!program_vk.ok()) return fail(2, "program shard key", kNoChild, program_vk.error());
  Result<recursion::Statement> leaf = recursion::make_statement(
      static_cast<uint32_t>(recursion::StatementId::kRv32imShard), in->program_entry, in->program_shape);
  if (!leaf.ok()) return fail(2, "program shard shape", kNoChild, leaf.error());
  if (const Error e = recursion::check_key_heights(*leaf, *program_vk); !e.ok())
    return fail(1, "program shard key rejected", kNoChild, e);
  // The key's checks against the tables' code and its digest, once for all leaves (stark::verify
  // would repeat them per proof).
  Result<stark::CheckedKey> program_key = stark::CheckedKey::make(*program_vk, leaf->tables);
  if (!program_key.ok()) return fail(1, "program shard key rejected", kNoChild, program_key.error());
  const hash::Digest program_digest = program_key->digest();

  // The aggregation key, only when an inner child needs it (the parser requires it then): its
  // digest must be the one this node commits, which the parent or the root pins.
  std::optional<stark::VerifyingKey> aggregation_vk;
  std::optional<recursion::Statement> inner;
  stark::CheckedKey aggregation_key;
  if (!in->aggregation_key.empty()) {
    Result<stark::VerifyingKey> k = stark::VerifyingKey::decode(in->aggregation_key);
    if (!k.ok()) return fail(2, "aggregation key", kNoChild, k.error());
    if (k->digest() != in->aggregation_digest)
      return fail(1, "aggregation key rejected", kNoChild,
                  Error{ErrorCode::kMismatch, "the aggregation key's digest is not the committed one", 0, 0});
    Result<recursion::Statement> s = recursion::make_statement(static_cast<uint32_t>(recursion::StatementId::kRv32im),
                                                               in->aggregation_entry, in->aggregation_shape);
    if (!s.ok()) return fail(2, "aggregation shape", kNoChild, s.error());
    if (const Error e = recursion::check_key_heights(*s, *k); !e.ok())
      return fail(1, "aggregation key rejected", kNoChild, e);
    aggregation_vk = std::move(*k);
    inner = std::move(*s);
    Result<stark::CheckedKey> checked = stark::CheckedKey::make(*aggregation_vk, inner->tables);
    if (!checked.ok()) return fail(1, "aggregation key rejected", kNoChild, checked.error());
    aggregation_key = *checked;
  }

  std::vector<recursion::JoinedStatement> children, proven;
  children.reserve(in->children.size());
  for (size_t i = 0; i < in->children.size(); ++i) {
    const recursion::AggregationChild& child = in->children[i];
    stark::VerifiedProof out;
    if (child.kind == recursion::ChildKind::kLeaf) {
      if (const Error e = stark::verify(*program_key, child.proof, &out); !e.ok())
        return fail(1, "leaf proof rejected", i, e);
      GF_VERIFIER_PHASE(stark::kPhaseOutput);
      Result<shard::ShardProofStatement> s = shard::ShardTables::statement(out.public_values);
      if (!s.ok()) return fail(1, "leaf statement rejected", i, s.error());
      if (s->rv.start_cycle == 0) {
        bool zero = s->rv.start_pc == in->program_entry;
        for (uint32_t v : s->rv.start_regs) zero = zero && v == 0;
        if (!zero)
          return fail(
              1, "leaf statement rejected", i,
              Error{ErrorCode::kMismatch, "the shard at cycle 0 does not start at the entry with zero registers",
                    in->program_entry, s->rv.start_pc});
      }
      children.push_back(recursion::leaf_statement(program_digest, in->aggregation_digest, *s));
    } else {
      if (const Error e = stark::verify(aggregation_key, child.proof, &out); !e.ok())
        return fail(1, "inner proof rejected", i, e);
      GF_VERIFIER_PHASE(stark::kPhaseOutput);
      Result<circuit::Rv32imStatement> s = circuit::Rv32imTables::statement(out.public_values);
      if (!s.ok()) return fail(1, "inner statement rejected", i, s.error());
      if (s->exit_code != 0)
        return fail(1, "inner child rejected", i,
                    Error{ErrorCode::kMismatch, "the aggregation run did not exit with 0", 0, s->exit_code});
      if (!s->claims.empty())
        return fail(1, "inner child rejected", i,
                    Error{ErrorCode::kMismatch, "the aggregation run made claims", 0, s->claims.size()});
      Result<recursion::JoinedStatement> j = recursion::decode_joined(s->output);
      if (!j.ok()) return fail(1, "inner output rejected", i, j.error());
      if (child.kind == recursion::ChildKind::kClaimProof) {
        proven.push_back(std::move(*j));  // join checks its aggregation digest and that it is a complete run
        continue;
      }
      if (j->program_digest != program_digest)
        return fail(1, "inner child rejected", i,
                    Error{ErrorCode::kMismatch, "the child covers another program's shards", 0, 0});
      if (j->aggregation_digest != in->aggregation_digest)
        return fail(1, "inner child rejected", i,
                    Error{ErrorCode::kMismatch, "the child verified its children under another aggregation key", 0, 0});
      children.push_back(std::move(*j));
    }
  }

  GF_VERIFIER_PHASE(stark::kPhaseOutput);
  Result<recursion::JoinedStatement> joined = recursion::join(children, proven);
  if (!joined.ok()) return fail(1, "join rejected", joined.error().expected, joined.error());
  const std::vector<uint8_t> output = recursion::encode_joined(*joined);
  gf_commit(output.data(), output.size());
  return 0;
}
