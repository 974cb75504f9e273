/* Internal hooks shared by the SDK's C files (not installed for guests). */
#ifndef GOLDFINCH_GUEST_SDK_INTERNAL_H_
#define GOLDFINCH_GUEST_SDK_INTERNAL_H_

/* Writes out whatever stdout/stderr hold; called by _exit before the exit system call. */
void gf_stdio_flush_all(void);

#endif
