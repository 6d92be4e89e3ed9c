import { afterEach, describe, expect, test, vi } from "vitest";
import { FileFormatError } from "./errors.js";
import { decodeNpy, encodeNpy } from "./npy.js";
import { decodeNpz, encodeNpz } from "./npz.js";

const header = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes.subarray(10, 10 + (bytes[8]! | (bytes[9]! << 8))));

/** A .npy file as numpy 1.24 writes it, built by hand: version 1.0, header padded to 64 bytes. */
function npyBytes(descr: string, shape: string, body: number[], fortran = false): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shape}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict += " ".repeat(total - 10 - dict.length - 1) + "\n";
  return new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 255, dict.length >> 8, ...new TextEncoder().encode(dict), ...body]);
}

describe(".npy codec", () => {
  test("writes numpy's header: descr, C order, shape tuple, data on a 64-byte boundary", () => {
    const b = encodeNpy({ dtype: "float32", shape: [2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) });
    expect(header(b)).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect((10 + header(b).length) % 64).toBe(0);
    expect(b.length).toBe(128 + 24); // numpy 1.24 writes the same 152 bytes for np.zeros((2, 3), 'f4')
    expect(header(encodeNpy({ dtype: "int32", shape: [3], data: new Int32Array(3) }))).toContain("'shape': (3,)");
    expect(header(encodeNpy({ dtype: "bool", shape: [], data: new Uint8Array(1) }))).toContain("'descr': '|b1', 'fortran_order': False, 'shape': ()");
  });

  test("round-trips float32, int32, bool, 0-d and empty arrays", () => {
    const cases = [
      { dtype: "float32", shape: [2, 2], data: new Float32Array([1.5, -2, 3e-8, 4]) },
      { dtype: "int32", shape: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
      { dtype: "bool", shape: [2, 1], data: new Uint8Array([1, 0]) },
      { dtype: "float32", shape: [], data: new Float32Array([7]) },
      { dtype: "float32", shape: [0, 4], data: new Float32Array(0) },
    ] as const;
    for (const c of cases) expect(decodeNpy(encodeNpy(c), "t.npy")).toEqual(c);
  });

  test("reads float64, int64, big-endian and Fortran-order files as numpy wrote them", () => {
    const f8 = new Uint8Array(new Float64Array([0.5, -1.25]).buffer);
    expect(decodeNpy(npyBytes("<f8", "(2,)", [...f8]), "a.npy")).toEqual({ dtype: "float32", shape: [2], data: new Float32Array([0.5, -1.25]) });
    const i8 = new Uint8Array(new BigInt64Array([-3n, 5n]).buffer);
    expect(decodeNpy(npyBytes("<i8", "(2,)", [...i8]), "a.npy").data).toEqual(new Int32Array([-3, 5]));
    expect(decodeNpy(npyBytes(">i4", "(1,)", [0, 0, 1, 2]), "a.npy").data).toEqual(new Int32Array([258]));
    // Fortran order: column-major bytes of [[0, 1, 2], [3, 4, 5]] are 0 3 1 4 2 5.
    expect(decodeNpy(npyBytes("|u1", "(2, 3)", [0, 3, 1, 4, 2, 5], true), "a.npy")).toEqual({ dtype: "int32", shape: [2, 3], data: new Int32Array([0, 1, 2, 3, 4, 5]) });
  });

  test("refuses truncated files, pickles, unsupported dtypes and int64 values beyond int32", () => {
    const good = encodeNpy({ dtype: "float32", shape: [4], data: new Float32Array(4) });
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e as FileFormatError; } throw new Error("no error"); };
    const cut = err(() => decodeNpy(good.subarray(0, good.length - 1), "x.npy"));
    expect(cut).toBeInstanceOf(FileFormatError);
    expect(cut.code).toBe("E_FILE_FORMAT");
    expect(cut.message).toMatch(/x\.npy: the file is truncated: .* needs 16 bytes of data, found 15/);
    expect(err(() => decodeNpy(good.subarray(0, 30), "x.npy")).message).toMatch(/truncated inside the .npy header/);
    expect(err(() => decodeNpy(new Uint8Array([0x80, 3, 0x7d, 0x71]), "p.pkl")).message).toMatch(/magic/);
    expect(err(() => decodeNpy(npyBytes("|O", "(1,)", [0, 0, 0, 0, 0, 0, 0, 0]), "o.npy")).message).toMatch(/'\|O'.*not supported/);
    const big = new Uint8Array(new BigInt64Array([2n ** 40n]).buffer);
    expect(err(() => decodeNpy(npyBytes("<i8", "(1,)", [...big]), "b.npy")).message).toMatch(/does not fit in int32/);
  });
});

describe(".npz codec", () => {
  test("round-trips named arrays and names members NAME.npy", () => {
    const a = { dtype: "float32", shape: [2], data: new Float32Array([1, 2]) } as const;
    const b = { dtype: "bool", shape: [], data: new Uint8Array([1]) } as const;
    const zip = encodeNpz([["x", a], ["y", b]]);
    expect(new TextDecoder("latin1").decode(zip)).toContain("x.npy");
    expect([...decodeNpz(zip, "d.npz")]).toEqual([["x", a], ["y", b]]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  // The archive's headers hold the time it was written (DOS format), so a byte search must look for
  // the whole magic: at 00:36:38 the time field itself holds 0x93, where a search for that one
  // byte used to land (the test then corrupted the time and failed about 1 run in 250).
  test.each([["now", null], ["at a time whose DOS form holds 0x93", new Date(2026, 11, 7, 0, 36, 38)]] as const)(
    "a truncated or corrupt archive is a FileFormatError naming the file (written %s)",
    (_, time) => {
      if (time) vi.useFakeTimers({ toFake: ["Date"], now: time });
      const zip = encodeNpz([["x", { dtype: "int32", shape: [100], data: new Int32Array(100) }]]);
      expect(() => decodeNpz(zip.subarray(0, zip.length - 10), "cut.npz")).toThrow(/cut\.npz: it is not a readable \.npz/);
      const magic = [0x93, ...new TextEncoder().encode("NUMPY")];
      const at = zip.findIndex((_, i) => magic.every((b, j) => zip[i + j] === b));
      expect(at).toBeGreaterThan(0);
      const flipped = zip.slice();
      flipped[at + 1] = 0x58; // the member's magic \x93NUMPY becomes \x93XUMPY
      expect(() => decodeNpz(flipped, "bad.npz")).toThrow(/bad\.npz\[x\]: it does not start with NumPy's \.npy magic/);
    },
  );
});
