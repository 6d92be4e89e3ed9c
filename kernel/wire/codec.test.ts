import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decode, DELIMITER, encode, makeSigner } from "./codec.js";
import { makeMessage } from "./messages.js";

const key = "a0436f6c-1916-498b-8eb9-e81ab9368e84";
const opts = { key, scheme: "hmac-sha256" };

function sample() {
  return makeMessage("execute_request", { code: "1 + 1", silent: false }, { session: "s1", identities: [Buffer.from("peer")], buffers: [Buffer.from([1, 2, 3])] });
}

describe("wire codec", () => {
  it("round-trips a message with identities and buffers", () => {
    const frames = encode(sample(), opts);
    expect(frames[0]!.toString()).toBe("peer");
    expect(frames[1]!.equals(DELIMITER)).toBe(true);
    const d = decode(frames, opts);
    if (!d.ok || !d.known) throw new Error("decode failed");
    expect(d.msg.header.msg_type).toBe("execute_request");
    if (d.msg.header.msg_type === "execute_request") expect(d.msg.content.code).toBe("1 + 1");
    expect(d.msg.identities.map(String)).toEqual(["peer"]);
    expect([...d.msg.buffers[0]!]).toEqual([1, 2, 3]);
  });

  it("signs with the HMAC of header, parent, metadata and content, as jupyter_client does", () => {
    const frames = encode(sample(), opts);
    const h = createHmac("sha256", key);
    for (const f of frames.slice(3, 7)) h.update(f);
    expect(frames[2]!.toString()).toBe(h.digest("hex"));
  });

  it.each(["hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5"])("verifies scheme %s", (scheme) => {
    const frames = encode(sample(), { key, scheme });
    expect(decode(frames, { key, scheme }).ok).toBe(true);
    expect(decode(frames, { key: key + "x", scheme }).ok).toBe(false);
  });

  it("rejects a tampered content frame and a missing signature", () => {
    const frames = encode(sample(), opts);
    const tampered = [...frames];
    tampered[6] = Buffer.from(JSON.stringify({ code: "process.exit(1)" }));
    const r = decode(tampered, opts);
    expect(r.ok === false && r.error.kind).toBe("bad-signature");
    const unsigned = [...frames];
    unsigned[2] = Buffer.alloc(0);
    const u = decode(unsigned, opts);
    expect(u.ok === false && u.error.kind).toBe("bad-signature");
  });

  it("accepts unsigned messages when the key is empty", () => {
    const frames = encode(sample(), { key: "", scheme: "hmac-sha256" });
    expect(frames[2]!.length).toBe(0);
    expect(decode(frames, { key: "", scheme: "hmac-sha256" }).ok).toBe(true);
  });

  it("reports malformed frames by kind", () => {
    const kinds = (frames: Buffer[]) => {
      const r = decode(frames, { key: "", scheme: "hmac-sha256" });
      return r.ok ? "ok" : r.error.kind;
    };
    expect(kinds([Buffer.from("x"), Buffer.from("{}")])).toBe("missing-delimiter");
    expect(kinds([DELIMITER, Buffer.alloc(0), Buffer.from("{}")])).toBe("too-few-frames");
    const j = (v: unknown) => Buffer.from(JSON.stringify(v));
    expect(kinds([DELIMITER, Buffer.alloc(0), Buffer.from("{nope"), j({}), j({}), j({})])).toBe("bad-json");
    expect(kinds([DELIMITER, Buffer.alloc(0), j([1]), j({}), j({}), j({})])).toBe("wrong-shape");
    expect(kinds([DELIMITER, Buffer.alloc(0), j({ msg_id: "1", msg_type: "execute_request" }), j({}), j({}), j({ code: 3 })])).toBe("wrong-shape");
    expect(kinds([DELIMITER, Buffer.alloc(0), j({ msg_id: "1", msg_type: "execute_request" }), j({}), j({}), j({ code: "1" })])).toBe("ok");
  });

  it("keeps unknown message types decodable but marked unknown", () => {
    const frames = encode({ ...sample(), header: { ...sample().header, msg_type: "usage_request" } } as never, opts);
    const r = decode(frames, makeSigner(opts));
    expect(r.ok && r.known).toBe(false);
  });
});
