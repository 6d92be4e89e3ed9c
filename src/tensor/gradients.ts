/**
 * Gradient functions for the kernels this library and the chapter's losses use.
 * `@tensorflow/tfjs-core`'s Node bundle ships autograd machinery but registers no gradients
 * (the `@tensorflow/tfjs` union package does, at ~300 MB and +0.5 s import), so without these
 * `tf.grad` fails with "gradient function not found". A gradient someone else registered
 * (e.g. the user imported @tensorflow/tfjs) is left in place.
 */
import { tf } from "./tf.js";

type Attrs = Record<string, unknown>;
type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[], attrs: Attrs) => Record<string, () => tf.Tensor>;

/** Sums `dy` down to `shape`, undoing numpy-style broadcasting. */
function unbroadcast(dy: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (dy.shape.join() === shape.join()) return dy;
  const lead = dy.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < dy.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && dy.shape[i] !== 1)) axes.push(i);
  }
  return tf.reshape(axes.length ? tf.sum(dy, axes) : dy, [...shape]);
}

/** `inputs`: names of the kernel inputs the gradient needs, in `saved` order, then saved outputs. */
function reg(kernelName: string, gradFunc: GradFunc, save: { inputs?: string[]; outputs?: boolean[] } = {}): void {
  if (tf.getGradient(kernelName)) return;
  tf.registerGradient({
    kernelName,
    ...(save.inputs ? { inputsToSave: save.inputs } : {}),
    ...(save.outputs ? { outputsToSave: save.outputs } : {}),
    gradFunc: gradFunc as never,
  });
}

/** Explicit [top, bottom, left, right] padding tfjs used for a 2-d window op. */
function padding2d(pad: unknown, inH: number, inW: number, k: [number, number], s: [number, number], outH: number, outW: number): [number, number, number, number] {
  if (typeof pad === "number") return [pad, pad, pad, pad];
  if (Array.isArray(pad)) return [pad[1][0], pad[1][1], pad[2][0], pad[2][1]];
  if (pad === "same") {
    const th = Math.max((outH - 1) * s[0] + k[0] - inH, 0);
    const tw = Math.max((outW - 1) * s[1] + k[1] - inW, 0);
    return [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  }
  return [0, 0, 0, 0];
}

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v as number, v as number]);

let registered = false;

/** Registers the gradients (idempotent; called when the library loads). */
export function registerGradients(): void {
  if (registered) return;
  registered = true;

  reg("Add", (dy, [a, b]) => ({ a: () => unbroadcast(dy, a!.shape), b: () => unbroadcast(dy, b!.shape) }), { inputs: ["a", "b"] });
  reg("Sub", (dy, [a, b]) => ({ a: () => unbroadcast(dy, a!.shape), b: () => unbroadcast(tf.neg(dy), b!.shape) }), { inputs: ["a", "b"] });
  reg("Multiply", (dy, [a, b]) => ({ a: () => unbroadcast(tf.mul(dy, b!), a!.shape), b: () => unbroadcast(tf.mul(dy, a!), b!.shape) }), { inputs: ["a", "b"] });
  reg("RealDiv", (dy, [a, b]) => ({
    a: () => unbroadcast(tf.div(dy, b!), a!.shape),
    b: () => unbroadcast(tf.neg(tf.div(tf.mul(dy, a!), tf.square(b!))), b!.shape),
  }), { inputs: ["a", "b"] });
  reg("SquaredDifference", (dy, [a, b]) => {
    const two = () => tf.mul(dy, tf.mul(2, tf.sub(a!, b!)));
    return { a: () => unbroadcast(two(), a!.shape), b: () => unbroadcast(tf.neg(two()), b!.shape) };
  }, { inputs: ["a", "b"] });
  reg("Maximum", (dy, [a, b]) => ({
    a: () => unbroadcast(tf.mul(dy, tf.cast(tf.greaterEqual(a!, b!), "float32")), a!.shape),
    b: () => unbroadcast(tf.mul(dy, tf.cast(tf.less(a!, b!), "float32")), b!.shape),
  }), { inputs: ["a", "b"] });
  reg("Minimum", (dy, [a, b]) => ({
    a: () => unbroadcast(tf.mul(dy, tf.cast(tf.lessEqual(a!, b!), "float32")), a!.shape),
    b: () => unbroadcast(tf.mul(dy, tf.cast(tf.greater(a!, b!), "float32")), b!.shape),
  }), { inputs: ["a", "b"] });
  reg("Pow", (dy, [a, b]) => ({
    a: () => unbroadcast(tf.mul(dy, tf.mul(b!, tf.pow(a!, tf.sub(b!, 1)))), a!.shape),
    b: () => unbroadcast(tf.mul(dy, tf.mul(tf.pow(a!, b!), tf.log(tf.maximum(a!, 1e-30)))), b!.shape),
  }), { inputs: ["a", "b"] });

  reg("Neg", (dy) => ({ x: () => tf.neg(dy) }), {});
  reg("Identity", (dy) => ({ x: () => dy }), {});
  reg("Cast", (dy) => ({ x: () => tf.clone(dy) }), {});
  reg("Square", (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(2, x!)) }), { inputs: ["x"] });
  reg("Sqrt", (dy, [y]) => ({ x: () => tf.div(dy, tf.mul(2, y!)) }), { outputs: [true] });
  reg("Rsqrt", (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(-0.5, tf.pow(x!, -1.5))) }), { inputs: ["x"] });
  reg("Exp", (dy, [y]) => ({ x: () => tf.mul(dy, y!) }), { outputs: [true] });
  reg("Log", (dy, [x]) => ({ x: () => tf.div(dy, x!) }), { inputs: ["x"] });
  reg("Abs", (dy, [x]) => ({ x: () => tf.mul(dy, tf.sign(x!)) }), { inputs: ["x"] });
  reg("Relu", (dy, [x]) => ({ x: () => tf.mul(dy, tf.cast(tf.greater(x!, 0), "float32")) }), { inputs: ["x"] });
  reg("Relu6", (dy, [x]) => ({ x: () => tf.mul(dy, tf.cast(tf.logicalAnd(tf.greater(x!, 0), tf.less(x!, 6)), "float32")) }), { inputs: ["x"] });
  reg("Elu", (dy, [y]) => ({ x: () => tf.mul(dy, tf.where(tf.greater(y!, 0), tf.onesLike(y!), tf.add(y!, 1))) }), { outputs: [true] });
  reg("Selu", (dy, [x]) => {
    const alpha = 1.6732632423543772, scale = 1.0507009873554805;
    return { x: () => tf.mul(dy, tf.where(tf.greater(x!, 0), tf.fill(x!.shape, scale), tf.mul(scale * alpha, tf.exp(x!)))) };
  }, { inputs: ["x"] });
  reg("Sigmoid", (dy, [y]) => ({ x: () => tf.mul(dy, tf.mul(y!, tf.sub(1, y!))) }), { outputs: [true] });
  reg("Tanh", (dy, [y]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.square(y!))) }), { outputs: [true] });
  reg("Softplus", (dy, [x]) => ({ x: () => tf.mul(dy, tf.sigmoid(x!)) }), { inputs: ["x"] });
  reg("ClipByValue", (dy, [x], attrs) => ({
    x: () => tf.mul(dy, tf.cast(tf.logicalAnd(tf.greaterEqual(x!, attrs.clipValueMin as number), tf.lessEqual(x!, attrs.clipValueMax as number)), "float32")),
  }), { inputs: ["x"] });
  for (const k of ["Floor", "Ceil", "Round", "Sign"]) reg(k, (dy) => ({ x: () => tf.zerosLike(dy) }), {});
  reg("Softmax", (dy, [y], attrs) => {
    const dim = attrs.dim as number;
    return { logits: () => tf.mul(y!, tf.sub(dy, tf.sum(tf.mul(dy, y!), dim, true))) };
  }, { outputs: [true] });

  const reduceAxes = (x: tf.Tensor, axis: unknown) => {
    const ax = axis === undefined || axis === null ? x.shape.map((_, i) => i) : Array.isArray(axis) ? axis as number[] : [axis as number];
    return ax.map((a) => (a < 0 ? a + x.rank : a));
  };
  const expandBack = (dy: tf.Tensor, x: tf.Tensor, axes: number[]) =>
    tf.reshape(dy, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  reg("Sum", (dy, [x], attrs) => ({ x: () => tf.mul(expandBack(dy, x!, reduceAxes(x!, attrs.axis)), tf.onesLike(x!)) }), { inputs: ["x"] });
  reg("Mean", (dy, [x], attrs) => {
    const axes = reduceAxes(x!, attrs.axis);
    const n = axes.reduce((p, a) => p * x!.shape[a]!, 1);
    return { x: () => tf.div(tf.mul(expandBack(dy, x!, axes), tf.onesLike(x!)), n) };
  }, { inputs: ["x"] });
  reg("Max", (dy, [x, y], attrs) => {
    const axes = reduceAxes(x!, attrs.reductionIndices);
    return { x: () => tf.mul(expandBack(dy, x!, axes), tf.cast(tf.equal(x!, expandBack(y!, x!, axes)), "float32")) };
  }, { inputs: ["x"], outputs: [true] });

  reg("Reshape", (dy, [x]) => ({ x: () => tf.reshape(dy, x!.shape) }), { inputs: ["x"] });
  reg("ExpandDims", (dy, [x]) => ({ input: () => tf.reshape(dy, x!.shape) }), { inputs: ["input"] });
  reg("Transpose", (dy, _s, attrs) => {
    const perm = attrs.perm as number[];
    const inv = perm.map((_, i) => perm.indexOf(i));
    return { x: () => tf.transpose(dy, inv) };
  }, {});
  reg("BatchMatMul", (dy, [a, b], attrs) => {
    const ta = attrs.transposeA as boolean, tb = attrs.transposeB as boolean;
    const da = () => (!ta ? tf.matMul(dy, b!, false, !tb) : tf.matMul(b!, dy, tb, true));
    const db = () => (!tb ? tf.matMul(a!, dy, !ta, false) : tf.matMul(dy, a!, true, ta));
    return { a: () => unbroadcast(da(), a!.shape), b: () => unbroadcast(db(), b!.shape) };
  }, { inputs: ["a", "b"] });

  reg("Conv2D", (dy, [x, filter], attrs) => {
    const s = pair(attrs.strides);
    const dil = pair(attrs.dilations ?? 1);
    if (dil[0] !== 1 || dil[1] !== 1) throw new Error("Conv2D gradient: dilations other than 1 are not supported");
    const [, h, w] = x!.shape as number[];
    const [kh, kw] = filter!.shape as number[];
    const [, oh, ow] = dy.shape as number[];
    const [pt, pb, pl, pr] = padding2d(attrs.pad, h!, w!, [kh!, kw!], s, oh!, ow!);
    return {
      x: () => tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: filter! }, {
        strides: s, pad: [[0, 0], [pt, pb], [pl, pr], [0, 0]], dataFormat: "NHWC", dimRoundingMode: undefined, inputShape: x!.shape,
      } as never) as tf.Tensor,
      // dW[kh, kw, ci, co] = sum over n, i, j of xpad[n, i*s + kh, j*s + kw, ci] * dy[n, i, j, co]:
      // a stride-1 convolution over the batch axis with the output gradient dilated by the stride.
      filter: () => {
        const xp = tf.pad(x!, [[0, 0], [pt, pb], [pl, pr], [0, 0]]) as tf.Tensor4D;
        const inp = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D;
        const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
        const g = tf.conv2d(inp, f, 1, "valid", "NHWC", s);
        return tf.transpose(tf.slice(g, [0, 0, 0, 0], [-1, kh!, kw!, -1]), [1, 2, 0, 3]);
      },
    };
  }, { inputs: ["x", "filter"] });
  reg("AvgPool", (dy, [x], attrs) => ({
    x: () => tf.engine().runKernel("AvgPoolGrad", { dy, input: x! }, { filterSize: attrs.filterSize, strides: attrs.strides, pad: attrs.pad } as never) as tf.Tensor,
  }), { inputs: ["x"] });
  reg("MaxPool", (dy, [x, y], attrs) => ({
    x: () => tf.engine().runKernel("MaxPoolGrad", { dy, input: x!, output: y! }, {
      filterSize: attrs.filterSize, strides: attrs.strides, pad: attrs.pad, dimRoundingMode: attrs.dimRoundingMode,
    } as never) as tf.Tensor,
  }), { inputs: ["x"], outputs: [true] });
}
