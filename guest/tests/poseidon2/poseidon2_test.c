/* Test guest for gf_poseidon2 (the GF_POSEIDON2 call inside Goldfinch, software under qemu): the
 * three published Plonky3/HorizenLabs vectors (goldilocks/src/poseidon2.rs, width 8: zeroes,
 * range, random; the same as multiset/poseidon2_test.cc), then a chain of 20 calls on the previous
 * output (in place) checked against gf_poseidon2_portable. Prints the chain's last state in hex.
 * Exits 0, or 1 naming a mismatch. */
#include <stdint.h>
#include <stdio.h>

#include "goldfinch/guest.h"

static const uint64_t kIn[3][8] = {
    {0, 0, 0, 0, 0, 0, 0, 0},
    {0, 1, 2, 3, 4, 5, 6, 7},
    {5116996373749832116ull, 8931548647907683339ull, 17132360229780760684ull, 11280040044015983889ull,
     11957737519043010992ull, 15695650327991256125ull, 17604752143022812942ull, 543194415197607509ull},
};
static const uint64_t kOut[3][8] = {
    {4214787979728720400ull, 12324939279576102560ull, 10353596058419792404ull, 15456793487362310586ull,
     10065219879212154722ull, 16227496357546636742ull, 2959271128466640042ull, 14285409611125725709ull},
    {14266028122062624699ull, 5353147180106052723ull, 15203350112844181434ull, 17630919042639565165ull,
     16601551015858213987ull, 10184091939013874068ull, 16774100645754596496ull, 12047415603622314780ull},
    {1831346684315917658ull, 13497752062035433374ull, 12149460647271516589ull, 15656333994315312197ull,
     4671534937670455565ull, 3140092508031220630ull, 4251208148861706881ull, 6973971209430822232ull},
};

int main(void) {
  for (int v = 0; v < 3; ++v) {
    uint64_t s[8] __attribute__((aligned(8)));
    for (int i = 0; i < 8; ++i) s[i] = kIn[v][i];
    gf_poseidon2(s);
    for (int i = 0; i < 8; ++i) {
      if (s[i] != kOut[v][i]) {
        fprintf(stderr, "poseidon2_test: published vector %d lane %d differs\n", v, i);
        return 1;
      }
    }
  }
  uint64_t s[8] __attribute__((aligned(8))), want[8];
  for (int i = 0; i < 8; ++i) s[i] = want[i] = 0xFFFFFFFF00000000ull - (uint64_t)i; /* p - 1 - i */
  for (int k = 0; k < 20; ++k) {
    gf_poseidon2(s);
    gf_poseidon2_portable(want);
    for (int i = 0; i < 8; ++i) {
      if (s[i] != want[i]) {
        fprintf(stderr, "poseidon2_test: call %d lane %d differs from the software\n", k, i);
        return 1;
      }
    }
  }
  for (int i = 0; i < 8; ++i) printf("%016llx%s", (unsigned long long)s[i], i == 7 ? "\n" : " ");
  return 0;
}
