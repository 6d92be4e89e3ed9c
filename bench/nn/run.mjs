#!/usr/bin/env node
/**
 * bench/nn: first call vs later calls of the chapter's MLP, forward of a 784-256-10 MLP at
 * batch 256, one small elementwise op and one reduction on a (2, 3) tensor (µs per op: the fixed
 * cost of a call), and the same in numpy (Debian's /usr/bin/python3) as ratios. The import figure
 * is the library's import in this process (cold Node, warm disk cache).
 * Runs on the built package: `npx tsc -p tsconfig.json && node bench/nn/run.mjs`.
 * Force a backend with D2L_BACKEND=cpu|wasm|tensorflow. Prints JSON with --json.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const entry = new URL("../../dist/src/index.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("bench/nn: dist/ is missing; build first: npx tsc -p tsconfig.json");
  process.exit(2);
}
const t0 = performance.now();
const { nn, np, tf, backend } = await import(entry.href);
const importMs = performance.now() - t0;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Times fn() `reps` times after `warm` warm-up calls; returns the median in ms. */
function time(fn, { reps = 30, warm = 3 } = {}) {
  for (let i = 0; i < warm; i++) fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    fn();
    ts.push(performance.now() - s);
  }
  return median(ts);
}

const chapterMlp = () => new nn.Sequential().add(new nn.Dense(256, { activation: "relu" }), new nn.Dense(10)).initialize();

// 1. The chapter's MLP on a (2, 20) batch: first call = shape inference + initialization + compute.
np.random.seed(0);
const X = np.random.uniform(0, 1, [2, 20]);
const firsts = [];
for (let i = 0; i < 25; i++) {
  const net = chapterMlp();
  const s = performance.now();
  const y = net.forward(X);
  y.dataSync();
  firsts.push(performance.now() - s);
  y.dispose();
  for (const p of net.collectParams()) p.data().dispose();
}
const steady = chapterMlp();
steady.forward(X).dispose();
const later = time(() => { const y = steady.forward(X); y.dataSync(); y.dispose(); }, { reps: 200, warm: 10 });
const firstMs = median(firsts);

// 2. A 784-256-10 MLP at batch 256.
const big = new nn.Sequential().add(new nn.Dense(256, { activation: "relu" }), new nn.Dense(10)).initialize();
const Xb = np.random.uniform(0, 1, [256, 784]);
big.forward(Xb).dispose();
const mlpMs = time(() => { const y = big.forward(Xb); y.dataSync(); y.dispose(); });
const W1 = big.at(0).weight.data();
const W1t = tf.transpose(W1);
const matmulMs = time(() => { const y = tf.matMul(Xb, W1t); y.dataSync(); y.dispose(); });

// 3. One small op: per-call cost in µs (median over samples of `per` calls each, result disposed).
function perOpUs(fn, { samples = 15, per = 2000 } = {}) {
  for (let i = 0; i < per; i++) fn().dispose();
  const ts = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let i = 0; i < per; i++) fn().dispose();
    ts.push(((performance.now() - t) * 1000) / per);
  }
  return median(ts);
}
const A = np.random.uniform(0, 1, [2, 3]);
const B = np.random.uniform(0, 1, [2, 3]);
const addUs = perOpUs(() => tf.add(A, B));
const sumUs = perOpUs(() => A.sum());
// The same through np (argument checks, dtype promotion, tf.tidy) and numpy's np.add / np.sum.
const npAddUs = perOpUs(() => np.add(A, B));
const npSumUs = perOpUs(() => np.sum(A));

// 4. numpy: the same products, float32, timed the same way (median of 30 after warm-up).
const py = `
import json, time, numpy as np
rng = np.random.default_rng(0)
def med(f, reps=30, warm=3):
    for _ in range(warm): f()
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); f(); ts.append((time.perf_counter() - s) * 1000)
    return sorted(ts)[len(ts) // 2]
X = rng.random((256, 784), dtype=np.float32)
W1 = rng.uniform(-0.07, 0.07, (256, 784)).astype(np.float32); b1 = np.zeros(256, np.float32)
W2 = rng.uniform(-0.07, 0.07, (10, 256)).astype(np.float32); b2 = np.zeros(10, np.float32)
x2 = rng.random((2, 20), dtype=np.float32)
V1 = rng.uniform(-0.07, 0.07, (256, 20)).astype(np.float32); V2 = rng.uniform(-0.07, 0.07, (10, 256)).astype(np.float32)
mlp = lambda: np.maximum(X @ W1.T + b1, 0) @ W2.T + b2
small = lambda: np.maximum(x2 @ V1.T, 0) @ V2.T
def per_op_us(f, samples=15, per=2000):
    for _ in range(per): f()
    ts = []
    for _ in range(samples):
        s = time.perf_counter()
        for _ in range(per): f()
        ts.append((time.perf_counter() - s) * 1e6 / per)
    return sorted(ts)[len(ts) // 2]
A = rng.random((2, 3), dtype=np.float32); B = rng.random((2, 3), dtype=np.float32)
print(json.dumps({"mlp": med(mlp), "matmul": med(lambda: X @ W1.T), "small": med(small, 200, 10),
                  "addUs": per_op_us(lambda: A + B), "sumUs": per_op_us(lambda: A.sum()),
                  "npAddUs": per_op_us(lambda: np.add(A, B)), "npSumUs": per_op_us(lambda: np.sum(A)), "numpy": np.__version__}))
`;
let numpy = null;
try {
  numpy = JSON.parse(execFileSync("/usr/bin/python3", ["-c", py], { encoding: "utf8" }));
} catch (e) {
  console.error(`bench/nn: numpy comparison skipped (${e.message.split("\n")[0]}); apt-get install python3-numpy`);
}

const r = (a, b) => (b ? (a / b).toFixed(1) + "x" : "n/a");
const result = {
  backend: backend(),
  importMs: +importMs.toFixed(1),
  chapterMlp: { firstCallMs: +firstMs.toFixed(3), laterCallMs: +later.toFixed(3), firstOverLater: +(firstMs / later).toFixed(1) },
  mlp784: { forwardMs: +mlpMs.toFixed(3), matmulMs: +matmulMs.toFixed(3) },
  smallOps: { addUs: +addUs.toFixed(2), sumUs: +sumUs.toFixed(2), npAddUs: +npAddUs.toFixed(2), npSumUs: +npSumUs.toFixed(2) },
  numpy,
  ratios: numpy && {
    mlp784OverNumpy: +(mlpMs / numpy.mlp).toFixed(2),
    matmulOverNumpy: +(matmulMs / numpy.matmul).toFixed(2),
    chapterLaterOverNumpy: +(later / numpy.small).toFixed(2),
    addOverNumpy: +(addUs / numpy.addUs).toFixed(2),
    sumOverNumpy: +(sumUs / numpy.sumUs).toFixed(2),
    npAddOverNumpy: +(npAddUs / numpy.npAddUs).toFixed(2),
    npSumOverNumpy: +(npSumUs / numpy.npSumUs).toFixed(2),
  },
  tensorsAlive: tf.memory().numTensors,
};
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`backend: ${result.backend} (import ${result.importMs} ms)`);
  console.log(`chapter MLP (2, 20): first call ${firstMs.toFixed(2)} ms (shape inference + init), later calls ${later.toFixed(3)} ms -> first/later ${r(firstMs, later)}`);
  console.log(`784-256-10 MLP, batch 256: forward ${mlpMs.toFixed(2)} ms; one (256x784)(784x256) matmul ${matmulMs.toFixed(2)} ms`);
  console.log(`(2, 3) tensor: tf.add ${addUs.toFixed(2)} µs, t.sum() ${sumUs.toFixed(2)} µs per op`);
  console.log(`(2, 3) tensor through np: np.add ${npAddUs.toFixed(2)} µs, np.sum ${npSumUs.toFixed(2)} µs per op`);
  if (numpy) {
    console.log(`numpy ${numpy.numpy}: MLP ${numpy.mlp.toFixed(2)} ms, matmul ${numpy.matmul.toFixed(2)} ms, chapter MLP ${numpy.small.toFixed(3)} ms, A + B ${numpy.addUs.toFixed(2)} µs, A.sum() ${numpy.sumUs.toFixed(2)} µs`);
    console.log(`ratios (d2l-ts / numpy, >1 = slower): MLP ${r(mlpMs, numpy.mlp)}, matmul ${r(matmulMs, numpy.matmul)}, chapter MLP later call ${r(later, numpy.small)}, add ${r(addUs, numpy.addUs)}, sum ${r(sumUs, numpy.sumUs)}`);
    console.log(`np.add ${r(npAddUs, numpy.npAddUs)} (numpy np.add ${numpy.npAddUs.toFixed(2)} µs), np.sum ${r(npSumUs, numpy.npSumUs)} (numpy np.sum ${numpy.npSumUs.toFixed(2)} µs)`);
  }
}
