// Goldfinch guest replacement for libstdc++'s POSIX bits/gthr-default.h: a guest has one thread
// and no pthreads, so the library's "single" threading model applies.
#include <bits/gthr-single.h>
