/** The chapter's own sequence (Gluon style) and its three exercises. */
import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { Custom } from "../init/initializer.js";
import { np } from "../tensor/np.js";
import { Dense } from "./dense.js";
import { Block } from "./block.js";
import { ShapeMismatchError } from "./errors.js";
import { Sequential } from "./sequential.js";

const shapes = (net: Block) => Object.fromEntries([...net.collectParams().entries()].map(([n, p]) => [n, p.shape]));

function getNet(): Sequential {
  const net = new Sequential();
  net.add(new Dense(256, { activation: "relu" }));
  net.add(new Dense(10));
  return net;
}

describe("deferred initialization, as in the chapter", () => {
  test("define, look, initialize, pass a (2, 20) batch, look again", () => {
    const net = getNet();
    expect(shapes(net)).toEqual({ "0.weight": [256, -1], "0.bias": [256], "1.weight": [10, -1], "1.bias": [10] });
    net.initialize();
    expect(net.collectParams().get("0.weight").state).toBe("deferred");
    const X = np.random.uniform(0, 1, [2, 20]);
    const Y = net.forward(X);
    expect(Y.shape).toEqual([2, 10]);
    expect(shapes(net)).toEqual({ "0.weight": [256, 20], "0.bias": [256], "1.weight": [10, 256], "1.bias": [10] });
    expect([...net.collectParams()].every((p) => p.state === "ready")).toBe(true);
    expect(net.call(X).shape).toEqual([2, 10]);
  });

  test("a custom initializer runs only at the first forward pass, with the inferred shapes", () => {
    const seen: string[] = [];
    const myInit = new Custom((shape) => {
      seen.push(`(${shape.join(", ")})`);
      return tf.zeros([...shape]);
    }, { name: "MyInit" });
    const net = getNet();
    net.initialize({ init: myInit });
    expect(seen).toEqual([]);
    net.forward(np.random.uniform(0, 1, [2, 20]));
    expect(seen).toEqual(["(256, 20)", "(10, 256)"]);
    net.forward(np.random.uniform(0, 1, [2, 20]));
    expect(seen).toHaveLength(2);
  });

  test("exercise 1: input size for the first layer only initializes it at once; the rest waits", () => {
    const net = new Sequential().add(new Dense(256, { activation: "relu", inUnits: 20 }), new Dense(10));
    net.initialize();
    expect(net.collectParams().get("0.weight").state).toBe("ready");
    expect(net.collectParams().get("1.weight").state).toBe("deferred");
    expect(net.collectParams().get("1.weight").shape).toEqual([10, -1]);
    net.forward(np.random.uniform(0, 1, [2, 20]));
    expect(net.collectParams().get("1.weight").shape).toEqual([10, 256]);
  });

  test("exercise 2: mismatched sizes fail clearly and leave nothing half-initialized", () => {
    const net = new Sequential().add(new Dense(256, { activation: "relu", inUnits: 20 }), new Dense(10));
    net.initialize();
    let err: unknown;
    try {
      net.forward(np.random.uniform(0, 1, [2, 30]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShapeMismatchError);
    expect((err as Error).message).toMatch(/Dense "0".*\(batch, 20\).*\(2, 30\)/);
    expect(net.collectParams().get("1.weight").state).toBe("deferred");
    expect(net.forward(np.random.uniform(0, 1, [2, 20])).shape).toEqual([2, 10]);
  });

  test("exercise 3: inputs of different sizes through per-input first layers and a shared trunk", () => {
    const trunk = new Sequential().add(new Dense(16, { activation: "relu" }), new Dense(3));
    const netA = new Sequential().add(new Dense(32, { activation: "relu" }), trunk);
    const netB = new Sequential().add(new Dense(32, { activation: "relu" }), trunk);
    netA.initialize();
    netB.collectParams(/^0\./).initialize();
    expect(netA.forward(np.random.uniform(0, 1, [4, 20])).shape).toEqual([4, 3]);
    expect(netB.forward(np.random.uniform(0, 1, [4, 7])).shape).toEqual([4, 3]);
    expect(netA.at(0).collectParams().get("weight").shape).toEqual([32, 20]);
    expect(netB.at(0).collectParams().get("weight").shape).toEqual([32, 7]);
    // The trunk's parameters are the same objects in both networks.
    expect(netB.collectParams().get("1.0.weight")).toBe(netA.collectParams().get("1.0.weight"));
  });
});
