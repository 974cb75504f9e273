/* A bare program (no libc, no SDK) whose code and data share one writable and executable segment
 * (link_wx.ld). It reads up to 8 input bytes into a buffer of its own segment, fills a table there
 * with running sums of them, overwrites its own first instruction (already run, never run again:
 * not self-modifying code), prints "wx ok\n" and exits with (sum of the table) & 0xFF.
 * run_guests.py computes the expected exit code in Python. */
  .section .text.gf_start, "ax", @progbits
  .globl _start
_start:
  li a7, 63            /* read(0, buf, 8) */
  li a0, 0
  la a1, buf
  li a2, 8
  ecall
  la t0, buf
  la t1, table
  li t2, 0             /* i */
  li t3, 0             /* running sum of the input bytes */
  li t4, 8
1:
  add t5, t0, t2
  lbu t6, 0(t5)
  add t3, t3, t6
  slli t5, t2, 2
  add t5, t1, t5
  sw t3, 0(t5)         /* table[i] = buf[0] + ... + buf[i] */
  addi t2, t2, 1
  bne t2, t4, 1b
  la t0, _start        /* overwrite the first instruction (it already ran) */
  li t1, 0xFFFFFFFF
  sw t1, 0(t0)
  li a7, 64            /* write(1, msg, 6) */
  li a0, 1
  la a1, msg
  li a2, 6
  ecall
  la t1, table         /* exit((table[0] + ... + table[7]) & 0xFF) */
  li t2, 0
  li a0, 0
2:
  lw t5, 0(t1)
  add a0, a0, t5
  addi t1, t1, 4
  addi t2, t2, 1
  bne t2, t4, 2b
  andi a0, a0, 0xFF
  li a7, 93
  ecall

  .data
msg:
  .ascii "wx ok\n"
  .balign 4
buf:
  .zero 8
table:
  .zero 32
