/**
 * NumPy's `.npz` format: a zip archive with one `.npy` member per array (what `numpy.savez`
 * writes and `numpy.load` reads, no pickle involved). The zip itself is fflate's.
 */
import { createRequire } from "node:module";
import type { Zippable } from "fflate";
import { FileFormatError } from "./errors.js";
import { decodeNpy, encodeNpy, type NpyArray } from "./npy.js";

// Loaded on the first .npz read or write, not with the library: most sessions never touch a file,
// and every module loaded at import is paid for by every kernel start.
let zip: typeof import("fflate") | undefined;
const fflate = (): typeof import("fflate") => (zip ??= createRequire(import.meta.url)("fflate") as typeof import("fflate"));

/** True when the bytes start like a zip archive (local file header "PK\x03\x04", or an empty archive). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** Encodes named arrays as an uncompressed .npz (as numpy.savez does); member names get ".npy". */
export function encodeNpz(entries: Iterable<readonly [string, NpyArray]>): Uint8Array {
  const files: Zippable = {};
  for (const [name, a] of entries) {
    if (name === "" || name.includes("/")) throw new RangeError(`encodeNpz: array name ${JSON.stringify(name)} must be non-empty and contain no "/"`);
    if (`${name}.npy` in files) throw new RangeError(`encodeNpz: two arrays are named "${name}"`);
    files[`${name}.npy`] = [encodeNpy(a), { level: 0 }];
  }
  return fflate().zipSync(files);
}

/** Decodes a .npz archive into arrays by name (the ".npy" suffix removed), in archive order. */
export function decodeNpz(bytes: Uint8Array, file: string): Map<string, NpyArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = fflate().unzipSync(bytes);
  } catch (e) {
    throw new FileFormatError(file, `it is not a readable .npz (zip) archive, it may be truncated (${(e as Error).message})`);
  }
  const out = new Map<string, NpyArray>();
  for (const [member, data] of Object.entries(members)) {
    if (member.endsWith("/")) continue;
    const name = member.endsWith(".npy") ? member.slice(0, -4) : member;
    out.set(name, decodeNpy(data, `${file}[${name}]`));
  }
  return out;
}
