/**
 * A Jupyter web server for the browser tests (the classic Notebook, the JupyterLab page server):
 * started on a free localhost port with a random token inside a JupyterEnv, so it finds only our
 * kernelspec, and returned once `/api/status` answers. `stop()` ends the server's process group
 * and any kernel it left running.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { JupyterEnv } from "../jupyter/jupyter-env.js";
import { reapStrays, startTool, stopTool } from "../jupyter/run-tool.js";

export interface JupyterServer {
  url: string;
  token: string;
  /** Server log so far (stdout + stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface JupyterServerSpec {
  /** Who is starting, for errors: "jupyter-notebook", "the JupyterLab page server". */
  what: string;
  command: string;
  /** Arguments before the common ones (the server's own flags follow them). */
  args?: string[];
  /** The traitlets application: its token flag, and the served directory (`jenv.work`). */
  app: "NotebookApp" | "ServerApp";
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
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

export async function startJupyterServer(jenv: JupyterEnv, spec: JupyterServerSpec): Promise<JupyterServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const root = spec.app === "NotebookApp" ? `--notebook-dir=${jenv.work}` : `--ServerApp.root_dir=${jenv.work}`;
  const child: ChildProcess = startTool(
    spec.command,
    [
      ...(spec.args ?? []),
      "--no-browser",
      `--port=${port}`,
      "--port-retries=0",
      "--ip=127.0.0.1",
      `--${spec.app}.token=${token}`,
      root,
      // The CI machine runs as root; the flag is harmless otherwise.
      "--allow-root",
    ],
    { env: spec.env ?? jenv.env, cwd: jenv.work },
  );
  let log = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (log += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (log += d));

  const server: JupyterServer = {
    url,
    token,
    log: () => log,
    stop: async () => {
      await stopTool(child);
      await reapStrays(jenv.root);
    },
  };

  const timeoutMs = spec.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${spec.what} exited with ${child.exitCode} before serving\n${log}`);
    try {
      const res = await fetch(`${url}/api/status?token=${token}`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${spec.what} did not answer on ${url} within ${timeoutMs} ms\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
