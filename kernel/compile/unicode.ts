/**
 * Jupyter (protocol 5.2+) counts cursor positions in Unicode code points; JavaScript strings and
 * TypeScript count UTF-16 code units. These convert between the two for one string.
 */

export function codePointToUtf16(text: string, codePoints: number): number {
  let units = 0;
  for (let n = 0; n < codePoints && units < text.length; n++) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return units;
}

export function utf16ToCodePoint(text: string, units: number): number {
  let points = 0;
  for (let i = 0; i < units && i < text.length; points++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return points;
}
