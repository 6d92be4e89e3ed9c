/**
 * Tensors in the kernel as a d2l reader writes them: tfjs' chained methods run in a cell, the
 * checker knows them (completion, hover, type errors on the cell's line), and a cell importing
 * `@tensorflow/tfjs-core` gets the library's own tfjs (one engine, the same methods).
 */
import { describe, expect, it } from "vitest";
import { kernelForFile, launch, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

kernelForFile(launch, (started) => (k = started));

describe("chained tensor methods", () => {
  it("run in a cell", async () => {
    const r = await k.client.execute(
      [
        "const t = np.ones([2, 3]);",
        "console.log(t.sum().dataSync()[0], t.mean().dataSync()[0], t.add(t).sum().dataSync()[0]);",
        "console.log(t.reshape([3, 2]).shape.join('x'), tf.equal(t, t).all().dataSync()[0]);",
      ].join("\n"),
    );
    expect(r.reply.content.status).toBe("ok");
    expect(text(r.outputs, "stdout")).toBe("6 1 12\n3x2 1\n");
  });

  it("are the same in a cell that imports @tensorflow/tfjs-core itself", async () => {
    const r = await k.client.execute(
      ['import * as core from "@tensorflow/tfjs-core";', "const u = core.ones([2, 2]);", "console.log(u.sum().dataSync()[0], core.getBackend() === tf.getBackend(), core.memory === tf.memory);"].join("\n"),
    );
    expect(r.reply.content.status).toBe("ok");
    expect(text(r.outputs, "stdout")).toBe("4 true true\n");
  });

  it("are offered by completion after `t.`", async () => {
    await k.client.execute("const t2 = np.ones([2, 3]);");
    const code = "t2.";
    const r = await k.client.request("shell", "complete_request", { code, cursor_pos: code.length });
    const c = r.reply.content as { matches: string[] };
    expect(c.matches).toContain("sum");
    expect(c.matches).toContain("reshape");
    expect(c.matches).toContain("matMul");
  });

  it("show their signature on hover", async () => {
    const code = "np.ones([2, 3]).reshape";
    const r = await k.client.request("shell", "inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
    const c = r.reply.content as { found: boolean; data: Record<string, string> };
    expect(c.found).toBe(true);
    expect(c.data["text/plain"]).toMatch(/Tensor<Rank>\.reshape<T>\(shape: number\[\]\)/);
  });

  it("with a wrong argument are a type error on the cell's line, in error mode", async () => {
    const r = await k.client.execute('//% typecheck: error\nconst t3 = np.ones([2, 3]);\nconst s = t3.sum("x");\nconsole.log("ran");');
    expect(r.reply.content).toMatchObject({ status: "error", ename: "TypeError" });
    const c = r.reply.content as { evalue: string; traceback: string[] };
    // Line 3, column 18: the "x" in t3.sum("x").
    expect(c.evalue).toMatch(/^\(3,18\) Argument of type '"x"' is not assignable to parameter of type 'number \| number\[\] \| undefined'/);
    expect(c.traceback.join("\n")).toContain('const s = t3.sum("x");');
    expect(text(r.outputs, "stdout")).toBe("");
  });

  it("item() and tolist() are typed host values; item() on many elements says how many", async () => {
    const r = await k.client.execute('//% typecheck: error\nconst v: number = np.ones([2, 3]).sum().item();\nconsole.log(v + 1, JSON.stringify(np.ones([2, 2]).tolist()));');
    expect(r.reply.content.status).toBe("ok");
    expect(text(r.outputs, "stdout")).toBe('7 [[1,1],[1,1]]\n');
    const bad = await k.client.execute("np.ones([2, 3]).item()");
    expect(bad.reply.content).toMatchObject({ status: "error", ename: "ItemError" });
    expect((bad.reply.content as { evalue: string }).evalue).toMatch(/shape \(2, 3\) and 6 elements/);
    const typed = await k.client.execute("//% typecheck: error\nconst w: string = np.ones([1]).item();");
    expect((typed.reply.content as { evalue: string }).evalue).toMatch(/^\(2,7\) Type 'number' is not assignable to type 'string'/);
  });
});

describe("completion shows the library's public API only", () => {
  const complete = async (code: string) => ((await k.client.request("shell", "complete_request", { code, cursor_pos: code.length })).reply.content as { matches: string[] }).matches;

  it("offers no @internal member after `net.` or after a parameter", async () => {
    await k.client.execute("const net = new nn.Sequential().add(new nn.Dense(2, { inUnits: 3 })).initialize();\nconst w = net.at(0).weight;");
    const onNet = await complete("net.");
    expect(onNet).toEqual(expect.arrayContaining(["initialize", "forward", "collectParams", "summary"]));
    for (const internal of ["materialize", "inferInto"]) expect(onNet).not.toContain(internal);
    const onParam = await complete("w.");
    expect(onParam).toEqual(expect.arrayContaining(["data", "setData", "update", "setAt"]));
    for (const internal of ["attach", "finish", "rollback", "register", "create"]) expect(onParam).not.toContain(internal);
  });
});
