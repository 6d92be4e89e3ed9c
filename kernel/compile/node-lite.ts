/**
 * The few Node globals most cells use without an import, declared as @types/node declares them
 * (v20), so a kernel checks such cells without @types/node's ~60 files (~50 MiB once parsed).
 * The ES lib has none of them: they live in lib.dom, which a Node kernel must not load. Anything
 * else of Node (process, Buffer, require, node:* modules, members left out here) switches the
 * service to the full @types/node, which replaces this file (node-types.ts).
 */
export const NODE_LITE_DTS = `
declare namespace NodeJS {
  interface RefCounted { ref(): this; unref(): this }
  interface Timer extends RefCounted { hasRef(): boolean; refresh(): this; [Symbol.toPrimitive](): number }
  interface Timeout extends RefCounted, Timer {
    close(): this; hasRef(): boolean; ref(): this; refresh(): this; unref(): this;
    [Symbol.toPrimitive](): number; _onTimeout(...args: any[]): void;
  }
  interface Immediate extends RefCounted { hasRef(): boolean; ref(): this; unref(): this; _onImmediate(...args: any[]): void }
}
interface Console {
  assert(value: any, message?: string, ...optionalParams: any[]): void;
  clear(): void;
  count(label?: string): void;
  countReset(label?: string): void;
  debug(message?: any, ...optionalParams: any[]): void;
  dir(obj: any, options?: object): void;
  dirxml(...data: any[]): void;
  error(message?: any, ...optionalParams: any[]): void;
  group(...label: any[]): void;
  groupCollapsed(...label: any[]): void;
  groupEnd(): void;
  info(message?: any, ...optionalParams: any[]): void;
  log(message?: any, ...optionalParams: any[]): void;
  table(tabularData: any, properties?: readonly string[]): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
  timeLog(label?: string, ...data: any[]): void;
  trace(message?: any, ...optionalParams: any[]): void;
  warn(message?: any, ...optionalParams: any[]): void;
  profile(label?: string): void;
  profileEnd(label?: string): void;
  timeStamp(label?: string): void;
}
declare var console: Console;
declare function setTimeout<TArgs extends any[]>(callback: (...args: TArgs) => void, delay?: number, ...args: TArgs): NodeJS.Timeout;
declare function setTimeout(callback: (_: void) => void, delay?: number): NodeJS.Timeout;
declare function setInterval<TArgs extends any[]>(callback: (...args: TArgs) => void, delay?: number, ...args: TArgs): NodeJS.Timeout;
declare function setInterval(callback: (_: void) => void, delay?: number): NodeJS.Timeout;
declare function setImmediate<TArgs extends any[]>(callback: (...args: TArgs) => void, ...args: TArgs): NodeJS.Immediate;
declare function setImmediate(callback: (_: void) => void): NodeJS.Immediate;
declare function clearTimeout(timeout: NodeJS.Timeout | string | number | undefined): void;
declare function clearInterval(timeout: NodeJS.Timeout | string | number | undefined): void;
declare function clearImmediate(immediate: NodeJS.Immediate | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T, options?: { transfer?: any[] }): T;
declare function atob(data: string): string;
declare function btoa(data: string): string;
interface Performance { readonly timeOrigin: number; now(): number }
declare var performance: Performance;
interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(src: string, dest: Uint8Array): { read: number; written: number };
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBufferView | ArrayBuffer | null, options?: { stream?: boolean | undefined }): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (encoding?: string, options?: { fatal?: boolean | undefined; ignoreBOM?: boolean | undefined }): TextDecoder;
};
interface URL {
  hash: string; host: string; hostname: string; href: string; readonly origin: string; password: string;
  pathname: string; port: string; protocol: string; search: string; readonly searchParams: URLSearchParams;
  username: string; toString(): string; toJSON(): string;
}
declare var URL: {
  prototype: URL;
  new (input: string | { toString: () => string }, base?: string | URL): URL;
  canParse(input: string, base?: string): boolean;
  parse(input: string, base?: string): URL | null;
};
interface URLSearchParams extends Iterable<[string, string]> {
  readonly size: number;
  append(name: string, value: string): void;
  delete(name: string, value?: string): void;
  entries(): IterableIterator<[string, string]>;
  forEach(fn: (value: string, key: string, parent: URLSearchParams) => void): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string, value?: string): boolean;
  keys(): IterableIterator<string>;
  set(name: string, value: string): void;
  sort(): void;
  toString(): string;
  values(): IterableIterator<string>;
}
declare var URLSearchParams: {
  prototype: URLSearchParams;
  new (init?: URLSearchParams | string | Record<string, string | readonly string[]> | Iterable<[string, string]> | ReadonlyArray<[string, string]>): URLSearchParams;
};
`;

/** The globals NODE_LITE_DTS declares: a cell naming only these needs no @types/node. */
export const NODE_LITE_NAMES: ReadonlySet<string> = new Set([
  "console", "Console", "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate",
  "queueMicrotask", "structuredClone", "atob", "btoa", "performance", "Performance", "TextEncoder", "TextDecoder",
  "URL", "URLSearchParams",
]);
