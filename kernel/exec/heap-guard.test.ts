import { afterEach, describe, expect, it } from "vitest";
import { heapGuardBuffer, HeapLimitError, startHeapGuard, watchHeapGuard, type HeapWatch } from "./heap-guard.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const grow = (mib: number): number[][] => Array.from({ length: mib }, (_, i) => new Array(1 << 17).fill(i));

// The kernel runs the watcher on the io worker; here it shares the test's thread, which is free
// while the test sleeps (a synchronous cell blocking the main thread is covered by the kernel
// test in test/robustness/cell-faults.test.ts).
describe("heap guard", () => {
  const signals: number[] = [];
  const onSigint = () => signals.push(Date.now());
  process.on("SIGINT", onSigint);
  let watch: HeapWatch | null = null;
  afterEach(() => {
    watch?.stop();
    watch = null;
    signals.length = 0;
  });

  it("interrupts (SIGINT) once resident memory passes the armed threshold, and reports it once", async () => {
    const shared = heapGuardBuffer();
    watch = watchHeapGuard(shared, { intervalMs: 5 });
    // fraction 0: any growth past the resident memory at arm() trips the guard.
    const guard = startHeapGuard(shared, { fraction: 0 });
    guard.arm();
    const hog = grow(64);
    for (let i = 0; i < 100 && signals.length === 0; i++) await sleep(10);
    expect(hog.length).toBe(64);
    expect(signals.length).toBe(1);
    // Still armed and still over the threshold: no second SIGINT for the same cell.
    await sleep(50);
    expect(signals.length).toBe(1);
    expect(guard.tripped()).toBe(true);
    expect(guard.tripped()).toBe(false);
    await sleep(30);
    expect(signals.length).toBe(1);
    guard.disarm();
    const e = guard.error();
    expect(e).toBeInstanceOf(RangeError);
    expect(e).toBeInstanceOf(HeapLimitError);
    expect(e.code).toBe("EXEC_HEAP_LIMIT");
    expect(e.message).toMatch(/max-old-space-size/);
  });

  it("does nothing while disarmed", async () => {
    const shared = heapGuardBuffer();
    watch = watchHeapGuard(shared, { intervalMs: 5 });
    const guard = startHeapGuard(shared, { fraction: 0 });
    guard.arm();
    guard.disarm();
    const hog = grow(64);
    await sleep(200);
    expect(hog.length).toBe(64);
    expect(signals).toEqual([]);
    expect(guard.tripped()).toBe(false);
  });

  it("polls only while a cell is armed: no timer while idle", async () => {
    const shared = heapGuardBuffer();
    watch = watchHeapGuard(shared, { intervalMs: 5 });
    const guard = startHeapGuard(shared);
    await sleep(100);
    expect(watch.polls).toBe(0);

    guard.arm();
    await sleep(100);
    const armedPolls = watch.polls;
    expect(armedPolls).toBeGreaterThan(3);

    guard.disarm();
    await sleep(30);
    const afterDisarm = watch.polls;
    // At most a poll or two between disarm() and the watcher noticing it.
    expect(afterDisarm - armedPolls).toBeLessThanOrEqual(2);
    await sleep(100);
    expect(watch.polls).toBe(afterDisarm);

    // Woken again by the next cell.
    guard.arm();
    await sleep(50);
    expect(watch.polls).toBeGreaterThan(afterDisarm);
    guard.disarm();
    expect(signals).toEqual([]);
  });

  it("never trips without a watcher", async () => {
    const guard = startHeapGuard(heapGuardBuffer(), { fraction: 0 });
    guard.arm();
    const hog = grow(32);
    await sleep(50);
    guard.disarm();
    expect(hog.length).toBe(32);
    expect(signals).toEqual([]);
    expect(guard.tripped()).toBe(false);
  });
});
