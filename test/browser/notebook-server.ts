/**
 * Debian's classic Notebook (jupyter-notebook 6) on a free localhost port with a random token,
 * serving a scratch directory, inside a JupyterEnv so it finds only our kernelspec (and Debian's
 * python3). `stop()` ends the server's process group and any kernel it left running.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { JupyterEnv } from "../jupyter/jupyter-env.js";
import { reapStrays, startTool, stopTool } from "../jupyter/run-tool.js";

export interface NotebookServer {
  url: string;
  token: string;
  /** URL that opens a notebook (path relative to the served dir) already authenticated. */
  notebookUrl(path: string): string;
  /** Server log so far (stdout + stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startNotebookServer(jenv: JupyterEnv, opts: { timeoutMs?: number } = {}): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = startTool(
    "jupyter-notebook",
    [
      "--no-browser",
      `--port=${port}`,
      "--port-retries=0",
      "--ip=127.0.0.1",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${jenv.work}`,
      // The CI machine runs as root; the flag is harmless otherwise.
      "--allow-root",
    ],
    { env: jenv.env, cwd: jenv.work },
  );
  let log = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (log += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (log += d));

  const server: NotebookServer = {
    url,
    token,
    notebookUrl: (path) => `${url}/notebooks/${encodeURI(path)}?token=${token}`,
    log: () => log,
    stop: async () => {
      await stopTool(child);
      await reapStrays(jenv.root);
    },
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter-notebook exited with ${child.exitCode} before serving\n${log}`);
    try {
      const res = await fetch(`${url}/api/status?token=${token}`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`jupyter-notebook did not answer on ${url} within ${opts.timeoutMs ?? 60_000} ms\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
