// Goldfinch guest replacement for libstdc++'s Linux bits/os_defines.h: the guest's C library is
// picolibc (no glibc <features.h>), there is one thread and no dynamic loader.
#ifndef _GLIBCXX_OS_DEFINES
#define _GLIBCXX_OS_DEFINES 1

#define __NO_CTYPE 1
#define _GLIBCXX_NO_OBSOLETE_ISINF_ISNAN_DYNAMIC 1
#define _GLIBCXX_GTHREAD_USE_WEAK 0

#endif
