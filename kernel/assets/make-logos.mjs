#!/usr/bin/env node
/**
 * Draws the kernelspec logos (logo-32x32.png, logo-64x64.png) next to this script.
 * The PNGs are committed; rerun `node kernel/assets/make-logos.mjs` only to change the design.
 * Pure Node (node:zlib for the deflate stream) so the repository needs no image tooling.
 *
 * Design: a TypeScript-blue rounded tile, "TS" in white block letters, and a small three-node
 * layer graph in the top-left corner for the deep-learning side.
 */
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BLUE = [0x31, 0x78, 0xc6];
const WHITE = [0xff, 0xff, 0xff];
const ORANGE = [0xf2, 0x8c, 0x28];

// 5x7 glyphs; '#' is ink.
const GLYPHS = {
  T: ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
  S: [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
};

/** Coverage of a unit design space [0,1]^2 by each shape, sampled on a grid (antialiasing). */
function paint(u, v) {
  // Rounded tile with corner radius 0.16.
  const r = 0.16;
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return null;

  // Letters occupy the lower-right area: two glyphs of 5x7 cells with one blank column between.
  const cell = 0.062;
  const x0 = 0.3, y0 = 0.45;
  const gx = Math.floor((u - x0) / cell), gy = Math.floor((v - y0) / cell);
  if (gy >= 0 && gy < 7 && gx >= 0 && gx < 11 && gx !== 5) {
    const glyph = gx < 5 ? GLYPHS.T : GLYPHS.S;
    const col = gx < 5 ? gx : gx - 6;
    if (glyph[gy][col] === "#") return WHITE;
  }

  // Tiny network: two input nodes feeding one output node.
  const nodes = [[0.2, 0.18], [0.2, 0.38], [0.42, 0.28]];
  for (const [nx, ny] of nodes) if ((u - nx) ** 2 + (v - ny) ** 2 < 0.055 ** 2) return ORANGE;
  for (const [ax, ay] of nodes.slice(0, 2)) {
    const [bx, by] = nodes[2];
    const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    const dx = u - (ax + t * (bx - ax)), dy = v - (ay + t * (by - ay));
    if (dx * dx + dy * dy < 0.018 ** 2) return WHITE;
  }
  return BLUE;
}

function render(size) {
  const ss = 4; // samples per axis per pixel
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = paint((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const o = (y * size + x) * 4;
      // Colour is averaged over covered samples only (straight alpha), alpha is the coverage.
      rgba[o] = a ? Math.round(r / a) : 0;
      rgba[o + 1] = a ? Math.round(g / a) : 0;
      rgba[o + 2] = a ? Math.round(b / a) : 0;
      rgba[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  return encodePng(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** 8-bit RGBA, no interlace, filter type 0 on every scanline. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (1 + width * 4) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const size of [32, 64]) {
    const file = join(here, `logo-${size}x${size}.png`);
    writeFileSync(file, render(size));
    console.log(`wrote ${file}`);
  }
}
