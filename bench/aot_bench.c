/*===- aot_bench.c - the AOT-compiled model over a data set ---------------===*
 *
 * Built by bench/run.sh against the C API of `scripts/snn-aot.sh MODEL.mlir
 * OUTDIR NAME` (OUTDIR/NAME.o, OUTDIR/NAME.h):
 *
 *   cc -O2 -DNAME=lenet5_if -DUNAME=LENET5_IF -include OUTDIR/NAME.h \
 *      bench/aot_bench.c OUTDIR/NAME.o -lm -o aot_bench
 *   ./aot_bench images.npy scale limit steps dt [out.npy]
 *
 * For each image: snn_NAME_reset, snn_NAME_run(T steps of dt), read output 0.
 * The first image is run once before timing (warm-up). Prints
 *   samples: N, steps: T
 *   run: S s, throughput: X samples/s
 * and writes the outputs (N x SNN_NAME_OUTPUT0_SIZE, float32 .npy).
 *
 *===----------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CAT3_(a, b, c) a##b##c
#define CAT3(a, b, c) CAT3_(a, b, c)
#define SNN_T CAT3(snn_, NAME, )
#define SNN_FN(f) CAT3(snn_, NAME, _##f)
#define SNN_IN_SIZE CAT3(SNN_, UNAME, _INPUT0_SIZE)
#define SNN_OUT_SIZE CAT3(SNN_, UNAME, _OUTPUT0_SIZE)

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Reads a C-order .npy of u1/f4/f8 into float32; returns the sample count. */
static float *read_npy(const char *path, long *samples, long *per_sample) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  unsigned char magic[10];
  if (fread(magic, 1, 10, f) != 10 || memcmp(magic + 1, "NUMPY", 5)) {
    fprintf(stderr, "%s: not .npy\n", path);
    exit(1);
  }
  unsigned long hlen = magic[8] | (magic[9] << 8);
  if (magic[6] >= 2) {
    unsigned char more[2];
    if (fread(more, 1, 2, f) != 2)
      exit(1);
    hlen |= (unsigned long)more[0] << 16 | (unsigned long)more[1] << 24;
  }
  char *header = calloc(hlen + 1, 1);
  if (fread(header, 1, hlen, f) != hlen)
    exit(1);
  const char *d = strstr(header, "'descr':");
  const char *s = strstr(header, "'shape':");
  if (!d || !s) {
    fprintf(stderr, "%s: bad header\n", path);
    exit(1);
  }
  d = strchr(d + 8, '\'') + 1;
  int size = d[2] - '0';
  char kind = d[1];
  s = strchr(s, '(') + 1;
  long dims[8], nd = 0, total = 1;
  while (*s && *s != ')') {
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s) {
      s++;
      continue;
    }
    dims[nd++] = v;
    total *= v;
    s = end;
  }
  *samples = dims[0];
  *per_sample = total / dims[0];
  unsigned char *raw = malloc(total * size);
  if ((long)fread(raw, size, total, f) != total) {
    fprintf(stderr, "%s: short read\n", path);
    exit(1);
  }
  fclose(f);
  float *out = malloc(total * sizeof(float));
  for (long i = 0; i < total; i++) {
    if (kind == 'u' && size == 1)
      out[i] = raw[i];
    else if (kind == 'f' && size == 4)
      memcpy(&out[i], raw + 4 * i, 4);
    else if (kind == 'f' && size == 8) {
      double v;
      memcpy(&v, raw + 8 * i, 8);
      out[i] = (float)v;
    } else {
      fprintf(stderr, "%s: dtype %c%d not supported\n", path, kind, size);
      exit(1);
    }
  }
  free(raw);
  free(header);
  return out;
}

static void write_npy(const char *path, long rows, long cols, const float *v) {
  FILE *f = fopen(path, "wb");
  char header[128];
  int n = snprintf(header, sizeof header,
                   "{'descr': '<f4', 'fortran_order': False, 'shape': (%ld, %ld), }",
                   rows, cols);
  int total = 10 + n + 1;
  int pad = (64 - total % 64) % 64;
  unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
  pre[8] = (n + pad + 1) & 0xff;
  pre[9] = (n + pad + 1) >> 8;
  fwrite(pre, 1, 10, f);
  fwrite(header, 1, n, f);
  for (int i = 0; i < pad; i++)
    fputc(' ', f);
  fputc('\n', f);
  fwrite(v, sizeof(float), rows * cols, f);
  fclose(f);
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s images.npy scale limit steps dt [out.npy]\n", argv[0]);
    return 2;
  }
  long n, per;
  float *x = read_npy(argv[1], &n, &per);
  double scale = atof(argv[2]);
  long limit = atol(argv[3]);
  int64_t steps = atol(argv[4]);
  float dt = (float)atof(argv[5]);
  if (limit > 0 && limit < n)
    n = limit;
  if (per != SNN_IN_SIZE) {
    fprintf(stderr, "aot: a sample has %ld values, the model's input %d\n", per,
            (int)SNN_IN_SIZE);
    return 1;
  }
  for (long i = 0; i < n * per; i++)
    x[i] = (float)((double)x[i] * scale); /* as snn-run: double, then rounded */
  float *out = malloc(sizeof(float) * n * SNN_OUT_SIZE);
  SNN_T *m = SNN_FN(create)();
  if (!m) {
    fprintf(stderr, "aot: create failed\n");
    return 1;
  }
  const float *in[1] = {x};
  SNN_FN(reset)(m);
  if (SNN_FN(run)(m, in, steps, dt)) {
    fprintf(stderr, "aot: run failed\n");
    return 1;
  }
  double start = now();
  for (long i = 0; i < n; i++) {
    in[0] = x + i * per;
    SNN_FN(reset)(m);
    if (SNN_FN(run)(m, in, steps, dt)) {
      fprintf(stderr, "aot: run failed on sample %ld\n", i);
      return 1;
    }
    memcpy(out + i * SNN_OUT_SIZE, SNN_FN(output)(m, 0), sizeof(float) * SNN_OUT_SIZE);
  }
  double secs = now() - start;
  SNN_FN(destroy)(m);
  printf("samples: %ld, steps: %lld\n", n, (long long)steps);
  printf("run: %.3f s, throughput: %.1f samples/s\n", secs, n / secs);
  if (argc > 6)
    write_npy(argv[6], n, SNN_OUT_SIZE, out);
  return 0;
}
