#include "goldfinch/circuit/pinned_descriptions.h"

namespace goldfinch::circuit {
namespace {

struct Pin {
  std::string_view name;
  air::PinnedDescription pin;
};

constexpr air::PinnedDescription pin(uint32_t constraints, uint32_t interactions, uint32_t degree,
                                     const char (&digest)[65]) {
  return {constraints, interactions, degree, air::PinnedDescription::parse_hex(digest)};
}

// {constraints, interactions, max degree, digest}, as pinned_descriptions_test prints them.
constexpr Pin kPins[] = {
    {"alu_add_sub", pin(5, 7, 3, "e7112b2a0c9e821b3c9067a6853e1135988e898a33760eda0cc8b44b522ae893")},
    {"alu_bitwise", pin(4, 5, 3, "7ef5cecdde649cc6ced0c2bb53b008995da5c05e244014fd5c78618f3728fe2e")},
    {"alu_lt", pin(7, 8, 3, "8a4a0fad83642f56b7bc801ea59b3d4a00f7c9eb03e0e7201a9c75312397d724")},
    {"blake3_compress", pin(3508, 31, 3, "6c1cbda8cc0b069fe36b917d50bf0c5543c579c71dffafbe314d228d32cd027b")},
    {"byte_ops", pin(0, 4, 3, "fb829b7a537e86f78fb8a281e171a9a6718998088fd23acb9b87b9d6f4eec55b")},
    {"divrem", pin(18, 14, 3, "abc7d78d964eae3f9e1a9aaaa34a46d8684c2705950692489448962a0216bf0c")},
    {"fp3_horner", pin(227, 109, 3, "e63b62cc32aa19929c231a219fe682b837effe622b27f1494f540d4a89d329c7")},
    {"input_stream", pin(6, 8, 3, "a9b49abe09418ddf950d63586f5563e8137db5ef46f356d7c863e3a80a325633")},
    {"io_call", pin(38, 23, 3, "5a64587b267bb25403fd8f9c5f7ff05dacc6777f1aabaabc0e0c9b4cdb8ebbc2")},
    {"io_commit_words", pin(25, 12, 3, "3fbad1da2daeaac389a86052a497c148d0f6a49c2a7a0f84c952a574a3ca7144")},
    {"io_read_words", pin(21, 12, 3, "fc48ac03ccad2f315343e50784b7973c42f8b8b565dc8b79276e728fa6e6731e")},
    {"io_write_words", pin(25, 8, 3, "920a590186799990276a8590ecd48128c219eba01749332ea7ce923d2df52748")},
    {"keccak_f", pin(3831, 15, 3, "1eecccba46699d1caa1d10d2a6cd34179475c4adaabeec31a730e2ad7b0cdec4")},
    {"load_store", pin(23, 6, 3, "e4a24254e2202cfbf2ac8436f66ba956a5a772ad80aa08098aeca5265eff4009")},
    {"mul", pin(11, 12, 3, "2f6d808f187b8132caf8a8eff31fe34231452fb040d62762a751e3e1b2628fa3")},
    // The multiset tables of a shard proof (multiset/air/; checked by shard_tables_test).
    {"multiset_hash_to_curve", pin(11, 11, 3, "f127e6a6ac427dcf59b9edb44234658117deb6007d95c365d97ba21a35e058dc")},
    {"multiset_sum", pin(61, 1, 3, "a7dbe9e18ddd9bef1fd598da6c25bcc8c899509e5062ad188bd58167d8515c56")},
    {"poseidon2", pin(172, 1, 3, "9a729c0c3d67e236c42ce4d2725a0dd809000aed9964f88cc93190bea09bf207")},
    {"poseidon2_precompile", pin(328, 99, 3, "7d0ffee5bd4df476cfc1eee5fb3cea238022024e3f9b48d125c4c1f8b2fb5a0d")},
    {"ram_image", pin(0, 1, 3, "705f73b820d1dd406fef64f4cc553a75e2d737aba819024c081f46ef7448fb7b")},
    {"ram_finalize", pin(5, 3, 3, "c3e6df281ce63883022a9130da154753ab102c955ab2378591be526b45e6709f")},
    {"range_u16", pin(0, 1, 3, "eb60a8d88d81c7dde021e4824dde7ae9ca540a733205b5882626752c013724fa")},
    {"shift", pin(13, 12, 3, "8e7db6952859d3713aaa2b04c8b0bf4c6f74142204dfa8c5934bd3aa23b03239")},
};

}  // namespace

const air::PinnedDescription* pinned_description(std::string_view table_name) {
  for (const Pin& p : kPins)
    if (p.name == table_name) return &p.pin;
  return nullptr;
}

}  // namespace goldfinch::circuit
