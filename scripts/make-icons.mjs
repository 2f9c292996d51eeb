// Draws the app's icons (a proof tree on the app's dark panel) and writes them as PNG files under
// public/icons/: `node scripts/make-icons.mjs`. No image library: shapes are sampled per pixel
// (4 × 4 samples for smooth edges) and the PNG is written with node:zlib. The files are committed;
// re-run this only to change the drawing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [0x10, 0x14, 0x18];
const PANEL = [0x18, 0x20, 0x28];
const EDGE = [0x9f, 0xb0, 0xbf];
const NODE = [0x7c, 0xc4, 0xff];
const DONE = [0x5f, 0xd3, 0x8d];

// The tree in unit coordinates: a root (proved, green) over two merges over four leaves.
const nodes = [
  { x: 0.5, y: 0.27, c: DONE },
  { x: 0.3, y: 0.5, c: DONE },
  { x: 0.7, y: 0.5, c: NODE },
  { x: 0.2, y: 0.73, c: DONE },
  { x: 0.4, y: 0.73, c: DONE },
  { x: 0.6, y: 0.73, c: NODE },
  { x: 0.8, y: 0.73, c: NODE },
];
const edges = [
  [0, 1],
  [0, 2],
  [1, 3],
  [1, 4],
  [2, 5],
  [2, 6],
];
const NODE_R = 0.075;
const EDGE_HALF = 0.022;

function segmentDistance(px, py, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

function insideRoundedSquare(x, y, inset, radius) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const cx = Math.max(lo, Math.min(hi, x));
  const cy = Math.max(lo, Math.min(hi, y));
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** Colour of one sample at unit coordinates; `maskable` fills the square and shrinks the tree into the safe zone. */
function sample(x, y, maskable) {
  let background = BG;
  let scale = 1;
  if (maskable) {
    background = PANEL;
    scale = 0.72;
  } else if (!insideRoundedSquare(x, y, 0.02, 0.2)) return null;
  else background = PANEL;
  const u = 0.5 + (x - 0.5) / scale;
  const v = 0.5 + (y - 0.5) / scale;
  for (const n of nodes) if (Math.hypot(u - n.x, v - n.y) <= NODE_R) return n.c;
  for (const [a, b] of edges) if (segmentDistance(u, v, nodes[a], nodes[b]) <= EDGE_HALF) return EDGE;
  return background;
}

function render(size, maskable) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = sample((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size, maskable);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG: 8-bit RGBA, no interlace, filter 0 on every row. */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon-180.png', 180, true],
  ['favicon-32.png', 32, false],
]) {
  writeFileSync(new URL(name, out), png(size, render(size, maskable)));
  console.log(`wrote public/icons/${name}`);
}
