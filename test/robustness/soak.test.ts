/**
 * A long session: D2L_SOAK_CELLS cells (CI 500; `bench/soak/run.mjs` runs 5,000) that create and
 * discard tensors and displays (bench/soak/cells.mjs). The kernel's resident memory at the end stays
 * within D2L_SOAK_BOUND_MIB (default 256) of its size after the first 100 cells, no tensor is left
 * alive by the kernel, and the last cells answer as fast as early ones did.
 *
 * The kernel runs with every V8 heap capped at D2L_SOAK_HEAP_MIB (default 256; 0 = V8's default).
 * Uncapped, the type checker's thread lets garbage accumulate up to V8's default limits (RSS
 * plateaus ~530 MiB above the 100-cell mark, then stays flat for thousands of cells), which would
 * hide a leak or mimic one; capped, what remains is what the kernel really holds, and a real leak
 * ends in a failed cell.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript shared with the benchmark, no declarations
import { soakCell } from "../../bench/soak/cells.mjs";
import { launch, rssMiB, size, text } from "./support.js";

const CELLS = Math.max(size("D2L_SOAK_CELLS", 500), 200);
const BOUND_MIB = size("D2L_SOAK_BOUND_MIB", 256);
const HEAP_MIB = size("D2L_SOAK_HEAP_MIB", 256);

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;
beforeAll(async () => {
  k = await launch(HEAP_MIB > 0 ? { env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB}` } } : {});
  // The type checker builds its program (lib, @types/node, the library) lazily; build it now, so
  // the 100-cell reference measures a warm kernel instead of one still loading TypeScript.
  const c = await k.client.request("shell", "complete_request", { code: "np.", cursor_pos: 3 }, { timeoutMs: 120_000 });
  expect(c.reply.content.status).toBe("ok");
}, 180_000);
afterAll(async () => {
  await k?.stop();
});

describe(`soak: ${CELLS} cells`, () => {
  it(`keeps resident memory within ${BOUND_MIB} MiB of its size after 100 cells`, async () => {
    const pid = k.process.pid!;
    const samples: [number, number][] = [];
    const durations: number[] = [];
    let at100 = Number.NaN;
    for (let i = 0; i < CELLS; i++) {
      const t0 = performance.now();
      const r = await k.client.execute((soakCell as (i: number) => string)(i), { timeoutMs: 120_000 });
      durations.push(performance.now() - t0);
      expect(r.reply.content.status, `cell ${i}: ${JSON.stringify(r.reply.content).slice(0, 300)}`).toBe("ok");
      const n = i + 1;
      if (n === 100) at100 = rssMiB(pid);
      if (n % 100 === 0 || n === CELLS) samples.push([n, rssMiB(pid)]);
    }
    const end = rssMiB(pid);
    process.stderr.write(`soak: RSS by cells ${samples.map(([n, m]) => `${n}:${m.toFixed(0)}`).join(" ")} MiB (after 100: ${at100.toFixed(0)}, end: ${end.toFixed(0)})\n`);
    expect(end - at100).toBeLessThan(BOUND_MIB);
    // Every tensor the cells made was disposed: the kernel itself keeps none alive.
    const live = await k.client.execute("tf.memory().numTensors");
    expect(text(live.outputs, "result")).toBe("0");
    // No slowdown: the median of the last 100 cells is within 3x (+20 ms) of cells 100-200.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(durations.slice(-100))).toBeLessThan(3 * median(durations.slice(100, 200)) + 20);
  }, 60_000 + CELLS * 2_000);
});
