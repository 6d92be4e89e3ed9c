/** Displays in the notebook's language: every fixed word translated, identifiers and JSON unchanged. */
import { afterEach, describe, expect, test } from "vitest";
import { displayLanguage, setDisplayLanguage } from "./lang.js";
import { paramTableBundle, PARAMS_JSON_MIME } from "./param-table.js";
import { summaryBundle } from "./summary.js";
import { networkDot } from "./dot.js";
import type { LayerNode, ParamRow } from "./model.js";

const rows: ParamRow[] = [
  { name: "0.weight", shape: [256, -1], dtype: "float32", state: "deferred", size: null, init: "Uniform(-0.07, 0.07)" },
  { name: "0.bias", shape: [256], dtype: "float32", state: "ready", size: 256, init: "Zeros()" },
  { name: "randWeight", shape: [20, 20], dtype: "float32", state: "constant", size: 400, init: null },
];
const tree: LayerNode = {
  name: "", type: "Sequential", label: "Sequential(1 layers)", params: [], inShape: null, outShape: null, kind: "sequential",
  children: [{ name: "0", type: "Dense", label: "Dense(-1 -> 256)", params: rows.slice(0, 2), inShape: null, outShape: null, children: [], kind: "layer" }],
};

afterEach(() => setDisplayLanguage("en"));

describe("display language", () => {
  test("English by default; Vietnamese once chosen, in tables, summaries and graphs", () => {
    expect(displayLanguage()).toBe("en");
    const en = paramTableBundle(rows);
    expect(en["text/html"]).toMatch(/>Name<\/th>.*>State<\/th>/);
    expect(en["text/plain"]).toMatch(/Constant randWeight/);
    setDisplayLanguage("vi");
    const vi = paramTableBundle(rows);
    const html = String(vi["text/html"]);
    for (const word of ["Tên", "Kích thước", "Trạng thái", "Số phần tử", "Bộ khởi tạo", "khởi tạo trễ", "sẵn sàng", "hằng số", "Tổng", "Tham số"]) expect(html).toContain(word);
    for (const word of [">Name<", ">State<", ">deferred<", ">ready<", "Total:", "unknown until"]) expect(html).not.toContain(word);
    expect(vi["text/plain"]).toMatch(/Hằng số randWeight \(shape=\(20, 20\)/);
    // Programs read the JSON: states and names stay identifiers.
    expect((vi[PARAMS_JSON_MIME] as { parameters: { state: string }[] }).parameters.map((p) => p.state)).toEqual(["deferred", "ready", "constant"]);
    const sum = summaryBundle([{ name: "0", type: "Dense", outShape: null, params: null }], { inputShape: null });
    expect(sum["text/plain"]).toMatch(/^Tóm tắt \(chưa có kích thước đầu vào\)\nTầng +Loại +Kích thước đầu ra +Số tham số/);
    expect(sum["text/plain"]).toMatch(/Ghi chú: Chưa có kích thước đầu vào/);
    expect(sum["text/plain"]).not.toMatch(/Layer|Total|Note/);
    const { dot } = networkDot(tree);
    expect(dot).toContain("đầu vào");
    expect(dot).toContain("đầu ra");
    expect(dot).toContain("chưa biết cho đến batch đầu tiên");
    expect(dot).not.toMatch(/"input"|>input<|unknown until/);
  });

  test("an unknown language is a clear error and changes nothing", () => {
    setDisplayLanguage("vi");
    expect(() => setDisplayLanguage("fr" as "en")).toThrow(/expected one of "en", "vi", got "fr"/);
    expect(displayLanguage()).toBe("vi");
  });
});
