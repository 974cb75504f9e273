#include "goldfinch/air/builders.h"

namespace goldfinch::air {

unsigned SymbolicBuilder::max_degree() const {
  unsigned d = 0;
  for (const auto& c : constraints_) d = std::max(d, c.degree);
  return d;
}

}  // namespace goldfinch::air
