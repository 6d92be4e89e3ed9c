/**
 * `net.saveParameters(file)` / `net.loadParameters(file, opts)`: a network's parameters in one
 * `.npz` archive keyed by their structural names ("0.weight", "hidden.bias": the names of
 * `collectParams()`), so `numpy.load("mlp.params")` opens it in Python too.
 *
 * Loading is all-or-nothing: the whole file is read and decoded, every name and shape checked,
 * and only then are values assigned. Shapes not known yet (deferred initialization) are filled
 * from the file, so a freshly built network needs no forward pass and no initialize() first.
 */
import { tf } from "../tensor/tf.js";
import type { Parameter } from "../nn/parameter.js";
import { FileFormatError, MissingParametersError, ParameterShapeError, UnexpectedParametersError } from "./errors.js";
import { readFileBytes, writeFileAtomic } from "./files.js";
import type { NpyArray } from "./npy.js";
import { decodeNpz, encodeNpz, isZip } from "./npz.js";
import { tensorToNpy } from "./tensors.js";

/** Options of `loadParameters`, as in Gluon's `load_parameters`. */
export interface LoadParametersOptions {
  /** Keep parameters that have no value in the file as they are instead of failing (default false). */
  allowMissing?: boolean;
  /** Skip names in the file that the network does not have instead of failing (default false). */
  ignoreExtra?: boolean;
}

/** What has parameters under structural names (a Block's collectParams()). */
export interface NamedParams {
  entries(): IterableIterator<[string, Parameter]>;
}

/** Writes every parameter with a value; a parameter still without one is an error naming it. */
export function saveParameterFile(params: NamedParams, file: string): void {
  const arrays: [string, NpyArray][] = [];
  for (const [name, p] of params.entries()) {
    if (p.state !== "ready") {
      throw new FileFormatError(file, `parameter "${name}" has no value yet (${p.state})`,
        "Initialize the network and pass one batch through it (or give its layers their input sizes) before saving. Nothing was written.");
    }
    arrays.push([name, tensorToNpy(p.data(), `saveParameters "${name}"`)]);
  }
  writeFileAtomic(file, encodeNpz(arrays));
}

/** Where one named value goes: its current shape (-1 unknown) and how to assign it. */
export interface LoadTarget {
  name: string;
  shape: readonly number[];
  assign(value: tf.Tensor): void;
}

/** Reads and decodes a parameter file whole; any defect is a FileFormatError before anything changes. */
export function readParameterFile(file: string): Map<string, NpyArray> {
  const bytes = readFileBytes(file);
  if (!isZip(bytes)) throw new FileFormatError(file, "it is not a parameter file (an .npz archive written by saveParameters or numpy.savez)");
  return decodeNpz(bytes, file);
}

/**
 * Checks names and shapes of `stored` against `targets` and returns the assignments to make;
 * throws (changing nothing) on missing or unexpected names and on shape mismatches.
 */
export function planLoad(targets: readonly LoadTarget[], stored: ReadonlyMap<string, NpyArray>, file: string, opts: LoadParametersOptions = {}): (() => void)[] {
  const mine = new Map(targets.map((t) => [t.name, t]));
  const missing = [...mine.keys()].filter((n) => !stored.has(n));
  const extra = [...stored.keys()].filter((n) => !mine.has(n));
  if (missing.length && !opts.allowMissing) throw new MissingParametersError(file, missing, [...stored.keys()]);
  if (extra.length && !opts.ignoreExtra) throw new UnexpectedParametersError(file, extra, [...mine.keys()]);
  const plan: (() => void)[] = [];
  for (const [name, target] of mine) {
    const a = stored.get(name);
    if (!a) continue;
    const fits = a.shape.length === target.shape.length && target.shape.every((d, i) => d < 0 || d === a.shape[i]);
    if (!fits) throw new ParameterShapeError(file, name, target.shape, a.shape);
    plan.push(() => {
      const t = tf.tensor(a.data, a.shape, a.dtype);
      try {
        target.assign(t);
      } finally {
        t.dispose();
      }
    });
  }
  return plan;
}

/** The load targets of a network's parameters, by their collectParams() names. */
export function parameterTargets(params: NamedParams): LoadTarget[] {
  return [...params.entries()].map(([name, p]) => ({
    name,
    shape: p.shape,
    // A file from numpy may hold another dtype (float64 arrives as float32, int64 as int32): the parameter's wins.
    assign: (t: tf.Tensor) => (t.dtype === p.dtype ? p.setData(t) : tf.tidy(() => p.setData(tf.cast(t, p.dtype)))),
  }));
}

/** Reads a parameter file and assigns its values (all or nothing). Returns the names loaded. */
export function loadParameterFile(params: NamedParams, file: string, opts: LoadParametersOptions = {}): number {
  const plan = planLoad(parameterTargets(params), readParameterFile(file), file, opts);
  // Everything checked: from here on only assignments happen.
  for (const step of plan) step();
  return plan.length;
}
