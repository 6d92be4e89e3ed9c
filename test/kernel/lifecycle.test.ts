/** Start, transports, shutdown and restart: no process is left behind. */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Each test starts fresh kernels; the first cell of a kernel also loads TypeScript.
const SLOW = 120_000;
import { freePorts } from "../../dist/kernel/client/index.js";
import { alive, assertBuilt, CLI, launch, sleep, text } from "./support.js";

describe("shutdown and restart", () => {
  // Right after start-up the library and TypeScript are still loading and iopub's last messages are
  // still queued when the io worker ends; on Node 22/24 this once aborted the process about 1 in 100
  // times (ZeroMQ loaded on the main thread too: kernel/server/start-io-worker.ts).
  it.each([
    ["right after start-up", null],
    ["after one cell", "1 + 1"],
  ] as const)("shutdown with restart %s replies, then the process exits cleanly", { timeout: SLOW }, async (_, cell) => {
    const k = await launch();
    const pid = k.process.pid!;
    if (cell) expect(text((await k.client.execute(cell)).outputs, "result")).toBe("2");
    const r = await k.client.shutdown({ restart: true });
    expect(r.reply.content).toMatchObject({ status: "ok", restart: true });
    // Liveness bounds: the process exits within milliseconds of its reply; 30 s only turns "never" into a failure.
    const exit = await Promise.race([k.exited, sleep(30_000).then(() => null)]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(alive(pid)).toBe(false);
    await k.stop();
  });

  it("shutdown while a cell blocks the main thread still ends the process", { timeout: SLOW }, async () => {
    const k = await launch();
    const pid = k.process.pid!;
    void k.client.executeLater("while (true) {}").result.catch(() => {});
    await sleep(300);
    const r = await k.client.shutdown({ restart: false });
    expect(r.reply.content.status).toBe("ok");
    await Promise.race([k.exited, sleep(30_000)]);
    expect(alive(pid)).toBe(false);
    await k.stop();
  });

  // "A restarted kernel is fresh" is tested as Jupyter restarts (same connection file and ports,
  // through jupyter_client) in test/jupyter/restart.test.ts; two unrelated kernels here proved nothing.

  it("history survives a restart, and a kill -9 loses at most the cells of its last moment", { timeout: SLOW }, async () => {
    const tail = async (k: Awaited<ReturnType<typeof launch>>) =>
      ((await k.client.request("shell", "history_request", { hist_access_type: "tail", n: 100, output: false, raw: true })).reply.content as { history: [number, number, string][] }).history;
    const a = await launch();
    const env = { D2L_TS_HISTORY: a.historyFile };
    await a.client.execute("const h1 = 1;", { timeoutMs: SLOW });
    await a.client.execute("h1 + 1");
    const r = await a.client.shutdown({ restart: true });
    expect(r.reply.content.status).toBe("ok");
    await Promise.race([a.exited, sleep(30_000)]);
    await a.stop();

    const b = await launch({ env });
    for (let i = 1; i <= 4; i++) await b.client.execute(`"b${i}"`, { timeoutMs: SLOW });
    // Idle for a moment: everything so far is written.
    await sleep(300);
    for (let i = 5; i <= 7; i++) await b.client.execute(`"b${i}"`);
    // Killed at once, on the last cell's idle.
    b.process.kill("SIGKILL");
    await b.exited;
    await b.stop();

    const c = await launch({ env });
    const h = await tail(c);
    await c.stop();
    expect(h.slice(0, 2)).toEqual([[1, 1, "const h1 = 1;"], [1, 2, "h1 + 1"]]);
    const second = h.filter(([session]) => session === 2).map(([, line, input]) => [line, input]);
    expect(second.slice(0, 4)).toEqual([1, 2, 3, 4].map((n) => [n, `"b${n}"`]));
    // Of the cells run just before the kill, at most the last two may be missing.
    expect(second.length).toBeGreaterThanOrEqual(5);
    expect(second).toEqual(second.map((_, i) => [i + 1, `"b${i + 1}"`]));
  });
});

describe("transports and keys", () => {
  it("serves over ipc", { timeout: SLOW }, async () => {
    const k = await launch({ transport: "ipc" });
    // kernel_info (answered once the library is loaded) over shell and control, and the heartbeat.
    expect((await k.client.request("shell", "kernel_info_request", {})).reply.content.status).toBe("ok");
    expect((await k.client.request("control", "kernel_info_request", {})).reply.content.status).toBe("ok");
    expect(await k.client.heartbeat(10_000)).toBeGreaterThan(0); // answers in ~1 ms; 10 s is a liveness bound
    await k.stop();
  });

  it("works unsigned (empty key) and with hmac-sha512", { timeout: SLOW }, async () => {
    for (const opts of [{ key: "" }, { signatureScheme: "hmac-sha512" }]) {
      const k = await launch(opts);
      // The client drops replies whose signature does not verify, so a reply proves both directions.
      const r = await k.client.request("shell", "kernel_info_request", {});
      expect(r.reply.content.status).toBe("ok");
      expect(r.iopub.map((m) => m.msg_type)).toEqual(["status", "status"]);
      await k.stop();
    }
  });
});

describe("start-up races", () => {
  // startKernel picks free ports, releases them, and the kernel binds them: a port taken in between
  // (a test file running beside this one) must cost a second start, not a failed test. The first
  // start here is a stand-in kernel that fails the way ours does when its port is taken.
  it("startKernel starts again on fresh ports when the kernel's port was taken", { timeout: SLOW }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "d2l-race-"));
    const marker = join(dir, "first-start-done");
    const wrapper = join(dir, "kernel.mjs");
    writeFileSync(
      wrapper,
      `import { existsSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
if (!existsSync(${JSON.stringify(marker)})) {
  writeFileSync(${JSON.stringify(marker)}, "");
  process.stderr.write("d2l-ts kernel: cannot bind the sockets of " + process.argv[2] + ": Address already in use\\n");
  process.exit(1);
}
const r = spawnSync(process.execPath, [${JSON.stringify(CLI)}, "kernel", "--connection-file", process.argv[2]], { stdio: "inherit" });
process.exit(r.status ?? 1);
`,
    );
    const k = await launch({ argv: [process.execPath, wrapper, "{connection_file}"] });
    try {
      expect(existsSync(marker)).toBe(true);
      expect(text((await k.client.execute("40 + 2")).outputs, "result")).toBe("42");
    } finally {
      await k.stop();
    }
  });
});

describe("connection file errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "d2l-cf-"));
  const run = (file: string) => {
    assertBuilt();
    return spawnSync(process.execPath, [CLI, "kernel", "--connection-file", file], { encoding: "utf8", timeout: 20_000 });
  };
  const cases: [string, string | null, RegExp][] = [
    ["missing.json", null, /does not exist/],
    ["broken.json", "{ not json", /not valid JSON/],
    ["ports.json", JSON.stringify({ transport: "tcp", ip: "127.0.0.1", shell_port: "x", iopub_port: 1, stdin_port: 2, control_port: 3, hb_port: 4, key: "k", signature_scheme: "hmac-sha256" }), /shell_port/],
    ["scheme.json", JSON.stringify({ transport: "tcp", ip: "127.0.0.1", shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5, key: "k", signature_scheme: "rot13" }), /signature_scheme/],
  ];
  it.each(cases)("%s: one line naming the file and the problem, non-zero exit", (name, content, problem) => {
    const file = join(dir, name);
    if (content !== null) writeFileSync(file, content);
    const r = run(file);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(problem);
  });

  // Root reads any file whatever its mode (and CI runs as root), so there the kernel is started
  // as root without the two capabilities that bypass file modes (util-linux's setpriv): the
  // permission-denied branch runs in CI too. Not as `nobody`: a checkout under a 0700 directory
  // (mktemp -d) would be unreadable to it, and the kernel would fail before reading the file.
  it("an unreadable file: one line saying permission denied, non-zero exit", () => {
    assertBuilt();
    const open = mkdtempSync(join(tmpdir(), "d2l-cf-locked-"));
    chmodSync(open, 0o755);
    const file = join(open, "locked.json");
    writeFileSync(file, cases[2]![1]!.replace('"x"', "1"));
    chmodSync(file, 0);
    const asRoot = process.getuid?.() === 0;
    const argv = [process.execPath, CLI, "kernel", "--connection-file", file];
    const noBypass = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"];
    const [cmd, ...args] = asRoot ? [...noBypass, ...argv] : argv;
    const r = spawnSync(cmd!, args, { encoding: "utf8", timeout: 20_000 });
    expect(r.status, r.stderr).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(/not readable \(permission denied\)/);
  });

  // Seen when a port picked as free is taken before the kernel binds it: the kernel used to print
  // its line and then abort (SIGABRT, "terminate called after throwing an instance of
  // 'Napi::Error'"), because the sockets that did bind were still open when the process exited.
  it("a port already taken: one line naming the file, then exit code 1 (no abort)", async () => {
    assertBuilt();
    const { createServer } = await import("node:net");
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    try {
      const port = (taken.address() as import("node:net").AddressInfo).port;
      const [iopub, stdin, control, hb] = await freePorts(4);
      const file = join(dir, "taken.json");
      writeFileSync(file, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", shell_port: port, iopub_port: iopub, stdin_port: stdin, control_port: control, hb_port: hb, key: "k", signature_scheme: "hmac-sha256" }));
      const r = spawnSync(process.execPath, [CLI, "kernel", "--connection-file", file], { encoding: "utf8", timeout: 20_000, env: { ...process.env, D2L_TS_HISTORY: join(dir, "history.jsonl") } });
      expect({ status: r.status, signal: r.signal }, r.stderr).toEqual({ status: 1, signal: null });
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/cannot bind the sockets of .*taken\.json: Address already in use/)]);
    } finally {
      taken.close();
    }
  });

  it("a missing --connection-file is a usage error", () => {
    assertBuilt();
    const r = spawnSync(process.execPath, [CLI, "kernel"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--connection-file/);
  });
});
