/**
 * The global declarations every cell is checked against: the kernel's own functions (provided by
 * the executor) and every named export of "d2l-ts" (the executor puts them all on globalThis).
 */

export const KERNEL_GLOBAL_NAMES = ["display", "DisplayHandle", "clearOutput", "input", "prompt"] as const;

/** A global script (no import/export), so its names are global. Names redeclared by a cell are left out. */
export function kernelGlobals(exclude: ReadonlySet<string>): string {
  const decls: Record<(typeof KERNEL_GLOBAL_NAMES)[number], string> = {
    display: [
      "/** Shows a value (or a MIME bundle: a plain object whose keys are all MIME types) below the cell. */",
      "declare function display(value: unknown, opts?: { displayId?: string; update?: boolean; metadata?: Record<string, unknown> }): DisplayHandle;",
    ].join("\n"),
    DisplayHandle: "interface DisplayHandle { readonly displayId: string; update(value: unknown): void; clear(): void }",
    clearOutput: "/** Clears the cell's output; with `wait`, when the next output arrives. */\ndeclare function clearOutput(opts?: { wait?: boolean }): void;",
    input: "/** Asks the frontend for a line of input. */\ndeclare function input(prompt?: string, opts?: { password?: boolean }): Promise<string>;",
    prompt: "declare function prompt(message?: string): Promise<string>;",
  };
  return KERNEL_GLOBAL_NAMES.filter((n) => !exclude.has(n))
    .map((n) => decls[n])
    .join("\n");
}

/**
 * A module whose global augmentation aliases names of another module. `export import` aliases carry
 * every meaning of a name (value, type, namespace, generics), which `typeof import(...)` does not.
 * TypeScript flags imports inside augmentations (TS2667) but binds them; diagnostics of this
 * virtual file are never shown.
 */
export function aliasGlobals(groups: { specifier: string; names: string[] }[]): string {
  const lines: string[] = [];
  const body: string[] = [];
  groups.forEach((g, i) => {
    if (g.names.length === 0) return;
    lines.push(`import * as __m${i} from ${JSON.stringify(g.specifier)};`);
    for (const n of g.names) body.push(`  export import ${n} = __m${i}.${n};`);
  });
  return `${lines.join("\n")}\ndeclare global {\n${body.join("\n")}\n}\nexport {};\n`;
}
