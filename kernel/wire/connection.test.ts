import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endpoint, readConnectionFile } from "./connection.js";

const dir = mkdtempSync(join(tmpdir(), "d2l-conn-"));
const good = { transport: "tcp", ip: "127.0.0.1", shell_port: 5001, iopub_port: 5002, stdin_port: 5003, control_port: 5004, hb_port: 5005, key: "k", signature_scheme: "hmac-sha256" };
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("connection file", () => {
  it("reads a valid file and builds tcp and ipc endpoints", () => {
    const info = readConnectionFile(file("ok.json", JSON.stringify(good)));
    expect(endpoint(info, "shell")).toBe("tcp://127.0.0.1:5001");
    const ipc = readConnectionFile(file("ipc.json", JSON.stringify({ ...good, transport: "ipc", ip: "/tmp/k" })));
    expect(endpoint(ipc, "hb")).toBe("ipc:///tmp/k-5005");
  });

  it("names the file and the problem in one line", () => {
    const cases: [string, RegExp][] = [
      [join(dir, "missing.json"), /missing\.json: does not exist/],
      [file("bad.json", "{not json"), /bad\.json: is not valid JSON/],
      [file("port.json", JSON.stringify({ ...good, shell_port: "x" })), /port\.json: 'shell_port' must be an integer/],
      [file("scheme.json", JSON.stringify({ ...good, signature_scheme: "hmac-nope" })), /scheme\.json: unsupported signature_scheme 'hmac-nope'/],
      [file("transport.json", JSON.stringify({ ...good, transport: "udp" })), /transport must be/],
      [dir, /is a directory/],
    ];
    for (const [p, re] of cases) {
      expect(() => readConnectionFile(p)).toThrow(re);
      try {
        readConnectionFile(p);
      } catch (e) {
        expect((e as Error).message).not.toContain("\n");
        expect((e as { code: string }).code).toBe("CONNECTION_FILE");
      }
    }
  });

  // Root reads a mode-0 file; test/kernel/lifecycle.test.ts covers this case as root by starting the
  // kernel without the capabilities that bypass file modes.
  it.skipIf(process.getuid?.() === 0)("reports an unreadable file", () => {
    const p = file("locked.json", JSON.stringify(good));
    chmodSync(p, 0);
    expect(() => readConnectionFile(p)).toThrow(/not readable/);
  });
});
