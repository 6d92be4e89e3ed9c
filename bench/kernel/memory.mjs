#!/usr/bin/env node
/**
 * What a type-checking kernel's resident memory cannot go below on this machine: the parts the
 * d2l-ts kernel holds, each measured alone in a fresh Node (memory-stage.mjs), beside the kernel
 * itself after the same client session as `bench:kernel` (checker warm), in one run.
 *
 *   node bench/kernel/memory.mjs [--rounds 3] [--no-kernel] [--json FILE]
 *
 * Every stage runs with the kernelspec's environment (MALLOC_TRIM_THRESHOLD_); the TypeScript
 * stages with the io worker's young generation (the kernel gives it 2 MiB: --max-semi-space-size=1
 * here), so the figures are the ones the kernel's own threads would show.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chooseOpener } from "./clients.mjs";
import { kernelDefs } from "./kernels.mjs";
import { measureRound } from "./measure.mjs";
import { killAllLaunched } from "./procs.mjs";
import { median } from "./stats.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, "no-kernel": { type: "boolean" }, json: { type: "string" } } });
const rounds = Number(values.rounds);
if (!(rounds >= 1)) {
  console.error("memory: --rounds must be a positive integer");
  process.exit(2);
}
process.on("exit", killAllLaunched);

const kernelEnv = JSON.parse(readFileSync(join(root, "kernel/assets/kernelspec.json"), "utf8")).env ?? {};
const IO_WORKER_YOUNG = ["--max-semi-space-size=1"];
/** [stage, what it holds, extra Node flags] in the order each adds to the one before. */
const STAGES = [
  ["node", "Node alone, idle", []],
  ["zeromq", "Node + ZeroMQ, five sockets bound", []],
  ["typescript-es-lib", "Node + TypeScript's language service, ES2023 lib only (20 cells checked, one completion)", IO_WORKER_YOUNG],
  ["typescript-tfjs", "the same + tfjs-core's declarations (the library's `tf` and Tensor need them)", IO_WORKER_YOUNG],
  ["cell-compiler", "Node + the kernel's cell compiler (ES lib, tfjs-core, library and kernel declarations; 20 cells, one completion)", IO_WORKER_YOUNG],
  ["library", "Node + the library as the executor preloads it (tfjs-core, backend, nn, np; one forward pass)", []],
  ["worker-isolate", "Node + one idle worker thread (d2l-ts's io worker is one)", []],
  ["one-isolate-kernel", "d2l-ts's parts in **one isolate** (it has two): ZeroMQ's sockets, the cell compiler as above, the library after one forward pass", IO_WORKER_YOUNG],
  ["minimal-kernel", "**one isolate with the least a type-checking kernel with a preloaded library holds**: ZeroMQ's sockets, TypeScript with the ES lib only, the library after one forward pass", IO_WORKER_YOUNG],
];

// V8 accepts a code cache only under the flags that wrote it: the stages keep theirs apart from the
// kernel's, so neither rewrites the other's (a first unmeasured round writes them).
const cacheDir = mkdtempSync(join(tmpdir(), "d2l-ts-memory-"));
process.on("exit", () => rmSync(cacheDir, { recursive: true, force: true }));

function runStage(stage, flags) {
  const out = execFileSync(process.execPath, ["--expose-gc", ...flags, join(root, "bench/kernel/memory-stage.mjs"), stage], {
    env: { ...process.env, ...kernelEnv, D2L_TS_CACHE_DIR: cacheDir },
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

const log = (s) => process.stderr.write(`${s}\n`);
const loadBefore = loadavg()[0].toFixed(2);
const samples = new Map(STAGES.map(([s]) => [s, []]));
const kernelSamples = { "d2l-ts": [], floor: [] };
const defs = kernelDefs(root);
const opener = values["no-kernel"] ? null : await chooseOpener("auto", root);
for (const [stage, , flags] of STAGES) runStage(stage, flags);
for (let r = 1; r <= rounds; r++) {
  for (const [stage, , flags] of STAGES) samples.get(stage).push(runStage(stage, flags).rssMiB);
  if (opener) {
    for (const name of Object.keys(kernelSamples)) {
      const fig = await measureRound({ name, def: defs[name], open: opener.open, cells: 10, log });
      if (fig.error) throw new Error(`${name}: ${fig.error}`);
      kernelSamples[name].push(fig.rssMiB);
    }
  }
  log(`memory: round ${r} of ${rounds} done`);
}

const med = (xs) => Math.round(median(xs) * 10) / 10;
const rows = STAGES.map(([stage, what]) => ({ stage, what, rssMiB: med(samples.get(stage)), range: [Math.min(...samples.get(stage)), Math.max(...samples.get(stage))].map((x) => Math.round(x)) }));
const by = Object.fromEntries(rows.map((r) => [r.stage, r.rssMiB]));
// Each part's own cost: its stage minus Node alone (whose pages every stage holds too).
const own = (stage) => Math.round((by[stage] - by.node) * 10) / 10;

console.log(`Resident memory, median of ${rounds} round(s), load ${loadBefore} → ${loadavg()[0].toFixed(2)}`);
console.log("");
console.log("| stage | RSS (MiB) | over Node alone | rounds |");
console.log("| --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.what} | ${r.rssMiB} | ${r.stage === "node" ? "—" : `+${own(r.stage)}`} | ${r.range[0]}–${r.range[1]} |`);
if (opener) {
  console.log(`| the floor kernel (Node + ZeroMQ + wire codec), after the bench session | ${med(kernelSamples.floor)} | | ${kernelSamples.floor.map(Math.round).join(", ")} |`);
  console.log(`| **the d2l-ts kernel**, after the bench session, checker warm | **${med(kernelSamples["d2l-ts"])}** | | ${kernelSamples["d2l-ts"].map(Math.round).join(", ")} |`);
}
if (values.json) writeFileSync(values.json, `${JSON.stringify({ rows, kernels: kernelSamples, loadBefore }, null, 2)}\n`);
process.exit(0);
