/**
 * Parameter collections (`net.collectParams()`): a Gluon-style text listing, an HTML table and a
 * JSON record of the same facts.
 */
import { html, type SafeHtml } from "./html.js";
import type { MimeBundle } from "./mime.js";
import type { ParamRow, ParamState } from "./model.js";
import { STYLE } from "./theme.js";
import { elide, formatCount, formatShape, isKnownShape, shapeHtml, textColumns, unknownHtml, UNKNOWN_TITLE } from "./format.js";

export interface ParamTableOptions {
  /** Heading of the listing; default "Parameters". */
  title?: string;
  /** Above this many rows the text and HTML show the first and last rows only (JSON keeps all). Default 60. */
  maxRows?: number;
}

export interface ParamTotals {
  parameters: number;
  /** Elements of the parameters whose shape is fully known. */
  knownElements: number;
  /** Parameters whose size is still unknown (some dimension is -1). */
  unknownSize: number;
  states: Record<ParamState, number>;
}

export interface ParamTableJson {
  title: string;
  parameters: {
    name: string;
    shape: number[];
    dtype: string;
    state: ParamState;
    size: number | null;
    init: string | null;
  }[];
  totals: ParamTotals;
}

const DEFAULT_MAX_ROWS = 60;

export function paramTotals(rows: readonly ParamRow[]): ParamTotals {
  const states: Record<ParamState, number> = { "never-initialized": 0, deferred: 0, ready: 0, constant: 0 };
  let knownElements = 0;
  let unknownSize = 0;
  for (const r of rows) {
    states[r.state]++;
    const size = rowSize(r);
    if (size === null) unknownSize++;
    else knownElements += size;
  }
  return { parameters: rows.length, knownElements, unknownSize, states };
}

/** Trust the record's size, but never report a size for a shape that still has -1 in it. */
function rowSize(r: ParamRow): number | null {
  if (!isKnownShape(r.shape)) return null;
  return r.size ?? r.shape.reduce((a, b) => a * b, 1);
}

/**
 * The facts as JSON for programs. A vendor `+json` type rather than `application/json`: JupyterLab
 * ranks its JSON viewer above HTML, so a plain `application/json` key would hide the table there.
 */
export const PARAMS_JSON_MIME = "application/vnd.d2l-ts.params+json";

export function paramTableBundle(rows: readonly ParamRow[], opts: ParamTableOptions = {}): MimeBundle {
  const title = opts.title ?? "Parameters";
  const totals = paramTotals(rows);
  const json: ParamTableJson = {
    title,
    parameters: rows.map((r) => ({
      name: r.name,
      shape: [...r.shape],
      dtype: r.dtype,
      state: r.state,
      size: rowSize(r),
      init: r.init,
    })),
    totals,
  };
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  return {
    "text/plain": paramText(rows, title, totals, maxRows),
    "text/html": paramHtml(rows, title, totals, maxRows).toString(),
    [PARAMS_JSON_MIME]: json,
  };
}

function countsSentence(t: ParamTotals): string {
  const parts = [`${t.parameters} parameter${t.parameters === 1 ? "" : "s"}`];
  if (t.states.ready > 0) parts.push(`${t.states.ready} ready`);
  if (t.states.deferred > 0) parts.push(`${t.states.deferred} deferred`);
  if (t.states["never-initialized"] > 0) parts.push(`${t.states["never-initialized"]} never initialized`);
  if (t.states.constant > 0) parts.push(`${t.states.constant} constant`);
  return parts.join(", ");
}

function totalsSentence(t: ParamTotals): string {
  let elements = `${formatCount(t.knownElements)} elements`;
  if (t.unknownSize > 0) elements += ` + ${t.unknownSize} of unknown size (-1: ${UNKNOWN_TITLE})`;
  return `${countsSentence(t)}; ${elements}`;
}

function paramText(rows: readonly ParamRow[], title: string, totals: ParamTotals, maxRows: number): string {
  const line = (r: ParamRow) => `  ${r.state === "constant" ? "Constant" : "Parameter"} ${r.name} (shape=${formatShape(r.shape)}, dtype=${r.dtype})`;
  const { head, tail, omitted } = elide(rows, { maxRows });
  const body = [...head.map(line)];
  if (omitted > 0) body.push(`  … ${omitted} more parameters …`, ...tail.map(line));
  return [`${title} (`, ...body, `)`, totalsSentence(totals)].join("\n");
}

function stateHtml(state: ParamState): SafeHtml {
  if (state === "ready") return html`<span style="${STYLE.ready}">ready</span>`;
  if (state === "constant") return html`<span style="${STYLE.muted}" title="fixed value: no gradient, not initialized">constant</span>`;
  if (state === "deferred")
    return html`<span style="${STYLE.deferred}" title="shape not known yet: initialized at the first forward pass">deferred</span>`;
  return html`<span style="${STYLE.muted}" title="call initialize() first">never-initialized</span>`;
}

function rowHtml(r: ParamRow): SafeHtml {
  const size = rowSize(r);
  return html`<tr><td style="${STYLE.tdCode}">${r.name}</td><td style="${STYLE.tdCode}">${shapeHtml(r.shape)}</td><td style="${STYLE.td}">${r.dtype}</td><td style="${STYLE.td}">${stateHtml(r.state)}</td><td style="${STYLE.tdNum}">${size === null ? unknownHtml("?") : formatCount(size)}</td><td style="${STYLE.td}">${r.init ?? html`<span style="${STYLE.muted}">—</span>`}</td></tr>`;
}

function paramHtml(rows: readonly ParamRow[], title: string, totals: ParamTotals, maxRows: number): SafeHtml {
  const { head, tail, omitted } = elide(rows, { maxRows });
  const gap =
    omitted > 0 ? html`<tr class="d2l-elided"><td colspan="6" style="${STYLE.elided}">… ${formatCount(omitted)} more parameters …</td></tr>` : null;
  const elements =
    totals.unknownSize > 0
      ? html`${formatCount(totals.knownElements)} + ${unknownHtml("?")}`
      : html`${formatCount(totals.knownElements)}`;
  const legend =
    totals.unknownSize > 0
      ? html`<p class="d2l-legend" style="${STYLE.warnNote}">${unknownHtml("-1")} / ${unknownHtml("?")}: ${UNKNOWN_TITLE} (deferred initialization).</p>`
      : null;
  return html`<div class="d2l-params"><table class="d2l-param-table" style="${STYLE.table}"><caption style="${STYLE.caption}">${title}</caption><thead><tr><th style="${STYLE.th}">Name</th><th style="${STYLE.th}">Shape</th><th style="${STYLE.th}">Dtype</th><th style="${STYLE.th}">State</th><th style="${STYLE.th}">Elements</th><th style="${STYLE.th}">Initializer</th></tr></thead><tbody>${head.map(rowHtml)}${gap}${tail.map(rowHtml)}</tbody><tfoot><tr class="d2l-total"><td colspan="4" style="${STYLE.total}">Total: ${countsSentence(totals)}</td><td style="${STYLE.totalNum}">${elements}</td><td style="${STYLE.total}"></td></tr></tfoot></table>${legend}</div>`;
}
