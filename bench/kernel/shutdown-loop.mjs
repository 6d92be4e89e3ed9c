/**
 * The loop behind the shutdown repro scripts (shutdown-at-start.mjs, shutdown-while-paused.mjs):
 * starts the kernel with NODE once a round, lets the script bring it to the state under test, sends
 * shutdown_request and records how the process ended. Prints one line per abnormal exit (with the
 * kernel's stderr tail) and a summary line; a round whose kernel could not bind (a port taken
 * meanwhile) is counted apart. Command line: `[rounds] [--node PATH] [--flags "--x --y"] [--cold]`;
 * --cold gives each round an empty code-cache directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT, startKernel } from "../../dist/kernel/client/index.js";

/** Parses the command line shared by the scripts. */
export function loopArgs(argv = process.argv.slice(2)) {
  const args = [...argv];
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const node = opt("--node") ?? process.execPath;
  const flags = (opt("--flags") ?? "").split(" ").filter(Boolean);
  const coldI = args.indexOf("--cold");
  const cold = coldI >= 0 && args.splice(coldI, 1).length > 0;
  return { rounds: Number(args[0] ?? 100), node, flags, cold };
}

/**
 * `prepare(kernel)` runs after start-up and before the shutdown; `restart` goes into the
 * shutdown_request. Ends the process when done.
 */
export async function shutdownLoop({ rounds, node, flags, cold, restart = false, prepare = async () => {} }) {
  const counts = {};
  const count = (key) => (counts[key] = (counts[key] ?? 0) + 1);
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
      count(key);
      console.log(`round ${i}: ${key}: ${e.message.split("\n").slice(0, 3).join(" | ")}`);
      continue;
    }
    try {
      await prepare(k);
      await k.client.shutdown({ restart });
    } catch (e) {
      console.log(`round ${i}: before the exit: ${e.message}`);
    }
    const exit = await Promise.race([k.exited, new Promise((r) => setTimeout(() => r({ code: null, signal: "TIMEOUT" }), 30_000))]);
    const key = exit.signal ?? `code ${exit.code}`;
    count(key);
    if (key !== "code 0") console.log(`round ${i}: ${key}\n${k.stderr().split("\n").slice(-12).join("\n")}`);
    await k.stop();
    rmSync(hist, { recursive: true, force: true });
    if (cache) rmSync(cache, { recursive: true, force: true });
  }
  console.log(`${rounds} rounds, node ${node}${flags.length ? " " + flags.join(" ") : ""}${cold ? " (cold caches)" : ""}: ${JSON.stringify(counts)}`);
  process.exit(0);
}
