import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { Constant, Normal } from "../init/initializer.js";
import { np } from "../tensor/np.js";
import { Dense } from "./dense.js";
import { DeferredInitializationError, NotInitializedError } from "./errors.js";
import { Sequential } from "./sequential.js";

const mlp = () => new Sequential().add(new Dense(256, { activation: "relu" }), new Dense(10));

describe("parameter states", () => {
  afterEach(() => vi.restoreAllMocks());

  test("before initialize(): never-initialized, -1 for unknown dims, data() says to call initialize()", () => {
    const net = mlp();
    const w = net.collectParams().get("0.weight");
    expect(w.state).toBe("never-initialized");
    expect(w.shape).toEqual([256, -1]);
    expect(w.dtype).toBe("float32");
    expect(w.initializer).toBeNull();
    expect(() => w.data()).toThrow(NotInitializedError);
    expect(() => w.data()).toThrow(/"0\.weight".*initialize\(\)/);
  });

  test("after initialize(): deferred weights, data() names the parameter and the fixes", () => {
    const net = mlp().initialize();
    const w = net.collectParams().get("1.weight");
    expect(w.state).toBe("deferred");
    expect(w.initializer?.describe()).toBe("Uniform(-0.07, 0.07)");
    let err: unknown;
    try {
      w.data();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeferredInitializationError);
    expect((err as DeferredInitializationError).code).toBe("E_DEFERRED_INIT");
    expect((err as Error).message).toMatch(/"1\.weight".*\(10, -1\).*Pass one batch.*inUnits/);
    // A bias has a known shape, so it is initialized at once (with its own Zeros initializer).
    const b = net.collectParams().get("1.bias");
    expect(b.state).toBe("ready");
    expect(Array.from(b.data().dataSync())).toEqual(new Array(10).fill(0));
  });

  test("a first layer given inUnits is initialized at once", () => {
    const net = new Sequential().add(new Dense(256, { activation: "relu", inUnits: 20 }), new Dense(10)).initialize();
    expect(net.collectParams().get("0.weight").state).toBe("ready");
    expect(net.collectParams().get("0.weight").shape).toEqual([256, 20]);
    expect(net.collectParams().get("1.weight").state).toBe("deferred");
  });

  test("initialize twice warns on stderr and changes nothing; forceReinit replaces values", () => {
    const net = new Sequential().add(new Dense(3, { inUnits: 2 })).initialize({ init: new Constant(1) });
    const w = net.collectParams().get("0.weight");
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    net.initialize({ init: new Constant(5) });
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0]![0])).toMatch(/"0\.weight".*already initialized.*forceReinit/);
    expect(Array.from(w.data().dataSync())).toEqual(new Array(6).fill(1));
    write.mockClear();
    net.initialize({ init: new Constant(5), forceReinit: true });
    expect(write).not.toHaveBeenCalled();
    expect(Array.from(w.data().dataSync())).toEqual(new Array(6).fill(5));
    expect(w.initializer?.describe()).toBe("Constant(5)");
  });

  test("collectParams filters by RegExp or substring on the unique names", () => {
    const net = mlp();
    expect([...net.collectParams(/weight/).keys()]).toEqual(["0.weight", "1.weight"]);
    expect([...net.collectParams("bias").keys()]).toEqual(["0.bias", "1.bias"]);
    expect([...net.collectParams(/^1\./g).keys()]).toEqual(["1.weight", "1.bias"]);
    expect(net.collectParams().size).toBe(4);
    expect(() => net.collectParams().get("2.weight")).toThrow(/No parameter named "2\.weight".*0\.weight/);
  });

  test("nested networks give nested unique names", () => {
    const trunk = new Sequential().add(new Dense(8), new Dense(4));
    const net = new Sequential().add(new Dense(16), trunk);
    expect([...net.collectParams().keys()]).toEqual(["0.weight", "0.bias", "1.0.weight", "1.0.bias", "1.1.weight", "1.1.bias"]);
  });

  test("toParamRows gives plain records with state, size and initializer", () => {
    const net = mlp().initialize({ init: new Normal(0.01) });
    expect(net.collectParams().toParamRows()[0]).toEqual({ name: "0.weight", shape: [256, -1], dtype: "float32", state: "deferred", size: null, init: "Normal(0, 0.01)" });
    net.forward(np.random.uniform(0, 1, [2, 20]));
    expect(net.collectParams().toParamRows()[0]).toMatchObject({ shape: [256, 20], state: "ready", size: 5120 });
  });

  test("setData replaces a value and keeps the shape fixed", () => {
    const d = new Dense(2, { inUnits: 2, useBias: false });
    d.initialize();
    d.weight.setData(tf.tensor2d([[1, 2], [3, 4]]));
    expect(Array.from(d.weight.data().dataSync())).toEqual([1, 2, 3, 4]);
    expect(() => d.weight.setData(tf.zeros([3, 2]))).toThrow(RangeError);
  });
});
