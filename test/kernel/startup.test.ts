/**
 * Start-up order (issue #14): kernel_info is answered while the executor is still loading the
 * library, and a cell sent meanwhile is compiled at once and run as soon as the executor is ready.
 * The executor here is a stand-in that reports ready only once the test creates a marker file,
 * so "still loading" is a fact of the test, not a matter of timing.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT, startKernel } from "../../dist/kernel/client/index.js";
import { assertBuilt, text } from "./support.js";

const SLOW = 120_000;

function standIn(dir: string, marker: string): string {
  const executor = join(dir, "executor.mjs");
  // Holds compiled cells until the marker exists, then reports ready and runs them (it only
  // reports which cells it got: the compiler's output is what the kernel sent it).
  writeFileSync(
    executor,
    `import { existsSync } from "node:fs";
export function startExecutor(port, opts) {
  const held = [];
  let ready = false;
  const run = (m) => port.postMessage(m.kind === "execute"
    ? { kind: "done", parent: m.parent, status: "ok", result: { data: { "text/plain": "ran " + m.filename }, metadata: {} } }
    : { kind: "done", parent: m.parent, status: "error", compileError: m.error });
  opts.compilerPort.on("message", (m) => (ready ? run(m) : held.push(m)));
  port.on("message", () => {});
  const poll = setInterval(() => {
    if (!existsSync(${JSON.stringify(marker)})) return;
    clearInterval(poll);
    ready = true;
    port.postMessage({ kind: "ready", backend: "stand-in", version: "0" });
    for (const m of held.splice(0)) run(m);
  }, 10);
}
`,
  );
  const launcher = join(dir, "kernel.mjs");
  writeFileSync(
    launcher,
    `import { readConnectionFile } from ${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, "dist/kernel/wire/connection.js")).href)};
import { runKernel } from ${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, "dist/kernel/server/run.js")).href)};
const file = process.argv[2];
process.exit(await runKernel({ connection: readConnectionFile(file), connectionFile: file, logLevel: "warn", historyFile: null, executorModule: ${JSON.stringify(pathToFileURL(executor).href)} }));
`,
  );
  return launcher;
}

describe("start-up", () => {
  it("answers kernel_info before the library is loaded, and runs a cell sent meanwhile once it is", { timeout: SLOW }, async () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), "d2l-startup-"));
    const marker = join(dir, "library-loaded");
    const k = await startKernel({ argv: [process.execPath, standIn(dir, marker), "{connection_file}"], waitReady: false });
    try {
      const info = await k.client.waitReady(60_000);
      expect(existsSync(marker)).toBe(false);
      expect(info.content.status).toBe("ok");
      expect(String(info.content.banner)).not.toContain("tensor backend");

      const cell = k.client.executeLater("const early: number = 41;\nearly + 1", { timeoutMs: 60_000 });
      writeFileSync(marker, "");
      const r = await cell.result;
      expect(r.reply.content.status).toBe("ok");
      expect(text(r.outputs, "result")).toBe("ran cell-1.ts");

      const after = await k.client.request("shell", "kernel_info_request", {} as never);
      expect(String(after.reply.content.banner)).toContain("tensor backend stand-in");
    } finally {
      await k.stop();
    }
  });
});
