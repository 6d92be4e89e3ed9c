/**
 * Text edits over a cell's source and the exact position map they produce. The rewrite blanks
 * types, replaces keywords and moves function declarations; every generated character either
 * copies a source character (and maps back to it) or was inserted (and maps to its anchor).
 */

export interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Piece {
  /** Offset of the piece in the generated text. */
  gen: number;
  length: number;
  /** Source offset of the piece's first character (for inserted text: where it was inserted). */
  src: number;
  copied: boolean;
  /** Wrapper text with no source of its own (the async arrow, the result record). */
  wrapper: boolean;
}

export class EditBuffer {
  private readonly edits: Edit[] = [];
  private order = 0;
  private readonly seq = new WeakMap<Edit, number>();

  constructor(readonly source: string) {}

  replace(start: number, end: number, text: string): void {
    const e = { start, end, text };
    this.seq.set(e, this.order++);
    this.edits.push(e);
  }

  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  /** Replaces a range with spaces, keeping its line breaks, so positions after it do not move. */
  blank(start: number, end: number, lead = ""): void {
    const body = this.source.slice(start, end).replace(/[^\r\n]/g, " ");
    this.replace(start, end, lead + body.slice(lead.length));
  }

  /** Edits sorted by position; insertions before replacements at the same offset. */
  sorted(): Edit[] {
    return [...this.edits].sort(
      (a, b) => a.start - b.start || Number(a.end > a.start) - Number(b.end > b.start) || this.seq.get(a)! - this.seq.get(b)!,
    );
  }
}

/** Builds generated text from source ranges (with their edits applied) and literal text. */
export class Output {
  private readonly parts: string[] = [];
  private readonly pieces: Piece[] = [];
  private length = 0;
  private readonly edits: Edit[];

  constructor(private readonly buffer: EditBuffer) {
    this.edits = buffer.sorted();
  }

  text(text: string, anchor: number, wrapper = false): void {
    if (!text) return;
    this.pieces.push({ gen: this.length, length: text.length, src: anchor, copied: false, wrapper });
    this.parts.push(text);
    this.length += text.length;
  }

  private copy(start: number, end: number): void {
    if (end <= start) return;
    this.pieces.push({ gen: this.length, length: end - start, src: start, copied: true, wrapper: false });
    this.parts.push(this.buffer.source.slice(start, end));
    this.length += end - start;
  }

  /**
   * Emits source[start, end) with the edits inside it. An insertion at `end` belongs to the next
   * range, except at the end of the source, where nothing follows.
   */
  range(start: number, end: number): void {
    const atEnd = end === this.buffer.source.length;
    let pos = start;
    for (const e of this.edits) {
      if (e.start < start) continue;
      if (e.start > end || (e.start === end && (!atEnd || e.end > e.start))) break;
      if (e.start < pos) continue; // overlapped by an earlier replacement
      this.copy(pos, e.start);
      this.text(e.text, e.start);
      pos = Math.max(pos, Math.min(e.end, end));
    }
    this.copy(pos, end);
  }

  finish(): { text: string; map: PieceMap } {
    return { text: this.parts.join(""), map: new PieceMap(this.pieces) };
  }
}

/** Generated offset -> source offset. */
export class PieceMap {
  /**
   * gen, length, src, flags (1 = copied, 2 = wrapper) per piece: the transpile thread keeps one
   * map per executed cell for stack traces, so a long session holds thousands of them.
   */
  private readonly packed: Int32Array;

  constructor(pieces: readonly Piece[]) {
    this.packed = new Int32Array(pieces.length * 4);
    pieces.forEach((p, i) => this.packed.set([p.gen, p.length, p.src, (p.copied ? 1 : 0) | (p.wrapper ? 2 : 0)], i * 4));
  }

  /** null inside wrapper text: a stack frame there is the kernel's, not the user's. */
  toSource(gen: number): number | null {
    const a = this.packed;
    const n = a.length / 4;
    if (n === 0) return null;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid * 4]! <= gen) lo = mid;
      else hi = mid - 1;
    }
    const [pGen, length, src, flags] = a.subarray(lo * 4, lo * 4 + 4) as unknown as [number, number, number, number];
    if (flags & 2) return null;
    return flags & 1 ? src + Math.min(gen - pGen, length) : src;
  }
}

/** Offsets of the first character of every line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** 0-based offset -> 0-based line and UTF-16 column. */
export function lineColumn(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - starts[lo]! };
}
