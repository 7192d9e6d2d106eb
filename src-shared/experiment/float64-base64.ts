/**
 * Long weight lists are written as base64 of their little-endian float64 bytes: exact, like the
 * decimal form, at 10⅔ characters a number instead of up to 24, and fast to read and write. The
 * encoder yields the text in pieces, so saving a large run never holds its whole text twice.
 * Written by hand because src-shared runs where neither Node's Buffer nor
 * `Uint8Array.fromBase64` exists.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each character code's 6 bits; -1 for what is not base64 (codes past 255 are checked apart). */
const DECODE = new Int16Array(256).fill(-1);
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

/**
 * The values a base64 text holds — given as a string, or as the ASCII bytes of one (straight
 * from a file) — or why it holds none (not base64, or not a whole number of float64 values).
 */
export function decodeFloat64(input: string | Uint8Array): Float64Array | string {
  const codes = typeof input === 'string' ? asciiCodes(input) : input;
  if (codes === null) return 'base64 text, got a character that is not ASCII';
  const length = codes.length;
  if (length % 4 !== 0) return `base64 text whose length is a multiple of 4, got ${length} characters`;
  const padding = length >= 2 && codes[length - 2] === 61 ? 2 : length >= 1 && codes[length - 1] === 61 ? 1 : 0;
  const byteCount = (length / 4) * 3 - padding;
  if (byteCount % 8 !== 0) return `base64 of whole float64 values (8 bytes each), got ${byteCount} bytes`;
  const values = new Float64Array(byteCount / 8);
  // Decoded straight into the values' memory where the machine is little-endian: one allocation.
  const bytes = LITTLE_ENDIAN ? new Uint8Array(values.buffer) : new Uint8Array(byteCount);
  const whole = padding > 0 ? length - 4 : length;
  let out = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = DECODE[codes[i]];
    const b = DECODE[codes[i + 1]];
    const c = DECODE[codes[i + 2]];
    const d = DECODE[codes[i + 3]];
    if ((a | b | c | d) < 0) return badCharacter(codes, i);
    bytes[out] = (a << 2) | (b >> 4);
    bytes[out + 1] = ((b & 15) << 4) | (c >> 2);
    bytes[out + 2] = ((c & 3) << 6) | d;
    out += 3;
  }
  if (padding > 0) {
    const a = DECODE[codes[whole]];
    const b = DECODE[codes[whole + 1]];
    const c = padding === 2 ? 0 : DECODE[codes[whole + 2]];
    if ((a | b | c) < 0) return badCharacter(codes, whole);
    bytes[out] = (a << 2) | (b >> 4);
    if (padding === 1) bytes[out + 1] = ((b & 15) << 4) | (c >> 2);
  }
  if (!LITTLE_ENDIAN) {
    const data = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) values[i] = data.getFloat64(i * 8, true);
  }
  return values;
}

/** A string's character codes as bytes, or null when one is past 255 (then it is not base64). */
function asciiCodes(text: string): Uint8Array | null {
  const codes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) return null;
    codes[i] = c;
  }
  return codes;
}

function badCharacter(codes: Uint8Array, from: number): string {
  let bad = from;
  while (DECODE[codes[bad]] >= 0) bad++;
  return `base64 text, got ${JSON.stringify(String.fromCharCode(codes[bad]))} at character ${bad + 1}`;
}
