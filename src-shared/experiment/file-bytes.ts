/**
 * A file's bytes as text for the JSON parser, with its long base64 weight lists left out. A
 * large run is mostly base64: decoding it straight from the file's bytes, and handing JSON.parse
 * only the rest, means a 300 MB file is never also held as a 300 MB string. Also
 * says where the bytes are not UTF-8, so a Latin-1 "Zürich" is not silently turned into "Z�rich".
 */

/** base64 strings at least this long are decoded from the bytes; shorter ones go through JSON.parse. */
const MIN_DECODED = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const KEY = new TextEncoder().encode('float64');

export interface FileText {
  /** The text without the decoded lists: each stands there as a placeholder string. */
  text: string;
  /** The long lists' base64, as the file's own bytes, by placeholder (decoded when the schema reads them). */
  lists: Map<string, Uint8Array>;
  /** Where the bytes are first not UTF-8 (a byte offset, and the line it is on), or null. */
  notUtf8: { byte: number; line: number } | null;
}

/** The index of the quote that ends the string opened at `open`, or -1. */
function stringEnd(bytes: Uint8Array, open: number): number {
  let k = open + 1;
  for (;;) {
    k = bytes.indexOf(QUOTE, k);
    if (k < 0) return -1;
    let slashes = 0;
    while (bytes[k - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return k;
    k++;
  }
}

function isKey(bytes: Uint8Array, open: number, close: number): boolean {
  if (close - open - 1 !== KEY.length) return false;
  for (let i = 0; i < KEY.length; i++) if (bytes[open + 1 + i] !== KEY[i]) return false;
  return true;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return i;
}

/** `{"float64": "<base64>"}` values long enough to be worth it, found by walking the file's strings. */
function longLists(bytes: Uint8Array): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let i = 0;
  for (;;) {
    const open = bytes.indexOf(QUOTE, i);
    if (open < 0) return found;
    const close = stringEnd(bytes, open);
    if (close < 0) return found;
    i = close + 1;
    if (!isKey(bytes, open, close)) continue;
    const colon = skipSpace(bytes, close + 1);
    if (bytes[colon] !== 0x3a) continue;
    const valueOpen = skipSpace(bytes, colon + 1);
    if (bytes[valueOpen] !== QUOTE) continue;
    const valueClose = stringEnd(bytes, valueOpen);
    if (valueClose < 0) return found;
    i = valueClose + 1;
    if (valueClose - valueOpen - 1 >= MIN_DECODED && bytes.subarray(valueOpen + 1, valueClose).indexOf(BACKSLASH) < 0) {
      found.push({ start: valueOpen + 1, end: valueClose });
    }
  }
}

export function fileText(bytes: Uint8Array): FileText {
  const lists = longLists(bytes);
  const found = new Map<string, Uint8Array>();
  // A placeholder no file can hold by chance: NUL (escaped in JSON) and a fresh number.
  const tag = `\\u0000weights-${Math.random().toString(36).slice(2)}-`;
  const parts: string[] = [];
  let notUtf8: FileText['notUtf8'] = null;
  let from = 0;
  const text = (start: number, end: number): void => {
    const slice = bytes.subarray(start, end);
    if (notUtf8 === null) {
      const bad = firstInvalidUtf8(slice);
      if (bad >= 0) notUtf8 = { byte: start + bad, line: lineAt(bytes, start + bad) };
    }
    parts.push(new TextDecoder('utf-8').decode(slice));
  };
  lists.forEach(({ start, end }, k) => {
    text(from, start);
    const name = `${tag}${k}`;
    parts.push(name);
    found.set(JSON.parse(`"${name}"`) as string, bytes.subarray(start, end));
    from = end;
  });
  text(from, bytes.length);
  return { text: parts.join(''), lists: found, notUtf8 };
}

/** Puts each list's bytes back where its placeholder stands, in place: `{"float64": <bytes>}`, which the schema decodes. */
export function restoreLists(doc: unknown, lists: ReadonlyMap<string, Uint8Array>): void {
  if (lists.size === 0 || doc === null || typeof doc !== 'object') return;
  if (Array.isArray(doc)) {
    for (const item of doc) restoreLists(item, lists);
    return;
  }
  const obj = doc as Record<string, unknown>;
  if (typeof obj.float64 === 'string' && lists.has(obj.float64)) obj.float64 = lists.get(obj.float64);
  else for (const key of Object.keys(obj)) restoreLists(obj[key], lists);
}

/** The offset of the first byte that does not belong to well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= n) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms and surrogates (U+D800–DFFF), and code points past U+10FFFF.
    const b1 = bytes[i + 1];
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}
