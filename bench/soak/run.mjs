#!/usr/bin/env node
/**
 * Full-size robustness runs of issue 6, printing the kernel's resident memory over time:
 *
 *   node bench/soak/run.mjs [--cells 5000] [--every 250] [--lines 1000000] [--bytes 50000000]
 *                           [--restarts 50] [--only soak,flood,restarts] [--heap-mib 0]
 *
 * soak:     N executed cells creating and discarding tensors and displays (bench/soak/cells.mjs);
 *           VmRSS after the first 100 cells, every --every cells, and at the end.
 * flood:    one cell printing --lines lines, one printing a --bytes character string; duration,
 *           stream messages, peak RSS, worst heartbeat round trip.
 * restarts: --restarts kernels started, used and shut down with restart=true in a row; leftover
 *           processes, ipc socket files and temp files.
 * The CI-sized versions with assertions are test/robustness/*.test.ts. Build first (npm run build).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { soakCell } from "./cells.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const clientUrl = join(root, "dist", "kernel", "client", "index.js");
if (!existsSync(clientUrl)) {
  console.error(`${clientUrl} is missing: build first with npm run build`);
  process.exit(2);
}
const { startKernel } = await import(clientUrl);

const { values } = parseArgs({
  options: {
    cells: { type: "string", default: "5000" },
    every: { type: "string", default: "250" },
    lines: { type: "string", default: "1000000" },
    bytes: { type: "string", default: "50000000" },
    restarts: { type: "string", default: "50" },
    only: { type: "string", default: "soak,flood,restarts" },
    // Caps every V8 heap of the soak kernel (NODE_OPTIONS=--max-old-space-size): garbage then
    // cannot float up to V8's default limits, so what remains is what the kernel really holds.
    "heap-mib": { type: "string", default: "0" },
  },
});
const num = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${values[name]}`);
  return n;
};
const only = new Set(values.only.split(","));

const rssMiB = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
  } catch {
    return Number.NaN;
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, d = 1) => n.toFixed(d);

async function launch(extraEnv = {}) {
  const tmp = mkdtempSync(join(tmpdir(), "d2l-soak-"));
  const k = await startKernel({ readyTimeoutMs: 120_000, env: { ...process.env, D2L_TS_HISTORY: join(tmp, "history.jsonl"), ...extraEnv } });
  return Object.assign(k, { tmp });
}

async function soak() {
  const cells = num("cells");
  const every = num("every");
  const heapMib = num("heap-mib");
  const k = await launch(heapMib > 0 ? { NODE_OPTIONS: `--max-old-space-size=${heapMib}` } : {});
  // Warm the type checker's program first (see test/robustness/soak.test.ts): the 100-cell
  // reference then measures a warm kernel.
  await k.client.request("shell", "complete_request", { code: "np.", cursor_pos: 3 }, { timeoutMs: 120_000 });
  const pid = k.process.pid;
  console.log(`\n## soak: ${cells} cells (pid ${pid}${heapMib > 0 ? `, heaps capped at ${heapMib} MiB` : ""})\n`);
  console.log("| cells | seconds | RSS MiB |");
  console.log("|------:|--------:|--------:|");
  const t0 = Date.now();
  const row = (n) => console.log(`| ${n} | ${fmt((Date.now() - t0) / 1000)} | ${fmt(rssMiB(pid))} |`);
  row(0);
  let at100 = Number.NaN;
  let atHalf = Number.NaN;
  for (let i = 0; i < cells; i++) {
    const r = await k.client.execute(soakCell(i), { timeoutMs: 120_000 });
    if (r.reply.content.status !== "ok") throw new Error(`soak cell ${i} failed: ${JSON.stringify(r.reply.content).slice(0, 500)}`);
    const n = i + 1;
    if (n === 100) at100 = rssMiB(pid);
    if (n === Math.floor(cells / 2)) atHalf = rssMiB(pid);
    if (n === 100 || n % every === 0 || n === cells) row(n);
  }
  const end = rssMiB(pid);
  const tensors = await k.client.execute("tf.memory().numTensors");
  console.log(`\nRSS after 100 cells ${fmt(at100)} MiB, at the end ${fmt(end)} MiB (${end >= at100 ? "+" : ""}${fmt(end - at100)} MiB; over the second half ${end >= atHalf ? "+" : ""}${fmt(end - atHalf)} MiB); live tensors at the end: ${tensors.outputs.map((o) => o.data?.["text/plain"]).join("")}`);
  await k.stop();
  rmSync(k.tmp, { recursive: true, force: true });
}

async function flood() {
  const lines = num("lines");
  const bytes = num("bytes");
  const k = await launch();
  const pid = k.process.pid;
  await k.client.execute("0", { timeoutMs: 120_000 });
  console.log(`\n## flood (pid ${pid})\n`);
  console.log("| cell | seconds | stream messages | RSS before MiB | RSS peak MiB | worst heartbeat ms |");
  console.log("|------|--------:|----------------:|---------------:|-------------:|-------------------:|");
  const cases = [
    [`${lines} lines`, `for (let i = 0; i < ${lines}; i++) console.log("line " + i);`],
    [`${bytes}-char string`, `{ const big = "y".repeat(${bytes}); console.log(big); }`],
  ];
  for (const [name, code] of cases) {
    const before = rssMiB(pid);
    let peak = before;
    let worstHb = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        peak = Math.max(peak, rssMiB(pid));
        worstHb = Math.max(worstHb, await k.client.heartbeat(5_000).catch(() => Number.POSITIVE_INFINITY));
        await sleep(50);
      }
    })();
    const t0 = Date.now();
    const r = await k.client.execute(code, { timeoutMs: 600_000 });
    const s = (Date.now() - t0) / 1000;
    running = false;
    await sampler;
    const msgs = r.iopub.filter((m) => m.msg_type === "stream").length;
    console.log(`| ${name} | ${fmt(s, 2)} | ${msgs} | ${fmt(before)} | ${fmt(peak)} | ${fmt(worstHb)} |`);
    // The client keeps every iopub message; let this process drop the flood before the next case.
    k.client.iopubLog.length = 0;
  }
  await k.stop();
  rmSync(k.tmp, { recursive: true, force: true });
}

async function restarts() {
  const n = num("restarts");
  const tmp = mkdtempSync(join(tmpdir(), "d2l-restarts-"));
  const kernelTmp = join(tmp, "kernel-tmp");
  (await import("node:fs")).mkdirSync(kernelTmp);
  console.log(`\n## restarts: ${n} in a row\n`);
  const times = [];
  const pids = [];
  const leftSockets = [];
  for (let i = 0; i < n; i++) {
    const t0 = Date.now();
    const k = await startKernel({ transport: "ipc", readyTimeoutMs: 120_000, env: { ...process.env, TMPDIR: kernelTmp, D2L_TS_HISTORY: join(tmp, "history.jsonl") } });
    pids.push(k.process.pid);
    const r = await k.client.execute(`${i} + 1`, { timeoutMs: 120_000 });
    if (r.reply.content.status !== "ok") throw new Error(`restart ${i}: cell failed`);
    await k.client.shutdown({ restart: true, timeoutMs: 5_000 });
    const exit = await Promise.race([k.exited, sleep(5_000).then(() => null)]);
    times.push(Date.now() - t0);
    const dir = dirname(k.connectionFile);
    leftSockets.push(...readdirSync(dir).filter((f) => f !== "kernel.json"));
    if (!exit) console.log(`restart ${i}: the kernel did not exit within 5 s`);
    await k.stop();
  }
  const alive = pids.filter((p) => existsSync(`/proc/${p}`));
  const leftTemp = readdirSync(kernelTmp);
  times.sort((a, b) => a - b);
  console.log(`start + cell + shutdown: median ${times[times.length >> 1]} ms, max ${times.at(-1)} ms`);
  console.log(`processes left: ${alive.length}; ipc socket files left: ${leftSockets.length}; temp files left in the kernels' TMPDIR: ${leftTemp.length}${leftTemp.length ? ` (${leftTemp.slice(0, 5).join(", ")})` : ""}`);
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`# d2l-ts robustness run (${new Date().toISOString()}, node ${process.version})`);
if (only.has("soak")) await soak();
if (only.has("flood")) await flood();
if (only.has("restarts")) await restarts();
