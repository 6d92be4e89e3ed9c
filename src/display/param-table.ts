/**
 * Parameter collections (`net.collectParams()`): a Gluon-style text listing, an HTML table and a
 * JSON record of the same facts.
 */
import { html, type SafeHtml } from "./html.js";
import type { MimeBundle } from "./mime.js";
import type { ParamRow, ParamState } from "./model.js";
import { STYLE } from "./theme.js";
import { elide, formatCount, formatShape, isKnownShape, shapeHtml, textColumns, unknownHtml, unknownTitle } from "./format.js";
import { tr } from "./lang.js";

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
  const title = opts.title ?? tr().parameters;
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
  const m = tr();
  const parts = [m.nParameters(t.parameters)];
  if (t.states.ready > 0) parts.push(m.nReady(t.states.ready));
  if (t.states.deferred > 0) parts.push(m.nDeferred(t.states.deferred));
  if (t.states["never-initialized"] > 0) parts.push(m.nNever(t.states["never-initialized"]));
  if (t.states.constant > 0) parts.push(m.nConstant(t.states.constant));
  return parts.join(", ");
}

function totalsSentence(t: ParamTotals): string {
  let elements = tr().elements(formatCount(t.knownElements));
  if (t.unknownSize > 0) elements += tr().unknownSize(t.unknownSize, unknownTitle());
  return `${countsSentence(t)}; ${elements}`;
}

function paramText(rows: readonly ParamRow[], title: string, totals: ParamTotals, maxRows: number): string {
  const m = tr();
  const line = (r: ParamRow) => `  ${r.state === "constant" ? m.constantWord : m.parameterWord} ${r.name} (shape=${formatShape(r.shape)}, dtype=${r.dtype})`;
  const { head, tail, omitted } = elide(rows, { maxRows });
  const body = [...head.map(line)];
  if (omitted > 0) body.push(`  ${m.moreParameters(String(omitted))}`, ...tail.map(line));
  return [`${title} (`, ...body, `)`, totalsSentence(totals)].join("\n");
}

function stateHtml(state: ParamState): SafeHtml {
  const m = tr();
  const word = m.state[state];
  const title = m.stateTitle[state];
  if (state === "ready") return html`<span style="${STYLE.ready}">${word}</span>`;
  if (state === "deferred") return html`<span style="${STYLE.deferred}" title="${title}">${word}</span>`;
  return html`<span style="${STYLE.muted}" title="${title}">${word}</span>`;
}

function rowHtml(r: ParamRow): SafeHtml {
  const size = rowSize(r);
  return html`<tr><td style="${STYLE.tdCode}">${r.name}</td><td style="${STYLE.tdCode}">${shapeHtml(r.shape)}</td><td style="${STYLE.td}">${r.dtype}</td><td style="${STYLE.td}">${stateHtml(r.state)}</td><td style="${STYLE.tdNum}">${size === null ? unknownHtml("?") : formatCount(size)}</td><td style="${STYLE.td}">${r.init ?? html`<span style="${STYLE.muted}">—</span>`}</td></tr>`;
}

function paramHtml(rows: readonly ParamRow[], title: string, totals: ParamTotals, maxRows: number): SafeHtml {
  const m = tr();
  const { head, tail, omitted } = elide(rows, { maxRows });
  const gap =
    omitted > 0 ? html`<tr class="d2l-elided"><td colspan="6" style="${STYLE.elided}">${m.moreParameters(formatCount(omitted))}</td></tr>` : null;
  const elements =
    totals.unknownSize > 0
      ? html`${formatCount(totals.knownElements)} + ${unknownHtml("?")}`
      : html`${formatCount(totals.knownElements)}`;
  const legend =
    totals.unknownSize > 0
      ? html`<p class="d2l-legend" style="${STYLE.warnNote}">${unknownHtml("-1")} / ${unknownHtml("?")}: ${m.unknownTitle} (${m.deferredInit}).</p>`
      : null;
  return html`<div class="d2l-params"><table class="d2l-param-table" style="${STYLE.table}"><caption style="${STYLE.caption}">${title}</caption><thead><tr><th style="${STYLE.th}">${m.colName}</th><th style="${STYLE.th}">${m.colShape}</th><th style="${STYLE.th}">${m.colDtype}</th><th style="${STYLE.th}">${m.colState}</th><th style="${STYLE.th}">${m.colElements}</th><th style="${STYLE.th}">${m.colInitializer}</th></tr></thead><tbody>${head.map(rowHtml)}${gap}${tail.map(rowHtml)}</tbody><tfoot><tr class="d2l-total"><td colspan="4" style="${STYLE.total}">${m.total}: ${countsSentence(totals)}</td><td style="${STYLE.totalNum}">${elements}</td><td style="${STYLE.total}"></td></tr></tfoot></table>${legend}</div>`;
}
