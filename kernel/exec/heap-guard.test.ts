import { afterEach, describe, expect, it } from "vitest";
import { HeapLimitError, startHeapGuard } from "./heap-guard.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const grow = (mib: number): number[][] => Array.from({ length: mib }, (_, i) => new Array(1 << 17).fill(i));

describe("heap guard", () => {
  const signals: number[] = [];
  const onSigint = () => signals.push(Date.now());
  process.on("SIGINT", onSigint);
  afterEach(() => {
    signals.length = 0;
  });

  it("interrupts (SIGINT) once resident memory passes the armed threshold, and reports it once", async () => {
    // fraction 0: any growth past the resident memory at arm() trips the guard.
    const guard = startHeapGuard({ fraction: 0, intervalMs: 5 });
    guard.arm();
    const hog = grow(64);
    for (let i = 0; i < 100 && signals.length === 0; i++) await sleep(10);
    expect(hog.length).toBe(64);
    expect(signals.length).toBe(1);
    expect(guard.tripped()).toBe(true);
    expect(guard.tripped()).toBe(false);
    const e = guard.error();
    expect(e).toBeInstanceOf(RangeError);
    expect(e).toBeInstanceOf(HeapLimitError);
    expect(e.code).toBe("EXEC_HEAP_LIMIT");
    expect(e.message).toMatch(/max-old-space-size/);
  });

  it("does nothing while disarmed", async () => {
    const guard = startHeapGuard({ fraction: 0, intervalMs: 5 });
    guard.arm();
    guard.disarm();
    const hog = grow(64);
    await sleep(200);
    expect(hog.length).toBe(64);
    expect(signals).toEqual([]);
    expect(guard.tripped()).toBe(false);
  });
});
