/**
 * `net.summary(inputShape?)`: one row per layer (name, type, output shape, parameter count) with
 * totals. Without an input shape some sizes cannot be known; the table says which and why.
 */
import { html, type SafeHtml } from "./html.js";
import type { MimeBundle } from "./mime.js";
import type { SummaryRow } from "./model.js";
import { STYLE } from "./theme.js";
import { tr } from "./lang.js";
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

function layers(n: number): string {
  return tr().nLayers(n);
}

/** The sentences explaining what is unknown; empty when everything is known. */
function unknownNotes(t: SummaryTotals, inputShape: readonly number[] | null): string[] {
  const notes: string[] = [];
  const m = tr();
  if (inputShape === null) {
    if (t.unknownShapes > 0 || t.unknownParams > 0) {
      notes.push(
        m.noShapeUnknown(
          [t.unknownShapes > 0 ? m.outShapeOf(layers(t.unknownShapes)) : "", t.unknownParams > 0 ? m.paramCountOf(layers(t.unknownParams)) : ""].filter(Boolean),
        ),
      );
    } else {
      notes.push(m.noShapeKnown);
    }
  } else if (t.unknownShapes > 0 || t.unknownParams > 0) {
    notes.push(m.evenWith(formatShape(inputShape), layers(Math.max(t.unknownShapes, t.unknownParams))));
  }
  return notes;
}

function totalText(t: SummaryTotals): string {
  return t.unknownParams > 0
    ? `${formatCount(t.knownParams)} + ${tr().unknownCount(layers(t.unknownParams))}`
    : formatCount(t.knownParams);
}

export function summaryBundle(rows: readonly SummaryRow[], opts: SummaryOptions): MimeBundle {
  const totals = summaryTotals(rows);
  const notes = unknownNotes(totals, opts.inputShape);
  if (opts.note) notes.push(opts.note);
  const title = opts.inputShape === null ? tr().summaryNoShape : tr().summaryFor(formatShape(opts.inputShape));
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
  const m = tr();
  const header = [m.colLayer, m.colType, m.colOutShape, m.colParams];
  const all = rows.map(cells);
  const cols = textColumns(header, all, new Set([3]));
  const { head, tail, omitted } = elide(all, { maxRows });
  const body = head.map(cols.line);
  if (omitted > 0) body.push(m.moreLayers(formatCount(omitted)), ...tail.map(cols.line));
  return [
    title,
    cols.line(header),
    cols.rule,
    ...body,
    cols.rule,
    `${m.totalParams}: ${totalText(t)}  (${layers(t.layers)})`,
    ...notes.map((n) => `${m.note}: ${n}`),
  ].join("\n");
}

function rowHtml(r: SummaryRow): SafeHtml {
  return html`<tr><td style="${STYLE.tdCode}">${r.name}</td><td style="${STYLE.td}">${r.type}</td><td style="${STYLE.tdCode}">${shapeHtml(r.outShape)}</td><td style="${STYLE.tdNum}">${r.params === null ? unknownHtml("?") : formatCount(r.params)}</td></tr>`;
}

function summaryHtml(rows: readonly SummaryRow[], title: string, t: SummaryTotals, notes: string[], maxRows: number): SafeHtml {
  const m = tr();
  const { head, tail, omitted } = elide(rows, { maxRows });
  const gap = omitted > 0 ? html`<tr class="d2l-elided"><td colspan="4" style="${STYLE.elided}">${m.moreLayers(formatCount(omitted))}</td></tr>` : null;
  const total = t.unknownParams > 0 ? html`${formatCount(t.knownParams)} + ${unknownHtml("?")}` : html`${formatCount(t.knownParams)}`;
  const unknown = t.unknownParams > 0 || t.unknownShapes > 0;
  const noteHtml = notes.map((n) => html`<p class="d2l-note" style="${unknown ? STYLE.warnNote : STYLE.note}">${n}</p>`);
  return html`<div class="d2l-summary"><table class="d2l-summary-table" style="${STYLE.table}"><caption style="${STYLE.caption}">${title}</caption><thead><tr><th style="${STYLE.th}">${m.colLayer}</th><th style="${STYLE.th}">${m.colType}</th><th style="${STYLE.th}">${m.colOutShape}</th><th style="${STYLE.th}">${m.colParams}</th></tr></thead><tbody>${head.map(rowHtml)}${gap}${tail.map(rowHtml)}</tbody><tfoot><tr class="d2l-total"><td colspan="3" style="${STYLE.total}">${m.totalParams} (${layers(t.layers)})</td><td style="${STYLE.totalNum}">${total}</td></tr></tfoot></table>${noteHtml}</div>`;
}
