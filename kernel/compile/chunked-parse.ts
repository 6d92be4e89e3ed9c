/**
 * Parses a large file a slice at a time, so no step of the checker's warm-up holds the thread for
 * long: the first slice is parsed, then each further slice is appended through TypeScript's
 * incremental parser (the one editors use on every keystroke), which reuses every node that ends
 * before the edit and parses only the new text. The final tree is the one a full parse gives.
 */
import type { TS } from "./typescript.js";

/** Where a slice ends: just after a line closing a block, so few nodes straddle the cut. */
function cutAfter(text: string, from: number): number {
  if (from >= text.length) return text.length;
  const i = text.indexOf("}\n", from);
  return i < 0 ? text.length : i + 2;
}

/** Yields between slices of about `chunk` characters; returns the file for the whole snapshot. */
export function* parseInChunks(
  ts: typeof TS,
  fileName: string,
  snapshot: TS.IScriptSnapshot,
  options: TS.CreateSourceFileOptions,
  version: string,
  chunk: number,
): Generator<void, TS.SourceFile> {
  const length = snapshot.getLength();
  const text = snapshot.getText(0, length);
  let end = cutAfter(text, chunk);
  if (end >= length) return ts.createLanguageServiceSourceFile(fileName, snapshot, options, version, false);
  // Every slice's text is a substring of the file's: the names and comments a slice's nodes keep
  // then point into the one file text the service keeps anyway, not into a copy per slice.
  let sf = ts.createLanguageServiceSourceFile(fileName, ts.ScriptSnapshot.fromString(text.slice(0, end)), options, version, false);
  while (end < length) {
    yield;
    const next = cutAfter(text, end + chunk);
    sf = ts.updateSourceFile(sf, next >= length ? text : text.slice(0, next), ts.createTextChangeRange(ts.createTextSpan(end, 0), next - end));
    end = next;
  }
  // what the language service's own parse records (its setSourceFileFields)
  Object.assign(sf, { version, scriptSnapshot: snapshot });
  return sf;
}
