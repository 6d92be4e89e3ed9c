/**
 * Gradients a learner relies on, through the public API (`import { nn, np, tf } from "d2l-ts"`),
 * checked against values computed another way (exact sums, central finite differences), so they
 * hold whichever gradient implementation is registered (hand-written or tfjs' own).
 *
 * The deferred case: tfjs' variableGrads lists the variables before running the loss, so on a fresh
 * network it would miss the weights the loss creates; nn.grad(net, loss) must not.
 */
import { describe, expect, it } from "vitest";
import { nn, np, tf } from "../index.js";

/** |a - b| <= tol * max(1, |b|), element by element, with the index in the message. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, b = expected[i]!;
    expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
  }
}

describe("broadcast operands get the gradient summed over the axes they were broadcast along", () => {
  // d/db sum(C * (x + b)) = C summed down to b's shape: exact, no finite differences needed.
  const C = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
  const x = tf.zeros([4, 3]);
  const cases: [string, tf.Tensor, number[]][] = [
    ["a row (3)", tf.zeros([3]), [22, 26, 30]],
    ["a row (1, 3)", tf.zeros([1, 3]), [22, 26, 30]],
    ["a column (4, 1)", tf.zeros([4, 1]), [6, 15, 24, 33]],
    ["a scalar", tf.scalar(0), [78]],
  ];
  it.each(cases)("%s", (_, b, expected) => {
    for (const op of [(u: tf.Tensor, v: tf.Tensor) => tf.add(u, v), (u: tf.Tensor, v: tf.Tensor) => tf.add(v, u)]) {
      const g = tf.grad((bb: tf.Tensor) => tf.sum(tf.mul(C, op(x, bb))))(b);
      expect(g.shape).toEqual(b.shape);
      expectClose(g.dataSync(), expected, 1e-6, "grad b");
    }
    // Subtraction flips the sign of the second operand's gradient.
    const gs = tf.grad((bb: tf.Tensor) => tf.sum(tf.mul(C, tf.sub(x, bb))))(b);
    expectClose(gs.dataSync(), expected.map((v) => -v), 1e-6, "grad of x - b");
  });
});

describe("the gradients of a Dense network match central finite differences", () => {
  np.random.seed(3);
  const net = new nn.Sequential().add(new nn.Dense(4, { activation: "tanh" }), new nn.Dense(3)).initialize();
  const X = np.random.normal(0, 1, [6, 5]);
  const T = np.random.normal(0, 1, [6, 3]);
  net.forward(X); // the shape pass: the weights exist from here on
  const loss = () => tf.sum(tf.square(tf.sub(net.forward(X), T))) as tf.Scalar;
  const f = () => tf.tidy(() => loss().dataSync()[0]!);
  const params = net.collectParams();

  /** Central difference of the loss in entry i of the parameter's variable. */
  function numeric(v: tf.Variable, i: number, eps = 1e-2): number {
    const v0 = v.dataSync().slice();
    const at = (d: number) => {
      const w = v0.slice();
      w[i]! += d;
      v.assign(tf.tensor(w, v.shape));
      return f();
    };
    const slope = (at(eps) - at(-eps)) / (2 * eps);
    v.assign(tf.tensor(v0, v.shape));
    return slope;
  }

  it.each([
    ["0.bias", [0, 1, 2, 3]],
    ["1.bias", [0, 1, 2]],
    ["0.weight", [0, 7, 13, 19]],
    ["1.weight", [0, 5, 11]],
  ] as const)("%s", (name, entries) => {
    const v = params.get(name).data() as tf.Variable;
    const { grads } = tf.variableGrads(loss);
    const g = grads[v.name];
    expect(g, `no gradient for ${name}`).toBeDefined();
    expect(g!.shape).toEqual(v.shape);
    const got = g!.dataSync();
    expectClose(entries.map((i) => got[i]!), entries.map((i) => numeric(v, i)), 2e-2, name);
  });
});

describe("a fresh MLP whose weights are deferred", () => {
  it("its first gradient step (nn.grad) reaches all four parameters and lowers the loss", () => {
    np.random.seed(11);
    const net = new nn.Sequential().add(new nn.Dense(8, { activation: "relu" }), new nn.Dense(2)).initialize();
    const params = net.collectParams();
    // Biases know their size (the units); the weights wait for the input width.
    expect(params.get("0.weight").state).toBe("deferred");
    expect(params.get("1.weight").state).toBe("deferred");
    const X = np.random.normal(0, 1, [16, 5]);
    const T = np.random.normal(0, 1, [16, 2]);
    const loss = () => tf.mean(tf.square(tf.sub(net.forward(X), T))) as tf.Scalar;
    // No batch has passed yet: the gradient step itself meets the deferred weights.
    const g = nn.grad(net, loss);
    const names = [...params.keys()];
    expect(names).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect([...g].map(([n]) => n)).toEqual(names);
    for (const n of names) {
      const p = params.get(n);
      expect(p.state, n).toBe("ready");
      expect(g.get(n).shape, n).toEqual(p.data().shape);
      expect(tf.norm(g.get(n)).dataSync()[0]!, `${n}: zero gradient`).toBeGreaterThan(0);
    }
    // The weight gradients are the true ones: equal to what variableGrads gives now that they exist.
    const { grads } = tf.variableGrads(loss);
    for (const n of names) expectClose(g.get(n).dataSync(), grads[params.get(n).data().name]!.dataSync(), 1e-5, n);
    const before = g.loss;
    new nn.SGD(net.collectParams(), { learningRate: 0.05 }).step(g);
    expect(loss().dataSync()[0]!).toBeLessThan(before);
  });
});
