/**
 * Cell lines <-> lines of the script the cell compiles to, for the debugger: breakpoints are set
 * on cell (TypeScript) lines and V8 reports paused positions in the script. The rewrite keeps line
 * breaks, so a line-level table is enough; it is plain data so it can cross threads.
 */
import { lineStarts } from "./edits.js";
import type { PositionMapper } from "./transpile.js";
import type { TS } from "./typescript.js";

export interface LineTable {
  /** Per script line (0-based): the cell line it runs, -1 for the kernel's wrapper lines. */
  scriptToCell: number[];
  /** Per script line: cell column minus script column on that line (0 where unmapped). */
  columnShift: number[];
  /** Per cell line: the first script line running it, -1 if none does. */
  cellToScript: number[];
  /** Cell lines where a statement starts: where a breakpoint can stop. Sorted, 0-based. */
  codeLines: number[];
}

/**
 * A script line belongs to the cell line of its first character copied from the cell (inserted
 * text, such as the hoisted `var x;`, is anchored to a cell position it does not copy).
 */
export function buildLineTable(source: string, js: string, map: PositionMapper, codeLines: number[]): LineTable {
  const srcStarts = lineStarts(source);
  const jsStarts = lineStarts(js);
  const scriptToCell: number[] = [];
  const columnShift: number[] = [];
  const cellToScript = new Array<number>(srcStarts.length).fill(-1);
  for (let l = 0; l < jsStarts.length; l++) {
    const start = jsStarts[l]!;
    const end = l + 1 < jsStarts.length ? jsStarts[l + 1]! : js.length;
    let cell = -1;
    let shift = 0;
    for (let i = start; i < end; i++) {
      const ch = js[i]!;
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === ";") continue;
      const p = map(l + 1, i - start + 1);
      if (!p) continue;
      const at = (srcStarts[p.line] ?? Infinity) + p.column;
      if (source[at] !== ch) continue;
      cell = p.line;
      shift = p.column - (i - start);
      break;
    }
    scriptToCell.push(cell);
    columnShift.push(shift);
    if (cell >= 0 && cellToScript[cell] === -1) cellToScript[cell] = l;
  }
  return { scriptToCell, columnShift, cellToScript, codeLines };
}

/** Lines where a statement V8 can stop at starts (declarations of functions and types excluded). */
export function statementLines(ts: typeof TS, sf: TS.SourceFile): number[] {
  const K = ts.SyntaxKind;
  const skip = new Set<TS.SyntaxKind>([
    K.Block, K.EmptyStatement, K.FunctionDeclaration, K.ClassDeclaration, K.InterfaceDeclaration,
    K.TypeAliasDeclaration, K.ModuleDeclaration, K.ImportEqualsDeclaration, K.ExportDeclaration,
    K.NotEmittedStatement, K.EndOfFileToken,
  ]);
  const lines = new Set<number>();
  // Parsed without parent pointers (the compiler's parse is cheaper that way): carry the parent.
  const visit = (node: TS.Node, parent: TS.Node | undefined): void => {
    if (parent && isStatement(ts, node, parent) && !skip.has(node.kind)) {
      if (!(ts.isVariableStatement(node) && node.modifiers?.some((m) => m.kind === K.DeclareKeyword))) {
        lines.add(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line);
      }
    }
    // A class body's property initialisers and methods hold statements too.
    if (ts.isPropertyDeclaration(node) && node.initializer) lines.add(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line);
    ts.forEachChild(node, (child) => visit(child, node));
  };
  visit(sf, undefined);
  return [...lines].sort((a, b) => a - b);
}

function isStatement(ts: typeof TS, node: TS.Node, p: TS.Node): boolean {
  // ts.isStatement is internal; statements are the children of blocks, case clauses and the file.
  return ts.isSourceFile(p) || ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) ||
    (ts.isIfStatement(p) && node !== p.expression) || (ts.isIterationStatement(p, false) && node === p.statement) || (ts.isLabeledStatement(p) && node === p.statement);
}

/** Where a breakpoint asked for on `line` stops: that line or the next with a statement; null if none. */
export function breakableLine(table: LineTable, line: number): number | null {
  for (const l of table.codeLines) if (l >= line && table.cellToScript[l]! >= 0) return l;
  return null;
}
