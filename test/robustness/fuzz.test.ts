/**
 * Property-based fuzzing of the kernel's sockets: D2L_FUZZ_N (default 10,000) malformed or mutated
 * messages on shell, control and stdin. Property per batch: the kernel still answers kernel_info.
 * At the end: a cell runs with the next execution count (nothing was executed behind our back), the
 * marker file that every forged execute_request would write does not exist, each kind of problem
 * was logged once, and the HMAC key never reached the log.
 */
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MSG_TYPES } from "../../dist/kernel/wire/messages.js";
import { alive, launch, logLinesSince, size, sleep, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
type Channel = "shell" | "control" | "stdin";

const N = size("D2L_FUZZ_N", 10_000);
const BATCH = 100;
const SEED = process.env.D2L_FUZZ_SEED ? Number(process.env.D2L_FUZZ_SEED) : Date.now() % 2 ** 31;

let k: Kernel;
let marker: string;
let markerCell: string;

beforeAll(async () => {
  k = await launch();
  marker = join(k.tmp, "forged-cell-ran.txt");
  markerCell = `require("node:fs").appendFileSync(${JSON.stringify(marker)}, "ran\\n");`;
  // Warm the compiler so the batches time the message handling, not TypeScript's first load.
  await k.client.execute("0", { timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await k?.stop();
  if (k) rmSync(k.tmp, { recursive: true, force: true });
});

const DELIM = Buffer.from("<IDS|MSG>");
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

function header(msgType: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { msg_id: randomUUID(), session: "fuzz", username: "fuzz", date: new Date().toISOString(), msg_type: msgType, version: "5.3", ...extra };
}

function hmac(digest: string, key: string, parts: Buffer[]): Buffer {
  const h = createHmac(digest, key);
  for (const p of parts) h.update(p);
  return Buffer.from(h.digest("hex"));
}

/** Frames of a message whose four JSON parts are given raw; signed with the kernel's key unless `sig` is given. */
function frames(parts: Buffer[], sig?: Buffer, buffers: Buffer[] = []): Buffer[] {
  return [DELIM, sig ?? hmac("sha256", k.connection.key, parts), ...parts, ...buffers];
}

function parts(hdr: unknown, content: unknown): Buffer[] {
  return [json(hdr), json({}), json({}), json(content)];
}

interface Case {
  kind: string;
  channel: Channel;
  frames: Buffer[];
}

/** A request that would act if the kernel accepted it: run the marker cell, or shut down. */
function dangerous(channel: Channel, alt = false): Buffer[] {
  if (channel === "control" && alt) return parts(header("shutdown_request"), { restart: false });
  if (channel === "stdin") return parts(header("input_reply"), { value: markerCell });
  return parts(header("execute_request"), { code: markerCell, silent: false, store_history: true, stop_on_error: true });
}

function arbitraries(): fc.Arbitrary<Case>[] {
  const channel = fc.constantFrom<Channel>("shell", "control", "stdin");
  const alt = fc.boolean();
  const junk = fc.uint8Array({ minLength: 0, maxLength: 200 }).map((a) => Buffer.from(a));
  const notObject = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 20 }), fc.array(fc.integer(), { maxLength: 4 }), fc.boolean());

  const badSignature = fc.record({ channel, alt, how: fc.integer({ min: 0, max: 8 }), key: fc.string({ minLength: 1, maxLength: 40 }), junk }).map(({ channel, alt, how, key, junk }) => {
    const p = dangerous(channel, alt);
    const good = hmac("sha256", k.connection.key, p);
    const sigs: (() => Buffer[])[] = [
      () => frames(p, hmac("sha256", key === k.connection.key ? key + "x" : key, p)), // another key
      () => frames(p, Buffer.alloc(0)), // unsigned
      () => frames(p, good.subarray(0, good.length - 1 - (junk.length % 40))), // truncated
      () => frames(p, Buffer.from(good.toString().toUpperCase() === good.toString() ? good.toString().replace(/^./, "g") : good.toString().toUpperCase())), // case changed
      () => frames(p, hmac("sha512", k.connection.key, p)), // another scheme, right key
      () => frames(p, hmac("md5", k.connection.key, p)),
      () => frames(p, junk), // random bytes
      () => {
        // Right signature over other bytes: the content was changed after signing.
        const f = frames(p);
        const c = Buffer.from(f[5]!);
        c[c.length - 2] = c[c.length - 2]! ^ 0x01;
        return [...f.slice(0, 5), c];
      },
      () => frames(p, hmac("sha256", k.connection.key, parts(header("kernel_info_request"), {}))), // a signature replayed from another message
    ];
    return { kind: `bad-signature/${how}`, channel, frames: sigs[how]!() };
  });

  const wrongFrames = fc.record({ channel, alt, how: fc.integer({ min: 0, max: 4 }), drop: fc.integer({ min: 1, max: 4 }), randomFrames: fc.array(junk, { minLength: 1, maxLength: 8 }) }).map(({ channel, alt, how, drop, randomFrames }) => {
    const f = frames(dangerous(channel, alt));
    const variants: (() => Buffer[])[] = [
      () => f.slice(0, f.length - drop), // too few frames after the delimiter
      () => f.slice(1), // no delimiter
      () => randomFrames, // noise
      () => [DELIM], // only the delimiter
      () => [...randomFrames, ...f.slice(1)], // identities but no delimiter
    ];
    return { kind: `frames/${how}`, channel, frames: variants[how]!() };
  });

  const badJson = fc.record({ channel, alt, which: fc.integer({ min: 0, max: 3 }), how: fc.integer({ min: 0, max: 2 }), cut: fc.nat(), noise: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes("}")) }).map(({ channel, alt, which, how, cut, noise }) => {
    const p = dangerous(channel, alt);
    const original = p[which]!;
    const broken = [
      original.subarray(0, cut % Math.max(1, original.length - 1)), // truncated JSON
      Buffer.from(`{${noise}`), // never valid: an object that never closes
      Buffer.from([0xff, 0xfe, 0x7b, 0x80]), // invalid UTF-8
    ][how]!;
    p[which] = broken;
    return { kind: `bad-json/${which}/${how}`, channel, frames: frames(p) };
  });

  const wrongShape = fc.record({ channel, how: fc.integer({ min: 0, max: 6 }), bad: notObject, field: fc.constantFrom("msg_id", "msg_type") }).map(({ channel, how, bad, field }) => {
    const exec = { code: markerCell, silent: false };
    const withoutField = header("execute_request");
    delete withoutField[field];
    const shapes: [string, Buffer[]][] = [
      ["header-not-object", parts(bad, exec)],
      ["header-missing-field", parts(withoutField, exec)],
      ["header-field-wrong-type", parts(header("execute_request", { [field]: 42 }), exec)],
      ["parent-not-object", [json(header("execute_request")), json(bad), json({}), json(exec)]],
      ["content-not-object", parts(header(channel === "control" ? "shutdown_request" : "execute_request"), typeof bad === "object" && bad !== null ? bad : [markerCell])],
      ["code-wrong-type", parts(header("execute_request"), { code: { source: markerCell }, silent: false })],
      ["field-wrong-type", parts(header(channel === "stdin" ? "input_reply" : "complete_request"), channel === "stdin" ? { value: 7 } : { code: "x", cursor_pos: "1" })],
    ];
    const [kind, p] = shapes[how]!;
    return { kind: `wrong-shape/${kind}`, channel, frames: frames(p) };
  });

  const unknownType = fc.record({ channel, type: fc.string({ minLength: 0, maxLength: 30 }).filter((t) => !MSG_TYPES.has(t)) }).map(({ channel, type }) => ({
    kind: "unknown-msg-type",
    channel,
    frames: frames(parts(header(type), { code: markerCell, restart: false })),
  }));

  // Known message types the kernel never receives (replies, iopub types) or that do not belong on stdin.
  const misplaced = fc.record({ channel, type: fc.constantFrom("execute_reply", "kernel_info_reply", "status", "stream", "input_request", "error", "execute_result") }).map(({ channel, type }) => ({
    kind: `misplaced/${type}`,
    channel,
    frames: frames(parts(header(type), { code: markerCell, status: "ok", name: "stdout", text: "x" })),
  }));
  const stdinStray = fc.constantFrom("execute_request", "kernel_info_request", "input_reply").map((type) => ({
    kind: `stdin-stray/${type}`,
    channel: "stdin" as Channel,
    // input_reply is legal but no input_request is pending; the others do not belong on stdin.
    frames: frames(parts(header(type), type === "input_reply" ? { value: "nobody asked" } : { code: markerCell })),
  }));

  // Authenticated requests with missing optional header fields: answered, never harmful.
  const sparseHeader = fc.subarray(["session", "username", "date", "version"], { minLength: 1 }).map((drop) => {
    const h = header("kernel_info_request");
    for (const f of drop) delete h[f];
    return { kind: "sparse-header", channel: "shell" as Channel, frames: frames(parts(h, {})) };
  });

  const huge = fc.record({ channel, alt, how: fc.integer({ min: 0, max: 3 }), bytes: fc.integer({ min: 64 * 1024, max: 2 * 1024 * 1024 }) }).map(({ channel, alt, how, bytes }) => {
    const big = "x".repeat(bytes);
    const variants: (() => Buffer[])[] = [
      () => frames(parts(header(`fuzz_${big.slice(0, 100)}`), { blob: big })), // unknown type, huge content
      () => frames(parts(header("execute_request"), { code: `${markerCell}//${big}` }), Buffer.from("0".repeat(64))), // forged, huge
      () => frames(parts(header("execute_request", { msg_id: big }), { code: 1 })), // huge id, wrong content
      () => frames(dangerous(channel, alt), Buffer.alloc(0), Array.from({ length: 1000 }, () => Buffer.from("b"))), // unsigned with 1,000 buffers
    ];
    return { kind: `huge/${how}`, channel, frames: variants[how]!() };
  });

  return [badSignature, wrongFrames, badJson, wrongShape, unknownType, misplaced, stdinStray, sparseHeader, huge];
}

describe(`fuzz: ${N} malformed messages on shell, control and stdin (seed ${SEED})`, () => {
  it("drops or answers every one, executes none, and stays correct", async () => {
    const before = await k.client.execute("40 + 1");
    const count0 = (before.reply.content as { execution_count: number }).execution_count;
    const logFrom = k.stderr().length;
    const arbs = arbitraries();
    const weighted = fc.oneof(
      { arbitrary: arbs[0]!, weight: 6 },
      { arbitrary: arbs[1]!, weight: 3 },
      { arbitrary: arbs[2]!, weight: 3 },
      { arbitrary: arbs[3]!, weight: 4 },
      { arbitrary: arbs[4]!, weight: 2 },
      { arbitrary: arbs[5]!, weight: 1 },
      { arbitrary: arbs[6]!, weight: 1 },
      { arbitrary: arbs[7]!, weight: 1 },
      { arbitrary: arbs[8]!, weight: 1 },
    );
    const kinds = new Map<string, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(weighted, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        for (const c of batch) {
          kinds.set(c.kind.split("/")[0]!, (kinds.get(c.kind.split("/")[0]!) ?? 0) + 1);
          await k.client.sendRaw(c.channel, c.frames);
          sent += 1;
        }
        const info = await k.client.request("shell", "kernel_info_request", {} as never, { timeoutMs: 15_000 });
        return info.reply.content.status === "ok" && alive(k.process.pid!);
      }),
      { numRuns: Math.ceil(N / BATCH), seed: SEED, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(N);

    // Control answers too, and a cell runs with the very next execution count.
    const ctl = await k.client.request("control", "kernel_info_request", {} as never, { timeoutMs: 10_000 });
    expect(ctl.reply.content.status).toBe("ok");
    const after = await k.client.execute("const fuzzed = 6 * 7; fuzzed");
    expect(after.reply.content.status).toBe("ok");
    expect(text(after.outputs, "result")).toBe("42");
    expect((after.reply.content as { execution_count: number }).execution_count).toBe(count0 + 1);
    await sleep(300);
    expect(existsSync(marker), `a forged or malformed request was executed (${marker})`).toBe(false);

    // No log flood: each kind of problem is logged once (repeats go to debug level, not shown).
    const lines = logLinesSince(k, logFrom);
    const distinct = new Set(lines);
    expect(distinct.size, `duplicate log lines:\n${lines.join("\n")}`).toBe(lines.length);
    expect(lines.length, lines.join("\n")).toBeLessThanOrEqual(60);
    expect(lines.filter((l) => /shell.*bad-signature/.test(l))).toHaveLength(1);
    expect(k.stderr()).not.toContain(k.connection.key);
    process.stderr.write(`fuzz: sent ${sent} messages by kind ${JSON.stringify(Object.fromEntries(kinds))}; ${lines.length} log lines${process.env.D2L_FUZZ_VERBOSE ? `:\n${lines.join("\n")}` : ""}\n`);
  }, 600_000);

  it("the marker check can fail: the same cell properly signed does run", async () => {
    await k.client.execute(markerCell);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
  });
});
