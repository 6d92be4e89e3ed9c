/** The plain records the nn classes hand to the renderers. */
import "../tensor/backend.js";
import { describe, expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { MaxPool2D } from "./pool.js";
import { Sequential } from "./sequential.js";

describe("display records", () => {
  test("toLayerTree before any data: -1 shapes, no in/out shapes; with a shape: inferred, nothing initialized", () => {
    const net = new Sequential().add(new Dense(256, { activation: "relu" }), new Dense(10));
    const t0 = net.toLayerTree();
    expect(t0).toMatchObject({ name: "", type: "Sequential", kind: "sequential", inShape: null, outShape: null });
    expect(t0.children.map((c) => [c.name, c.label, c.kind, c.outShape])).toEqual([
      ["0", "Dense(-1 -> 256, relu)", "layer", null],
      ["1", "Dense(-1 -> 10)", "layer", null],
    ]);
    expect(t0.children[0]!.params.map((p) => [p.name, p.shape, p.state])).toEqual([
      ["0.weight", [256, -1], "never-initialized"],
      ["0.bias", [256], "never-initialized"],
    ]);
    const t1 = net.toLayerTree([2, 20]);
    expect(t1.inShape).toEqual([2, 20]);
    expect(t1.children.map((c) => [c.inShape, c.outShape])).toEqual([[[2, 20], [2, 256]], [[2, 256], [2, 10]]]);
    expect(t1.children[1]!.params[0]).toMatchObject({ shape: [10, 256], size: 2560 });
    expect(net.collectParams().get("1.weight").shape).toEqual([10, -1]);
  });

  test("toLayerTree after a forward pass uses the last input shape", () => {
    const net = new Sequential().add(new Conv2D(4, 3), new MaxPool2D(2), new Dense(3)).initialize();
    net.forward(np.ones([1, 1, 10, 10]));
    const t = net.toLayerTree();
    expect(t.children.map((c) => c.outShape)).toEqual([[1, 4, 8, 8], [1, 4, 4, 4], [1, 3]]);
    expect(t.children[2]!.params[0]).toMatchObject({ name: "2.weight", shape: [3, 64], state: "ready", init: "Uniform(-0.07, 0.07)" });
  });

  test("nested networks nest in the tree with path names", () => {
    const trunk = new Sequential().add(new Dense(8));
    const net = new Sequential().add(trunk, new Dense(2));
    const t = net.toLayerTree([4, 3]);
    expect(t.children[0]).toMatchObject({ name: "0", kind: "sequential", outShape: [4, 8] });
    expect(t.children[0]!.children[0]).toMatchObject({ name: "0.0", type: "Dense", inShape: [4, 3] });
  });

  test("toSummaryRows and summary(): counts, unknown counts before shapes, shared layers counted once", () => {
    const shared = new Dense(5);
    const net = new Sequential().add(new Dense(5), shared, shared);
    expect(net.toSummaryRows()).toEqual([
      { name: "0", type: "Dense", outShape: null, params: null },
      { name: "1", type: "Dense", outShape: null, params: null },
      { name: "1", type: "Dense", outShape: null, params: 0 },
    ]);
    const s = net.summary([2, 3]);
    expect(s.rows).toEqual([
      { name: "0", type: "Dense", outShape: [2, 5], params: 20 },
      { name: "1", type: "Dense", outShape: [2, 5], params: 30 },
      { name: "1", type: "Dense", outShape: [2, 5], params: 0 },
    ]);
    expect(s.totalParams).toBe(50);
    expect(s.inputShape).toEqual([2, 3]);
    const unshaped = net.summary();
    expect(unshaped.inputShape).toBeNull();
    expect(unshaped.totalParams).toBeNull();
  });
});
