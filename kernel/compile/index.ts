/**
 * The cell compiler and TypeScript language service, used by the io worker.
 *
 * Compiled `js` contract (for the executor): a classic script, run with
 * `vm.runInThisContext(js, { filename })`, whose completion value is
 * `Promise<{ value: unknown; show: boolean }>`. It expects a global
 * `__d2l.import(specifier): Promise<namespace>` for `import` declarations and `import()`.
 * Top-level declarations become `var`s of the global object (functions stay function
 * declarations), so globals must be plain properties of globalThis, never global `let`/`const`.
 * Cells run in sloppy mode, as in Node's REPL.
 *
 * Type checking: "warn" (default) returns type errors as `warnings`; "error" blocks the cell
 * (`ename: "TypeError"`); "off" skips the language service. A line `//% typecheck: off|warn|error`
 * in a cell switches the mode from that cell on. Syntax errors always block.
 */
export { CellCompiler, defaultLibraryDts, type CellCompilerOptions } from "./cell-compiler.js";
export { typecheckModeFor } from "./directive.js";
export type { CellDiagnostic, CheckResult, CompileResult, CompletionResult, InspectResult, IsCompleteResult, TypecheckMode } from "./types.js";
export { codePointToUtf16, utf16ToCodePoint } from "./unicode.js";
export { breakableLine, type LineTable } from "./line-table.js";
