#!/usr/bin/env node
// ONNX Runtime's own per-node times, to compare layer by layer with a perf
// profile of snn-run (docs/BENCHMARK.md, "How the profiles are taken").
//
// Usage: node bench/ort_profile.js --model M.onnx --shape 1,3,64,64
//          [--threads 2] [--runs 300] [--skip 30] [--top 24]
//          [--node-modules build/bench/node/node_modules]
//
// One session (intraOpNumThreads = --threads, interOpNumThreads 1, ORT's
// profiler on), one input of --shape filled with 0.5, --runs session.run
// calls. From the profile's `Node` events (`<node>_kernel_time`) it prints
// each node's median over the runs after the first --skip (warm-up), the
// --top largest first, then the sum of the medians:
//   NODE us_median=M name=N
//   TOTAL us=S nodes=K runs=R threads=T
// The profile file (JSON) is deleted afterwards.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const a = {threads: 2, runs: 300, skip: 30, top: 24,
           nodeModules: path.join(__dirname, '..', 'build', 'bench', 'node', 'node_modules')};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2)
  a[argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase())] = argv[i + 1];
for (const k of ['threads', 'runs', 'skip', 'top']) a[k] = Number(a[k]);
if (!a.model || !a.shape) {
  console.error('usage: node bench/ort_profile.js --model M.onnx --shape 1,3,64,64 [--threads K] [--runs R]');
  process.exit(2);
}
const ort = require(path.join(path.resolve(a.nodeModules), 'onnxruntime-node'));

(async () => {
  const prefix = path.join(os.tmpdir(), `ort_profile_${process.pid}`);
  const session = await ort.InferenceSession.create(a.model, {
    intraOpNumThreads: a.threads, interOpNumThreads: 1,
    enableProfiling: true, profileFilePrefix: prefix});
  const shape = a.shape.split(',').map(Number);
  const x = new ort.Tensor('float32', new Float32Array(shape.reduce((p, s) => p * s, 1)).fill(0.5), shape);
  const feeds = {[session.inputNames[0]]: x};
  for (let i = 0; i < a.runs; i++) await session.run(feeds);
  session.endProfiling(); // returns nothing in onnxruntime-node: find the file
  const dir = path.dirname(prefix);
  const name = fs.readdirSync(dir).find(f => f.startsWith(path.basename(prefix)) && f.endsWith('.json'));
  if (!name) throw new Error(`no profile file ${prefix}*.json`);
  const file = path.join(dir, name);
  const events = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.unlinkSync(file);
  const times = new Map();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const name = e.name.slice(0, -'_kernel_time'.length);
    if (!times.has(name)) times.set(name, []);
    times.get(name).push(e.dur);
  }
  const median = v => { const s = [...v].sort((p, q) => p - q); return s[Math.floor(s.length / 2)]; };
  const rows = [];
  for (const [name, v] of times) rows.push([median(v.slice(a.skip)), name]);
  rows.sort((p, q) => q[0] - p[0]);
  for (const [us, name] of rows.slice(0, a.top)) console.log(`NODE us_median=${us} name=${name}`);
  const total = rows.reduce((s, r) => s + r[0], 0);
  console.log(`TOTAL us=${total} nodes=${rows.length} runs=${a.runs} threads=${a.threads}`);
})().catch(e => { console.error('ort_profile: ' + e.message); process.exit(1); });
