/* Macros for the per-instruction test programs. Each case loads operands, runs one instruction,
 * and compares with an expected value written in the source (worked out by hand; products and
 * quotients checked with Python's int arithmetic). gp (x3) holds the current case number: a
 * mismatch jumps to `fail`, which exits with that number; reaching GF_TEST_PASS exits with 0.
 * These programs use no libc and no SDK: they start at _start and only need ecall 93 (exit). */
#ifndef GOLDFINCH_GUEST_ISA_TEST_H_
#define GOLDFINCH_GUEST_ISA_TEST_H_

#define GF_TEST_BEGIN            \
  .section .text.gf_start, "ax", @progbits; \
  .globl _start;                 \
  _start:

#define GF_TEST_PASS             \
  li a0, 0;                      \
  li a7, 93;                     \
  ecall;                         \
  fail:                          \
  mv a0, gp;                     \
  li a7, 93;                     \
  ecall;

/* rd = op(val1, val2), register-register */
#define TEST_RR(num, inst, result, val1, val2) \
  li gp, num;                                  \
  li x11, val1;                                \
  li x12, val2;                                \
  inst x14, x11, x12;                          \
  li x7, result;                               \
  bne x14, x7, fail;

/* rd = op(val1, imm), register-immediate */
#define TEST_RI(num, inst, result, val1, imm) \
  li gp, num;                                 \
  li x11, val1;                               \
  inst x14, x11, imm;                         \
  li x7, result;                              \
  bne x14, x7, fail;

/* same, with the destination also the source (rd == rs1 == rs2) */
#define TEST_RR_SELF(num, inst, result, val) \
  li gp, num;                                \
  li x11, val;                               \
  inst x11, x11, x11;                        \
  li x7, result;                             \
  bne x11, x7, fail;

/* a branch that must be taken */
#define TEST_BR_TAKEN(num, inst, val1, val2) \
  li gp, num;                                \
  li x11, val1;                              \
  li x12, val2;                              \
  inst x11, x12, 1f;                         \
  j fail;                                    \
  1:

/* a branch that must fall through */
#define TEST_BR_NOT_TAKEN(num, inst, val1, val2) \
  li gp, num;                                    \
  li x11, val1;                                  \
  li x12, val2;                                  \
  inst x11, x12, fail;

/* a load from `sym + off` (through a base register) that must give `result` */
#define TEST_LOAD(num, inst, result, sym, off) \
  li gp, num;                                  \
  lui x11, %hi(sym);                           \
  addi x11, x11, %lo(sym);                     \
  inst x14, off(x11);                          \
  li x7, result;                               \
  bne x14, x7, fail;

/* compare a register with an expected value */
#define TEST_REG(num, reg, result) \
  li gp, num;                      \
  li x7, result;                   \
  bne reg, x7, fail;

#endif
