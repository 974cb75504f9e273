// The compiled parts of libstdc++ behind std::unordered_map / unordered_set (Debian has no rv32
// libstdc++): the prime rehash policy and the byte hash used by std::hash<std::string>.
// Written for this SDK from the documented contracts in <bits/hashtable_policy.h>; bucket counts
// are primes as in libstdc++, the string hash is FNV-1a (values differ from the host's murmur).
#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace std {
_GLIBCXX_BEGIN_NAMESPACE_VERSION

namespace {

bool is_prime(std::size_t n) {
  if (n < 2) return false;
  if (n % 2 == 0) return n == 2;
  for (std::size_t d = 3; d <= n / d; d += 2) {
    if (n % d == 0) return false;
  }
  return true;
}

constexpr std::size_t kLargestPrime = 4294967291u;  // largest prime below 2^32

}  // namespace

size_t _Hash_bytes(const void* ptr, size_t len, size_t seed) {
  const unsigned char* p = static_cast<const unsigned char*>(ptr);
  std::uint32_t h = 2166136261u ^ static_cast<std::uint32_t>(seed);
  for (size_t i = 0; i < len; ++i) {
    h ^= p[i];
    h *= 16777619u;
  }
  // Final avalanche (murmur3 fmix32) so that the low bits used for bucketing are well mixed.
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

size_t _Fnv_hash_bytes(const void* ptr, size_t len, size_t seed) {
  const unsigned char* p = static_cast<const unsigned char*>(ptr);
  std::uint32_t h = static_cast<std::uint32_t>(seed);
  for (size_t i = 0; i < len; ++i) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

namespace __detail {

std::size_t _Prime_rehash_policy::_M_next_bkt(std::size_t n) const {
  if (n == 0) return 1;  // the single-bucket state of an empty table
  std::size_t p = n < 2 ? 2 : n;
  if (p >= kLargestPrime) {
    p = kLargestPrime;
  } else {
    while (!is_prime(p)) ++p;
  }
  _M_next_resize = static_cast<std::size_t>(__builtin_floor(p * static_cast<double>(_M_max_load_factor)));
  return p;
}

std::pair<bool, std::size_t> _Prime_rehash_policy::_M_need_rehash(std::size_t n_bkt, std::size_t n_elt,
                                                                  std::size_t n_ins) const {
  if (n_elt + n_ins <= _M_next_resize) return {false, 0};
  // Start with at least 11 buckets the first time, then grow by _S_growth_factor.
  const std::size_t wanted = n_elt + n_ins > 11 || _M_next_resize != 0 ? n_elt + n_ins : 11;
  const double min_bkts = static_cast<double>(wanted) / static_cast<double>(_M_max_load_factor);
  if (min_bkts >= static_cast<double>(n_bkt)) {
    const std::size_t by_load = static_cast<std::size_t>(__builtin_floor(min_bkts)) + 1;
    const std::size_t by_growth = n_bkt * _S_growth_factor;
    return {true, _M_next_bkt(by_load > by_growth ? by_load : by_growth)};
  }
  _M_next_resize = static_cast<std::size_t>(__builtin_floor(n_bkt * static_cast<double>(_M_max_load_factor)));
  return {false, 0};
}

}  // namespace __detail

_GLIBCXX_END_NAMESPACE_VERSION
}  // namespace std
