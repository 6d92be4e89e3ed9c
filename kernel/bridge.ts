/**
 * Messages between the io worker (sockets, compiler) and the main-thread executor.
 * The executor never sees the wire; `parent` is an opaque token (the request's msg_id) that the
 * io worker maps back to the request header when it publishes on iopub.
 */
import type { MimeBundle } from "../src/display/mime.js";

export type Parent = string;

/** io worker -> executor; the compiler thread sends the `CompiledCell` kinds on a port of its own */
export type ToExecutor =
  | {
      kind: "execute";
      parent: Parent;
      /** Compiled script; evaluates to Promise<{ value: unknown; show: boolean }>. */
      js: string;
      /** Name the script is run under, used in stack frames ("cell-3.ts"). */
      filename: string;
      silent: boolean;
      allowStdin: boolean;
      /** name -> compiled expression script (same contract as `js`). */
      userExpressions: Record<string, string>;
      /** user_expressions that failed to compile, already formatted. */
      exprErrors?: Record<string, FormattedError>;
      /** Type-check warnings ("warn" mode), shown on stderr before the cell runs. */
      warnings?: string | null;
    }
  /** The cell did not compile (syntax error, or a type error in "error" mode): it is not run. */
  | { kind: "compile_failed"; parent: Parent; silent: boolean; error: FormattedError }
  | { kind: "input_reply"; parent: Parent; value: string }
  /**
   * Interrupt `parent` if it is queued or running (optional companion of the SIGINT, sent just
   * before it): a signal that arrives before the execute message was read would find the executor
   * idle and be ignored; this message, ordered after the execute, cannot miss. Idle/finished: no-op.
   */
  | { kind: "interrupt"; parent: Parent }
  | { kind: "comm_open"; parent: Parent; commId: string; targetName: string; data: unknown }
  | { kind: "comm_msg"; parent: Parent; commId: string; data: unknown }
  | { kind: "comm_close"; parent: Parent; commId: string; data: unknown }
  | { kind: "shutdown"; restart: boolean };

/** An error whose traceback lines are final (compile errors: positions are already the cell's). */
export interface FormattedError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** compiler thread -> executor: a compiled cell, or why it cannot run. */
export type CompiledCell = Extract<ToExecutor, { kind: "execute" | "compile_failed" }>;

export interface ErrorInfo {
  ename: string;
  evalue: string;
  /** Raw stack as V8 printed it; the io worker maps frames to cell lines. */
  stack: string;
}

/** executor -> io worker */
export type FromExecutor =
  /** `libraryError`: the d2l-ts library failed to preload (plain cells still run; the first cell shows it). */
  | { kind: "ready"; backend: string; version: string; libraryError?: string }
  | { kind: "stream"; parent: Parent; name: "stdout" | "stderr"; text: string }
  | {
      kind: "display";
      parent: Parent;
      data: MimeBundle;
      metadata: Record<string, unknown>;
      displayId: string | null;
      update: boolean;
    }
  | { kind: "clear_output"; parent: Parent; wait: boolean }
  | {
      kind: "done";
      parent: Parent;
      status: "ok" | "error";
      /** Present when the cell's last expression is shown. */
      result?: { data: MimeBundle; metadata: Record<string, unknown> };
      error?: ErrorInfo;
      /** Set instead of `error` when the cell did not compile. */
      compileError?: FormattedError;
      userExpressions?: Record<
        string,
        { status: "ok"; data: MimeBundle; metadata: Record<string, unknown> } | ({ status: "error" } & ErrorInfo) | ({ status: "error" } & FormattedError)
      >;
    }
  /** An error raised after its cell finished (timer, rejected promise): shown on that cell. */
  | { kind: "late_error"; parent: Parent; error: ErrorInfo }
  | { kind: "input_request"; parent: Parent; prompt: string; password: boolean }
  | { kind: "comm_open"; parent: Parent | null; commId: string; targetName: string; data: unknown; metadata: Record<string, unknown> }
  | { kind: "comm_msg"; parent: Parent | null; commId: string; data: unknown }
  | { kind: "comm_close"; parent: Parent | null; commId: string; data: unknown }
  /** Reply to the worker's comm_open: whether a target of that name is registered. */
  | { kind: "comm_open_result"; commId: string; accepted: boolean };
