/**
 * Gradients of a loss with respect to every trainable parameter of a network, and the plain SGD
 * step that uses them: the seed of a trainer, kept small on purpose.
 *
 * Why not `tf.variableGrads(() => loss(net.forward(X)))` directly: tfjs lists the variables before
 * it runs the function, and a fresh network creates its deferred weights inside that run, so only
 * the parameters that already existed (the biases) get gradients. Gluon finishes deferred
 * initialization outside the tape; `grad` does the same by running the loss once, untaped, while
 * any parameter is still deferred.
 */
import { inspect } from "node:util";
import { tf } from "../tensor/tf.js";
import type { Block } from "./block.js";
import { fmtShape } from "./errors.js";
import { tr } from "../display/lang.js";
import type { Parameter } from "./parameter.js";

/** Gradients keyed by parameter (and by the parameter's structural name in the network). */
export class Gradients implements Iterable<[string, tf.Tensor]> {
  /** The loss value the gradients belong to. */
  readonly loss: number;
  readonly #byParam: Map<Parameter, tf.Tensor>;
  readonly #names: Map<string, Parameter>;

  constructor(loss: number, entries: readonly (readonly [string, Parameter, tf.Tensor])[]) {
    this.loss = loss;
    this.#byParam = new Map(entries.map(([, p, g]) => [p, g]));
    this.#names = new Map(entries.map(([n, p]) => [n, p]));
  }

  /** Number of parameters with a gradient (tied parameters count once). */
  get size(): number {
    return this.#byParam.size;
  }

  /** The gradient of a parameter, given as the Parameter or its name ("0.weight"). */
  get(key: Parameter | string): tf.Tensor {
    const p = typeof key === "string" ? this.#names.get(key) : key;
    const g = p && this.#byParam.get(p);
    if (!g) throw new RangeError(`No gradient for ${typeof key === "string" ? `"${key}"` : key.toString()}. Known: ${[...this.#names.keys()].join(", ")}`);
    return g;
  }

  /** Parameters in network order. */
  params(): Parameter[] {
    return [...this.#byParam.keys()];
  }

  *[Symbol.iterator](): Iterator<[string, tf.Tensor]> {
    for (const [n, p] of this.#names) yield [n, this.#byParam.get(p)!];
  }

  /** Frees the gradient tensors (each parameter keeps its own copy for `param.grad()`). */
  dispose(): void {
    for (const g of this.#byParam.values()) g.dispose();
  }

  toString(): string {
    const norm = (g: tf.Tensor) => tf.tidy(() => tf.norm(g).dataSync()[0]!);
    return [tr().gradientsTitle(this.loss.toPrecision(6)), ...[...this].map(([n, g]) => `  ${n} ${fmtShape(g.shape)} |grad| = ${norm(g).toPrecision(4)}`)].join("\n");
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Runs `loss` and returns the gradient of its value (summed when not a scalar, as Gluon's
 * backward does) with respect to every trainable parameter of `net`. Deferred parameters are
 * created first by one untaped run of `loss`. Each parameter also keeps its gradient
 * (`param.grad()`). A parameter used twice (tied layers) gets the sum of both uses' gradients.
 *
 * ```ts
 * const g = nn.grad(net, () => np.mean(np.square(net.forward(X).sub(y))));
 * g.get("0.weight"); net.at(0).weight.grad();
 * ```
 */
export function grad(net: Block, loss: () => tf.Tensor): Gradients {
  if (typeof loss !== "function") throw new TypeError(`nn.grad(net, loss): loss must be a function returning a tensor, e.g. () => tf.sum(net.forward(X))`);
  const trainable = () => [...net.collectParams().entries()].filter(([, p]) => p.trainable && !p.isConstant);
  if (trainable().some(([, p]) => p.state !== "ready")) {
    tf.tidy(() => {
      loss();
    });
    const left = trainable().filter(([, p]) => p.state !== "ready");
    if (left.length > 0) {
      throw new RangeError(`nn.grad: parameters ${left.map(([n]) => `"${n}"`).join(", ")} are still ${left[0]![1].state} after running the loss; call net.initialize() and make sure the loss calls the network`);
    }
  }
  const params = trainable();
  const vars = params.map(([, p]) => p.data());
  const scalar = () => {
    const y = loss();
    if (!(y instanceof tf.Tensor)) throw new TypeError(`nn.grad: loss returned ${typeof y}, expected a tensor`);
    return (y.rank === 0 ? y : tf.sum(y)) as tf.Scalar;
  };
  const { value, grads } = tf.variableGrads(scalar, vars);
  const loss0 = value.dataSync()[0]!;
  value.dispose();
  const entries = params.map(([name, p], i): [string, Parameter, tf.Tensor] => {
    const g = grads[vars[i]!.name] ?? tf.zerosLike(vars[i]!); // unused by this loss: zero, as in Gluon
    p.setGrad(g);
    return [name, p, g];
  });
  return new Gradients(loss0, entries);
}

/**
 * Plain stochastic gradient descent, keyed on `Parameter` (not on its tf.Variable, which a
 * re-initialization replaces): `new nn.SGD(net.collectParams(), { learningRate: 0.1 }).step(g)`.
 */
export class SGD {
  readonly learningRate: number;
  readonly #params: Parameter[];

  constructor(params: Iterable<Parameter>, opts: { learningRate: number }) {
    if (!(opts?.learningRate > 0)) throw new RangeError(`nn.SGD: learningRate must be > 0, got ${opts?.learningRate}`);
    this.learningRate = opts.learningRate;
    this.#params = [...params].filter((p) => p.trainable && !p.isConstant);
  }

  /** p <- p - learningRate * grad for every parameter that has a gradient in `grads`. */
  step(grads: Gradients): void {
    const have = new Set(grads.params());
    for (const p of this.#params) {
      if (!have.has(p)) continue;
      const v = p.data();
      tf.tidy(() => v.assign(tf.sub(v, tf.mul(grads.get(p), this.learningRate))));
    }
  }
}
