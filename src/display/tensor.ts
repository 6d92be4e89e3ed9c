/**
 * Tensors, numpy style: `array([[0.1, 0.2, ...], ...], shape=(2, 20), dtype=float32)`, with large
 * tensors summarised (first and last items of each long axis), plus a small HTML table for 1-D
 * and 2-D tensors.
 */
import { tr } from "./lang.js";
import { html, type SafeHtml } from "./html.js";
import type { MimeBundle } from "./mime.js";
import { STYLE } from "./theme.js";
import { TensorRecordError } from "./errors.js";
import { formatShape } from "./format.js";

export interface TensorRecord {
  values: ArrayLike<number | string | boolean>;
  shape: readonly number[];
  dtype: string;
}

export interface TensorTextOptions {
  /** Summarise when the tensor has more elements than this (numpy's default: 1000). */
  threshold?: number;
  /** Items kept at each end of a summarised axis (numpy: 3). */
  edgeItems?: number;
  /** Wrap rows longer than this (numpy: 75). */
  lineWidth?: number;
  /** Digits after the decimal point at most (PyTorch/d2l style: 4). */
  precision?: number;
}

const GAP = -1;
const PREFIX = "array(";

/** Indices shown along an axis of length `dim`; GAP marks the elided middle. */
function axisIndices(dim: number, summarise: boolean, edge: number): number[] {
  if (!summarise || dim <= 2 * edge) return Array.from({ length: dim }, (_, i) => i);
  return [...Array.from({ length: edge }, (_, i) => i), GAP, ...Array.from({ length: edge }, (_, i) => dim - edge + i)];
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Flat offsets of every displayed element (in order), to choose one format for them all. */
function shownOffsets(shape: readonly number[], summarise: boolean, edge: number): number[] {
  const st = strides(shape);
  const out: number[] = [];
  const walk = (axis: number, base: number) => {
    if (axis === shape.length) {
      out.push(base);
      return;
    }
    for (const i of axisIndices(shape[axis]!, summarise, edge)) if (i !== GAP) walk(axis + 1, base + i * st[axis]!);
  };
  walk(0, 0);
  return out;
}

const decoder = new TextDecoder();

function asScalar(v: unknown): number | string | boolean {
  // tfjs string tensors hand out their values as UTF-8 bytes.
  if (v instanceof Uint8Array) return decoder.decode(v);
  return v as number | string | boolean;
}

/** One formatter for all shown elements, so columns line up (numpy's "maxprec" float mode). */
function makeFormatter(sample: readonly (number | string | boolean)[], dtype: string, precision: number): (v: number | string | boolean) => string {
  const isFloat = /float|complex/.test(dtype) || (!/int|bool|string/.test(dtype) && sample.some((v) => typeof v === "number" && !Number.isInteger(v)));
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  if (!isFloat) {
    return (v) => (typeof v === "string" ? JSON.stringify(v) : String(v));
  }
  const finite = sample.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const abs = finite.map(Math.abs).filter((a) => a > 0);
  const maxAbs = abs.length ? Math.max(...abs) : 0;
  const minAbs = abs.length ? Math.min(...abs) : 0;
  if (maxAbs >= 1e8 || (minAbs > 0 && minAbs < 10 ** -precision) || (maxAbs > 0 && maxAbs / minAbs > 1e6 && minAbs < 1e-2)) {
    return (v) => {
      if (typeof v !== "number") return String(v);
      if (!Number.isFinite(v)) return special(v);
      return v.toExponential(precision).replace(/e([+-])(\d)$/, "e$10$2");
    };
  }
  let decimals = 0;
  for (const v of finite) {
    const s = v.toFixed(precision).replace(/0+$/, "");
    decimals = Math.max(decimals, s.length - s.indexOf(".") - 1);
  }
  return (v) => {
    if (typeof v !== "number") return String(v);
    if (!Number.isFinite(v)) return special(v);
    // "1." for whole floats, as numpy does, so a float tensor never looks like an int one.
    const s = v.toFixed(decimals);
    return decimals === 0 ? `${s === "-0" ? "-0" : s}.` : s;
  };
}

interface Prepared {
  shape: readonly number[];
  summarise: boolean;
  edge: number;
  cell: (offset: number) => string;
  width: number;
}

/** `offsets`: the elements that will be shown, when the caller picks them itself (HTML table). */
function prepare(t: TensorRecord, opts: TensorTextOptions, offsets?: readonly number[]): Prepared {
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (size !== t.values.length) throw new TensorRecordError(t.shape, t.values.length);
  const edge = opts.edgeItems ?? 3;
  const summarise = size > (opts.threshold ?? 1000);
  offsets ??= shownOffsets(t.shape, summarise, edge);
  const sample = offsets.map((o) => asScalar(t.values[o]));
  const fmt = makeFormatter(sample, t.dtype, opts.precision ?? 4);
  const width = sample.reduce<number>((w, v) => Math.max(w, fmt(v).length), 0);
  return { shape: t.shape, summarise, edge, width, cell: (o) => fmt(asScalar(t.values[o])).padStart(width) };
}

export function tensorText(t: TensorRecord, opts: TensorTextOptions = {}): string {
  const p = prepare(t, opts);
  const lineWidth = opts.lineWidth ?? 75;
  const suffix = `shape=${formatShape(t.shape)}, dtype=${t.dtype})`;
  const ndim = t.shape.length;
  if (ndim === 0) return `${PREFIX}${p.cell(0).trim()}, ${suffix}`;
  const st = strides(t.shape);

  // Renders the sub-array at `axis` starting at flat offset `base`; `col` is the column where its '[' sits.
  const block = (axis: number, base: number, col: number): string => {
    const idx = axisIndices(t.shape[axis]!, p.summarise, p.edge);
    if (axis === ndim - 1) {
      const items = idx.map((i) => (i === GAP ? "..." : p.cell(base + i)));
      const lines: string[] = [];
      let line = "";
      for (let k = 0; k < items.length; k++) {
        const piece = items[k]! + (k < items.length - 1 ? "," : "");
        // +1 for '[' on the first line, +ndim-axis for the closing brackets that may follow.
        if (line !== "" && col + 1 + line.length + 1 + piece.length + (ndim - axis) > lineWidth) {
          lines.push(line);
          line = piece;
        } else line = line === "" ? piece : `${line} ${piece}`;
      }
      lines.push(line);
      return `[${lines.join("\n" + " ".repeat(col + 1))}]`;
    }
    const sep = "," + "\n".repeat(ndim - axis - 1) + " ".repeat(col + 1);
    const parts = idx.map((i) => (i === GAP ? "..." : block(axis + 1, base + i * st[axis]!, col + 1)));
    return `[${parts.join(sep)}]`;
  };

  const body = t.values.length === 0 ? "[]" : block(0, 0, PREFIX.length);
  const lastLine = body.slice(body.lastIndexOf("\n") + 1);
  const joiner = (lastLine.length + (body.includes("\n") ? 0 : PREFIX.length) + 2 + suffix.length > lineWidth) ? ",\n" + " ".repeat(PREFIX.length) : ", ";
  return `${PREFIX}${body}${joiner}${suffix}`;
}

const HTML_EDGE = 5;
const HTML_MAX = 12;

function tensorHtml(t: TensorRecord): SafeHtml {
  const rows2d = t.shape.length === 2;
  const nRows = rows2d ? t.shape[0]! : 1;
  const nCols = rows2d ? t.shape[1]! : t.shape[0]!;
  const pick = (n: number) => axisIndices(n, n > HTML_MAX, HTML_EDGE);
  const rowIdx = pick(nRows);
  const colIdx = pick(nCols);
  const offsets = rowIdx.flatMap((r) => (r === GAP ? [] : colIdx.filter((c) => c !== GAP).map((c) => r * nCols + c)));
  const p = prepare(t, {}, offsets);
  const elided = rowIdx.includes(GAP) || colIdx.includes(GAP);
  const head = html`<tr><th style="${STYLE.th}"></th>${colIdx.map((c) => html`<th style="${STYLE.th}">${c === GAP ? "…" : c}</th>`)}</tr>`;
  const body = rowIdx.map((r) =>
    r === GAP
      ? html`<tr class="d2l-elided">${html`<th style="${STYLE.th}">…</th>`}${colIdx.map(() => html`<td style="${STYLE.elided}">⋮</td>`)}</tr>`
      : html`<tr><th style="${STYLE.th}">${rows2d ? r : ""}</th>${colIdx.map((c) =>
          c === GAP ? html`<td style="${STYLE.elided}">…</td>` : html`<td style="${STYLE.tdNum}">${p.cell(r * nCols + c).trim()}</td>`,
        )}</tr>`,
  );
  const caption = tr().tensorCaption(formatShape(t.shape), t.dtype, elided);
  return html`<table class="d2l-tensor" style="${STYLE.table}"><caption style="${STYLE.caption}">${caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export function tensorBundle(t: TensorRecord): MimeBundle {
  const text = tensorText(t);
  const ndim = t.shape.length;
  if ((ndim !== 1 && ndim !== 2) || t.values.length === 0) return { "text/plain": text };
  return { "text/plain": text, "text/html": tensorHtml(t).toString() };
}
