/**
 * The Debug Adapter Protocol as Jupyter carries it (debug_request / debug_reply / debug_event
 * content): the requests JupyterLab sends, one closed union keyed by `command`, including
 * Jupyter's additions (debugInfo, dumpCell, inspectVariables, richInspectVariables, copyToGlobals).
 * Only the fields this kernel reads are typed; the rest pass through.
 */

export interface Source {
  name?: string;
  path?: string;
}

export interface SourceBreakpoint {
  line: number;
  column?: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface Breakpoint {
  id?: number;
  verified: boolean;
  message?: string;
  source?: Source;
  line?: number;
}

export interface StackFrame {
  id: number;
  name: string;
  source?: Source;
  line: number;
  column: number;
}

export interface Scope {
  name: string;
  presentationHint?: "arguments" | "locals" | "registers";
  variablesReference: number;
  expensive: boolean;
}

export interface Variable {
  name: string;
  value: string;
  type?: string;
  evaluateName?: string;
  variablesReference: number;
}

type Req<C extends string, A> = { seq: number; type: "request"; command: C; arguments: A };

export type DapRequest =
  | Req<"debugInfo", Record<string, never>>
  | Req<"dumpCell", { code: string }>
  | Req<"inspectVariables", Record<string, never>>
  | Req<"richInspectVariables", { variableName: string; frameId?: number }>
  | Req<"copyToGlobals", { srcVariableName: string; dstVariableName: string; srcFrameId: number }>
  | Req<"initialize", Record<string, unknown>>
  | Req<"attach", Record<string, unknown>>
  | Req<"configurationDone", Record<string, never>>
  | Req<"setBreakpoints", { source: Source; breakpoints?: SourceBreakpoint[]; lines?: number[] }>
  | Req<"setExceptionBreakpoints", { filters: string[] }>
  | Req<"threads", Record<string, never>>
  | Req<"stackTrace", { threadId: number; startFrame?: number; levels?: number }>
  | Req<"scopes", { frameId: number }>
  | Req<"variables", { variablesReference: number; start?: number; count?: number; filter?: "indexed" | "named" }>
  | Req<"evaluate", { expression: string; frameId?: number; context?: string }>
  | Req<"continue", { threadId: number }>
  | Req<"next", { threadId: number }>
  | Req<"stepIn", { threadId: number }>
  | Req<"stepOut", { threadId: number }>
  | Req<"pause", { threadId: number }>
  | Req<"source", { source?: Source; sourceReference?: number }>
  | Req<"modules", { startModule?: number; moduleCount?: number }>
  | Req<"disconnect", { restart?: boolean; terminateDebuggee?: boolean }>;

export type Command = DapRequest["command"];
export type RequestOf<C extends Command> = Extract<DapRequest, { command: C }>;

export const COMMANDS: ReadonlySet<string> = new Set<Command>([
  "debugInfo", "dumpCell", "inspectVariables", "richInspectVariables", "copyToGlobals", "initialize",
  "attach", "configurationDone", "setBreakpoints", "setExceptionBreakpoints", "threads", "stackTrace",
  "scopes", "variables", "evaluate", "continue", "next", "stepIn", "stepOut", "pause", "source",
  "modules", "disconnect",
]);

export interface DapResponse {
  seq: number;
  type: "response";
  request_seq: number;
  success: boolean;
  command: string;
  message?: string;
  body: Record<string, unknown>;
}

export type DapEvent =
  | { event: "stopped"; body: { reason: "breakpoint" | "step" | "pause" | "exception" | "entry"; threadId: number; allThreadsStopped: boolean; hitBreakpointIds?: number[]; description?: string; text?: string } }
  | { event: "continued"; body: { threadId: number; allThreadsContinued: boolean } }
  | { event: "output"; body: { category: "console" | "stdout" | "stderr"; output: string } }
  | { event: "breakpoint"; body: { reason: "changed" | "new" | "removed"; breakpoint: Breakpoint } }
  | { event: "initialized"; body: Record<string, never> }
  | { event: "thread"; body: { reason: "started" | "exited"; threadId: number } };

export type DapEventMessage = { seq: number; type: "event" } & DapEvent;

/** Checks the envelope of a debug_request's content; the command's arguments are trusted as DAP says. */
export function parseRequest(content: Record<string, unknown>): { ok: true; request: DapRequest } | { ok: false; command: string; seq: number; message: string } {
  const command = typeof content.command === "string" ? content.command : "";
  const seq = typeof content.seq === "number" ? content.seq : 0;
  if (!COMMANDS.has(command)) return { ok: false, command, seq, message: `the d2l-ts debugger does not support the DAP command ${JSON.stringify(command)}` };
  const args = typeof content.arguments === "object" && content.arguments !== null ? content.arguments : {};
  return { ok: true, request: { seq, type: "request", command, arguments: args } as DapRequest };
}
