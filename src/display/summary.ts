/**
 * `net.summary(inputShape?)`: one row per layer (name, type, output shape, parameter count) with
 * totals. Without an input shape some sizes cannot be known; the table says which and why.
 */
import { html, type SafeHtml } from "./html.js";
import type { MimeBundle } from "./mime.js";
import type { SummaryRow } from "./model.js";
import { STYLE } from "./theme.js";
import { elide, formatCount, formatShape, isKnownShape, shapeHtml, textColumns, unknownHtml } from "./format.js";

export interface SummaryOptions {
  inputShape: readonly number[] | null;
  /** Extra sentence from the caller (e.g. which layer stopped shape inference). */
  note?: string;
  /** Above this many rows, show the first and last rows only. Default 80. */
  maxRows?: number;
}

export interface SummaryTotals {
  layers: number;
  /** Sum of the known parameter counts. */
  knownParams: number;
  /** Layers whose parameter count is unknown. */
  unknownParams: number;
  /** Layers whose output shape is unknown (null or containing -1). */
  unknownShapes: number;
}

export function summaryTotals(rows: readonly SummaryRow[]): SummaryTotals {
  let knownParams = 0;
  let unknownParams = 0;
  let unknownShapes = 0;
  for (const r of rows) {
    if (r.params === null) unknownParams++;
    else knownParams += r.params;
    if (!isKnownShape(r.outShape)) unknownShapes++;
  }
  return { layers: rows.length, knownParams, unknownParams, unknownShapes };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The sentences explaining what is unknown; empty when everything is known. */
function unknownNotes(t: SummaryTotals, inputShape: readonly number[] | null): string[] {
  const notes: string[] = [];
  if (inputShape === null) {
    if (t.unknownShapes > 0 || t.unknownParams > 0) {
      notes.push(
        "No input shape was given, so the sizes that depend on the input cannot be known yet: " +
          [
            t.unknownShapes > 0 ? `the output shape of ${plural(t.unknownShapes, "layer")}` : "",
            t.unknownParams > 0 ? `the parameter count of ${plural(t.unknownParams, "layer")}` : "",
          ]
            .filter(Boolean)
            .join(" and ") +
          " (shown as ? or -1). Call summary with an input shape, e.g. net.summary([2, 20]), or pass one batch through the network.",
      );
    } else {
      notes.push("No input shape was given; every size shown is already known from the layers' parameters.");
    }
  } else if (t.unknownShapes > 0 || t.unknownParams > 0) {
    notes.push(
      `Even with input shape ${formatShape(inputShape)}, ${plural(Math.max(t.unknownShapes, t.unknownParams), "layer")} ` +
        "could not be sized (shown as ? or -1).",
    );
  }
  return notes;
}

function totalText(t: SummaryTotals): string {
  return t.unknownParams > 0
    ? `${formatCount(t.knownParams)} + unknown (${plural(t.unknownParams, "layer")})`
    : formatCount(t.knownParams);
}

export function summaryBundle(rows: readonly SummaryRow[], opts: SummaryOptions): MimeBundle {
  const totals = summaryTotals(rows);
  const notes = unknownNotes(totals, opts.inputShape);
  if (opts.note) notes.push(opts.note);
  const title = opts.inputShape === null ? "Summary (no input shape given)" : `Summary for input shape ${formatShape(opts.inputShape)}`;
  const maxRows = opts.maxRows ?? 80;
  return {
    "text/plain": summaryText(rows, title, totals, notes, maxRows),
    "text/html": summaryHtml(rows, title, totals, notes, maxRows).toString(),
  };
}

function cells(r: SummaryRow): string[] {
  return [r.name, r.type, formatShape(r.outShape), r.params === null ? "?" : formatCount(r.params)];
}

function summaryText(rows: readonly SummaryRow[], title: string, t: SummaryTotals, notes: string[], maxRows: number): string {
  const all = rows.map(cells);
  const cols = textColumns(["Layer", "Type", "Output shape", "Params"], all, new Set([3]));
  const { head, tail, omitted } = elide(all, { maxRows });
  const body = head.map(cols.line);
  if (omitted > 0) body.push(`… ${formatCount(omitted)} more layers …`, ...tail.map(cols.line));
  return [
    title,
    cols.line(["Layer", "Type", "Output shape", "Params"]),
    cols.rule,
    ...body,
    cols.rule,
    `Total params: ${totalText(t)}  (${plural(t.layers, "layer")})`,
    ...notes.map((n) => `Note: ${n}`),
  ].join("\n");
}

function rowHtml(r: SummaryRow): SafeHtml {
  return html`<tr><td style="${STYLE.tdCode}">${r.name}</td><td style="${STYLE.td}">${r.type}</td><td style="${STYLE.tdCode}">${shapeHtml(r.outShape)}</td><td style="${STYLE.tdNum}">${r.params === null ? unknownHtml("?") : formatCount(r.params)}</td></tr>`;
}

function summaryHtml(rows: readonly SummaryRow[], title: string, t: SummaryTotals, notes: string[], maxRows: number): SafeHtml {
  const { head, tail, omitted } = elide(rows, { maxRows });
  const gap = omitted > 0 ? html`<tr class="d2l-elided"><td colspan="4" style="${STYLE.elided}">… ${formatCount(omitted)} more layers …</td></tr>` : null;
  const total = t.unknownParams > 0 ? html`${formatCount(t.knownParams)} + ${unknownHtml("?")}` : html`${formatCount(t.knownParams)}`;
  const unknown = t.unknownParams > 0 || t.unknownShapes > 0;
  const noteHtml = notes.map((n) => html`<p class="d2l-note" style="${unknown ? STYLE.warnNote : STYLE.note}">${n}</p>`);
  return html`<div class="d2l-summary"><table class="d2l-summary-table" style="${STYLE.table}"><caption style="${STYLE.caption}">${title}</caption><thead><tr><th style="${STYLE.th}">Layer</th><th style="${STYLE.th}">Type</th><th style="${STYLE.th}">Output shape</th><th style="${STYLE.th}">Params</th></tr></thead><tbody>${head.map(rowHtml)}${gap}${tail.map(rowHtml)}</tbody><tfoot><tr class="d2l-total"><td colspan="3" style="${STYLE.total}">Total params (${plural(t.layers, "layer")})</td><td style="${STYLE.totalNum}">${total}</td></tr></tfoot></table>${noteHtml}</div>`;
}
