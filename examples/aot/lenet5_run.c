/* lenet5_run.c - run the spiking LeNet-5 compiled ahead of time on MNIST.
 *
 * Part of snn-mlir. Build (examples/aot/README.md):
 *   scripts/snn-aot.sh examples/lenet5/lenet5.onnx out lenet5 \
 *       '--convert-activations-to-spiking=neuron=if scale-firing-rates=200'
 *   cc -O2 -Iout examples/aot/lenet5_run.c out/lenet5.o -o lenet5_run \
 *       -L/usr/lib/llvm-22/lib -lmlir_c_runner_utils \
 *       -Wl,-rpath,/usr/lib/llvm-22/lib -lm
 * Run:
 *   ./lenet5_run IMAGES.npy LABELS.npy N STEPS [OUT.npy]
 *
 * Each of the first N images (uint8 .npy [count, 1, 28, 28], pixels scaled by
 * 1/255 as snn-run --input-scale 0.00392156862745098 does) runs for STEPS
 * steps of 1 ms from the initial state (snn_lenet5_reset: the IF voltages at
 * 0.5, the conversion's default); the decoded outputs (mean over the steps)
 * go to OUT.npy (float32 [N, 10]); accuracy uses the labels (int64 .npy).
 */
#include "lenet5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { IN = SNN_LENET5_INPUT0_SIZE, OUT = SNN_LENET5_OUTPUT0_SIZE };

/* Reads a C-ordered .npy file whose dtype is `descr` ("|u1", "<i8"); returns
 * its data (malloc'ed) and its number of rows (first axis) and bytes. */
static void *readNpy(const char *path, const char *descr, long *rows,
                     long *bytes) {
  FILE *f = fopen(path, "rb");
  unsigned char magic[10];
  char *header = NULL, *p;
  void *data = NULL;
  long headerLen, start, end;
  if (!f || fread(magic, 1, 10, f) != 10 || memcmp(magic, "\x93NUMPY", 6))
    goto fail;
  headerLen = magic[8] | (magic[9] << 8);
  if (magic[6] != 1) { /* versions 2 and 3: a 4-byte length */
    unsigned char more[2];
    if (fread(more, 1, 2, f) != 2)
      goto fail;
    headerLen |= ((long)more[0] << 16) | ((long)more[1] << 24);
  }
  header = calloc(1, headerLen + 1);
  if (!header || fread(header, 1, headerLen, f) != (size_t)headerLen)
    goto fail;
  if (!strstr(header, descr) || strstr(header, "'fortran_order': True") ||
      !(p = strstr(header, "'shape': (")))
    goto fail;
  *rows = strtol(p + 10, NULL, 10);
  start = ftell(f);
  fseek(f, 0, SEEK_END);
  end = ftell(f);
  fseek(f, start, SEEK_SET);
  *bytes = end - start;
  data = malloc(*bytes ? *bytes : 1);
  if (!data || fread(data, 1, *bytes, f) != (size_t)*bytes)
    goto fail;
  free(header);
  fclose(f);
  return data;
fail:
  fprintf(stderr, "lenet5_run: cannot read '%s' as a %s .npy array\n", path,
          descr);
  free(header);
  free(data);
  if (f)
    fclose(f);
  exit(1);
}

/* Writes `rows` x OUT floats as a float32 .npy array [rows, OUT]. */
static void writeNpy(const char *path, const float *data, long rows) {
  char header[118];
  FILE *f = fopen(path, "wb");
  int n = snprintf(header, sizeof header,
                   "{'descr': '<f4', 'fortran_order': False, "
                   "'shape': (%ld, %d), }",
                   rows, OUT);
  memset(header + n, ' ', sizeof header - n); /* pad to 128 bytes in all */
  header[sizeof header - 1] = '\n';
  if (!f || fwrite("\x93NUMPY\x01\x00\x76\x00", 1, 10, f) != 10 ||
      fwrite(header, 1, sizeof header, f) != sizeof header ||
      fwrite(data, sizeof(float), rows * OUT, f) != (size_t)(rows * OUT)) {
    fprintf(stderr, "lenet5_run: cannot write '%s'\n", path);
    exit(1);
  }
  fclose(f);
}

int main(int argc, char **argv) {
  long count, labelCount, imageBytes, labelBytes, n, steps, i, correct = 0;
  unsigned char *images;
  long long *labels;
  float input[IN], *outputs;
  const float *inputs[1] = {input};
  snn_lenet5 *net;
  struct timespec t0, t1;
  double seconds;
  if (argc < 5 || argc > 6) {
    fprintf(stderr, "usage: %s IMAGES.npy LABELS.npy N STEPS [OUT.npy]\n",
            argv[0]);
    return 2;
  }
  images = readNpy(argv[1], "'|u1'", &count, &imageBytes);
  labels = readNpy(argv[2], "'<i8'", &labelCount, &labelBytes);
  n = atol(argv[3]);
  steps = atol(argv[4]);
  if (n < 1 || n > count || n > labelCount || steps < 1 ||
      n * IN > imageBytes || n * (long)sizeof *labels > labelBytes) {
    fprintf(stderr, "lenet5_run: need 1 <= N <= %ld and STEPS >= 1\n",
            count < labelCount ? count : labelCount);
    return 2;
  }
  outputs = malloc(sizeof(float) * OUT * n);
  net = snn_lenet5_create();
  if (!outputs || !net) {
    fprintf(stderr, "lenet5_run: out of memory\n");
    return 1;
  }

  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (i = 0; i < n; ++i) {
    const float *scores;
    int k, best = 0;
    for (k = 0; k < IN; ++k) /* as snn-run: float(pixel * scale) */
      input[k] = (float)(images[i * IN + k] * 0.00392156862745098);
    snn_lenet5_reset(net); /* every image starts from the initial state */
    snn_lenet5_run(net, inputs, steps, 0.001f);
    scores = snn_lenet5_output(net, 0);
    for (k = 0; k < OUT; ++k) {
      outputs[i * OUT + k] = scores[k];
      if (scores[k] > scores[best])
        best = k;
    }
    correct += best == labels[i];
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);

  printf("images: %ld, steps: %ld, dt: 0.001 s\n", n, steps);
  printf("accuracy: %.2f%% (%ld/%ld)\n", 100.0 * correct / n, correct, n);
  printf("time: %.3f s, throughput: %.1f images/s\n", seconds, n / seconds);
  if (argc == 6)
    writeNpy(argv[5], outputs, n);
  snn_lenet5_destroy(net);
  free(outputs);
  free(images);
  free(labels);
  return 0;
}
