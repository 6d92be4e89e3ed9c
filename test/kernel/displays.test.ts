/**
 * The library's rich displays reach the frontend through the kernel: a parameter collection or a
 * network as a cell's value is an execute_result with HTML/SVG and a text/plain fallback, and
 * display(net) is a display_data with the same bundle.
 */
import { describe, expect, it } from "vitest";
import { parseFragment } from "parse5";
import { kernelForFile, launch } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
type Output = { output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string };
let k: Kernel;

kernelForFile(
  launch,
  (started) => (k = started),
  'const net = new nn.Sequential(); net.add(new nn.Dense(256, { activation: "relu" }), new nn.Dense(10)); net.initialize();',
);

function only(outputs: Output[], type: string): Output {
  const errors = outputs.filter((o) => o.output_type === "error");
  expect(errors, JSON.stringify(errors)).toEqual([]);
  const found = outputs.filter((o) => o.output_type === type);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** All text nodes of an HTML fragment, in document order. */
function texts(html: string): string[] {
  const out: string[] = [];
  const walk = (n: { nodeName: string; value?: string; childNodes?: unknown[] }) => {
    if (n.nodeName === "#text" && n.value?.trim()) out.push(n.value.trim());
    for (const c of n.childNodes ?? []) walk(c as never);
  };
  walk(parseFragment(html) as never);
  return out;
}

describe("rich displays through the kernel", () => {
  it("a parameter collection as the cell's value is an execute_result with a table and text", async () => {
    const r = await k.client.execute("net.collectParams()");
    const res = only(r.outputs as Output[], "execute_result");
    expect(String(res.data!["text/plain"])).toContain("0.weight (shape=(256, -1), dtype=float32)");
    const cells = texts(String(res.data!["text/html"]));
    expect(cells).toContain("0.weight");
    expect(cells).toContain("deferred");
    const json = res.data!["application/vnd.d2l-ts.params+json"] as { parameters: { name: string; shape: number[] }[] };
    expect(json.parameters.map((p) => [p.name, p.shape])).toEqual([
      ["0.weight", [256, -1]],
      ["0.bias", [256]],
      ["1.weight", [10, -1]],
      ["1.bias", [10]],
    ]);
  });

  it("a network as the cell's value is an execute_result with an SVG shape graph", async () => {
    const r = await k.client.execute("net", { timeoutMs: 60_000 });
    const res = only(r.outputs as Output[], "execute_result");
    expect(String(res.data!["text/plain"])).toContain("Dense(-1 -> 256, relu)");
    const svg = String(res.data!["image/svg+xml"]);
    expect(svg.startsWith("<svg") || svg.startsWith("<?xml")).toBe(true);
    expect(texts(svg).join(" ")).toContain("Dense(-1 -> 256, relu)");
  });

  it("display(net) after the first batch is a display_data whose graph shows the real sizes", async () => {
    const r = await k.client.execute("net.forward(np.ones([2, 20])); display(net);", { timeoutMs: 60_000 });
    const d = only(r.outputs as Output[], "display_data");
    expect(String(d.data!["text/plain"])).toContain("Dense(20 -> 256, relu)");
    const words = texts(String(d.data!["image/svg+xml"])).join(" ");
    expect(words).toContain("(2, 20)");
    expect(words).toContain("weight (256, 20)");
    expect(words).toContain("(2, 10)");
    expect(r.outputs.some((o) => o.output_type === "execute_result")).toBe(false);
  });

  it("a notebook written for tslab displays through the kernel's own display (the executor's bundle shares it)", async () => {
    const r = await k.client.execute('import * as tslab from "tslab"; tslab.display.html("<b>from tslab</b>"); tslab.display.text("plain")', { timeoutMs: 60_000 });
    const shown = (r.outputs as Output[]).filter((o) => o.output_type === "display_data");
    expect(shown.map((o) => o.data), JSON.stringify(r.outputs)).toEqual([
      expect.objectContaining({ "text/html": "<b>from tslab</b>" }),
      expect.objectContaining({ "text/plain": "plain" }),
    ]);
  });
});
