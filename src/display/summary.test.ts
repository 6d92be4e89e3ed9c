import { describe, expect, it } from "vitest";
import { summaryBundle } from "./summary.js";
import type { SummaryRow } from "./model.js";
import { byTag, elements, hasClass, parseHtml, sanitizerProblems, text } from "../../test/support/dom.js";

const known: SummaryRow[] = [
  { name: "0", type: "Dense", outShape: [2, 256], params: 5376 },
  { name: "1", type: "Dense", outShape: [2, 10], params: 2570 },
];
const unknown: SummaryRow[] = [
  { name: "0", type: "Dense", outShape: null, params: null },
  { name: "1", type: "Dense", outShape: [-1, 10], params: null },
];

function parsed(rows: readonly SummaryRow[], opts: Parameters<typeof summaryBundle>[1]) {
  const b = summaryBundle(rows, opts);
  const { root, errors } = parseHtml(b["text/html"] as string);
  expect(errors).toEqual([]);
  const body = byTag(byTag(root, "tbody")[0]!, "tr").map((tr) => byTag(tr, "td").map(text));
  const foot = byTag(byTag(root, "tfoot")[0]!, "td").map(text);
  const notes = elements(root).filter((e) => hasClass(e, "d2l-note")).map(text);
  return { b, root, body, foot, notes };
}

describe("summaryBundle", () => {
  it("tabulates each layer's name, type, output shape and parameter count with a total", () => {
    const { b, root, body, foot, notes } = parsed(known, { inputShape: [2, 20] });
    expect(byTag(root, "th").map(text)).toEqual(["Layer", "Type", "Output shape", "Params"]);
    expect(body).toEqual([
      ["0", "Dense", "(2, 256)", "5,376"],
      ["1", "Dense", "(2, 10)", "2,570"],
    ]);
    expect(foot).toEqual(["Total params (2 layers)", "7,946"]);
    expect(notes).toEqual([]);
    expect(text(byTag(root, "caption")[0]!)).toBe("Summary for input shape (2, 20)");
    const lines = b["text/plain"].split("\n");
    expect(lines[0]).toBe("Summary for input shape (2, 20)");
    expect(lines.some((l) => /^0 +Dense +\(2, 256\) +5,376$/.test(l))).toBe(true);
    // Columns line up: every row has its Params column ending at the same place.
    expect(new Set(lines.slice(1, 5).filter((l) => !l.startsWith("─")).map((l) => l.length)).size).toBe(1);
    expect(lines).toContain("Total params: 7,946  (2 layers)");
  });

  it("without an input shape, says clearly which sizes cannot be known and how to get them", () => {
    const { b, body, foot, notes, root } = parsed(unknown, { inputShape: null });
    expect(body).toEqual([
      ["0", "Dense", "?", "?"],
      ["1", "Dense", "(-1, 10)", "?"],
    ]);
    expect(elements(root).filter((e) => hasClass(e, "d2l-unknown")).map(text)).toEqual(["?", "?", "-1", "?", "?"]);
    expect(foot[1]).toBe("?");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/No input shape was given/);
    expect(notes[0]).toMatch(/output shape of 2 layers and the parameter count of 2 layers/);
    expect(notes[0]).toMatch(/net\.summary\(\[2, 20\]\)/);
    expect(b["text/plain"]).toMatch(/^Summary \(no input shape given\)/);
    expect(b["text/plain"]).toMatch(/Total params: unknown for 2 layers  \(2 layers\)\n/);
    expect(b["text/plain"]).toMatch(/\nNote: No input shape was given/);
    expect(sanitizerProblems(root)).toEqual([]);
  });

  it("appends the caller's note, escaped", () => {
    const { notes, root } = parsed(known, { inputShape: null, note: "Layer <b>x</b> & co." });
    expect(notes).toEqual(["No input shape was given; every size shown is already known from the layers' parameters.", "Layer <b>x</b> & co."]);
    expect(byTag(root, "b")).toHaveLength(0);
  });

  it("escapes hostile layer names and types", () => {
    const evil = `<script>alert('x')</script>"&`;
    const { root, body, b } = parsed([{ name: evil, type: `<${evil}>`, outShape: [1], params: 0 }], { inputShape: [1] });
    expect(byTag(root, "script")).toHaveLength(0);
    expect(body[0]!.slice(0, 2)).toEqual([evil, `<${evil}>`]);
    expect(b["text/plain"]).toContain(evil);
  });

  it("summarises very deep networks but totals every layer", () => {
    const rows: SummaryRow[] = Array.from({ length: 500 }, (_, i) => ({ name: `l${i}`, type: "Dense", outShape: [1, 4], params: 10 }));
    const { body, foot, b } = parsed(rows, { inputShape: [1, 4] });
    expect(body.length).toBeLessThan(100);
    expect(body[0]![0]).toBe("l0");
    expect(body[body.length - 1]![0]).toBe("l499");
    expect(body.some((r) => /more layers/.test(r[0]!))).toBe(true);
    expect(foot).toEqual(["Total params (500 layers)", "5,000"]);
    expect(b["text/plain"].split("\n").length).toBeLessThan(100);
  });
});
