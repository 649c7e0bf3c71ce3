#!/usr/bin/env node
// ONNX Runtime contender: the original ANN at batch 1, timed as its users
// time it.
//
// Usage: node bench/ort_ann.js --model M.onnx --input X.npy [--input-scale S]
//          [--limit N] [--steps T] [--threads 2] [--batch B] [--output Y.npy]
//          [--node-modules DIR] [--warmup W] [--runs R]
//
// Latency (the figure the benchmark compares with): one session
// (intraOpNumThreads = --threads, interOpNumThreads 1, sequential, all
// graph optimizations), one input tensor (the first image, batch 1) made
// once; W warm-up session.run calls (default 200), then R timed calls
// (default 2000, fewer if they would take over 5 s), each timed on its own
// with process.hrtime.bigint() around `await session.run(feeds)` (output
// included, as the caller receives it). Prints
//   RESULT mode=latency threads=K runs=R us_median=M us_p10=A us_p90=B
//          us_mean=C us_min=D ort_x_T_images_per_s=1e6/(M*T)
//          ort_x_T_us_per_image_step=M
// (the "ORT x T" figure: one dense forward pass per time step). Then, for
// the prediction check, every one of the N images once (batch 1), whose
// outputs go to --output (.npy, float32), and the throughput of that loop
// (new tensor per image, outputs copied):
//   RESULT mode=per-image images=N seconds=S images_per_s=X us_per_image=U
//          ort_x_T_images_per_s=X/T ort_x_T_us_per_image_step=U
// With --batch B > 1 when the model's batch dimension is symbolic, also
// the N images in batches of B (mode=batchB, same fields).
'use strict';
const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const a = {inputScale: 1, limit: 0, steps: 100, threads: 2, batch: 0, warmup: 200, runs: 2000};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    a[k] = argv[i + 1];
  }
  for (const k of ['inputScale', 'limit', 'steps', 'threads', 'batch', 'warmup', 'runs']) a[k] = Number(a[k]);
  return a;
}

// Minimal .npy reader/writer (C order, little-endian).
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not .npy`);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const hstart = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', hstart, hstart + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error('fortran order');
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',')
    .map(s => s.trim()).filter(s => s.length).map(Number);
  const off = hstart + hlen;
  const count = shape.reduce((x, y) => x * y, 1);
  const data = new Float32Array(count);
  const types = {
    '|u1': [1, (o) => buf.readUInt8(o)], '<f4': [4, (o) => buf.readFloatLE(o)],
    '<f8': [8, (o) => buf.readDoubleLE(o)], '<i8': [8, (o) => Number(buf.readBigInt64LE(o))],
    '<i4': [4, (o) => buf.readInt32LE(o)], '|i1': [1, (o) => buf.readInt8(o)],
  };
  if (!types[descr]) throw new Error(`${file}: dtype ${descr} not supported`);
  const [size, get] = types[descr];
  for (let i = 0; i < count; i++) data[i] = get(off + i * size);
  return {shape, data, integer: descr[1] === 'u' || descr[1] === 'i'};
}

function writeNpy(file, shape, data) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const h = Buffer.alloc(10);
  h.write('\x93NUMPY', 0, 'latin1'); h[6] = 1; h[7] = 0; h.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([h, Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const modules = a.nodeModules || path.join(__dirname, 'node_modules');
  let ort;
  try {
    ort = require(path.join(modules, 'onnxruntime-node'));
  } catch (e) {
    console.log(`ort: skipped (onnxruntime-node not loadable from ${modules}: ${e.message.split('\n')[0]})`);
    process.exit(3);
  }
  const session = await ort.InferenceSession.create(a.model, {
    intraOpNumThreads: a.threads, interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const inName = session.inputNames[0];
  const outName = session.outputNames[0];
  const x = readNpy(a.input);
  let n = x.shape[0];
  if (a.limit && a.limit < n) n = a.limit;
  const per = x.data.length / x.shape[0];
  const data = x.data.subarray(0, n * per);
  if (a.inputScale !== 1) for (let i = 0; i < data.length; i++) data[i] = Math.fround(data[i] * a.inputScale);
  // The model's input shape: batch first, the rest from the model when the
  // metadata has it, else from the data.
  let dims = null;
  try {
    const meta = session.inputMetadata && session.inputMetadata[0];
    if (meta && meta.shape) dims = meta.shape;
  } catch (e) { /* older onnxruntime-node: no metadata */ }
  const rest = a.shape ? a.shape.split('x').map(Number) : null;
  const inner = rest || (dims && dims.slice(1).every(d => typeof d === 'number' && d > 0)
    ? dims.slice(1) : x.shape.slice(1));
  if (inner.reduce((p, q) => p * q, 1) !== per) throw new Error(`input shape ${inner} does not hold ${per} values`);

  const run1 = async (i, b) => {
    const t = new ort.Tensor('float32', data.subarray(i * per, (i + b) * per), [b, ...inner]);
    const r = await session.run({[inName]: t});
    return r[outName].data;
  };
  // Latency: warm session, one input, batch 1, every run timed on its own.
  {
    const feeds = {[inName]: new ort.Tensor('float32', data.subarray(0, per), [1, ...inner])};
    for (let i = 0; i < a.warmup; i++) await session.run(feeds);
    const lat = [];
    const budget = 5e9; // ns
    const tStart = process.hrtime.bigint();
    for (let i = 0; i < a.runs; i++) {
      const s0 = process.hrtime.bigint();
      await session.run(feeds);
      const s1 = process.hrtime.bigint();
      lat.push(Number(s1 - s0) / 1e3);
      if (Number(s1 - tStart) > budget && lat.length >= 100) break;
    }
    lat.sort((p, q) => p - q);
    const q = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))];
    const med = lat.length % 2 ? lat[(lat.length - 1) / 2]
      : (lat[lat.length / 2 - 1] + lat[lat.length / 2]) / 2;
    const mean = lat.reduce((x, y) => x + y, 0) / lat.length;
    console.log(`RESULT mode=latency threads=${a.threads} runs=${lat.length} ` +
      `us_median=${med.toFixed(3)} us_p10=${q(0.1).toFixed(3)} us_p90=${q(0.9).toFixed(3)} ` +
      `us_mean=${mean.toFixed(3)} us_min=${lat[0].toFixed(3)} ` +
      `ort_x_T_images_per_s=${(1e6 / (med * a.steps)).toFixed(3)} ` +
      `ort_x_T_us_per_image_step=${med.toFixed(3)}`);
  }
  // warm-up of the per-image loop's path
  await run1(0, 1); await run1(0, 1);
  let outPer = 0;
  const outputs = [];
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const y = await run1(i, 1);
    outPer = y.length;
    outputs.push(Float32Array.from(y));
  }
  let secs = Number(process.hrtime.bigint() - t0) / 1e9;
  let rate = n / secs;
  console.log(`RESULT mode=per-image images=${n} seconds=${secs.toFixed(3)} ` +
    `images_per_s=${rate.toFixed(3)} us_per_image=${(1e6 / rate).toFixed(3)} ` +
    `ort_x_T_images_per_s=${(rate / a.steps).toFixed(3)} ` +
    `ort_x_T_us_per_image_step=${(1e6 / rate).toFixed(3)}`);
  if (a.output) {
    const all = new Float32Array(n * outPer);
    outputs.forEach((y, i) => all.set(y, i * outPer));
    writeNpy(a.output, [n, outPer], all);
  }
  if (a.batch > 1) {
    const symbolic = !dims || typeof dims[0] !== 'number' || dims[0] <= 0;
    if (!symbolic) {
      console.log(`NOTE batched: skipped (the model's batch dimension is fixed at ${dims[0]})`);
    } else {
      const b = Math.min(a.batch, n);
      await run1(0, b);
      t0 = process.hrtime.bigint();
      let done = 0;
      while (done + b <= n) { await run1(done, b); done += b; }
      if (done < n) { await run1(done, n - done); done = n; }
      secs = Number(process.hrtime.bigint() - t0) / 1e9;
      rate = n / secs;
      console.log(`RESULT mode=batch${b} images=${n} seconds=${secs.toFixed(3)} ` +
        `images_per_s=${rate.toFixed(3)} us_per_image=${(1e6 / rate).toFixed(3)} ` +
        `ort_x_T_images_per_s=${(rate / a.steps).toFixed(3)} ` +
        `ort_x_T_us_per_image_step=${(1e6 / rate).toFixed(3)}`);
    }
  }
}

main().catch(e => { console.log(`ort: failed: ${e.message}`); process.exit(1); });
