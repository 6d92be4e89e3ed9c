#!/usr/bin/env node
/**
 * Times the display renderers on synthetic networks of 10, 100 and 200 Dense layers (nested in
 * Sequential blocks of 10), before and after the first batch (unknown vs known shapes).
 * Runs on the compiled output: `npx tsc -p tsconfig.json && node bench/display/run.mjs`.
 * The first shape graph (which loads Graphviz/viz-js) is reported on its own line.
 * Options: --runs N (default 7; the median is reported), --json (machine-readable output).
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "dist", "src", "display");
if (!existsSync(join(dist, "network.js"))) {
  console.error(`bench/display: ${join(dist, "network.js")} is missing. Build first: npx tsc -p tsconfig.json`);
  process.exit(2);
}
const load = (f) => import(pathToFileURL(join(dist, f)).href);
const { paramTableBundle } = await load("param-table.js");
const { summaryBundle } = await load("summary.js");
const { networkBundle, networkText } = await load("network.js");

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 7;
const asJson = args.includes("--json");

function synthetic(n, known) {
  const rows = [];
  const summary = [];
  const blocks = [];
  let width = 20;
  for (let b = 0; b * 10 < n; b++) {
    const children = [];
    for (let i = b * 10; i < Math.min(n, b * 10 + 10); i++) {
      const units = 32 + (i % 5) * 16;
      const name = `block${b}.${i - b * 10}`;
      const params = [
        { name: `${name}.weight`, shape: [units, known ? width : -1], dtype: "float32", state: known ? "ready" : "deferred", size: known ? units * width : null, init: "Uniform(-0.07, 0.07)" },
        { name: `${name}.bias`, shape: [units], dtype: "float32", state: known ? "ready" : "deferred", size: units, init: "Zeros" },
      ];
      rows.push(...params);
      summary.push({ name, type: "Dense", outShape: known ? [64, units] : null, params: known ? units * width + units : null });
      children.push({ name, type: "Dense", label: `Dense(${known ? width : -1} -> ${units}, relu)`, kind: "layer", params, inShape: known ? [64, width] : null, outShape: known ? [64, units] : null, children: [] });
      width = units;
    }
    blocks.push({ name: `block${b}`, type: "Sequential", label: "Sequential", kind: "sequential", params: [], inShape: children[0].inShape, outShape: children.at(-1).outShape, children });
  }
  const tree = { name: "", type: "Sequential", label: "Sequential", kind: "sequential", params: [], inShape: known ? [64, 20] : null, outShape: known ? [64, width] : null, children: blocks };
  return { tree, rows, summary };
}

async function median(fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const results = [];
{
  const { tree } = synthetic(10, false);
  const t0 = performance.now();
  const b = await networkBundle(tree);
  const ms = performance.now() - t0;
  if (!b["image/svg+xml"]) throw new Error(`first graph failed: ${b["text/plain"]}`);
  results.push({ case: "first graph (10 layers, includes loading viz-js)", layers: 10, ms });
}
for (const n of [10, 100, 200]) {
  for (const known of [false, true]) {
    const { tree, rows, summary } = synthetic(n, known);
    const state = known ? "after first batch" : "before first batch";
    const table = await median(() => paramTableBundle(rows, { title: "Parameters" }));
    const sum = await median(() => summaryBundle(summary, { inputShape: known ? [64, 20] : null }));
    const text = await median(() => networkText(tree));
    let svgBytes = 0;
    const graph = await median(async () => {
      const b = await networkBundle(tree);
      if (!b["image/svg+xml"]) throw new Error(`graph failed: ${b["text/plain"]}`);
      svgBytes = b["image/svg+xml"].length;
    });
    results.push({ case: `${n} layers, ${state}`, layers: n, known, paramTableMs: table, summaryMs: sum, networkTextMs: text, graphMs: graph, totalMs: table + sum + text + graph, svgBytes });
  }
}

if (asJson) {
  console.log(JSON.stringify({ runs, node: process.version, results }, null, 2));
} else {
  const f = (x) => (x === undefined ? "" : x.toFixed(1).padStart(8));
  console.log(`display bench (median of ${runs} runs, ${process.version})`);
  console.log(`${"case".padEnd(52)}${"table".padStart(8)}${"summary".padStart(8)}${"text".padStart(8)}${"graph".padStart(8)}${"total".padStart(8)}  ms`);
  for (const r of results) {
    if (r.ms !== undefined) console.log(`${r.case.padEnd(52)}${"".padStart(32)}${f(r.ms)}`);
    else console.log(`${r.case.padEnd(52)}${f(r.paramTableMs)}${f(r.summaryMs)}${f(r.networkTextMs)}${f(r.graphMs)}${f(r.totalMs)}  (svg ${(r.svgBytes / 1024).toFixed(0)} KiB)`);
  }
}
