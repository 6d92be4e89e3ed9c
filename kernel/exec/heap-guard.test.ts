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
    watch.cellStarted();
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
    watch.cellEnded();
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
    watch.cellStarted();
    guard.arm();
    guard.disarm();
    const hog = grow(64);
    await sleep(200);
    expect(hog.length).toBe(64);
    expect(signals).toEqual([]);
    expect(guard.tripped()).toBe(false);
  });

  it("polls only while the io worker has a cell out: no timer while idle", async () => {
    const shared = heapGuardBuffer();
    watch = watchHeapGuard(shared, { intervalMs: 5 });
    const guard = startHeapGuard(shared);
    guard.arm();
    await sleep(100);
    expect(watch.polls).toBe(0); // armed, but no cell handed over: nothing to watch yet

    watch.cellStarted();
    await sleep(100);
    const running = watch.polls;
    expect(running).toBeGreaterThan(3);

    guard.disarm();
    watch.cellEnded();
    await sleep(100);
    expect(watch.polls).toBe(running);

    // The next cell starts it again.
    watch.cellStarted();
    await sleep(50);
    expect(watch.polls).toBeGreaterThan(running);
    watch.cellEnded();
    expect(signals).toEqual([]);
  });

  it("re-measures after a long cell, so the next cell's threshold follows the heap it left", async () => {
    const shared = heapGuardBuffer();
    watch = watchHeapGuard(shared, { intervalMs: 5 });
    // A margin of ~0.1% of the heap room (a few MiB): far less than what the first cell keeps.
    const guard = startHeapGuard(shared, { fraction: 0.001 });
    guard.arm();
    await sleep(30); // a long cell that keeps what it allocated
    const kept = grow(64);
    guard.disarm();
    guard.arm(); // right after it
    watch.cellStarted();
    await sleep(60);
    watch.cellEnded();
    guard.disarm();
    expect(kept.length).toBe(64);
    expect(signals).toEqual([]);
    expect(guard.tripped()).toBe(false);
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
