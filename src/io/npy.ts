/**
 * NumPy's `.npy` format (format versions 1.0 to 3.0), as pure functions over bytes, so that
 * `numpy.load` reads what we write and we read what `numpy.save` writes. Specification:
 * numpy/lib/format.py (magic "\x93NUMPY", version, header length, a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded to a multiple of 64).
 *
 * tfjs tensors hold float32, int32 and bool, so those are the dtypes we write; reading also
 * accepts float64 (narrowed to float32), the other integer widths (int64/uint32 only when every
 * value fits in int32) and both byte orders. Object arrays (pickles) are refused, never executed.
 */
import { FileFormatError } from "./errors.js";

export type NpyDType = "float32" | "int32" | "bool";

/** One array: C-order data whose length is the product of `shape`. */
export interface NpyArray {
  dtype: NpyDType;
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCR: Record<NpyDType, string> = { float32: "<f4", int32: "<i4", bool: "|b1" };

/** True when the bytes start with the .npy magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/** Encodes one array as a version 1.0 .npy file (3.0 if the header needed more than 64 KiB). */
export function encodeNpy(a: NpyArray): Uint8Array {
  const n = a.shape.reduce((x, y) => x * y, 1);
  if (a.data.length !== n) throw new RangeError(`encodeNpy: ${a.data.length} values do not fill shape (${a.shape.join(", ")})`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(", ")})`;
  let dict = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const big = dict.length + 12 > 0xffff;
  const pre = big ? 12 : 10;
  // numpy pads so that the data starts on a 64-byte boundary, and ends the header with "\n".
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict + " ".repeat(total - pre - dict.length - 1) + "\n";
  const header = new TextEncoder().encode(dict);
  const body = a.dtype === "bool" ? a.data : new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const out = new Uint8Array(pre + header.length + body.byteLength);
  out.set(MAGIC, 0);
  out[6] = big ? 3 : 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (big) view.setUint32(8, header.length, true);
  else view.setUint16(8, header.length, true);
  out.set(header, pre);
  // Typed arrays are little-endian on every platform Node runs on, as '<f4' / '<i4' say.
  out.set(body instanceof Uint8Array ? body : new Uint8Array(body), pre + header.length);
  return out;
}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string, file: string): Header {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) throw new FileFormatError(file, "it holds a structured (record) array, which tensors cannot represent");
    throw new FileFormatError(file, `the .npy header is not a dict with 'descr', 'fortran_order' and 'shape': ${JSON.stringify(text.slice(0, 120))}`);
  }
  const dims = shape[1]!.split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => Number(s.replace(/L$/, "")));
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new FileFormatError(file, `the .npy header has a bad shape (${shape[1]})`);
  return { descr: descr[1]!, fortran: fortran[1] === "True", shape: dims };
}

/** Decodes a .npy file; `file` names it in errors. Throws FileFormatError on anything malformed. */
export function decodeNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.length < 10 || !isNpy(bytes)) throw new FileFormatError(file, "it does not start with NumPy's .npy magic string (\\x93NUMPY)");
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new FileFormatError(file, `unknown .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pre = major === 1 ? 10 : 12;
  if (bytes.length < pre) throw new FileFormatError(file, "the file is truncated inside the .npy header");
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < pre + hlen) throw new FileFormatError(file, `the file is truncated inside the .npy header (${bytes.length} bytes, header needs ${pre + hlen})`);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(pre, pre + hlen));
  const h = parseHeader(text, file);
  const n = h.shape.reduce((a, b) => a * b, 1);
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(h.descr);
  if (!m) throw new FileFormatError(file, `dtype '${h.descr}' is not supported (tensors hold float32, int32 or bool)`);
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  const little = order !== ">";
  const start = pre + hlen;
  const need = n * size;
  if (bytes.length - start < need) {
    throw new FileFormatError(file, `the file is truncated: shape (${h.shape.join(", ")}) of '${h.descr}' needs ${need} bytes of data, found ${bytes.length - start}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + start, need);
  const read = reader(kind!, size, little, h.descr, file);
  let dtype: NpyDType;
  let data: Float32Array | Int32Array | Uint8Array;
  if (kind === "b") {
    dtype = "bool";
    data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = dv.getUint8(i) ? 1 : 0;
  } else if (kind === "f") {
    dtype = "float32";
    data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = read(dv, i * size);
  } else {
    dtype = "int32";
    data = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = read(dv, i * size);
      if (v > 2147483647 || v < -2147483648) {
        throw new FileFormatError(file, `value ${v} at flat index ${i} does not fit in int32 (tensors have no 64-bit integers)`, "Convert the array to int32 or float in Python before saving.");
      }
      data[i] = v;
    }
  }
  return h.fortran && h.shape.length > 1 ? { dtype, shape: h.shape, data: fromFortran(data, h.shape) } : { dtype, shape: h.shape, data };
}

function reader(kind: string, size: number, little: boolean, descr: string, file: string): (dv: DataView, at: number) => number {
  const key = `${kind}${size}`;
  switch (key) {
    case "f4": return (dv, at) => dv.getFloat32(at, little);
    case "f8": return (dv, at) => dv.getFloat64(at, little);
    case "i1": return (dv, at) => dv.getInt8(at);
    case "i2": return (dv, at) => dv.getInt16(at, little);
    case "i4": return (dv, at) => dv.getInt32(at, little);
    case "i8": return (dv, at) => Number(dv.getBigInt64(at, little));
    case "u1": return (dv, at) => dv.getUint8(at);
    case "u2": return (dv, at) => dv.getUint16(at, little);
    case "u4": return (dv, at) => dv.getUint32(at, little);
    case "u8": return (dv, at) => Number(dv.getBigUint64(at, little));
    case "b1": return (dv, at) => dv.getUint8(at);
    default:
      throw new FileFormatError(file, `dtype '${descr}' is not supported (tensors hold float32, int32 or bool; float16, complex, strings and objects are not read)`,
        "Convert the array with .astype('float32') in Python before saving.");
  }
}

/** Column-major (Fortran) data to row-major (C) order. */
function fromFortran<T extends Float32Array | Int32Array | Uint8Array>(data: T, shape: readonly number[]): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const r = shape.length;
  const idx = new Array<number>(r).fill(0);
  for (let c = 0; c < data.length; c++) {
    // idx is the multi-index of C-order position c; its Fortran position:
    let f = 0;
    for (let k = r - 1; k >= 0; k--) f = f * shape[k]! + idx[k]!;
    out[c] = data[f]!;
    for (let k = r - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}
