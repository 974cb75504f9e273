/* RV32I branches (both directions, signed and unsigned), JAL and JALR (link value, bit 0 of the
 * target cleared, rd == rs1). Exit code = failing case. */
#include "isa_test.h"

GF_TEST_BEGIN
  TEST_BR_TAKEN(1, beq, 5, 5)
  TEST_BR_NOT_TAKEN(2, beq, 5, 6)
  TEST_BR_NOT_TAKEN(3, beq, 0, 0x80000000)
  TEST_BR_TAKEN(4, bne, 1, 2)
  TEST_BR_NOT_TAKEN(5, bne, 7, 7)
  TEST_BR_TAKEN(6, blt, 0xffffffff, 1)                 /* -1 < 1 */
  TEST_BR_NOT_TAKEN(7, blt, 1, 0xffffffff)
  TEST_BR_TAKEN(8, blt, 0x80000000, 0x7fffffff)
  TEST_BR_NOT_TAKEN(9, blt, 3, 3)
  TEST_BR_TAKEN(10, bge, 1, 0xffffffff)
  TEST_BR_TAKEN(11, bge, 3, 3)
  TEST_BR_NOT_TAKEN(12, bge, 0xffffffff, 1)
  TEST_BR_NOT_TAKEN(13, bge, 0x80000000, 0)
  TEST_BR_TAKEN(14, bltu, 1, 0xffffffff)
  TEST_BR_NOT_TAKEN(15, bltu, 0xffffffff, 1)
  TEST_BR_NOT_TAKEN(16, bltu, 4, 4)
  TEST_BR_TAKEN(17, bgeu, 0xffffffff, 1)
  TEST_BR_TAKEN(18, bgeu, 0, 0)
  TEST_BR_NOT_TAKEN(19, bgeu, 0, 1)
  TEST_BR_TAKEN(20, bgeu, 0x80000000, 0x7fffffff)

  /* A backward branch: count to 5. */
  li gp, 21
  li x11, 0
  li x12, 5
1:
  addi x11, x11, 1
  blt x11, x12, 1b
  TEST_REG(21, x11, 5)

  /* A forward branch far away (offset > 2 KiB uses the top immediate bits) and back. */
  li gp, 22
  li x11, 1
  bnez x11, far_target
  j fail
far_back:

  /* JAL: jumps, and links the address of the next instruction. */
  li gp, 23
  lui x7, %hi(jal_ret)
  addi x7, x7, %lo(jal_ret)
  jal x14, jal_target
jal_ret:
  j fail
jal_target:
  bne x14, x7, fail

  /* JALR: target (rs1 + imm) & ~1, link = next instruction. */
  li gp, 24
  lui x11, %hi(jalr_target_1)
  addi x11, x11, %lo(jalr_target_1)
  addi x11, x11, 1                                      /* odd address: bit 0 is dropped */
  lui x7, %hi(jalr_ret_1)
  addi x7, x7, %lo(jalr_ret_1)
  jalr x14, 0(x11)
jalr_ret_1:
  j fail
jalr_target_1:
  bne x14, x7, fail

  li gp, 25
  lui x11, %hi(jalr_target_2)
  addi x11, x11, %lo(jalr_target_2)
  jalr x14, 1(x11)                                      /* odd through the immediate */
  j fail
jalr_target_2:

  li gp, 26
  lui x11, %hi(jalr_target_3 + 8)
  addi x11, x11, %lo(jalr_target_3 + 8)
  jalr x0, -8(x11)                                      /* negative offset, no link */
  j fail
jalr_target_3:

  /* rd == rs1: the target uses the old value, then rd gets the link. */
  li gp, 27
  lui x11, %hi(jalr_target_4)
  addi x11, x11, %lo(jalr_target_4)
  lui x7, %hi(jalr_ret_4)
  addi x7, x7, %lo(jalr_ret_4)
  jalr x11, 0(x11)
jalr_ret_4:
  j fail
jalr_target_4:
  bne x11, x7, fail

  /* A call and return through ra, as compilers emit them. */
  li gp, 28
  li x14, 0
  call leaf
  TEST_REG(28, x14, 0x55)
  j done

leaf:
  li x14, 0x55
  ret

done:
GF_TEST_PASS

  .p2align 2
  .skip 3500                                             /* pad: far_target is ~3.5 KiB away (B-type reach: 4 KiB) */
far_target:
  li gp, 22
  j far_back
