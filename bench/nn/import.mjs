#!/usr/bin/env node
/**
 * bench/nn/import: the library's import time in plain Node, this build against another build of
 * the package (an older commit, say), side by side: each round starts one fresh Node per build,
 * alternating, and times `await import("<build>/dist/src/index.js")` plus one tensor op inside it.
 * Medians over the rounds, and their ratio.
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)
 *   node bench/nn/import.mjs --against /tmp/before [--rounds 15] [--json]
 *
 * Without --against only this build is timed. The backend is whatever each build picks (wasm here);
 * D2L_BACKEND is passed through to both.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const rounds = Number(opt("--rounds", "15"));
const here = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const against = opt("--against", null);
const builds = [{ name: "this build", dir: here }, ...(against ? [{ name: "against", dir: resolve(against) }] : [])];
for (const b of builds) {
  if (!existsSync(`${b.dir}/dist/src/index.js`)) {
    console.error(`bench/nn/import: ${b.dir}/dist/src/index.js is missing; build it first (npm run build)`);
    process.exit(2);
  }
}

const probe = `const t0 = performance.now();
const m = await import(process.argv[1]);
const ms = performance.now() - t0;
m.np.ones([2, 3]).dispose();
console.log(JSON.stringify({ ms, backend: m.backend() }));`;

const times = builds.map(() => []);
let backendName = "";
for (let r = 0; r < rounds; r++) {
  builds.forEach((b, i) => {
    const out = spawnSync(process.execPath, ["--input-type=module", "-e", probe, `${b.dir}/dist/src/index.js`], { encoding: "utf8" });
    if (out.status !== 0) throw new Error(`import of ${b.dir} failed:\n${out.stderr}`);
    const { ms, backend } = JSON.parse(out.stdout.trim().split("\n").pop());
    times[i].push(ms);
    backendName = backend;
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = builds.map((b, i) => ({ build: b.name, dir: b.dir, medianMs: +median(times[i]).toFixed(1), ms: times[i].map((x) => +x.toFixed(1)) }));
if (args.includes("--json")) console.log(JSON.stringify({ backend: backendName, rounds, result }, null, 2));
else {
  for (const r of result) console.log(`${r.build.padEnd(10)} import ${r.medianMs} ms (median of ${rounds}; ${r.dir})`);
  if (result.length === 2) console.log(`ratio this/against: ${(result[0].medianMs / result[1].medianMs).toFixed(2)}× (backend ${backendName})`);
}
