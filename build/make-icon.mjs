// Draws the app icon (build/icon.png, 1024 × 1024): the post's 2-4-1 network on a dark tile.
// No image libraries: shapes are distance functions, 4 × 4 supersampled, written as a PNG with zlib.
// Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const inputs = [[270, 392], [270, 632]];
const hidden = [[512, 212], [512, 412], [512, 612], [512, 812]];
const output = [[754, 512]];
const edges = [
  ...inputs.flatMap((a) => hidden.map((b) => [a, b])),
  ...hidden.map((a) => [a, output[0]]),
];
// Edge colours alternate like trained weights: blue positive, orange negative.
const edgeColor = (i) => (i * 7) % 3 === 0 ? [240, 140, 60] : [80, 160, 255];
const nodes = [...inputs, ...hidden, ...output];

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function roundedRectInside(px, py, margin, radius) {
  const qx = Math.max(Math.abs(px - SIZE / 2) - (SIZE / 2 - margin - radius), 0);
  const qy = Math.max(Math.abs(py - SIZE / 2) - (SIZE / 2 - margin - radius), 0);
  return Math.hypot(qx, qy) <= radius;
}

/** Colour (with alpha) of one sample point. */
function sample(x, y) {
  if (!roundedRectInside(x, y, 40, 190)) return [0, 0, 0, 0];
  const shade = 1 - (y / SIZE) * 0.35;
  let c = [34 * shade + 8, 36 * shade + 8, 52 * shade + 10];
  edges.forEach(([a, b], i) => {
    if (segmentDistance(x, y, a, b) <= 9) c = edgeColor(i);
  });
  for (const [nx, ny] of nodes) {
    const d = Math.hypot(x - nx, y - ny);
    if (d <= 62) c = d >= 48 ? [120, 200, 255] : [245, 247, 252];
  }
  return [...c, 255];
}

const SS = 4;
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const s = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        // Premultiplied accumulation, so edge pixels of the tile do not darken.
        acc[0] += s[0] * s[3]; acc[1] += s[1] * s[3]; acc[2] += s[2] * s[3]; acc[3] += s[3];
      }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const a = acc[3];
    raw[o] = a ? Math.round(acc[0] / a) : 0;
    raw[o + 1] = a ? Math.round(acc[1] / a) : 0;
    raw[o + 2] = a ? Math.round(acc[2] / a) : 0;
    raw[o + 3] = Math.round(a / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = new URL('./icon.png', import.meta.url);
writeFileSync(target, png);
console.log(`wrote ${target.pathname} (${png.length} bytes)`);
