import { it } from "vitest";
import { spawnExecutor } from "./test-child.js";
it("bench", async () => {
  const k = await spawnExecutor(); await k.ready(); await new Promise(r => setTimeout(r, 300));
  for (const n of [1000, 1000, 1_000_000]) {
    const t0 = Date.now();
    const { done, parent } = await k.run(`(async () => { const t = performance.now(); for (let i = 0; i < ${n}; i++) console.log(i); const m = process.memoryUsage().rss; return { value: [performance.now() - t, m / 2**20], show: true }; })()`);
    console.error(n, "inner ms, rss MiB", done.result?.data["text/plain"], "total", Date.now() - t0, "msgs", k.of(parent).length);
  }
  await k.close();
}, 60000);
