/**
 * startJupyterServer with a stand-in server (a Node script answering /api/status for the token it
 * was given), so the start, the wait and the two ways a start fails are checked without Jupyter.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JupyterEnv } from "../jupyter/jupyter-env.js";
import { startJupyterServer } from "./jupyter-server.js";

const root = mkdtempSync(join(tmpdir(), "d2l-jupyter-server-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const jenv: JupyterEnv = { root, work: root, env: process.env, kernelSpecDir: root, cleanup: () => {} };

/** Prints its arguments, then (after `delayMs`) serves /api/status to requests with the token. */
function standIn(name: string, delayMs: number): string {
  const file = join(root, name);
  writeFileSync(
    file,
    `const args = process.argv.slice(2);
console.log(JSON.stringify(args));
const flag = (p) => args.find((a) => a.startsWith(p))?.slice(p.length);
const port = Number(flag("--port=")), token = flag("--ServerApp.token=") ?? flag("--NotebookApp.token=");
setTimeout(() => require("node:http").createServer((q, r) => { r.statusCode = q.url === "/api/status?token=" + token ? 200 : 403; r.end("{}"); }).listen(port, "127.0.0.1"), ${delayMs});
`,
  );
  return file;
}

describe("startJupyterServer", () => {
  it("passes the common flags after the caller's, waits until /api/status answers with the token, and stops the server", async () => {
    const server = await startJupyterServer(jenv, { what: "the stand-in", command: process.execPath, args: [standIn("late.cjs", 600)], app: "ServerApp" });
    const args = JSON.parse(server.log().split("\n")[0]!) as string[];
    expect(args).toEqual([
      "--no-browser",
      expect.stringMatching(/^--port=\d+$/),
      "--port-retries=0",
      "--ip=127.0.0.1",
      `--ServerApp.token=${server.token}`,
      `--ServerApp.root_dir=${root}`,
      "--allow-root",
    ]);
    expect(server.url).toBe(`http://127.0.0.1:${args[1]!.slice("--port=".length)}`);
    expect((await fetch(`${server.url}/api/status?token=${server.token}`)).status).toBe(200);
    await server.stop();
    await expect(fetch(`${server.url}/api/status?token=${server.token}`)).rejects.toThrow();
  });

  it("the classic Notebook's flags name its own token and directory", async () => {
    const server = await startJupyterServer(jenv, { what: "the stand-in", command: process.execPath, args: [standIn("notebook.cjs", 0)], app: "NotebookApp" });
    expect(server.log()).toContain(`"--NotebookApp.token=${server.token}","--notebook-dir=${root}"`);
    await server.stop();
  });

  it("a server that exits before serving is an error with its log", async () => {
    const file = join(root, "exits.cjs");
    writeFileSync(file, 'console.error("no such option"); process.exit(2);');
    await expect(startJupyterServer(jenv, { what: "the stand-in", command: process.execPath, args: [file], app: "ServerApp" })).rejects.toThrow(/the stand-in exited with 2 before serving\nno such option/);
  });

  it("a server that never answers is stopped and reported after the timeout", async () => {
    const file = join(root, "silent.cjs");
    writeFileSync(file, `require("node:fs").writeFileSync(${JSON.stringify(join(root, "silent.pid"))}, String(process.pid)); setInterval(() => {}, 1000);`);
    await expect(startJupyterServer(jenv, { what: "the stand-in", command: process.execPath, args: [file], app: "ServerApp", timeoutMs: 500 })).rejects.toThrow(/the stand-in did not answer on http:\/\/127\.0\.0\.1:\d+ within 500 ms/);
    const pid = Number(readFileSync(join(root, "silent.pid"), "utf8"));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
