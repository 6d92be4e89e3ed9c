/**
 * `input()` / `prompt()`: an input_request goes to the io worker, which asks the frontend on the
 * stdin socket and posts the input_reply back with the same parent.
 */
import type { Parent } from "../bridge.js";
import { currentCell } from "./context.js";
import { StdinNotAllowedError } from "./errors.js";
import { outbox } from "./outbox.js";

interface Waiter {
  resolve(value: string): void;
  reject(err: unknown): void;
}

const waiting = new Map<Parent, Waiter[]>();

export function input(prompt = "", opts: { password?: boolean } = {}): Promise<string> {
  const box = outbox("input()");
  const cell = currentCell();
  if (!cell) return Promise.reject(new StdinNotAllowedError("no-cell"));
  if (!cell.allowStdin) return Promise.reject(new StdinNotAllowedError("not-allowed"));
  if (cell.finished) return Promise.reject(new StdinNotAllowedError("finished"));
  return new Promise<string>((resolve, reject) => {
    const list = waiting.get(cell.parent) ?? [];
    list.push({ resolve, reject });
    waiting.set(cell.parent, list);
    box.send({ kind: "input_request", parent: cell.parent, prompt: String(prompt), password: opts.password === true });
  });
}

export function prompt(message = ""): Promise<string> {
  return input(message);
}

/** Resolves the oldest waiting input() of that request; false if none was waiting. */
export function deliverInputReply(parent: Parent, value: string): boolean {
  const list = waiting.get(parent);
  const w = list?.shift();
  if (list && list.length === 0) waiting.delete(parent);
  w?.resolve(value);
  return w !== undefined;
}

/** A finished or interrupted cell's pending input() calls fail instead of hanging forever. */
export function rejectInputs(parent: Parent, err: unknown): void {
  const list = waiting.get(parent);
  waiting.delete(parent);
  for (const w of list ?? []) w.reject(err);
}
