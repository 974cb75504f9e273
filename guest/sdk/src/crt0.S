/* Goldfinch guest start-up (docs/guest_abi.md): probe the host, set sp and tp, run static
 * constructors, call main(0, {NULL}) and exit with its result. Nothing is zeroed: Goldfinch's RAM
 * starts zero and qemu-user zeroes .bss when it loads the ELF. */
  .section .text.gf_start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  /* GF_CYCLE_COUNT answers a count inside Goldfinch and -ENOSYS (-38) under Linux/qemu. */
  li a7, 0x47460002
  li a0, 0
  li a1, 0
  ecall
  li t0, -38
  bne a0, t0, .Lgoldfinch
  bne a1, zero, .Lgoldfinch
  /* qemu-riscv32: map the RAM the ABI promises, [__gf_ram_start, 0x20000000), zero-filled. */
  lla a0, __gf_ram_start
  li a1, 0x20000000
  sub a1, a1, a0
  li a2, 3                 /* PROT_READ | PROT_WRITE */
  li a3, 0x4032            /* MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE */
  li a4, -1
  li a5, 0
  li a7, 222               /* mmap */
  ecall
  lla t1, __gf_ram_start
  beq a0, t1, .Lmapped
  li a0, 127               /* cannot provide the memory map: give up loudly */
  li a7, 93
  ecall
.Lmapped:
  li t1, 1
  lla t2, __gf_host_is_linux
  sw t1, 0(t2)
.Lgoldfinch:
  li sp, 0x20000000
  lla tp, __tls_base
  li a0, 0
  li a1, 0
  li a7, 0
  call __libc_init_array
  li a0, 0                 /* argc = 0 */
  lla a1, .Lempty_argv     /* argv = {NULL} */
  call main
  call exit
.Lhang:
  j .Lhang
  .size _start, . - _start

  .section .rodata.gf_start, "a", @progbits
  .p2align 2
.Lempty_argv:
  .word 0
