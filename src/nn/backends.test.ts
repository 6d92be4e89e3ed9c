/**
 * The CPU and WebAssembly backends give the same gradients for every layer (both backends in one
 * process, whichever the library chose at import), including the kernels wasm lacks and runs on
 * the CPU implementation (wasm-fallback.ts: a convolution's filter gradient).
 */
import { afterAll, describe, expect, test } from "vitest";
import { tf } from "../tensor/tf.js";
import { backend, registerBackend } from "../tensor/backend.js";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { nn } from "../index.js";

const chosen = backend();
afterAll(async () => {
  await tf.setBackend(chosen);
});

type Grads = Record<string, number[]>;

async function gradsOn(name: "cpu" | "wasm", net: nn.Block, X: tf.Tensor): Promise<Grads> {
  registerBackend(name);
  expect(await tf.setBackend(name)).toBe(true);
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  const params = [...net.collectParams()].filter((p) => p.trainable);
  const loss = () => tf.sum(tf.square(net.forward(X))) as tf.Scalar;
  const { value, grads } = tf.variableGrads(loss, params.map((p) => p.data()));
  const out: Grads = { loss: Array.from(value.dataSync()) };
  for (const p of params) out[p.name] = Array.from(grads[p.data().name]!.dataSync());
  out.input = Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.square(net.forward(x))))(X).dataSync());
  return out;
}

function expectClose(a: Grads, b: Grads): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const key of Object.keys(a)) {
    const x = a[key]!, y = b[key]!;
    expect(x.length, key).toBe(y.length);
    const scale = Math.max(1, ...x.map(Math.abs));
    const worst = Math.max(...x.map((v, i) => Math.abs(v - y[i]!)));
    expect(worst / scale, key).toBeLessThan(1e-4);
  }
}

describe("cpu and wasm agree on layer gradients", () => {
  const cases: Array<[string, () => nn.Block, number[]]> = [
    ["Dense with relu and tanh", () => new nn.Sequential().add(new nn.Dense(6, { activation: "relu" }), new nn.Dense(4, { activation: "tanh" }), new nn.Dense(2)), [5, 3]],
    [
      "Conv2D (stride, padding), pooling, BatchNorm, Flatten, Dense",
      () =>
        new nn.Sequential().add(
          // No relu before MaxPool: its zeros would tie in a window, and each backend may route
          // a tie's gradient to a different (equally valid) element.
          new nn.Conv2D(4, 3, { padding: 1, strides: 2 }),
          new nn.BatchNorm(),
          new nn.MaxPool2D(2),
          new nn.Conv2D(3, 2, { activation: "relu" }),
          new nn.AvgPool2D(1),
          new nn.Flatten(),
          new nn.Dense(3, { activation: "sigmoid" }),
        ),
      [2, 2, 9, 9],
    ],
  ];
  for (const [name, make, shape] of cases) {
    test(name, async () => {
      seed(11);
      const net = make().initialize();
      const X = np.random.normal(0, 1, shape);
      net.forward(X).dispose();
      const onWasm = await gradsOn("wasm", net, X);
      const onCpu = await gradsOn("cpu", net, X);
      expect(Object.keys(onWasm).length).toBeGreaterThan(3);
      expectClose(onWasm, onCpu);
    });
  }
});
