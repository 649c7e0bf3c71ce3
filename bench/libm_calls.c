/*===- bench/libm_calls.c - cost of a libm expm1f / log1pf call -----------===*
 *
 * The time per call of libm's expm1f and log1pf (the two functions the LIF
 * neuron calls, docs/LOWERING.md) in a tight loop of 2 million calls each,
 * on arguments like the LIF's (small negative for expm1f, small positive
 * for log1pf), best of 5:
 *
 *   cc -O2 bench/libm_calls.c -lm -o /tmp/libm_calls && /tmp/libm_calls
 *
 *===----------------------------------------------------------------------===*/
#include <math.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
  enum { N = 2000000 };
  volatile float scale = 0.0003f;
  float sum = 0;
  double best_expm1 = 1e9, best_log1p = 1e9;
  for (int round = 0; round < 5; ++round) {
    double t0 = now();
    for (int i = 0; i < N; ++i)
      sum += expm1f(-scale * (float)(i & 7) - 1e-5f);
    double t1 = now();
    for (int i = 0; i < N; ++i)
      sum += log1pf(scale * (float)(i & 7) + 1e-3f);
    double t2 = now();
    if (t1 - t0 < best_expm1)
      best_expm1 = t1 - t0;
    if (t2 - t1 < best_log1p)
      best_log1p = t2 - t1;
  }
  printf("expm1f %.2f ns/call, log1pf %.2f ns/call (checksum %g)\n",
         best_expm1 / N * 1e9, best_log1p / N * 1e9, (double)sum);
  return 0;
}
