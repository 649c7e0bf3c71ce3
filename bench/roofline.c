/*===- roofline.c - the machine's peak FP32 FMA throughput ----------------===*
 *
 * cc -O2 -march=native -pthread bench/roofline.c -o roofline
 * ./roofline [seconds-per-measurement]      (default 0.1)
 *
 * An upper bound of the FP32 multiply-accumulate rate: every thread runs a
 * loop of independent FMA chains with no memory traffic, one variant per
 * vector width and number of chains:
 *
 *   avx2    8-wide  _mm256_fmadd_ps, 8 / 10 / 12 / 14 chains
 *   avx512 16-wide  _mm512_fmadd_ps, 8 / 12 / 16 / 24 chains
 *
 * (the AVX-512 variants only when the CPU has avx512f; 8 chains already
 * cover a 4-cycle FMA latency on two 256-bit pipes, the others are there
 * in case the latency x ports product is larger). Each variant is timed
 * 1 and 2 threads at a time (pthreads, started behind a barrier; all their
 * MACs over the span from the first thread's start to the last one's end,
 * as each thread reads the clock), the best of 5 repetitions is
 * kept, and the best variant per thread count is the peak. One FMA lane is
 * one multiply-accumulate (MAC). A latency-bound chain of dependent integer
 * adds (1 cycle each), before and after, estimates the clock (the higher
 * of the two), to print MACs per cycle (16 = two 256-bit FMA pipes, or one
 * 512-bit; an estimate: the clock may change between the measurements).
 * Prints
 *   VARIANT isa=avx512 chains=16 threads=1 mac_per_s=...
 *   CLOCK hz=...
 *   PEAK threads=1 mac_per_s=... isa=... chains=... mac_per_cycle=...
 *   PEAK threads=2 mac_per_s=... isa=... chains=... mac_per_cycle=...
 *
 * The vector code is compiled with target attributes, so the file builds
 * without -march=native too; the variants the CPU lacks are not run.
 *
 *===----------------------------------------------------------------------===*/
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* One kernel: `iters` iterations of CHAINS independent FMAs (acc = acc * a
 * + b, which converges to 0.1 and never underflows), the accumulators in
 * registers (a fully unrolled loop over a local array, no address taken),
 * then their sum (so that the loop is live). Returns MACs done. */
#define KERNEL(NAME, TARGET, VEC, LANES, SET1, FMADD, ADD, REDUCE, CHAINS)     \
  __attribute__((target(TARGET), noinline)) static double NAME(long iters,     \
                                                               float *sink) {  \
    VEC acc[CHAINS];                                                           \
    _Pragma("GCC unroll 32") for (int c = 0; c < CHAINS; c++) acc[c] =         \
        SET1(0.001f * (c + 1));                                                \
    const VEC a = SET1(0.999999f), b = SET1(1e-7f);                            \
    for (long i = 0; i < iters; i++) {                                         \
      _Pragma("GCC unroll 32") for (int c = 0; c < CHAINS; c++) acc[c] =       \
          FMADD(acc[c], a, b);                                                 \
    }                                                                          \
    VEC s = acc[0];                                                            \
    _Pragma("GCC unroll 32") for (int c = 1; c < CHAINS; c++) s =              \
        ADD(s, acc[c]);                                                        \
    *sink = REDUCE(s);                                                         \
    return (double)iters * CHAINS * LANES;                                     \
  }

__attribute__((target("avx2,fma"))) static float reduce256(__m256 s) {
  float out[8];
  _mm256_storeu_ps(out, s);
  return out[0] + out[7];
}
__attribute__((target("avx512f"))) static float reduce512(__m512 s) {
  return _mm512_reduce_add_ps(s);
}

#define K256(N)                                                                \
  KERNEL(avx2_##N, "avx2,fma", __m256, 8, _mm256_set1_ps, _mm256_fmadd_ps,     \
         _mm256_add_ps, reduce256, N)
#define K512(N)                                                                \
  KERNEL(avx512_##N, "avx512f", __m512, 16, _mm512_set1_ps, _mm512_fmadd_ps,   \
         _mm512_add_ps, reduce512, N)
K256(8)
K256(10) K256(12) K256(14) K512(8) K512(12) K512(16) K512(24)

    typedef double (*kernel_fn)(long, float *);
typedef struct {
  const char *isa;
  int chains;
  kernel_fn fn;
} variant;

static const variant variants[] = {
    {"avx2", 8, avx2_8},       {"avx2", 10, avx2_10},
    {"avx2", 12, avx2_12},     {"avx2", 14, avx2_14},
    {"avx512", 8, avx512_8},   {"avx512", 12, avx512_12},
    {"avx512", 16, avx512_16}, {"avx512", 24, avx512_24},
};
#define NVARIANTS (int)(sizeof variants / sizeof variants[0])

static int supported(const variant *v) {
  __builtin_cpu_init();
  if (!strcmp(v->isa, "avx512"))
    return __builtin_cpu_supports("avx512f");
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

typedef struct {
  kernel_fn fn;
  long iters;
  double macs, start, end;
  float sink;
  pthread_barrier_t *barrier;
} job;

static void *work(void *p) {
  job *j = p;
  pthread_barrier_wait(j->barrier);
  j->start = now();
  j->macs = j->fn(j->iters, &j->sink);
  j->end = now();
  return NULL;
}

static volatile float sink_all;

/* MAC/s of `threads` threads running `iters` iterations of fn each: all
 * their MACs over the span from the first thread's start to the last one's
 * end (each thread reads the clock itself: the main thread may be
 * descheduled by the workers, and its clock would miss their work). */
static double measure(kernel_fn fn, int threads, long iters) {
  pthread_t t[2];
  job jobs[2];
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, threads + 1);
  for (int i = 0; i < threads; i++) {
    jobs[i] = (job){.fn = fn, .iters = iters, .barrier = &barrier};
    pthread_create(&t[i], NULL, work, &jobs[i]);
  }
  pthread_barrier_wait(&barrier);
  double macs = 0, start = 0, end = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    macs += jobs[i].macs;
    sink_all += jobs[i].sink;
    if (i == 0 || jobs[i].start < start)
      start = jobs[i].start;
    if (i == 0 || jobs[i].end > end)
      end = jobs[i].end;
  }
  pthread_barrier_destroy(&barrier);
  return macs / (end - start);
}

/* Iterations of fn that take about `target` seconds on one thread. */
static long calibrate(kernel_fn fn, double target) {
  long iters = 1 << 16;
  float s;
  for (;;) {
    double t0 = now();
    fn(iters, &s);
    double dt = now() - t0;
    sink_all += s;
    if (dt > target / 8 || iters > (1L << 40))
      return (long)(iters * (target / (dt > 0 ? dt : 1e-9)));
    iters *= 2;
  }
}

/* Clock estimate: a chain of dependent 1-cycle integer adds (16 per loop
 * iteration, so that the loop's own instructions do not count), best of 5. */
static double clock_hz(double target) {
  double best = 0;
  long n = 1L << 12;
  for (int rep = 0; rep < 5;) {
    long x = 0;
    double t0 = now();
    for (long i = 0; i < n; i++)
      __asm__ volatile(".rept 16\n\tadd $1, %0\n\t.endr" : "+r"(x));
    double dt = now() - t0;
    if (dt < target / 8) { /* too short to time: longer, not counted */
      n *= 2;
      continue;
    }
    double hz = 16.0 * n / dt;
    if (hz > best)
      best = hz;
    rep++;
  }
  return best;
}

int main(int argc, char **argv) {
  double target = argc > 1 ? atof(argv[1]) : 0.1;
  double hz0 = clock_hz(target); /* before and after: the clock may move */
  double best[3] = {0, 0, 0};
  const variant *which[3] = {0, 0, 0};
  for (int v = 0; v < NVARIANTS; v++) {
    const variant *var = &variants[v];
    if (!supported(var))
      continue;
    long iters = calibrate(var->fn, target);
    for (int threads = 1; threads <= 2; threads++) {
      double b = 0;
      for (int rep = 0; rep < 5; rep++) {
        double r = measure(var->fn, threads, iters);
        if (r > b)
          b = r;
      }
      printf("VARIANT isa=%s chains=%d threads=%d mac_per_s=%.4g\n", var->isa,
             var->chains, threads, b);
      if (b > best[threads]) {
        best[threads] = b;
        which[threads] = var;
      }
    }
  }
  if (!which[1]) {
    printf("PEAK none: the CPU has no AVX2/FMA\n");
    return 1;
  }
  double hz1 = clock_hz(target), hz = hz0 > hz1 ? hz0 : hz1;
  printf("CLOCK hz=%.4g\n", hz);
  for (int threads = 1; threads <= 2; threads++)
    printf("PEAK threads=%d mac_per_s=%.4g isa=%s chains=%d "
           "mac_per_cycle=%.2f\n",
           threads, best[threads], which[threads]->isa, which[threads]->chains,
           best[threads] / (threads * hz));
  return 0;
}
