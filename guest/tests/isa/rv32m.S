/* RV32M: MUL/MULH/MULHSU/MULHU signs, division by zero and INT_MIN / -1 (no traps: RISC-V
 * defines the results), remainders' signs. Products checked with Python's int. */
#include "isa_test.h"

GF_TEST_BEGIN
  TEST_RR(1, mul, 21, 3, 7)
  TEST_RR(2, mul, 1, 0xffffffff, 0xffffffff)
  TEST_RR(3, mul, 0, 0x80000000, 2)
  TEST_RR(4, mul, 0x242d2080, 0x12345678, 0x9abcdef0)
  TEST_RR(5, mul, 0xfffffff9, 0xffffffff, 7)            /* -7 */
  TEST_RR(6, mulh, 0, 0xffffffff, 0xffffffff)           /* (-1)(-1) = 1 */
  TEST_RR(7, mulh, 0x40000000, 0x80000000, 0x80000000)  /* 2^62 */
  TEST_RR(8, mulh, 0xffffffff, 0x80000000, 1)           /* -2^31 */
  TEST_RR(9, mulh, 0x3fffffff, 0x7fffffff, 0x7fffffff)
  TEST_RR(10, mulh, 0xffffffff, 0xffffffff, 1)
  TEST_RR(11, mulh, 0xf8cc93d6, 0x12345678, 0x9abcdef0)
  TEST_RR(12, mulhsu, 0xffffffff, 0xffffffff, 0xffffffff) /* -1 * (2^32 - 1) */
  TEST_RR(13, mulhsu, 0x80000000, 0x80000000, 0xffffffff) /* -2^31 * (2^32 - 1) */
  TEST_RR(14, mulhsu, 0, 1, 0xffffffff)
  TEST_RR(15, mulhsu, 0x3fffffff, 0x7fffffff, 0x80000000)
  TEST_RR(16, mulhsu, 0x0b00ea4e, 0x12345678, 0x9abcdef0)
  TEST_RR(17, mulhsu, 0xf8cc93d6, 0x9abcdef0, 0x12345678)
  TEST_RR(18, mulhu, 0xfffffffe, 0xffffffff, 0xffffffff)
  TEST_RR(19, mulhu, 1, 0x80000000, 2)
  TEST_RR(20, mulhu, 0x0b00ea4e, 0x12345678, 0x9abcdef0)
  TEST_RR(21, mulhu, 0, 0xffffffff, 1)

  TEST_RR(22, div, 3, 20, 6)
  TEST_RR(23, div, 0xfffffffd, 0xffffffec, 6)           /* -20 / 6 = -3 (truncates) */
  TEST_RR(24, div, 0xfffffffd, 20, 0xfffffffa)          /* 20 / -6 = -3 */
  TEST_RR(25, div, 3, 0xffffffec, 0xfffffffa)           /* -20 / -6 = 3 */
  TEST_RR(26, div, 0xffffffff, 5, 0)                    /* x / 0 = -1 */
  TEST_RR(27, div, 0xffffffff, 0, 0)
  TEST_RR(28, div, 0xffffffff, 0x80000000, 0)
  TEST_RR(29, div, 0x80000000, 0x80000000, 0xffffffff)  /* INT_MIN / -1 = INT_MIN */
  TEST_RR(30, div, 0xc0000000, 0x80000000, 2)
  TEST_RR(31, divu, 3, 20, 6)
  TEST_RR(32, divu, 0xffffffff, 0xffffffff, 1)
  TEST_RR(33, divu, 0xffffffff, 5, 0)                   /* x / 0 = 2^32 - 1 */
  TEST_RR(34, divu, 0, 0x80000000, 0xffffffff)
  TEST_RR(35, divu, 1, 0xffffffff, 0xffffffff)
  TEST_RR(36, divu, 0x7ffffffd, 0xfffffffa, 2)          /* unsigned, not -3 */
  TEST_RR(37, rem, 2, 20, 6)
  TEST_RR(38, rem, 0xfffffffe, 0xffffffec, 6)           /* -20 % 6 = -2: sign of the dividend */
  TEST_RR(39, rem, 2, 20, 0xfffffffa)
  TEST_RR(40, rem, 0xfffffffe, 0xffffffec, 0xfffffffa)
  TEST_RR(41, rem, 5, 5, 0)                             /* x % 0 = x */
  TEST_RR(42, rem, 0xfffffffb, 0xfffffffb, 0)
  TEST_RR(43, rem, 0, 0x80000000, 0xffffffff)           /* INT_MIN % -1 = 0 */
  TEST_RR(44, remu, 2, 20, 6)
  TEST_RR(45, remu, 5, 0xffffffff, 10)                  /* 4294967295 % 10 */
  TEST_RR(46, remu, 0xffffffff, 0xffffffff, 0)
  TEST_RR(47, remu, 0x80000000, 0x80000000, 0xffffffff)
  TEST_RR(48, remu, 0, 0xfffffffa, 2)
  TEST_RR_SELF(49, mul, 0x00000009, 0xfffffffd)         /* (-3)^2 with rd == rs1 == rs2 */
  TEST_RR_SELF(50, div, 1, 0x80000000)
  TEST_RR_SELF(51, rem, 0, 0x12345678)
  TEST_RR_SELF(52, mulhu, 0x3fffffff, 0x7fffffff)
GF_TEST_PASS
