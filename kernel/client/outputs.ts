/**
 * Turns the iopub messages of one request into nbformat 4 output dicts, the way nbclient builds a
 * notebook: consecutive stream text of the same name merges, update_display_data rewrites the
 * earlier output with that display id, clear_output (wait) clears before the next output.
 */
import type { Message } from "../wire/messages.js";

export type NbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; execution_count: number | null; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export class OutputCollector {
  readonly outputs: NbOutput[] = [];
  private readonly displayIds = new Map<string, number[]>();
  private clearPending = false;

  add(msg: Message): void {
    switch (msg.msg_type) {
      case "clear_output":
        if (msg.content.wait) this.clearPending = true;
        else this.clear();
        return;
      case "update_display_data": {
        const id = msg.content.transient?.display_id;
        for (const i of (id && this.displayIds.get(id)) || []) {
          const o = this.outputs[i];
          if (o && o.output_type === "display_data") {
            o.data = msg.content.data;
            o.metadata = msg.content.metadata ?? {};
          }
        }
        return;
      }
      case "stream":
      case "display_data":
      case "execute_result":
      case "error":
        break;
      default:
        return;
    }
    if (this.clearPending) this.clear();
    switch (msg.msg_type) {
      case "stream": {
        const last = this.outputs.at(-1);
        if (last?.output_type === "stream" && last.name === msg.content.name) last.text += msg.content.text;
        else this.outputs.push({ output_type: "stream", name: msg.content.name, text: msg.content.text });
        return;
      }
      case "display_data": {
        this.outputs.push({ output_type: "display_data", data: msg.content.data, metadata: msg.content.metadata ?? {} });
        const id = msg.content.transient?.display_id;
        if (id) this.displayIds.set(id, [...(this.displayIds.get(id) ?? []), this.outputs.length - 1]);
        return;
      }
      case "execute_result":
        this.outputs.push({ output_type: "execute_result", execution_count: msg.content.execution_count, data: msg.content.data, metadata: msg.content.metadata ?? {} });
        return;
      case "error":
        this.outputs.push({ output_type: "error", ename: msg.content.ename, evalue: msg.content.evalue, traceback: msg.content.traceback });
        return;
    }
  }

  private clear(): void {
    this.outputs.length = 0;
    this.displayIds.clear();
    this.clearPending = false;
  }
}
