/* RV32I shifts: amounts are masked to 5 bits; SRA/SRAI copy the sign bit. */
#include "isa_test.h"

GF_TEST_BEGIN
  TEST_RR(1, sll, 0x80000000, 1, 31)
  TEST_RR(2, sll, 1, 1, 32)                            /* 32 & 31 = 0 */
  TEST_RR(3, sll, 2, 1, 33)
  TEST_RR(4, sll, 0x23456780, 0x12345678, 0xffffffe4)  /* amount 0x04 */
  TEST_RR(5, sll, 0x80000000, 3, 0xffffffff)           /* amount 31 */
  TEST_RR(6, srl, 1, 0x80000000, 31)
  TEST_RR(7, srl, 0x80000000, 0x80000000, 32)
  TEST_RR(8, srl, 0x0fffffff, 0xffffffff, 4)
  TEST_RR(9, srl, 0x40000000, 0x80000000, 33)
  TEST_RR(10, sra, 0xffffffff, 0x80000000, 31)
  TEST_RR(11, sra, 0x80000000, 0x80000000, 32)
  TEST_RR(12, sra, 0xc0000000, 0x80000000, 33)
  TEST_RR(13, sra, 1, 0x7fffffff, 30)
  TEST_RR(14, sra, 0xfffffffc, 0xfffffff0, 2)
  TEST_RR(15, sra, 0x12345678, 0x12345678, 0)
  TEST_RI(16, slli, 0x80000000, 1, 31)
  TEST_RI(17, slli, 0xfffffffe, 0xffffffff, 1)
  TEST_RI(18, slli, 0x12345678, 0x12345678, 0)
  TEST_RI(19, srli, 1, 0x80000000, 31)
  TEST_RI(20, srli, 0xffffffff, 0xffffffff, 0)
  TEST_RI(21, srli, 0x00ffffff, 0xffffffff, 8)
  TEST_RI(22, srai, 0xffffffff, 0x80000000, 31)
  TEST_RI(23, srai, 0xc0000000, 0x80000001, 1)
  TEST_RI(24, srai, 1, 0x40000000, 30)
  TEST_RI(25, srai, 0xfff81234, 0x81234000, 12)
  TEST_RI(26, srai, 0x00081234, 0x08123400, 8)
GF_TEST_PASS
