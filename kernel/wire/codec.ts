/**
 * Pure wire codec: a message <-> the list of ZeroMQ frames of the Jupyter protocol.
 * Signatures are computed over the exact bytes received (never a re-serialization) and compared
 * in constant time, so a message is trusted only if the peer holding the key produced those bytes.
 */
import { createHmac, getHashes, timingSafeEqual } from "node:crypto";
import type { Header, Message, UnknownMessage } from "./messages.js";
import { isKnown } from "./messages.js";

export const DELIMITER = Buffer.from("<IDS|MSG>");

export interface SignOptions {
  /** Empty key = messages are neither signed nor checked (the connection file asked for that). */
  key: string | Buffer;
  /** As the connection file names it: "hmac-sha256", "hmac-sha512", "hmac-md5", ... */
  scheme: string;
}

export class SignatureSchemeError extends Error {
  readonly code = "WIRE_SIGNATURE_SCHEME";
  constructor(scheme: string) {
    super(`unsupported signature_scheme '${scheme}': expected 'hmac-<digest>' with a digest node:crypto knows (e.g. hmac-sha256)`);
  }
}

/** Returns the node:crypto digest name for a connection-file scheme, or throws SignatureSchemeError. */
export function digestOf(scheme: string): string {
  const m = /^hmac-([a-z0-9-]+)$/i.exec(scheme);
  const digest = m?.[1]?.toLowerCase();
  if (!digest || !getHashes().includes(digest)) throw new SignatureSchemeError(scheme);
  return digest;
}

/** A prepared signer: resolves the digest and key once instead of per message. */
export interface Signer {
  readonly enabled: boolean;
  sign(parts: Buffer[]): string;
}

export function makeSigner(opts: SignOptions): Signer {
  const key = typeof opts.key === "string" ? Buffer.from(opts.key, "utf8") : opts.key;
  if (key.length === 0) return { enabled: false, sign: () => "" };
  const digest = digestOf(opts.scheme);
  return {
    enabled: true,
    sign(parts) {
      const h = createHmac(digest, key);
      for (const p of parts) h.update(p);
      return h.digest("hex");
    },
  };
}

type SignerLike = Signer | SignOptions;
const asSigner = (s: SignerLike): Signer => ("sign" in s ? s : makeSigner(s));

export function encode(msg: Message | UnknownMessage, sign: SignerLike): Buffer[] {
  const signer = asSigner(sign);
  const parts = [
    Buffer.from(JSON.stringify(msg.header)),
    Buffer.from(JSON.stringify(msg.parent_header ?? {})),
    Buffer.from(JSON.stringify(msg.metadata ?? {})),
    Buffer.from(JSON.stringify(msg.content ?? {})),
  ];
  return [...msg.identities, DELIMITER, Buffer.from(signer.sign(parts)), ...parts, ...msg.buffers];
}

export type DecodeErrorKind = "missing-delimiter" | "too-few-frames" | "bad-signature" | "bad-json" | "wrong-shape";

export class DecodeError extends Error {
  readonly code = "WIRE_DECODE";
  constructor(readonly kind: DecodeErrorKind, detail: string) {
    super(`${kind}: ${detail}`);
  }
}

export type Decoded =
  | { ok: true; msg: Message; known: true }
  | { ok: true; msg: UnknownMessage; known: false }
  | { ok: false; error: DecodeError };

const fail = (kind: DecodeErrorKind, detail: string): Decoded => ({ ok: false, error: new DecodeError(kind, detail) });

const HEX = /^[0-9a-f]*$/i;

export function decode(frames: readonly Buffer[], sign: SignerLike): Decoded {
  const signer = asSigner(sign);
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) return fail("missing-delimiter", `no <IDS|MSG> frame among ${frames.length} frames`);
  if (frames.length < at + 6) return fail("too-few-frames", `${frames.length - at - 1} frames after <IDS|MSG>, need at least 5`);
  const sig = frames[at + 1]!;
  const parts = frames.slice(at + 2, at + 6) as Buffer[];
  if (signer.enabled) {
    const expected = Buffer.from(signer.sign(parts));
    // Length first: timingSafeEqual throws on unequal lengths and the length is not secret.
    if (sig.length !== expected.length || !HEX.test(sig.toString("latin1")) || !timingSafeEqual(sig, expected)) {
      return fail("bad-signature", sig.length === 0 ? "message is unsigned" : "HMAC does not match");
    }
  }
  const names = ["header", "parent_header", "metadata", "content"] as const;
  const values: Record<string, unknown>[] = [];
  for (let i = 0; i < 4; i++) {
    let v: unknown;
    try {
      v = JSON.parse(parts[i]!.toString("utf8"));
    } catch (e) {
      return fail("bad-json", `${names[i]}: ${(e as Error).message}`);
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail("wrong-shape", `${names[i]} is not a JSON object`);
    values.push(v as Record<string, unknown>);
  }
  const header = values[0]!;
  for (const f of ["msg_id", "msg_type"] as const) {
    if (typeof header[f] !== "string") return fail("wrong-shape", `header.${f} is missing or not a string`);
  }
  if (typeof header.session !== "string") header.session = "";
  const msg = {
    msg_type: header.msg_type as string,
    identities: frames.slice(0, at) as Buffer[],
    header: header as unknown as Header,
    parent_header: values[1] as Header | Record<string, never>,
    metadata: values[2]!,
    content: values[3]!,
    buffers: frames.slice(at + 6) as Buffer[],
  };
  if (!isKnown(msg as UnknownMessage)) return { ok: true, msg: msg as UnknownMessage, known: false };
  const problem = contentProblem(header.msg_type as string, msg.content);
  if (problem) return fail("wrong-shape", `${header.msg_type as string} content: ${problem}`);
  return isKnown(msg as UnknownMessage)
    ? { ok: true, msg: msg as unknown as Message, known: true }
    : { ok: true, msg: msg as UnknownMessage, known: false };
}

/** Required fields of the messages a kernel acts on; the rest is defaulted by the handlers. */
const REQUIRED: Record<string, Record<string, "string" | "number" | "boolean">> = {
  execute_request: { code: "string" },
  complete_request: { code: "string", cursor_pos: "number" },
  inspect_request: { code: "string", cursor_pos: "number" },
  is_complete_request: { code: "string" },
  history_request: { hist_access_type: "string" },
  comm_open: { comm_id: "string", target_name: "string" },
  comm_msg: { comm_id: "string" },
  comm_close: { comm_id: "string" },
  input_reply: { value: "string" },
};

function contentProblem(msgType: string, content: Record<string, unknown>): string | null {
  const req = REQUIRED[msgType];
  if (!req) return null;
  for (const [field, type] of Object.entries(req)) {
    if (typeof content[field] !== type) return `'${field}' must be a ${type}`;
  }
  return null;
}
