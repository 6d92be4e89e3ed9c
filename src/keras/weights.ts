/**
 * Weight files of the Keras face: the same NumPy `.npz` archive as `saveParameters`, but named
 * and laid out as Keras reports weights (`getWeights()`): a Dense layer's kernel is stored
 * (in, units) under "<layer>.kernel", its bias under "<layer>.bias"; any other weight (a custom
 * layer's `addWeight`) under "<layer>.<name>" as it is.
 */
import { tf } from "../tensor/tf.js";
import type { Block } from "../nn/block.js";
import type { Parameter } from "../nn/parameter.js";
import { FileFormatError } from "../io/errors.js";
import { writeFileAtomic } from "../io/files.js";
import type { NpyArray } from "../io/npy.js";
import { encodeNpz } from "../io/npz.js";
import type { LoadTarget } from "../io/parameters.js";
import { tensorToNpy } from "../io/tensors.js";

interface KerasWeight {
  name: string;
  param: Parameter;
  /** Stored transposed relative to the parameter (a Dense kernel). */
  transposed: boolean;
}

/** Marks layers whose "weight" parameter Keras calls "kernel" and stores transposed. */
export const KERNEL_LAYOUT = Symbol("d2l-ts.kerasKernelLayout");

function weightsOf(model: Block): KerasWeight[] {
  const out: KerasWeight[] = [];
  const seen = new Set<Parameter>();
  const visit = (b: Block, prefix: string) => {
    const transposedKernel = (b as unknown as Record<symbol, unknown>)[KERNEL_LAYOUT] === true;
    for (const [local, p] of b.ownParams) {
      if (seen.has(p)) continue;
      seen.add(p);
      const kernel = transposedKernel && local === "weight";
      out.push({ name: `${prefix}${kernel ? "kernel" : local}`, param: p, transposed: kernel });
    }
    for (const [name, c] of b.children) visit(c, `${prefix}${name}.`);
  };
  visit(model, "");
  return out;
}

/** Writes every weight of a built model; an unbuilt model is an error that says to build it. */
export function saveWeightsFile(model: Block, file: string): void {
  const arrays: [string, NpyArray][] = [];
  for (const w of weightsOf(model)) {
    if (w.param.state !== "ready") {
      throw new FileFormatError(file, `weight "${w.name}" does not exist yet: the model is not built`,
        "Call the model on a batch or model.build([null, features]) first. Nothing was written.");
    }
    const t = w.transposed ? tf.transpose(w.param.data()) : w.param.data();
    try {
      arrays.push([w.name, tensorToNpy(t, `saveWeights "${w.name}"`)]);
    } finally {
      if (t !== w.param.data()) t.dispose();
    }
  }
  writeFileAtomic(file, encodeNpz(arrays));
}

/** Load targets in Keras layout: shapes as getWeights() reports them. */
export function weightTargets(model: Block): LoadTarget[] {
  return weightsOf(model).map((w) => ({
    name: w.name,
    shape: w.transposed ? [...w.param.shape].reverse() : w.param.shape,
    assign: (t: tf.Tensor) => {
      if (!w.transposed) return w.param.setData(t);
      const tt = tf.transpose(t);
      try {
        w.param.setData(tt);
      } finally {
        tt.dispose();
      }
    },
  }));
}
