import "../tensor/backend.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { afterAll, describe, expect, test } from "vitest";
import { tf } from "../tensor/tf.js";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Block } from "../nn/block.js";
import { Dense } from "../nn/dense.js";
import { Sequential } from "../nn/sequential.js";
import { FileFormatError, MissingParametersError, ParameterShapeError, UnexpectedParametersError } from "./errors.js";

const dir = mkdtempSync(join(tmpdir(), "d2l-params-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class MLP extends Block {
  readonly hidden = this.registerChild("hidden", new Dense(8, { activation: "relu" }));
  readonly output = this.registerChild("output", new Dense(3));
  override forward(x: tf.Tensor): tf.Tensor {
    return this.output.forward(this.hidden.forward(x));
  }
}

const values = (b: Block) => Object.fromEntries([...b.collectParams().entries()].map(([n, p]) => [n, Array.from(p.data().dataSync())]));

function trained(): { net: MLP; X: tf.Tensor; Y: tf.Tensor; file: string } {
  seed(1);
  const net = new MLP();
  net.initialize();
  const X = np.random.uniform(0, 1, [2, 5]);
  const Y = net.call(X);
  const file = join(dir, `mlp-${Math.random().toString(36).slice(2)}.params`);
  net.saveParameters(file);
  return { net, X, Y, file };
}

describe("saveParameters / loadParameters", () => {
  test("a fresh clone with unknown shapes loads without initialize() or a forward pass and computes the same", () => {
    const { X, Y, file } = trained();
    const clone = new MLP();
    expect(clone.hidden.weight.shape).toEqual([8, -1]);
    clone.loadParameters(file);
    expect(clone.hidden.weight.shape).toEqual([8, 5]);
    expect(clone.hidden.weight.state).toBe("ready");
    expect(Array.from(clone.call(X).dataSync())).toEqual(Array.from(Y.dataSync()));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("a shape mismatch names the parameter and both shapes, and changes nothing", () => {
    const { file } = trained();
    const wide = new MLP();
    // Same names, different input width: hidden.weight (8, 6) cannot take (8, 5).
    wide.hidden.weight.setData(tf.ones([8, 6]));
    const before = Array.from(wide.hidden.weight.data().dataSync());
    let err: unknown;
    try { wide.loadParameters(file); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ParameterShapeError);
    expect((err as ParameterShapeError).message).toMatch(/parameter "hidden\.weight" has shape \(8, 6\) in the network but \(8, 5\) in the file/);
    expect(Array.from(wide.hidden.weight.data().dataSync())).toEqual(before);
    expect(wide.output.weight.state).toBe("never-initialized");
  });

  test("missing and unexpected names are listed; allowMissing / ignoreExtra load the rest", () => {
    const { net, file } = trained();
    const bigger = new (class extends MLP {
      readonly extra = this.registerChild("extra", new Dense(2, { inUnits: 3 }));
    })();
    const e1 = (() => { try { bigger.loadParameters(file); } catch (e) { return e as MissingParametersError; } })();
    expect(e1).toBeInstanceOf(MissingParametersError);
    expect(e1!.missing).toEqual(["extra.weight", "extra.bias"]);
    expect(bigger.hidden.weight.state).toBe("never-initialized");
    bigger.loadParameters(file, { allowMissing: true });
    expect(values(bigger.hidden)).toEqual(values(net.hidden));
    expect(bigger.extra.weight.state).toBe("never-initialized");

    const smaller = new Sequential().add(new Dense(8, { activation: "relu" }));
    const e2 = (() => { try { smaller.loadParameters(file); } catch (e) { return e as Error; } })();
    expect(e2).toBeInstanceOf(MissingParametersError); // "0.weight" is not "hidden.weight"
    const hiddenOnly = new (class extends Block {
      readonly hidden = this.registerChild("hidden", new Dense(8, { activation: "relu" }));
    })();
    const e3 = (() => { try { hiddenOnly.loadParameters(file); } catch (e) { return e as UnexpectedParametersError; } })();
    expect(e3).toBeInstanceOf(UnexpectedParametersError);
    expect(e3!.unexpected).toEqual(["output.weight", "output.bias"]);
    hiddenOnly.loadParameters(file, { ignoreExtra: true });
    expect(values(hiddenOnly)).toEqual({ "hidden.weight": values(net)["hidden.weight"], "hidden.bias": values(net)["hidden.bias"] });
  });

  test("a truncated file is refused with a FileFormatError and no parameter changes", () => {
    const { file } = trained();
    const target = trained().net; // same architecture, different values
    const before = values(target);
    const bytes = readFileSync(file);
    const cut = join(dir, "cut.params");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    let err: unknown;
    try { target.loadParameters(cut); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as FileFormatError).code).toBe("E_FILE_FORMAT");
    expect((err as Error).message).toContain("cut.params");
    expect(values(target)).toEqual(before);
    // An intact archive whose last member is cut: the members before it are not assigned either.
    const members = unzipSync(bytes);
    const last = members["output.bias.npy"]!;
    writeFileSync(cut, zipSync({ ...members, "output.bias.npy": last.subarray(0, last.length - 4) }));
    expect(() => target.loadParameters(cut)).toThrow(/cut\.params\[output\.bias\]: the file is truncated/);
    expect(values(target)).toEqual(before);
    const fresh = new MLP();
    writeFileSync(cut, "not a parameter file");
    expect(() => fresh.loadParameters(cut)).toThrow(/cut\.params: it is not a parameter file/);
    expect(fresh.hidden.weight.state).toBe("never-initialized");
  });

  test("saving replaces the old file whole; a parameter without a value is an error and writes nothing", () => {
    const { net, file } = trained();
    const old = readFileSync(file);
    const lazy = new MLP();
    lazy.initialize();
    expect(() => lazy.saveParameters(file)).toThrow(/"hidden\.weight" has no value yet \(deferred\)/);
    expect(readFileSync(file)).toEqual(old);
    net.saveParameters(file);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
