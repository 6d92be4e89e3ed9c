/**
 * Jupyter messaging protocol 5.3 as one closed union keyed by `msg_type`.
 * Content shapes follow the spec; only the fields this kernel reads or writes are typed strictly,
 * the rest pass through as `unknown` so a newer client's extra fields survive a round trip.
 */
export const PROTOCOL_VERSION = "5.3";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export type Channel = "shell" | "control" | "stdin" | "iopub";

export type MimeData = Record<string, unknown>;
export type Metadata = Record<string, unknown>;

export type ReplyContent<T> =
  | ({ status: "ok" } & T)
  | { status: "error"; ename: string; evalue: string; traceback: string[] }
  | { status: "aborted" };

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}
export type ExecuteReply = ReplyContent<{
  execution_count: number;
  payload?: unknown[];
  user_expressions?: Record<string, unknown>;
}> & { execution_count?: number };

export interface LanguageInfo {
  name: string;
  version: string;
  mimetype: string;
  file_extension: string;
  pygments_lexer?: string;
  codemirror_mode?: string | Record<string, unknown>;
  nbconvert_exporter?: string;
}
export type KernelInfoReply = ReplyContent<{
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: LanguageInfo;
  banner: string;
  debugger?: boolean;
  /** Jupyter protocol 5.5: "debugger" says debug_request is served. */
  supported_features?: string[];
  help_links?: { text: string; url: string }[];
}>;

export interface CompleteRequest { code: string; cursor_pos: number }
export type CompleteReply = ReplyContent<{
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Metadata;
}>;

export interface InspectRequest { code: string; cursor_pos: number; detail_level?: 0 | 1 }
export type InspectReply = ReplyContent<{ found: boolean; data: MimeData; metadata: Metadata }>;

export interface IsCompleteRequest { code: string }
export type IsCompleteReply =
  | { status: "complete" }
  | { status: "incomplete"; indent: string }
  | { status: "invalid" }
  | { status: "unknown" };

export interface HistoryRequest {
  output?: boolean;
  raw?: boolean;
  hist_access_type: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];
export type HistoryReply = ReplyContent<{ history: HistoryEntry[] }>;

export interface CommInfoRequest { target_name?: string }
export type CommInfoReply = ReplyContent<{ comms: Record<string, { target_name: string }> }>;

export interface CommOpen { comm_id: string; target_name: string; data: unknown; target_module?: string }
export interface CommMsg { comm_id: string; data: unknown }
export interface CommClose { comm_id: string; data: unknown }

export interface ShutdownRequest { restart: boolean }
export type ShutdownReply = ReplyContent<{ restart: boolean }>;
export type InterruptReply = ReplyContent<Record<never, never>>;

export interface InputRequest { prompt: string; password: boolean }
export interface InputReply { value: string; status?: string }

export interface Status { execution_state: "busy" | "idle" | "starting" }
export interface Stream { name: "stdout" | "stderr"; text: string }
export interface ExecuteInput { code: string; execution_count: number }
export interface ExecuteResult { execution_count: number; data: MimeData; metadata: Metadata }
export interface DisplayData { data: MimeData; metadata: Metadata; transient?: { display_id?: string } }
export interface ClearOutput { wait: boolean }
export interface ErrorContent { ename: string; evalue: string; traceback: string[] }
/** DAP messages ride as the content of debug_request / debug_reply / debug_event (kernel/debug/dap.ts). */
export type DebugContent = Record<string, unknown>;

/** msg_type -> content. Adding a message type here is the only way to send or receive it. */
export interface ContentMap {
  execute_request: ExecuteRequest;
  execute_reply: ExecuteReply;
  kernel_info_request: Record<string, never>;
  kernel_info_reply: KernelInfoReply;
  complete_request: CompleteRequest;
  complete_reply: CompleteReply;
  inspect_request: InspectRequest;
  inspect_reply: InspectReply;
  is_complete_request: IsCompleteRequest;
  is_complete_reply: IsCompleteReply;
  history_request: HistoryRequest;
  history_reply: HistoryReply;
  comm_info_request: CommInfoRequest;
  comm_info_reply: CommInfoReply;
  comm_open: CommOpen;
  comm_msg: CommMsg;
  comm_close: CommClose;
  shutdown_request: ShutdownRequest;
  shutdown_reply: ShutdownReply;
  interrupt_request: Record<string, never>;
  interrupt_reply: InterruptReply;
  input_request: InputRequest;
  input_reply: InputReply;
  status: Status;
  stream: Stream;
  execute_input: ExecuteInput;
  execute_result: ExecuteResult;
  display_data: DisplayData;
  update_display_data: DisplayData;
  clear_output: ClearOutput;
  error: ErrorContent;
  debug_request: DebugContent;
  debug_reply: DebugContent;
  debug_event: DebugContent;
}

export type MsgType = keyof ContentMap;

export const MSG_TYPES: ReadonlySet<string> = new Set<MsgType>([
  "execute_request", "execute_reply", "kernel_info_request", "kernel_info_reply",
  "complete_request", "complete_reply", "inspect_request", "inspect_reply",
  "is_complete_request", "is_complete_reply", "history_request", "history_reply",
  "comm_info_request", "comm_info_reply", "comm_open", "comm_msg", "comm_close",
  "shutdown_request", "shutdown_reply", "interrupt_request", "interrupt_reply",
  "input_request", "input_reply", "status", "stream", "execute_input", "execute_result",
  "display_data", "update_display_data", "clear_output", "error",
  "debug_request", "debug_reply", "debug_event",
]);

export interface MessageOf<T extends MsgType> {
  /** Copy of header.msg_type at the top level, so `switch (msg.msg_type)` narrows `content`. */
  msg_type: T;
  /** ZeroMQ routing identities before `<IDS|MSG>` (ROUTER sockets) or the topic (iopub). */
  identities: Buffer[];
  header: Header & { msg_type: T };
  /** `{}` when the message has no parent. */
  parent_header: Header | Record<string, never>;
  metadata: Metadata;
  content: ContentMap[T];
  buffers: Buffer[];
}

/** The closed union: narrowing on `msg.msg_type` narrows `msg.content`. */
export type Message = { [T in MsgType]: MessageOf<T> }[MsgType];

/** Any message whose msg_type this kernel does not know (kept so it can be logged, never acted on). */
export interface UnknownMessage {
  msg_type: string;
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Metadata;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

export function isKnown(msg: Message | UnknownMessage): msg is Message {
  return MSG_TYPES.has(msg.header.msg_type);
}

export interface MakeOptions {
  session: string;
  username?: string;
  parent?: Header | Record<string, never>;
  identities?: Buffer[];
  metadata?: Metadata;
  buffers?: Buffer[];
  msgId?: string;
}

let counter = 0;
/** Unique per process without pulling in crypto on the hot path. */
export function newMsgId(session: string): string {
  counter += 1;
  return `${session}_${process.pid}_${counter}`;
}

export function makeMessage<T extends MsgType>(msgType: T, content: ContentMap[T], opts: MakeOptions): MessageOf<T> {
  return {
    msg_type: msgType,
    identities: opts.identities ?? [],
    header: {
      msg_id: opts.msgId ?? newMsgId(opts.session),
      session: opts.session,
      username: opts.username ?? "d2l-ts",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: opts.parent ?? {},
    metadata: opts.metadata ?? {},
    content,
    buffers: opts.buffers ?? [],
  };
}
