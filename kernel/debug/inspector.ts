/**
 * The V8 inspector of the kernel's main thread, driven from the io worker. A breakpoint freezes
 * the main thread; the inspector still serves this session there (V8's pause loop reads it), so
 * the io worker can read frames, evaluate and resume while every socket keeps answering.
 */
import type { Debugger, Runtime } from "node:inspector";

export interface InspectorEvents {
  "Debugger.paused": Debugger.PausedEventDataType;
  "Debugger.resumed": Record<string, never>;
  "Debugger.scriptParsed": Debugger.ScriptParsedEventDataType;
  "Debugger.breakpointResolved": Debugger.BreakpointResolvedEventDataType;
}

export interface Inspector {
  post<T = unknown>(method: string, params?: object): Promise<T>;
  on<E extends keyof InspectorEvents>(event: E, listener: (params: InspectorEvents[E]) => void): void;
  disconnect(): void;
}

export type { Debugger, Runtime };

/** Connects to the main thread; throws where Node has no inspector (built without it). */
export async function connectMainThread(): Promise<Inspector> {
  const inspector = await import("node:inspector");
  const session = new inspector.Session();
  session.connectToMainThread();
  return {
    post: <T>(method: string, params?: object) =>
      new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (e: Error | null, r?: object) => (e ? reject(e) : resolve(r as T)))),
    on(event, listener) {
      session.on(event, (m: { params: never }) => listener(m.params));
    },
    disconnect: () => session.disconnect(),
  };
}
