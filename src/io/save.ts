/**
 * Saving and loading tensors in NumPy's own formats.
 *
 * numpy's names and behaviour: `save(file, x)` writes one array as `.npy` (adding the suffix
 * when missing); `savez(file, ...arrays)` or `savez(file, { name: x })` writes `.npz` (names
 * arr_0, arr_1, ... for positional arrays); `load(file)` returns a tensor for `.npy` and an
 * object of tensors by name for `.npz`.
 *
 * MXNet's `npx.save(file, x | [x, y] | { x, y })` / `npx.load(file)`: the same files, written
 * under exactly the given name, and read back in the form they were saved: a tensor, a list
 * (an .npz whose names are arr_0 ... arr_{n-1}) or an object.
 */
import type { tf } from "../tensor/tf.js";
import { FileFormatError } from "./errors.js";
import { readFileBytes, writeFileAtomic } from "./files.js";
import { decodeNpy, encodeNpy, isNpy } from "./npy.js";
import { decodeNpz, encodeNpz, isZip } from "./npz.js";
import { npyToTensor, tensorToNpy } from "./tensors.js";

/** Tensors saved together: a list (arr_0, arr_1, ...) or named. */
export type TensorCollection = tf.Tensor[] | Record<string, tf.Tensor>;

const withSuffix = (file: string, suffix: string) => (file.endsWith(suffix) ? file : file + suffix);

function checkFile(fn: string, file: unknown): string {
  if (typeof file !== "string" || file === "") throw new TypeError(`${fn}: the first argument must be a file name such as "x-file.npy", got ${String(file)}`);
  return file;
}

function entriesOf(fn: string, value: TensorCollection): [string, tf.Tensor][] {
  if (Array.isArray(value)) return value.map((t, i) => [`arr_${i}`, t]);
  if (value && typeof value === "object") return Object.entries(value);
  throw new TypeError(`${fn}: expected a tensor, a list of tensors or an object of tensors, got ${String(value)}`);
}

function writeNpz(fn: string, file: string, value: TensorCollection): void {
  const arrays = entriesOf(fn, value).map(([name, t]) => [name, tensorToNpy(t, `${fn}: "${name}"`)] as const);
  writeFileAtomic(file, encodeNpz(arrays));
}

/** numpy.save: writes one tensor to `file` (".npy" appended when missing); returns the path written. */
export function save(file: string, x: tf.Tensor): string {
  const path = withSuffix(checkFile("np.save", file), ".npy");
  writeFileAtomic(path, encodeNpy(tensorToNpy(x, "np.save")));
  return path;
}

/**
 * numpy.savez: several tensors in one `.npz` (".npz" appended when missing): `savez(f, x, y)`
 * stores arr_0 and arr_1, `savez(f, { x, y })` stores x and y. Returns the path written.
 */
export function savez(file: string, ...arrays: [Record<string, tf.Tensor>] | tf.Tensor[]): string {
  const path = withSuffix(checkFile("np.savez", file), ".npz");
  const first = arrays[0];
  const value = arrays.length === 1 && first && !isTensorLike(first) ? (first as Record<string, tf.Tensor>) : (arrays as tf.Tensor[]);
  writeNpz("np.savez", path, value);
  return path;
}

function isTensorLike(v: unknown): boolean {
  return typeof v === "object" && v !== null && "dataSync" in v && "shape" in v;
}

/** numpy.load: a tensor from `.npy`, an object of tensors by name from `.npz` (decided by the file's bytes). */
export function load(file: string): tf.Tensor | Record<string, tf.Tensor> {
  const path = checkFile("np.load", file);
  const bytes = readFileBytes(path);
  if (isNpy(bytes)) return npyToTensor(decodeNpy(bytes, path));
  if (isZip(bytes)) return Object.fromEntries([...decodeNpz(bytes, path)].map(([k, a]) => [k, npyToTensor(a)]));
  throw new FileFormatError(path, "it is neither a .npy file nor a .npz archive (pickled files are not read)");
}

/** MXNet's npx.save: a tensor, a list or an object of tensors, under exactly the name given. */
export function npxSave(file: string, value: tf.Tensor | TensorCollection): void {
  const path = checkFile("npx.save", file);
  if (isTensorLike(value)) writeFileAtomic(path, encodeNpy(tensorToNpy(value as tf.Tensor, "npx.save")));
  else writeNpz("npx.save", path, value as TensorCollection);
}

/** MXNet's npx.load: gives back what npx.save was given (a tensor, a list or an object). */
export function npxLoad(file: string): tf.Tensor | TensorCollection {
  const loaded = load(checkFile("npx.load", file));
  if (isTensorLike(loaded)) return loaded as tf.Tensor;
  const named = loaded as Record<string, tf.Tensor>;
  const keys = Object.keys(named);
  // numpy keeps positional arrays as arr_0 ... arr_{n-1}; archive order need not follow the index.
  const isList = keys.length > 0 && keys.every((k) => /^arr_(0|[1-9]\d*)$/.test(k) && Number(k.slice(4)) < keys.length);
  return isList ? keys.map((_, i) => named[`arr_${i}`]!) : named;
}
