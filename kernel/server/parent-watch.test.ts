import { describe, expect, it } from "vitest";
import { parentGone, processExists, watchParent } from "./parent-watch.js";

describe("parentGone", () => {
  const alive = () => true;
  it("notices re-parenting, a vanished parent and a vanished JPY_PARENT_PID", () => {
    expect(parentGone({ startPpid: 500, currentPpid: 500, jupyterPid: null, exists: alive })).toBeNull();
    expect(parentGone({ startPpid: 500, currentPpid: 1, jupyterPid: null, exists: alive })).toMatch(/pid 500.*re-parented to 1/);
    expect(parentGone({ startPpid: 500, currentPpid: 500, jupyterPid: null, exists: (p) => p !== 500 })).toMatch(/pid 500\) is gone/);
    expect(parentGone({ startPpid: 500, currentPpid: 500, jupyterPid: 77, exists: (p) => p !== 77 })).toMatch(/JPY_PARENT_PID=77/);
  });

  it("never fires for a kernel started by init (ppid 1)", () => {
    expect(parentGone({ startPpid: 1, currentPpid: 1, jupyterPid: null, exists: () => false })).toBeNull();
  });
});

describe("watchParent", () => {
  it("calls onGone once when the parent disappears", async () => {
    let parentAlive = true;
    const gone: string[] = [];
    const stop = watchParent({ startPpid: 500, log: () => {}, onGone: (why) => gone.push(why), intervalMs: 5, currentPpid: () => 500, exists: () => parentAlive });
    await new Promise((r) => setTimeout(r, 30));
    expect(gone).toEqual([]);
    parentAlive = false;
    await new Promise((r) => setTimeout(r, 40));
    expect(gone).toHaveLength(1);
    stop();
  });

  it("ignores a JPY_PARENT_PID that names no process at start instead of exiting at once", async () => {
    const logs: string[] = [];
    const gone: string[] = [];
    const stop = watchParent({ startPpid: 1, jupyterParent: "999999", log: (_l, m) => logs.push(m), onGone: (w) => gone.push(w), intervalMs: 5, exists: () => false });
    await new Promise((r) => setTimeout(r, 30));
    expect(gone).toEqual([]);
    expect(logs.join("\n")).toMatch(/ignoring JPY_PARENT_PID=999999/);
    stop();
  });

  it("processExists sees this process and not a free pid", () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(2 ** 22 + 12345)).toBe(false);
  });
});
