/**
 * The kernel's debug adapter: Jupyter's debug_request content (DAP) in, debug_reply content and
 * debug_event content out, served on the io worker over the main thread's V8 inspector. Cells are
 * TypeScript; V8 sees the scripts they compile to, so every line crossing this file is mapped
 * with the compiler's line table (cell line <-> script line).
 *
 * Nothing here runs while no debugger is attached: `fileFor` answers undefined and cells keep
 * their cell-N.ts names.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { LineTable } from "../compile/line-table.js";
import { breakableLine } from "../compile/line-table.js";
import { CellFiles, FILE_SUFFIX, HASH_SEED, scriptUrl } from "./cell-files.js";
import type { Breakpoint, Command, DapEvent, DapEventMessage, DapRequest, DapResponse, RequestOf, Scope, SourceBreakpoint, StackFrame, Variable } from "./dap.js";
import { parseRequest } from "./dap.js";
import type { Debugger, Inspector, Runtime } from "./inspector.js";
import { connectMainThread } from "./inspector.js";
import { describe, expandable, isIdentifier, isTensor, panelType, richExpression, TENSOR_SUMMARY, USER_GLOBALS } from "./values.js";

export interface DebugAdapterOptions {
  /** Cell line <-> script line, from the kernel's compiler. */
  lineTable(code: string): Promise<LineTable | null>;
  /** Publishes a debug_event. */
  event(e: DapEventMessage): void;
  log(level: "debug" | "info" | "warn" | "error", msg: string): void;
  /** Where cell files go (tests); default a folder of the OS temp dir named for this process. */
  cellDir?: string;
  /** Default: the main thread's inspector. */
  connect?: () => Promise<Inspector>;
}

const THREAD_ID = 1;

/** Kernel and Node frames are never shown nor stepped into: the user's code is cells and libraries. */
const KERNEL_URL = pathToFileURL(fileURLToPath(new URL("../", import.meta.url))).href;

type Handle = { kind: "object"; objectId: string } | { kind: "globals" };

interface Paused {
  frames: Debugger.CallFrame[];
}

class DapError extends Error {}

export class DebugAdapter {
  private readonly files: CellFiles;
  private inspector: Inspector | null = null;
  private connecting: Promise<Inspector> | null = null;
  private seq = 0;
  private paused: Paused | null = null;
  private readonly scripts = new Map<string, string>();
  private readonly tables = new Map<string, Promise<LineTable | null>>();
  /** Per cell file: what the frontend asked for and the V8 breakpoints set for it. */
  private readonly breakpoints = new Map<string, { requested: SourceBreakpoint[]; v8: { v8Id: string; dap: Breakpoint }[] }>();
  private nextBreakpointId = 1;
  private handles = new Map<number, Handle>();
  private nextHandle = 1;
  private stepping: "Debugger.stepOver" | "Debugger.stepInto" | "Debugger.stepOut" | null = null;
  private stepsInWrapper = 0;
  private pauseRequested = false;
  /** An interrupt resumed a paused cell: no pause until it ends. */
  private skipping = false;
  private exceptionState: "none" | "uncaught" | "all" = "none";

  constructor(private readonly opts: DebugAdapterOptions) {
    this.files = new CellFiles(opts.cellDir);
  }

  get started(): boolean {
    return this.inspector !== null;
  }

  /** The file a cell runs under while the debugger is attached; undefined otherwise (no cost). */
  fileFor(code: string): string | undefined {
    return this.inspector ? this.files.remember(code) : undefined;
  }

  /** interrupt_request: a paused cell is resumed without stopping again, so the SIGINT can end it. */
  async interrupted(): Promise<void> {
    if (!this.inspector || !this.paused) return;
    this.skipping = true;
    this.output("Interrupted while paused: the cell ends with KeyboardInterrupt.\n");
    await this.inspector.post("Debugger.setSkipAllPauses", { skip: true });
    await this.inspector.post("Debugger.resume");
  }

  /** The cell that was running ended. */
  async cellEnded(): Promise<void> {
    if (!this.skipping || !this.inspector) return;
    this.skipping = false;
    await this.inspector.post("Debugger.setSkipAllPauses", { skip: false });
  }

  async handle(content: Record<string, unknown>): Promise<DapResponse> {
    const parsed = parseRequest(content);
    if (!parsed.ok) return this.response(parsed.seq, parsed.command, false, {}, parsed.message);
    const req = parsed.request;
    const t0 = performance.now();
    this.opts.log("debug", `debug request ${req.seq} ${req.command}`);
    try {
      const body = await this.run(req);
      this.opts.log("debug", `debug request ${req.seq} ${req.command} answered in ${(performance.now() - t0).toFixed(0)} ms`);
      return this.response(req.seq, req.command, true, body);
    } catch (e) {
      const message = e instanceof DapError ? e.message : `${req.command} failed: ${(e as Error).message}`;
      if (!(e instanceof DapError)) this.opts.log("warn", `debug ${req.command}: ${(e as Error).stack ?? e}`);
      return this.response(req.seq, req.command, false, {}, message);
    }
  }

  private response(requestSeq: number, command: string, success: boolean, body: Record<string, unknown>, message?: string): DapResponse {
    return { seq: ++this.seq, type: "response", request_seq: requestSeq, success, command, body, ...(message ? { message } : {}) };
  }

  private emit(e: DapEvent): void {
    this.opts.event({ seq: ++this.seq, type: "event", ...e } as DapEventMessage);
  }

  private output(text: string): void {
    this.emit({ event: "output", body: { category: "console", output: text } });
  }

  private async run(req: DapRequest): Promise<Record<string, unknown>> {
    switch (req.command) {
      case "debugInfo":
        return this.debugInfo();
      case "dumpCell":
        return { sourcePath: await this.files.dump(String(req.arguments.code ?? "")) };
      case "initialize":
        await this.start();
        queueMicrotask(() => this.emit({ event: "initialized", body: {} }));
        return {
          supportsConfigurationDoneRequest: true,
          supportsConditionalBreakpoints: true,
          supportsEvaluateForHovers: true,
          supportsModulesRequest: true,
          supportsDelayedStackTraceLoading: false,
          supportsSetVariable: false,
          exceptionBreakpointFilters: [
            { filter: "raised", label: "Raised Exceptions", default: false },
            { filter: "uncaught", label: "Uncaught Exceptions", default: false },
          ],
        };
      case "attach":
        await this.start();
        return {};
      case "configurationDone":
        return {};
      case "disconnect":
        await this.stop();
        return {};
      case "source":
        return this.source(req);
      case "modules": {
        const modules = this.files.paths().map((path, i) => ({ id: i + 1, name: basename(path), path }));
        return { modules, totalModules: modules.length };
      }
      default:
        return this.runStarted(req, this.need());
    }
  }

  /** Commands that need the inspector. */
  private async runStarted(req: DapRequest, ins: Inspector): Promise<Record<string, unknown>> {
    switch (req.command) {
      case "setBreakpoints":
        return { breakpoints: await this.setBreakpoints(ins, req) };
      case "setExceptionBreakpoints": {
        const f = req.arguments.filters ?? [];
        this.exceptionState = f.includes("raised") ? "all" : f.includes("uncaught") ? "uncaught" : "none";
        await ins.post("Debugger.setPauseOnExceptions", { state: this.exceptionState });
        return {};
      }
      case "threads":
        return { threads: [{ id: THREAD_ID, name: "main" }] };
      case "stackTrace":
        return this.stackTrace(req);
      case "scopes":
        return { scopes: this.scopes(req.arguments.frameId) };
      case "variables":
        return { variables: await this.variables(ins, req) };
      case "evaluate":
        return this.evaluate(ins, req.arguments.expression, req.arguments.frameId);
      case "continue":
        this.stepping = null;
        await ins.post("Debugger.resume");
        return { allThreadsContinued: true };
      case "next":
      case "stepIn":
      case "stepOut": {
        this.mustBePaused(req.command);
        this.stepping = req.command === "next" ? "Debugger.stepOver" : req.command === "stepIn" ? "Debugger.stepInto" : "Debugger.stepOut";
        this.stepsInWrapper = 0;
        await ins.post(this.stepping);
        return {};
      }
      case "pause":
        this.pauseRequested = true;
        await ins.post("Debugger.pause");
        return {};
      case "inspectVariables": {
        const globals = await this.userGlobals(ins);
        return { variables: await this.properties(ins, globals) };
      }
      case "richInspectVariables":
        return this.richInspect(ins, req);
      case "copyToGlobals": {
        const { srcVariableName: src, dstVariableName: dst, srcFrameId } = req.arguments;
        if (!isIdentifier(src) || !isIdentifier(dst)) throw new DapError("copyToGlobals takes variable names (letters, digits, _ and $)");
        await this.evaluate(ins, `globalThis[${JSON.stringify(dst)}] = ${src}`, srcFrameId);
        return {};
      }
      case "debugInfo":
      case "dumpCell":
      case "initialize":
      case "attach":
      case "configurationDone":
      case "disconnect":
      case "source":
      case "modules":
        throw new DapError(`${req.command} is handled before the debugger starts`);
      default: {
        const never: never = req;
        throw new DapError(`unsupported command ${(never as { command: string }).command}`);
      }
    }
  }

  private need(): Inspector {
    if (!this.inspector) throw new DapError("the debugger is not started: send initialize and attach first");
    return this.inspector;
  }

  private mustBePaused(command: Command): Paused {
    if (!this.paused) throw new DapError(`${command}: the kernel is not stopped at a breakpoint`);
    return this.paused;
  }

  private debugInfo(): Record<string, unknown> {
    return {
      isStarted: this.started,
      hashMethod: "Murmur2",
      hashSeed: HASH_SEED,
      tmpFilePrefix: this.files.prefix,
      tmpFileSuffix: FILE_SUFFIX,
      breakpoints: [...this.breakpoints].filter(([, b]) => b.requested.length > 0).map(([source, b]) => ({ source, breakpoints: b.requested })),
      stoppedThreads: this.paused ? [THREAD_ID] : [],
      richRendering: true,
      exceptionPaths: [],
    };
  }

  // ---- connection ----

  private async start(): Promise<Inspector> {
    if (this.inspector) return this.inspector;
    this.connecting ??= (async () => {
      const ins = await (this.opts.connect ?? connectMainThread)();
      ins.on("Debugger.scriptParsed", (p) => {
        if (p.url.startsWith("file:")) this.scripts.set(p.scriptId, p.url);
      });
      ins.on("Debugger.paused", (p) => void this.onPaused(p));
      ins.on("Debugger.resumed", () => this.onResumed());
      ins.on("Debugger.breakpointResolved", (p) => this.onResolved(p));
      await ins.post("Debugger.enable");
      // A previous session left the debugger skipping pauses (see stop).
      await ins.post("Debugger.setSkipAllPauses", { skip: false });
      // Stepping past a cell's last line runs on through the kernel instead of into it.
      await ins.post("Debugger.setBlackboxPatterns", { patterns: [`^${escapeRegExp(KERNEL_URL)}`, "^node:"] });
      this.inspector = ins;
      this.opts.log("info", "debugger attached to the main thread");
      return ins;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /**
   * The kernel is exiting without a shutdown_request (its parent died): drop the session at once,
   * or Node's exit waits for "the debugger to disconnect".
   */
  detachNow(): void {
    const ins = this.inspector;
    this.inspector = null;
    ins?.disconnect();
  }

  /** Leaving the debugger: breakpoints go, a paused cell resumes, cells get their plain names back. */
  async stop(): Promise<void> {
    const ins = this.inspector;
    if (!ins) return;
    this.inspector = null;
    for (const b of this.breakpoints.values()) for (const { v8Id } of b.v8) await ins.post("Debugger.removeBreakpoint", { breakpointId: v8Id }).catch(() => undefined);
    this.breakpoints.clear();
    const warn = (what: string) => (e: Error) => this.opts.log("warn", `leaving the debugger, ${what}: ${e.message}`);
    if (this.paused || this.skipping) await ins.post("Debugger.setSkipAllPauses", { skip: true }).catch(warn("skip pauses"));
    if (this.paused) await ins.post("Debugger.resume").catch(warn("resume"));
    // The resume is answered once the main thread has taken it; a Debugger.disable and disconnect
    // sent to a thread still paused raced with its pause loop and could leave it paused for good.
    // Disabling then drops every V8 breakpoint left.
    await ins.post("Debugger.disable").catch(warn("disable"));
    ins.disconnect();
    this.paused = null;
    this.skipping = false;
    this.scripts.clear();
    this.handles.clear();
    this.opts.log("info", "debugger detached");
  }

  // ---- breakpoints ----

  private table(path: string, code: string): Promise<LineTable | null> {
    let t = this.tables.get(path);
    if (!t) {
      t = this.opts.lineTable(code);
      this.tables.set(path, t);
    }
    return t;
  }

  private async setBreakpoints(ins: Inspector, req: RequestOf<"setBreakpoints">): Promise<Breakpoint[]> {
    const path = req.arguments.source?.path ?? "";
    const source = { name: basename(path), path };
    const requested: SourceBreakpoint[] = req.arguments.breakpoints ?? (req.arguments.lines ?? []).map((line) => ({ line }));
    const old = this.breakpoints.get(path);
    for (const { v8Id } of old?.v8 ?? []) await ins.post("Debugger.removeBreakpoint", { breakpointId: v8Id }).catch(() => undefined);
    const entry = { requested, v8: [] as { v8Id: string; dap: Breakpoint }[] };
    this.breakpoints.set(path, entry);
    const code = this.files.source(path) ?? (this.files.isCell(path) ? await readFile(path, "utf8").catch(() => undefined) : undefined);
    const unverified = (line: number, message: string): Breakpoint => ({ id: this.nextBreakpointId++, verified: false, line, source, message });
    if (code === undefined) return requested.map((b) => unverified(b.line, "this cell is not known to the kernel: run it with the debugger on, then set the breakpoint again"));
    const table = await this.table(path, code);
    if (!table) return requested.map((b) => unverified(b.line, "this cell does not compile, so it has no lines to stop at"));
    const out: Breakpoint[] = [];
    for (const b of requested) {
      const line = breakableLine(table, b.line - 1);
      if (line === null) {
        out.push(unverified(b.line, `no code on line ${b.line} or below it in this cell: put the breakpoint on a statement`));
        continue;
      }
      const r = await ins.post<Debugger.SetBreakpointByUrlReturnType>("Debugger.setBreakpointByUrl", {
        url: scriptUrl(path),
        lineNumber: table.cellToScript[line]!,
        columnNumber: 0,
        ...(b.condition ? { condition: b.condition } : {}),
      });
      const dap: Breakpoint = { id: this.nextBreakpointId++, verified: true, line: line + 1, source };
      entry.v8.push({ v8Id: r.breakpointId, dap });
      out.push(dap);
    }
    return out;
  }

  private onResolved(p: Debugger.BreakpointResolvedEventDataType): void {
    for (const b of this.breakpoints.values()) {
      const hit = b.v8.find((x) => x.v8Id === p.breakpointId);
      if (hit) this.emit({ event: "breakpoint", body: { reason: "changed", breakpoint: hit.dap } });
    }
  }

  // ---- pausing ----

  private urlOf(frame: Debugger.CallFrame): string {
    return this.scripts.get(frame.location.scriptId) ?? frame.url ?? "";
  }

  private isUserUrl(url: string): boolean {
    return url.startsWith("file:") && !url.startsWith(KERNEL_URL);
  }

  /** Cell line and column (0-based) of a frame in a cell; null in the kernel's wrapper lines. */
  private async cellPosition(frame: Debugger.CallFrame): Promise<{ path: string; line: number; column: number } | null> {
    const url = this.urlOf(frame);
    if (!url.startsWith("file:")) return null;
    const path = fileURLToPath(url);
    const code = this.files.source(path);
    if (code === undefined) return null;
    const table = await this.table(path, code);
    const line = table?.scriptToCell[frame.location.lineNumber] ?? -1;
    if (!table || line < 0) return null;
    return { path, line, column: Math.max(0, (frame.location.columnNumber ?? 0) + table.columnShift[frame.location.lineNumber]!) };
  }

  private async onPaused(p: Debugger.PausedEventDataType): Promise<void> {
    const ins = this.inspector;
    if (!ins) return;
    const top = p.callFrames[0];
    const url = top ? this.urlOf(top) : "";
    const path = url.startsWith("file:") ? fileURLToPath(url) : "";
    const inCell = this.files.isCell(path);
    const shown = top && (inCell ? (await this.cellPosition(top)) !== null : this.isUserUrl(url));
    this.opts.log("debug", `paused (${p.reason}) at ${url}:${top?.location.lineNumber}; shown: ${Boolean(shown)}`);
    if (!shown) {
      // The kernel's wrapper around a cell, or kernel code: step on through it, or run on.
      if (this.stepping && inCell && this.stepsInWrapper++ < 20) await ins.post(this.stepping);
      else await ins.post("Debugger.resume");
      return;
    }
    this.paused = { frames: p.callFrames };
    this.handles.clear();
    const hit = (p.hitBreakpoints ?? []).flatMap((id) => [...this.breakpoints.values()].flatMap((b) => b.v8.filter((x) => x.v8Id === id).map((x) => x.dap.id!)));
    const reason = p.reason === "exception" || p.reason === "promiseRejection" ? "exception" : hit.length > 0 ? "breakpoint" : this.stepping ? "step" : this.pauseRequested ? "pause" : "breakpoint";
    this.stepping = null;
    this.pauseRequested = false;
    const text = reason === "exception" ? describe((p.data ?? { type: "undefined" }) as Runtime.RemoteObject) : undefined;
    this.emit({ event: "stopped", body: { reason, threadId: THREAD_ID, allThreadsStopped: true, ...(hit.length ? { hitBreakpointIds: hit } : {}), ...(text ? { text, description: text } : {}) } });
  }

  private onResumed(): void {
    if (!this.paused) return;
    this.paused = null;
    this.handles.clear();
    this.emit({ event: "continued", body: { threadId: THREAD_ID, allThreadsContinued: true } });
  }

  // ---- inspecting a paused cell ----

  private frame(frameId: number | undefined): Debugger.CallFrame | undefined {
    if (frameId === undefined || !this.paused) return undefined;
    return this.paused.frames[frameId - 1];
  }

  private async stackTrace(req: RequestOf<"stackTrace">): Promise<Record<string, unknown>> {
    const paused = this.mustBePaused("stackTrace");
    const frames: StackFrame[] = [];
    for (const [i, f] of paused.frames.entries()) {
      const url = this.urlOf(f);
      if (!this.isUserUrl(url)) continue;
      const path = fileURLToPath(url);
      if (this.files.isCell(path)) {
        const pos = await this.cellPosition(f);
        if (!pos) continue;
        frames.push({ id: i + 1, name: f.functionName || "<cell>", source: { name: basename(path), path }, line: pos.line + 1, column: pos.column + 1 });
      } else {
        frames.push({ id: i + 1, name: f.functionName || "<anonymous>", source: { name: basename(path), path }, line: f.location.lineNumber + 1, column: (f.location.columnNumber ?? 0) + 1 });
      }
    }
    const start = req.arguments.startFrame ?? 0;
    const levels = req.arguments.levels || frames.length;
    return { stackFrames: frames.slice(start, start + levels), totalFrames: frames.length };
  }

  private ref(h: Handle): number {
    const id = this.nextHandle++;
    this.handles.set(id, h);
    return id;
  }

  private scopes(frameId: number): Scope[] {
    const f = this.frame(frameId);
    if (!f) throw new DapError(`scopes: no frame ${frameId} (the kernel is not stopped there)`);
    const names: Record<string, string> = { local: "Locals", closure: "Closure", block: "Block", catch: "Catch", with: "With", module: "Module", eval: "Eval", wasmExpressionStack: "Stack" };
    const out: Scope[] = [];
    for (const s of f.scopeChain) {
      if (s.type === "global") {
        out.push({ name: "Globals", variablesReference: this.ref({ kind: "globals" }), expensive: false });
      } else if (s.type !== "script" && s.object.objectId) {
        out.push({ name: names[s.type] ?? s.type, ...(s.type === "local" ? { presentationHint: "locals" as const } : {}), variablesReference: this.ref({ kind: "object", objectId: s.object.objectId }), expensive: false });
      }
    }
    return out;
  }

  private async userGlobals(ins: Inspector): Promise<string> {
    const r = await ins.post<Runtime.EvaluateReturnType>("Runtime.evaluate", { expression: USER_GLOBALS, silent: true });
    if (!r.result.objectId) throw new DapError("the kernel's globals could not be read");
    return r.result.objectId;
  }

  private async variables(ins: Inspector, req: RequestOf<"variables">): Promise<Variable[]> {
    const h = this.handles.get(req.arguments.variablesReference);
    if (!h) throw new DapError(`variables: reference ${req.arguments.variablesReference} is gone (the cell moved on); ask for the scopes again`);
    const objectId = h.kind === "globals" ? await this.userGlobals(ins) : h.objectId;
    const all = await this.properties(ins, objectId, req.arguments.filter);
    const start = req.arguments.start ?? 0;
    return all.slice(start, req.arguments.count ? start + req.arguments.count : undefined);
  }

  private async properties(ins: Inspector, objectId: string, filter?: "indexed" | "named"): Promise<Variable[]> {
    const r = await ins.post<Runtime.GetPropertiesReturnType>("Runtime.getProperties", { objectId, ownProperties: true, generatePreview: false });
    const out: Variable[] = [];
    for (const p of r.result) {
      if (!p.value || p.symbol) continue;
      const indexed = /^\d+$/.test(p.name);
      if ((filter === "indexed" && !indexed) || (filter === "named" && indexed)) continue;
      out.push(await this.variable(ins, p.name, p.value));
    }
    return out;
  }

  private async variable(ins: Inspector, name: string, o: Runtime.RemoteObject): Promise<Variable> {
    let value = describe(o);
    let type = panelType(o);
    if (isTensor(o) && o.objectId) {
      const s = await ins.post<Runtime.CallFunctionOnReturnType>("Runtime.callFunctionOn", { objectId: o.objectId, functionDeclaration: TENSOR_SUMMARY, returnByValue: true, silent: true }).catch(() => null);
      // As the type too: JupyterLab 4's variables tree shows an object's type, not its value.
      if (s && !s.exceptionDetails && typeof s.result.value === "string") value = type = s.result.value;
    }
    return { name, value, type, evaluateName: name, variablesReference: expandable(o) ? this.ref({ kind: "object", objectId: o.objectId! }) : 0 };
  }

  private async evaluate(ins: Inspector, expression: string, frameId: number | undefined): Promise<Record<string, unknown>> {
    const f = this.frame(frameId);
    const r = f
      ? await ins.post<Debugger.EvaluateOnCallFrameReturnType>("Debugger.evaluateOnCallFrame", { callFrameId: f.callFrameId, expression, silent: true })
      : await ins.post<Runtime.EvaluateReturnType>("Runtime.evaluate", { expression, silent: true, awaitPromise: !this.paused });
    if (r.exceptionDetails) throw new DapError(r.exceptionDetails.exception?.description?.split("\n")[0] ?? r.exceptionDetails.text);
    const v = await this.variable(ins, "result", r.result);
    return { result: v.value, type: v.type, variablesReference: v.variablesReference };
  }

  private async richInspect(ins: Inspector, req: RequestOf<"richInspectVariables">): Promise<Record<string, unknown>> {
    const name = req.arguments.variableName;
    if (!isIdentifier(name)) throw new DapError("richInspectVariables takes a variable name (letters, digits, _ and $)");
    const f = this.frame(req.arguments.frameId);
    // A paused main thread cannot settle a promise: bundles that need one (the SVG graph) fall back to text.
    const expression = richExpression(name, !this.paused);
    const r = f
      ? await ins.post<Debugger.EvaluateOnCallFrameReturnType>("Debugger.evaluateOnCallFrame", { callFrameId: f.callFrameId, expression, returnByValue: true, silent: true })
      : await ins.post<Runtime.EvaluateReturnType>("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: !this.paused, silent: true });
    if (r.exceptionDetails) throw new DapError(r.exceptionDetails.exception?.description?.split("\n")[0] ?? r.exceptionDetails.text);
    return { data: r.result.value ?? {}, metadata: {} };
  }

  private async source(req: RequestOf<"source">): Promise<Record<string, unknown>> {
    const path = req.arguments.source?.path ?? "";
    const content = this.files.source(path) ?? (await readFile(path, "utf8").catch(() => undefined));
    if (content === undefined) throw new DapError(`source: ${path || "(no path)"} is not a cell or file the kernel knows`);
    return { content, mimeType: path.endsWith(".ts") ? "text/x-typescript" : "text/javascript" };
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
