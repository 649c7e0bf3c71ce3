/*===- roofline.c - the machine's peak FP32 FMA throughput ----------------===*
 *
 * cc -O2 -mavx2 -mfma -pthread bench/roofline.c -o roofline
 * ./roofline [seconds-per-measurement]
 *
 * Each thread runs 12 independent chains of 8-wide FP32 FMAs (enough to hide
 * the FMA latency on two FMA pipes), in a loop with no memory traffic, and
 * the best of 5 repetitions is kept. One FMA lane is one multiply-accumulate
 * (MAC). Prints
 *   PEAK threads=1 mac_per_s=...
 *   PEAK threads=2 mac_per_s=...
 *
 *===----------------------------------------------------------------------===*/
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
#define LANES 8

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

typedef struct {
  long iters;
  float sink;
  pthread_barrier_t *barrier;
} job;

static void *work(void *p) {
  job *j = p;
  __m256 acc[CHAINS];
  for (int c = 0; c < CHAINS; c++)
    acc[c] = _mm256_set1_ps(0.001f * (c + 1));
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  if (j->barrier)
    pthread_barrier_wait(j->barrier);
  for (long i = 0; i < j->iters; i++) {
#define FMA(c) acc[c] = _mm256_fmadd_ps(acc[c], a, b);
    FMA(0) FMA(1) FMA(2) FMA(3) FMA(4) FMA(5)
    FMA(6) FMA(7) FMA(8) FMA(9) FMA(10) FMA(11)
    __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]),
                     "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]));
  }
  __m256 s = acc[0];
  for (int c = 1; c < CHAINS; c++)
    s = _mm256_add_ps(s, acc[c]);
  float out[LANES];
  _mm256_storeu_ps(out, s);
  j->sink = out[0];
  return NULL;
}

/* MAC/s of `threads` threads running `iters` iterations each. */
static double measure(int threads, long iters) {
  pthread_t t[64];
  job jobs[64];
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, threads + 1);
  for (int i = 0; i < threads; i++) {
    jobs[i] = (job){iters, 0, &barrier};
    pthread_create(&t[i], NULL, work, &jobs[i]);
  }
  pthread_barrier_wait(&barrier);
  double start = now();
  for (int i = 0; i < threads; i++)
    pthread_join(t[i], NULL);
  double secs = now() - start;
  pthread_barrier_destroy(&barrier);
  float sink = 0;
  for (int i = 0; i < threads; i++)
    sink += jobs[i].sink;
  if (sink == 12345.f)
    printf("#");
  return (double)threads * iters * CHAINS * LANES / secs;
}

int main(int argc, char **argv) {
  double target = argc > 1 ? atof(argv[1]) : 0.3;
  /* calibrate: iterations for ~target seconds on one thread */
  long iters = 1 << 20;
  for (;;) {
    double t0 = now();
    job j = {iters, 0, NULL};
    work(&j);
    double dt = now() - t0;
    if (dt > target / 4 || iters > (1L << 40))
      break;
    iters *= 2;
  }
  for (int threads = 1; threads <= 2; threads++) {
    double best = 0;
    for (int rep = 0; rep < 5; rep++) {
      double r = measure(threads, iters);
      if (r > best)
        best = r;
    }
    printf("PEAK threads=%d mac_per_s=%.4g\n", threads, best);
  }
  return 0;
}
