/**
 * Pure shape functions: from a layer's settings, its parameters' current shapes (-1 unknown)
 * and an input shape, compute the output shape and the resolved parameter shapes, or throw a
 * ShapeMismatchError that names the layer and says what to change. No tensors are touched.
 * A batch dimension of -1 is allowed (Keras' `build([null, 20])`).
 */
import { ShapeMismatchError, fmtShape } from "./errors.js";

export type Shape = readonly number[];

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

function requireRank(layer: string, x: Shape, ranks: number[], expected: string, hint: string): void {
  if (!ranks.includes(x.length)) throw new ShapeMismatchError({ layer, expected, got: x, hint });
}

/** Merges a known dimension into a parameter dimension that may be -1; throws on conflict. */
function unify(opts: { layer: string; param: Shape; index: number; value: number; expected: string; got: Shape; what: string }): number {
  const cur = opts.param[opts.index]!;
  if (cur >= 0 && cur !== opts.value) {
    throw new ShapeMismatchError({ layer: opts.layer, expected: opts.expected, got: opts.got, hint: opts.what });
  }
  return opts.value;
}

export interface DenseShapeArgs {
  layer: string;
  units: number;
  flatten: boolean;
  /** Current weight shape (units, in) with in = -1 while unknown. */
  weight: Shape;
}

/** Dense: (N, in) or, with flatten, (N, d1, d2, ...) -> (N, units); weight (units, in). */
export function denseShape(a: DenseShapeArgs, x: Shape): { out: number[]; weight: number[]; bias: number[] } {
  requireRank(a.layer, x, a.flatten ? [2, 3, 4, 5, 6] : [2], a.flatten ? "(batch, features...)" : "(batch, features)",
    "Dense needs at least a batch and a feature dimension; reshape the input or add nn.Flatten().");
  const inUnits = a.flatten ? prod(x.slice(1)) : x[x.length - 1]!;
  const known = a.weight[1]!;
  const inDim = unify({
    layer: a.layer, param: a.weight, index: 1, value: inUnits, expected: `(batch, ${known})`, got: x,
    what: `Its weight is already fixed to ${fmtShape(a.weight)} (in_units=${known}); feed ${known} features per example, ` +
      `or build a new layer (or call initialize({ forceReinit: true }) after removing inUnits) for ${inUnits} features.`,
  });
  return { out: [x[0]!, a.units], weight: [a.units, inDim], bias: [a.units] };
}

export interface Conv2DShapeArgs {
  layer: string;
  channels: number;
  kernel: readonly [number, number];
  strides: readonly [number, number];
  padding: readonly [number, number];
  /** Current weight shape (channels, inChannels, kh, kw) with inChannels = -1 while unknown. */
  weight: Shape;
}

/** Output length of a sliding window, or a non-positive number when the window does not fit. */
export function windowOut(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/** Conv2D on NCHW: (N, C, H, W) -> (N, channels, H', W'); weight (channels, C, kh, kw). */
export function conv2dShape(a: Conv2DShapeArgs, x: Shape): { out: number[]; weight: number[]; bias: number[] } {
  requireRank(a.layer, x, [4], "(batch, channels, height, width)",
    "Conv2D takes 4-d NCHW input; reshape images to (N, C, H, W), e.g. tf.reshape(X, [N, 1, 28, 28]).");
  const [n, c, h, w] = x as [number, number, number, number];
  const known = a.weight[1]!;
  const inC = unify({
    layer: a.layer, param: a.weight, index: 1, value: c, expected: `(batch, ${known}, height, width)`, got: x,
    what: `Its weight is fixed to ${fmtShape(a.weight)}, i.e. ${known} input channels; feed ${known} channels or use a new layer.`,
  });
  const oh = windowOut(h, a.kernel[0], a.strides[0], a.padding[0]);
  const ow = windowOut(w, a.kernel[1], a.strides[1], a.padding[1]);
  if (oh < 1 || ow < 1) {
    throw new ShapeMismatchError({
      layer: a.layer, expected: `height >= ${a.kernel[0] - 2 * a.padding[0]} and width >= ${a.kernel[1] - 2 * a.padding[1]}`, got: x,
      hint: `kernelSize ${fmtShape(a.kernel)} with padding ${fmtShape(a.padding)} is larger than the ${h}x${w} input; use a smaller kernelSize, more padding, or a larger input.`,
    });
  }
  return { out: [n, a.channels, oh, ow], weight: [a.channels, inC, a.kernel[0], a.kernel[1]], bias: [a.channels] };
}

export interface PoolShapeArgs {
  layer: string;
  pool: readonly [number, number];
  strides: readonly [number, number];
  padding: readonly [number, number];
}

/** MaxPool2D / AvgPool2D on NCHW: channels kept, spatial dims shrunk. */
export function pool2dShape(a: PoolShapeArgs, x: Shape): { out: number[] } {
  requireRank(a.layer, x, [4], "(batch, channels, height, width)", "Pooling takes 4-d NCHW input.");
  const [n, c, h, w] = x as [number, number, number, number];
  const oh = windowOut(h, a.pool[0], a.strides[0], a.padding[0]);
  const ow = windowOut(w, a.pool[1], a.strides[1], a.padding[1]);
  if (oh < 1 || ow < 1) {
    throw new ShapeMismatchError({
      layer: a.layer, expected: `height >= ${a.pool[0]} and width >= ${a.pool[1]}`, got: x,
      hint: `poolSize ${fmtShape(a.pool)} is larger than the ${h}x${w} input; use a smaller poolSize or remove this layer.`,
    });
  }
  return { out: [n, c, oh, ow] };
}

/** BatchNorm over axis 1: (N, C) or (N, C, H, W); gamma/beta/running stats of shape (C). */
export function batchNormShape(a: { layer: string; gamma: Shape }, x: Shape): { out: number[]; feature: number[] } {
  requireRank(a.layer, x, [2, 3, 4, 5], "(batch, channels, ...)", "BatchNorm normalizes axis 1; give it at least (batch, channels).");
  const known = a.gamma[0]!;
  const c = unify({
    layer: a.layer, param: a.gamma, index: 0, value: x[1]!, expected: `(batch, ${known}, ...)`, got: x,
    what: `Its parameters are fixed to ${known} channels; feed ${known} channels or use a new BatchNorm.`,
  });
  return { out: [...x], feature: [c] };
}

/** Flatten: (N, d1, d2, ...) -> (N, d1*d2*...). */
export function flattenShape(a: { layer: string }, x: Shape): { out: number[] } {
  requireRank(a.layer, x, [1, 2, 3, 4, 5, 6], "(batch, ...)", "Flatten needs a batch dimension.");
  return { out: [x[0]!, prod(x.slice(1))] };
}
