export { CellCompiler, defaultLibraryDts, type CellCompilerOptions } from "./cell-compiler.js";
export type { CellDiagnostic, CompileResult, CompletionResult, InspectResult, IsCompleteResult, TypecheckMode } from "./types.js";
export { codePointToUtf16, utf16ToCodePoint } from "./unicode.js";
