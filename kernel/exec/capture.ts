/**
 * Routes `console.*` and `process.stdout/stderr.write` of cell code to the outbox, tagged with the
 * cell found in the AsyncLocalStorage. Writes made outside any cell (the kernel's own log, the io
 * worker's stderr piped through this thread) go to the real streams untouched.
 */
import { Console } from "node:console";
import { currentCell } from "./context.js";
import type { Outbox } from "./outbox.js";

type Write = typeof process.stdout.write;
type StreamName = "stdout" | "stderr";

export interface Capture {
  /** The real write functions, for the kernel's own diagnostics. */
  readonly realWrite: Record<StreamName, Write>;
  uninstall(): void;
}

export function installCapture(outbox: Outbox): Capture {
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const realWrite = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const originalConsole = globalThis.console;

  const patch = (name: StreamName): Write => {
    const stream = streams[name];
    const real = realWrite[name];
    return function write(this: unknown, chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
      const cell = currentCell();
      if (!cell) return (real as (...a: unknown[]) => boolean).call(stream, chunk, encoding, cb);
      const done = typeof encoding === "function" ? encoding : cb;
      if (!cell.silent) outbox.stream(cell.parent, name, toText(chunk, encoding, decoders[name]));
      if (typeof done === "function") process.nextTick(done as () => void);
      return true;
    } as Write;
  };
  streams.stdout.write = patch("stdout");
  streams.stderr.write = patch("stderr");

  // A fresh console bound to the (patched) streams: Node's global console would colour objects
  // whenever the kernel's stdout happens to be a terminal. ignoreErrors:false makes it call plain
  // write(string): the default juggles an error listener and a callback on every line.
  const console = new Console({ stdout: streams.stdout, stderr: streams.stderr, colorMode: false, ignoreErrors: false });
  // The global console also carries Console, profile, timeStamp, context, createTask: keep them.
  for (const key of Object.keys(originalConsole)) {
    if (!(key in console)) (console as unknown as Record<string, unknown>)[key] = (originalConsole as unknown as Record<string, unknown>)[key];
  }
  globalThis.console = console;

  return {
    realWrite,
    uninstall() {
      streams.stdout.write = realWrite.stdout;
      streams.stderr.write = realWrite.stderr;
      globalThis.console = originalConsole;
    },
  };
}

function toText(chunk: unknown, encoding: unknown, decoder: TextDecoder): string {
  if (typeof chunk === "string") {
    return typeof encoding === "string" && encoding !== "utf8" && encoding !== "utf-8" ? Buffer.from(chunk, encoding as BufferEncoding).toString("utf8") : chunk;
  }
  // Streaming decode: a multi-byte character split across two writes is not mangled.
  if (chunk instanceof Uint8Array) return decoder.decode(chunk, { stream: true });
  return String(chunk);
}
