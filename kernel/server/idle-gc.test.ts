import { afterEach, describe, expect, it, vi } from "vitest";
import { fullGc, startIdleGc } from "./idle-gc.js";

describe("startIdleGc", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("collects once the thread has been idle and the heap has grown", () => {
    vi.useFakeTimers();
    let heap = 100;
    const collect = vi.fn(() => {
      heap = 110;
    });
    const seen: { before: number; after: number }[] = [];
    const gc = startIdleGc({ idleMs: 200, growthBytes: 50, collect, heapBytes: () => heap, onCollect: ({ before, after }) => seen.push({ before, after }) });
    heap = 300;
    gc.poke();
    vi.advanceTimersByTime(150);
    gc.poke(); // a new request: the countdown starts again
    vi.advanceTimersByTime(150);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([{ before: 300, after: 110 }]);
  });

  it("does not collect when the heap grew less than the threshold since the last collection", () => {
    vi.useFakeTimers();
    let heap = 100;
    const collect = vi.fn();
    const gc = startIdleGc({ idleMs: 10, growthBytes: 50, collect, heapBytes: () => heap });
    heap = 140;
    gc.poke();
    vi.advanceTimersByTime(20);
    expect(collect).not.toHaveBeenCalled();
    heap = 151;
    gc.poke();
    vi.advanceTimersByTime(20);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("collects at once, without waiting for idle time, past forceBytes of growth", () => {
    vi.useFakeTimers();
    let heap = 100;
    const collect = vi.fn(() => {
      heap = 100;
    });
    let now = 0;
    const gc = startIdleGc({ idleMs: 1000, growthBytes: 50, forceBytes: 200, collect, heapBytes: () => heap, now: () => now });
    heap = 250;
    gc.poke();
    expect(collect).not.toHaveBeenCalled();
    heap = 301;
    now += 10;
    gc.poke();
    expect(collect).not.toHaveBeenCalled(); // the heap is read at most every 50 ms
    now += 50;
    gc.poke();
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2000); // the earlier idle countdown was cancelled with it
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("stop cancels a pending collection", () => {
    vi.useFakeTimers();
    let heap = 0;
    const collect = vi.fn();
    const gc = startIdleGc({ idleMs: 10, growthBytes: 1, collect, heapBytes: () => heap });
    heap = 100;
    gc.poke();
    gc.stop();
    vi.advanceTimersByTime(50);
    expect(collect).not.toHaveBeenCalled();
  });
});

describe("fullGc", () => {
  it("frees unreachable memory without exposing gc to new contexts", async () => {
    const gc = fullGc();
    expect(gc).toBeTypeOf("function");
    const { runInNewContext } = await import("node:vm");
    expect(runInNewContext("typeof gc")).toBe("undefined");
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef(new Array(1000).fill(0));
    })();
    // WeakRef targets survive until the end of the current job
    await new Promise((r) => setTimeout(r, 0));
    gc!();
    expect(ref!.deref()).toBeUndefined();
  });
});
