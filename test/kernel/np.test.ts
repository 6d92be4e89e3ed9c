/**
 * `np` and `npx` in a cell as a d2l reader uses them: numpy-style calls run, the checker offers
 * their names and rejects wrong argument types on the cell's line, and bad input reports an
 * NpError naming the call.
 */
import { describe, expect, it } from "vitest";
import { kernelForFile, launch, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

kernelForFile(launch, (started) => (k = started));

describe("np in the kernel", () => {
  it("numpy-style calls run in a cell", async () => {
    const r = await k.client.execute(
      [
        "const X = np.reshape(np.arange(12), [3, 4]);",
        "console.log(X.dtype, Array.from(np.sum(X, -1).dataSync()).join(','), np.sum(X, { axis: 0, keepdims: true }).shape.join('x'));",
        "console.log(np.allclose(np.dot(X, np.ones(4)), np.sum(X, 1)), np.arrayEqual(np.equal(X, X), np.onesLike(X, 'bool')));",
        "console.log(Array.from(npx.relu(np.subtract(np.arange(3), 1)).dataSync()).join(','), np.linalg.norm(np.array([3, 4])).dataSync()[0]);",
      ].join("\n"),
    );
    expect(r.reply.content.status).toBe("ok");
    expect(text(r.outputs, "stdout")).toBe("int32 6,22,38 1x4\ntrue true\n0,0,1 5\n");
  });

  it("completion after `np.`, `np.linalg.` and `npx.` offers numpy's names", async () => {
    const matches = async (code: string) => {
      const r = await k.client.request("shell", "complete_request", { code, cursor_pos: code.length });
      return (r.reply.content as { matches: string[] }).matches;
    };
    expect(await matches("np.")).toEqual(expect.arrayContaining(["expandDims", "argmax", "allclose", "linalg", "random"]));
    expect(await matches("np.linalg.")).toContain("norm");
    expect(await matches("npx.")).toEqual(expect.arrayContaining(["relu", "softmax"]));
  });

  it("completion offers a function made by np's one maker (unary) as it offers a declared one", async () => {
    const types = async (code: string) => {
      const r = await k.client.request("shell", "complete_request", { code, cursor_pos: code.length });
      const entries = (r.reply.content as { metadata: { _jupyter_types_experimental: { text: string; type: string }[] } }).metadata._jupyter_types_experimental;
      return Object.fromEntries(entries.map((e) => [e.text, e.type]));
    };
    const np = await types("np.");
    expect(np.exp).toBe(np.add);
    expect(np.tanh).toBe(np.add);
    expect(await types("npx.")).toMatchObject({ relu: "function", softrelu: "function", leakyRelu: "function", softmax: "function" });
  });

  it("hover on a made function shows its signature with its parameter's name, and its doc comment", async () => {
    const inspect = async (code: string) => {
      const r = await k.client.request("shell", "inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
      return (r.reply.content as { data: Record<string, string> }).data["text/plain"] ?? "";
    };
    expect(await inspect("np.exp")).toMatch(/exp: \(x: np\.NpArrayLike\) => tf\.Tensor\n[\s\S]*e\*\*x elementwise \(float32\)/);
    expect(await inspect("npx.relu")).toMatch(/relu: \(data: np\.NpArrayLike\) => tf\.Tensor\n[\s\S]*max\(x, 0\) elementwise/);
  });

  it("a wrong argument type is a type error on the cell's line, in error mode", async () => {
    const r = await k.client.execute('//% typecheck: error\nconst Y = np.ones([2, 3]);\nconst s = np.sum(Y, "1");\nconsole.log("ran");');
    expect(r.reply.content).toMatchObject({ status: "error", ename: "TypeError" });
    expect((r.reply.content as { evalue: string }).evalue).toMatch(/^\(3,/);
    expect(text(r.outputs, "stdout")).toBe("");
  });

  it("bad input at run time is an NpError that names the call and both shapes", async () => {
    const r = await k.client.execute("np.add(np.ones([2, 3]), np.ones([4]));");
    const c = r.reply.content as { status: string; ename: string; evalue: string };
    expect(c.status).toBe("error");
    expect(c.ename).toBe("NpError");
    expect(c.evalue).toMatch(/^np\.add: operands could not be broadcast together with shapes \(2, 3\) \(4,\)/);
  });
});
