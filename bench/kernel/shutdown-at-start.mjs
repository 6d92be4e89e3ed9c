#!/usr/bin/env node
/**
 * Repro loop for the abort at a shutdown sent right after start-up (README, Known limits): starts
 * the kernel with NODE (default this Node), sends shutdown_request as soon as kernel_info_reply is
 * in, records how the process ended. `node bench/kernel/shutdown-at-start.mjs [rounds] [--node PATH]
 * [--cold] [--flags "--x --y"]`; --cold gives each round an empty code-cache directory.
 * Prints one line per abnormal exit (with the kernel's stderr tail) and a summary line; a round
 * whose kernel could not bind (a port taken meanwhile) is counted apart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT, startKernel } from "../../dist/kernel/client/index.js";

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const node = opt("--node") ?? process.execPath;
const flags = (opt("--flags") ?? "").split(" ").filter(Boolean);
const coldI = args.indexOf("--cold");
const cold = coldI >= 0 && args.splice(coldI, 1).length > 0;
const rounds = Number(args[0] ?? 100);

const counts = {};
for (let i = 0; i < rounds; i++) {
  const cache = cold ? mkdtempSync(join(tmpdir(), "d2l-cc-")) : undefined;
  const hist = mkdtempSync(join(tmpdir(), "d2l-hist-"));
  let k;
  try {
    k = await startKernel({
      argv: [node, ...flags, join(PACKAGE_ROOT, "dist", "kernel", "cli.js"), "kernel", "--connection-file", "{connection_file}"],
      env: { ...process.env, D2L_TS_HISTORY: join(hist, "h.jsonl"), ...(cache ? { D2L_TS_CACHE_DIR: cache } : {}) },
    });
  } catch (e) {
    // A port picked as free can be taken by a neighbour before the kernel binds it: not a round.
    const key = /Address already in use/.test(e.message) ? "start: port taken" : "start failed";
    counts[key] = (counts[key] ?? 0) + 1;
    console.log(`round ${i}: ${key}: ${e.message.split("\n").slice(0, 3).join(" | ")}`);
    continue;
  }
  await k.client.shutdown({ restart: true }).catch((e) => console.log(`round ${i}: shutdown failed: ${e.message}`));
  const exit = await Promise.race([k.exited, new Promise((r) => setTimeout(() => r({ code: null, signal: "TIMEOUT" }), 30_000))]);
  const key = exit.signal ?? `code ${exit.code}`;
  counts[key] = (counts[key] ?? 0) + 1;
  if (key !== "code 0") console.log(`round ${i}: ${key}\n${k.stderr().split("\n").slice(-12).join("\n")}`);
  await k.stop();
  rmSync(hist, { recursive: true, force: true });
  if (cache) rmSync(cache, { recursive: true, force: true });
}
console.log(`${rounds} rounds, node ${node}${flags.length ? " " + flags.join(" ") : ""}${cold ? " (cold caches)" : ""}: ${JSON.stringify(counts)}`);
process.exit(0);
