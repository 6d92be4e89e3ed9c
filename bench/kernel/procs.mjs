/**
 * Kernel processes: launching from a kernelspec-style argv, resident memory of the whole process
 * tree from /proc, and making sure nothing the bench started outlives it.
 */
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";

/** Ports the OS says are free now (bound on port 0, then released). */
export async function freePorts(n) {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise((resolve, reject) => {
      const s = createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => resolve(s));
    })),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** pid -> ppid for every process visible in /proc. */
function parentMap() {
  const map = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name may contain spaces and parentheses; fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(Number(name), ppid);
    } catch {
      // exited while we looked
    }
  }
  return map;
}

/** The pid and all its descendants. */
export function processTree(pid) {
  const parents = parentMap();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree.filter((p) => p === pid || parents.has(p));
}

function statusKiB(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of VmRSS over the process tree, in MiB, and how many processes it covered. */
export function treeRssMiB(pid) {
  const pids = processTree(pid);
  const kib = pids.reduce((sum, p) => sum + statusKiB(p, "VmRSS"), 0);
  return { mib: kib / 1024, processes: pids.length };
}

const live = new Set();

/** The informative part of a kernel's stderr: its error lines if any, else its last lines. */
export function stderrExcerpt(text, max = 3) {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /error|cannot|not found|failed/i.test(l) && !l.startsWith("at "));
  return (errors.length ? errors.slice(0, max) : lines.slice(-max)).join(" | ");
}

/** Registers a process someone else spawned, so stop() and killAllLaunched() cover it. */
export function track(pid, exited, { dir } = {}) {
  const handle = { pid, exited, stderr: () => "", tree: [pid], dir };
  live.add(handle);
  exited.then(() => live.delete(handle));
  return handle;
}

/** Spawns `argv` with `{connection_file}` replaced; stderr is kept (last 4 KiB) for error reports. */
export function launch({ argv, cwd, env, connectionFile, dir }) {
  const [cmd, ...args] = argv.map((a) => a.replaceAll("{connection_file}", connectionFile));
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-4096);
  });
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  const handle = { child, pid: child.pid, exited, stderr: () => stderr, tree: [child.pid], dir };
  live.add(handle);
  exited.then(() => live.delete(handle));
  return handle;
}

/**
 * Stops a kernel: remembers its tree first (children re-parent once the leader dies), waits up
 * to `graceMs` for a clean exit after the caller's shutdown_request, then SIGKILLs what is left.
 */
export async function stop(handle, graceMs = 1500) {
  let leaderGone = false;
  handle.exited.then(() => (leaderGone = true));
  const tree = new Set([...handle.tree, ...processTree(handle.pid)]);
  await Promise.race([handle.exited, new Promise((r) => setTimeout(r, graceMs))]);
  // A reaped leader's pid may be reused by an unrelated process: never signal it again.
  if (leaderGone) tree.delete(handle.pid);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.race([handle.exited, new Promise((r) => setTimeout(r, 1000))]);
  live.delete(handle);
}

/** Last resort on Ctrl-C or a crash of the bench itself. */
export function killAllLaunched() {
  for (const h of live) {
    for (const pid of new Set([...h.tree, ...processTree(h.pid)])) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    // The connection file holds the signing key: do not leave it behind.
    if (h.dir) rmSync(h.dir, { recursive: true, force: true });
  }
  live.clear();
}
