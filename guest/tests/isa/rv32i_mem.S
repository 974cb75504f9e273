/* RV32I loads and stores: sign/zero extension, sizes, offsets (negative, +-2 KiB), store
 * truncation, loads into x0. All accesses are naturally aligned. Exit code = failing case. */
#include "isa_test.h"

  .data
  .p2align 4
mem:                                                    /* bytes: ff f0 81 80 fe 7f 01 7f */
  .word 0x8081f0ff, 0x7f017ffe
  .bss
  .p2align 4
scratch:
  .skip 16
  .skip 4096
scratch_far:
  .skip 16

GF_TEST_BEGIN
  TEST_LOAD(1, lb, 0xffffffff, mem, 0)
  TEST_LOAD(2, lbu, 0x000000ff, mem, 0)
  TEST_LOAD(3, lb, 0xfffffff0, mem, 1)
  TEST_LOAD(4, lb, 0x0000007f, mem, 5)
  TEST_LOAD(5, lbu, 0x00000080, mem, 3)
  TEST_LOAD(6, lb, 0xffffff80, mem, 3)
  TEST_LOAD(7, lh, 0xfffff0ff, mem, 0)
  TEST_LOAD(8, lhu, 0x0000f0ff, mem, 0)
  TEST_LOAD(9, lh, 0xffff8081, mem, 2)
  TEST_LOAD(10, lh, 0x00007ffe, mem, 4)
  TEST_LOAD(11, lhu, 0x00008081, mem, 2)
  TEST_LOAD(12, lw, 0x8081f0ff, mem, 0)
  TEST_LOAD(13, lw, 0x7f017ffe, mem, 4)
  TEST_LOAD(14, lw, 0x8081f0ff, mem + 8, -8)
  TEST_LOAD(15, lb, 0x0000007f, mem + 8, -1)
  TEST_LOAD(16, lhu, 0x00007f01, mem + 8, -2)

  /* Stores write only their width, low bits first. */
  li gp, 17
  lui x11, %hi(scratch)
  addi x11, x11, %lo(scratch)
  li x12, 0x1234abcd
  sb x12, 1(x11)
  lw x14, 0(x11)
  TEST_REG(17, x14, 0x0000cd00)
  li x12, 0xdeadbeef
  sh x12, 2(x11)
  lw x14, 0(x11)
  TEST_REG(18, x14, 0xbeefcd00)
  li x12, 0x01234567
  sw x12, 4(x11)
  lw x14, 4(x11)
  TEST_REG(19, x14, 0x01234567)
  lbu x14, 4(x11)
  TEST_REG(20, x14, 0x67)
  lh x14, 6(x11)
  TEST_REG(21, x14, 0x0123)
  li x12, 0x80
  sb x12, 8(x11)
  lb x14, 8(x11)
  TEST_REG(22, x14, 0xffffff80)
  li x12, 0xffff8000
  sh x12, 10(x11)
  lh x14, 10(x11)
  TEST_REG(23, x14, 0xffff8000)
  lhu x14, 10(x11)
  TEST_REG(24, x14, 0x00008000)
  lw x14, 8(x11)
  TEST_REG(25, x14, 0x80000080)

  /* Loads into x0 are discarded; a load may overwrite its own base register. */
  lw x0, 0(x11)
  add x14, x0, x0
  TEST_REG(26, x14, 0)
  lui x11, %hi(mem)
  addi x11, x11, %lo(mem)
  lw x11, 4(x11)
  TEST_REG(27, x11, 0x7f017ffe)

  /* Largest positive and negative offsets. */
  li gp, 28
  lui x11, %hi(scratch_far - 2047)
  addi x11, x11, %lo(scratch_far - 2047)
  li x12, 0x5a5aa5a5
  sb x12, 2047(x11)
  lui x13, %hi(scratch_far)
  addi x13, x13, %lo(scratch_far)
  lbu x14, 0(x13)
  TEST_REG(28, x14, 0xa5)
  li gp, 29
  lui x11, %hi(scratch_far + 2048)
  addi x11, x11, %lo(scratch_far + 2048)
  sw x12, -2048(x11)
  lw x14, 0(x13)
  TEST_REG(29, x14, 0x5a5aa5a5)
  lh x14, -2046(x11)
  TEST_REG(30, x14, 0x00005a5a)
GF_TEST_PASS
