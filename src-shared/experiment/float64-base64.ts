/**
 * Long weight lists are written as base64 of their little-endian float64 bytes: exact, like the
 * decimal form, at 10⅔ characters a number instead of up to 24, and fast to read and write. The
 * encoder yields the text in pieces, so saving a large run never holds its whole text twice.
 * Written by hand because src-shared runs where neither Node's Buffer nor
 * `Uint8Array.fromBase64` exists.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Characters of base64 that `count` float64 values take (with padding). */
export function base64Length(count: number): number {
  return Math.ceil((count * 8) / 3) * 4;
}

/** Values per piece the encoder yields: 3 × 2^17 bytes → 512 KiB of text, a whole number of 3-byte groups. */
const PIECE_VALUES = 3 * 2 ** 14;

/** The base64 text of `values` (little-endian bytes), in pieces whose concatenation is the whole. */
export function* encodeFloat64Pieces(values: Float64Array): Generator<string, void, void> {
  const bytes = littleEndianBytes(values);
  const pieceBytes = PIECE_VALUES * 8;
  for (let start = 0; start < bytes.length; start += pieceBytes) {
    yield encodeBytes(bytes, start, Math.min(bytes.length, start + pieceBytes));
  }
}

export function encodeFloat64(values: Float64Array): string {
  return [...encodeFloat64Pieces(values)].join('');
}

/** The values' bytes in little-endian order (a view where the machine already is little-endian). */
function littleEndianBytes(values: Float64Array): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN) return view;
  const out = new Uint8Array(values.byteLength);
  const data = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) data.setFloat64(i * 8, values[i], true);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function encodeBytes(bytes: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = start; i < end; i += 3) {
    const a = bytes[i];
    const b = i + 1 < end ? bytes[i + 1] : 0;
    const c = i + 2 < end ? bytes[i + 2] : 0;
    chunk.push(
      ALPHABET.charCodeAt(a >> 2),
      ALPHABET.charCodeAt(((a & 3) << 4) | (b >> 4)),
      i + 1 < end ? ALPHABET.charCodeAt(((b & 15) << 2) | (c >> 6)) : 61,
      i + 2 < end ? ALPHABET.charCodeAt(c & 63) : 61,
    );
    // String.fromCharCode takes its arguments on the stack: a few thousand at a time.
    if (chunk.length >= 8192) {
      parts.push(String.fromCharCode(...chunk));
      chunk = [];
    }
  }
  if (chunk.length > 0) parts.push(String.fromCharCode(...chunk));
  return parts.join('');
}

/** The values a base64 text holds, or why it holds none (not base64, or not a whole number of float64 values). */
export function decodeFloat64(text: string): Float64Array | string {
  if (text.length % 4 !== 0) return `base64 text whose length is a multiple of 4, got ${text.length} characters`;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const byteCount = (text.length / 4) * 3 - padding;
  if (byteCount % 8 !== 0) return `base64 of whole float64 values (8 bytes each), got ${byteCount} bytes`;
  const bytes = new Uint8Array(byteCount);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const lastGroup = i + 4 === text.length;
    const c = lastGroup && padding === 2 ? 0 : sextet(text, i + 2);
    const d = lastGroup && padding >= 1 ? 0 : sextet(text, i + 3);
    if ((a | b | c | d) < 0) return `base64 text, got the character ${JSON.stringify(text[firstBad(text, i)])} at character ${firstBad(text, i) + 1}`;
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = group >> 16;
    if (out < byteCount) bytes[out++] = (group >> 8) & 255;
    if (out < byteCount) bytes[out++] = group & 255;
  }
  const values = new Float64Array(byteCount / 8);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes);
  else {
    const data = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) values[i] = data.getFloat64(i * 8, true);
  }
  return values;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? DECODE[code] : -1;
}

function firstBad(text: string, from: number): number {
  for (let i = from; i < from + 4; i++) if (sextet(text, i) < 0) return i;
  return from;
}
