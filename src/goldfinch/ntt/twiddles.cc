#include "goldfinch/ntt/twiddles.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "goldfinch/base/check.h"

namespace goldfinch::ntt {
namespace {

struct Table {
  std::unique_ptr<Fp[]> data;
  unsigned log_size = 0;
};

struct Cache {
  std::mutex mu;
  std::vector<std::unique_ptr<Table>> tables;  // all kept alive: callers hold raw pointers
  std::atomic<const Table*> current{nullptr};
};

std::unique_ptr<Fp[]> build(unsigned log_n, bool inverse) {
  const size_t n = size_t{1} << log_n;
  auto t = std::make_unique<Fp[]>(n < 2 ? 2 : n);
  if (n < 2) return t;
  // Top layer (s = n/2) by a chain of powers of w_n, every lower layer by decimation:
  // w_{2s}^j = w_{4s}^{2j}.
  Fp w = Fp::two_adic_root(log_n);
  if (inverse) w = w.inverse();
  const size_t top = n / 2;
  Fp acc = Fp::one();
  for (size_t j = 0; j < top; ++j, acc *= w) t[top + j] = acc;
  for (size_t s = top / 2; s >= 1; s /= 2)
    for (size_t j = 0; j < s; ++j) t[s + j] = t[2 * s + 2 * j];
  return t;
}

}  // namespace

const Fp* twiddle_table(unsigned log_n, bool inverse) {
  GF_CHECK(log_n <= Fp::kTwoAdicity, "twiddle table above 2^32");
  static Cache caches[2];
  Cache& c = caches[inverse ? 1 : 0];
  const Table* cur = c.current.load(std::memory_order_acquire);
  if (cur != nullptr && cur->log_size >= log_n) return cur->data.get();
  std::lock_guard<std::mutex> lock(c.mu);
  cur = c.current.load(std::memory_order_relaxed);
  if (cur != nullptr && cur->log_size >= log_n) return cur->data.get();
  // Build at least 2^12 entries so small transforms do not rebuild repeatedly.
  auto table = std::make_unique<Table>();
  table->log_size = log_n < 12 ? 12 : log_n;
  table->data = build(table->log_size, inverse);
  c.tables.push_back(std::move(table));
  c.current.store(c.tables.back().get(), std::memory_order_release);
  return c.tables.back()->data.get();
}

}  // namespace goldfinch::ntt
