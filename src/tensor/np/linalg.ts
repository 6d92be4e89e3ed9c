/** `np.dot` and `np.matmul` with numpy's rules for 0-, 1- and N-d operands. */
import { tf } from "../tf.js";
import { broadcastShapes, cast, op, promote, toTensor, type DType, type NpArrayLike } from "./args.js";
import { NpError, fmtShape } from "./errors.js";

/** Matrix product in the promoted dtype; backends multiply float32 only, so ints go through it. */
function matMul2(a: tf.Tensor, b: tf.Tensor, dt: DType): tf.Tensor {
  const r = tf.matMul(cast(a, "float32") as tf.Tensor2D, cast(b, "float32") as tf.Tensor2D);
  return dt === "float32" ? r : dt === "int32" ? tf.cast(tf.round(r), "int32") : tf.greater(r, 0);
}

/**
 * numpy's dot: scalars multiply, 1-d·1-d is the inner product (0-d), 2-d·2-d the matrix product,
 * N-d·1-d sums over the last axis, and N-d·M-d contracts a's last axis with b's second-to-last.
 */
export function dot(a: NpArrayLike, b: NpArrayLike): tf.Tensor {
  const fn = "np.dot";
  return op(fn, () => {
    const x = toTensor(a, fn, "a");
    const y = toTensor(b, fn, "b");
    const dt = promote(x.dtype as DType, y.dtype as DType);
    if (x.rank === 0 || y.rank === 0) {
      const m = dt === "bool" ? "int32" : dt;
      const r = tf.mul(cast(x, m), cast(y, m));
      return dt === "bool" ? tf.cast(r, "bool") : r;
    }
    const k = x.shape[x.rank - 1]!;
    const yAxis = y.rank === 1 ? 0 : y.rank - 2;
    if (y.shape[yAxis] !== k) {
      throw new NpError("NP_SHAPE", fn, `shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)} not aligned: ${k} (dim ${x.rank - 1}) != ${y.shape[yAxis]} (dim ${yAxis})`);
    }
    const lead = x.shape.slice(0, -1);
    const rows = lead.reduce((p, d) => p * d, 1);
    const x2 = tf.reshape(x, [rows, k]);
    let y2: tf.Tensor, tail: number[];
    if (y.rank === 1) {
      y2 = tf.reshape(y, [k, 1]);
      tail = [];
    } else {
      const perm = [yAxis, ...y.shape.map((_, i) => i).filter((i) => i !== yAxis)];
      tail = [...y.shape.slice(0, -2), y.shape[y.rank - 1]!];
      y2 = tf.reshape(y.rank === 2 ? y : tf.transpose(y, perm), [k, tail.reduce((p, d) => p * d, 1)]);
    }
    return tf.reshape(matMul2(x2, y2, dt), [...lead, ...tail]);
  });
}

/**
 * numpy's matmul (the `@` operator): matrix product of the last two axes, batch axes broadcast;
 * a 1-d operand is a row (left) or column (right) vector and its axis is removed from the result.
 */
export function matmul(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  const fn = "np.matmul";
  return op(fn, () => {
    let a = toTensor(x1, fn, "x1");
    let b = toTensor(x2, fn, "x2");
    [a, b].forEach((t, i) => {
      if (t.rank === 0) throw new NpError("NP_SHAPE", fn, `input operand ${i} (x${i + 1}) is 0-d; matmul needs at least 1 dimension (use np.multiply for scalars)`);
    });
    const dt = promote(a.dtype as DType, b.dtype as DType);
    const vecA = a.rank === 1, vecB = b.rank === 1;
    if (vecA) a = tf.reshape(a, [1, a.shape[0]!]);
    if (vecB) b = tf.reshape(b, [b.shape[0]!, 1]);
    const [n, k] = a.shape.slice(-2) as [number, number];
    const [kb, m] = b.shape.slice(-2) as [number, number];
    if (k !== kb) {
      throw new NpError("NP_SHAPE", fn, `shapes ${fmtShape(vecA ? [k] : a.shape)} and ${fmtShape(vecB ? [kb] : b.shape)} do not align: the last axis of x1 has ${k} elements, ${vecB ? "x2 has" : "the second-to-last axis of x2 has"} ${kb}`);
    }
    const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
    const batch = broadcastShapes(fn, batchA, batchB);
    let r: tf.Tensor;
    if (batch.length === 0) r = matMul2(a, b, dt);
    else {
      const bs = batch.reduce((p, d) => p * d, 1);
      const fa = batchA.join() === batch.join() ? a : tf.broadcastTo(a, [...batch, n, k]);
      const fb = batchB.join() === batch.join() ? b : tf.broadcastTo(b, [...batch, k, m]);
      const prod = tf.matMul(cast(tf.reshape(fa, [bs, n, k]), "float32") as tf.Tensor3D, cast(tf.reshape(fb, [bs, k, m]), "float32") as tf.Tensor3D);
      const typed = dt === "float32" ? prod : dt === "int32" ? tf.cast(tf.round(prod), "int32") : tf.greater(prod, 0);
      r = tf.reshape(typed, [...batch, n, m]);
    }
    const out = [...batch, ...(vecA ? [] : [n]), ...(vecB ? [] : [m])];
    return tf.reshape(r, out);
  });
}
