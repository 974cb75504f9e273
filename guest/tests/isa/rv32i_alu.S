/* RV32I arithmetic, logic, comparisons, LUI, AUIPC and writes to x0. Exit code = failing case. */
#include "isa_test.h"

GF_TEST_BEGIN
  TEST_RR(1, add, 2, 1, 1)
  TEST_RR(2, add, 0x80000000, 0x7fffffff, 1)           /* signed overflow wraps */
  TEST_RR(3, add, 0, 0xffffffff, 1)
  TEST_RR(4, add, 0, 0x80000000, 0x80000000)
  TEST_RR(5, sub, 0xffffffff, 0, 1)
  TEST_RR(6, sub, 0x7fffffff, 0x80000000, 1)
  TEST_RR(7, sub, 0xfffffffc, 3, 7)
  TEST_RR(8, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
  TEST_RR(9, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f)
  TEST_RR(10, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
  TEST_RR(11, slt, 1, 0xffffffff, 1)                   /* -1 < 1 */
  TEST_RR(12, slt, 0, 1, 0xffffffff)
  TEST_RR(13, slt, 1, 0x80000000, 0x7fffffff)          /* INT_MIN < INT_MAX */
  TEST_RR(14, slt, 0, 5, 5)
  TEST_RR(15, sltu, 0, 0xffffffff, 1)
  TEST_RR(16, sltu, 1, 1, 0xffffffff)
  TEST_RR(17, sltu, 0, 0, 0)
  TEST_RI(18, addi, 0x80000000, 0x7fffffff, 1)
  TEST_RI(19, addi, 0xfffff800, 0, -2048)              /* immediate is sign-extended */
  TEST_RI(20, addi, 0x000007ff, 0, 2047)
  TEST_RI(21, addi, 4, 5, -1)
  TEST_RI(22, andi, 0x00000670, 0x12345678, 0x7f0)
  TEST_RI(23, andi, 0xfffff800, 0xffffffff, -2048)
  TEST_RI(24, ori, 0xfffff800, 0x00ff0000, -2048)
  TEST_RI(25, ori, 0x12345678, 0x12345000, 0x678)
  TEST_RI(26, xori, 0xedcba987, 0x12345678, -1)        /* not */
  TEST_RI(27, xori, 0x00ff07f0, 0x00ff00ff, 0x70f)
  TEST_RI(28, slti, 1, 0xffffffff, 0)
  TEST_RI(29, slti, 0, 0x7fffffff, -1)
  TEST_RI(30, slti, 1, 0x80000000, -2048)
  TEST_RI(31, sltiu, 1, 0, -1)                         /* imm sign-extends to 0xffffffff, compared unsigned */
  TEST_RI(32, sltiu, 0, 0xffffffff, -1)
  TEST_RI(33, sltiu, 1, 0, 1)                          /* seqz */
  TEST_RI(34, sltiu, 0, 5, 1)
  TEST_RR_SELF(35, add, 0xfffffffe, 0xffffffff)        /* rd == rs1 == rs2 */
  TEST_RR_SELF(36, sub, 0, 0x12345678)

  li gp, 37
  lui x14, 0x80000
  TEST_REG(37, x14, 0x80000000)
  lui x14, 0xfffff
  TEST_REG(38, x14, 0xfffff000)
  lui x14, 0x12345
  TEST_REG(39, x14, 0x12345000)

  /* AUIPC against the linker's absolute address of the instruction itself. */
  li gp, 40
auipc_0:
  auipc x14, 0
  lui x7, %hi(auipc_0)
  addi x7, x7, %lo(auipc_0)
  bne x14, x7, fail
  li gp, 41
auipc_1:
  auipc x14, 1
  lui x7, %hi(auipc_1 + 0x1000)
  addi x7, x7, %lo(auipc_1 + 0x1000)
  bne x14, x7, fail
  li gp, 42
auipc_2:
  auipc x14, 0xfffff                                     /* -0x1000 */
  lui x7, %hi(auipc_2 - 0x1000)
  addi x7, x7, %lo(auipc_2 - 0x1000)
  bne x14, x7, fail

  /* Writes to x0 are ignored, whatever writes them. */
  li x11, 5
  li x12, 7
  add x0, x11, x12
  addi x0, x11, 1
  lui x0, 0x12345
  auipc x0, 0x12345
  sltu x0, x11, x12
  addi x0, x0, 17                                       /* also a profiler step marker: a no-op */
  add x14, x0, x0
  TEST_REG(43, x14, 0)
  addi x14, x0, 9                                       /* x0 reads as zero */
  TEST_REG(44, x14, 9)
  fence                                                 /* a no-op */
  fence rw, rw
  TEST_REG(45, x14, 9)

GF_TEST_PASS
