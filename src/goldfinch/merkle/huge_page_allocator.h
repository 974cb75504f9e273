// The allocator of large prover buffers (Merkle digest layers): the matrix allocator
// (field/matrix.h), so blocks of 2 MiB and more come from base/block_cache.h — 2 MiB aligned, on
// transparent huge pages, reused resident across trees — and value-less construction leaves
// digests uninitialized (every layer is written entirely by the hashing kernels). On our VMs a
// 32 MiB layer took 30-180 ms to fault in with 4 KiB pages and 3.5 ms with huge pages.
#pragma once

#include "goldfinch/field/matrix.h"

namespace goldfinch::merkle {

template <class T>
using HugePageAllocator = MatrixAllocator<T>;

}  // namespace goldfinch::merkle
