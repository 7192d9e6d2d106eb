/**
 * The only ways text from a file (experiment, task and layer names) enters generated Python: as a
 * string literal, inside a docstring, in a comment, or as an identifier. Each form escapes
 * whatever could end it (quotes, backslashes, any line break Python or an editor knows) and every
 * invisible or unencodable character, so a name can change what a literal or comment says, never
 * the code around it.
 */

/**
 * Characters written as escapes in every form: controls (C0, DEL, C1 with U+0085), format
 * characters (bidi overrides, zero-width, BOM), line and paragraph separators, unassigned and
 * private-use code points, and lone surrogates (which UTF-8 cannot hold).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|[\ud800-\udfff]/gu;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A Python escape sequence for one code point, valid in a string literal and readable in a comment. */
function escapeCodePoint(ch: string): string {
  if (SHORT[ch]) return SHORT[ch];
  const cp = ch.codePointAt(0) ?? 0;
  // A lone surrogate cannot be written to a UTF-8 file; it stands for nothing, so say U+FFFD.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Text escaped for inside a Python string literal whose quotes are `quote`. */
function literalBody(text: string, quote: '"' | "'"): string {
  return text.replace(/\\/g, '\\\\').replaceAll(quote, `\\${quote}`).replace(UNSAFE, escapeCodePoint);
}

/** A Python string literal (single-quoted) that evaluates to exactly `text` (lone surrogates as U+FFFD). */
export function pyString(text: string): string {
  return `'${literalBody(text, "'")}'`;
}

/**
 * A docstring of the given lines at the given indent. The first line sits right after the opening
 * quotes (so no name ever starts line 1 or 2 of a file on its own, where Python looks for a
 * `coding:` declaration); every `"` is escaped, so no `"""` can close it early.
 */
export function docstring(lines: string[], indent = ''): string[] {
  const body = lines.map((l) => literalBody(l, '"'));
  if (body.length <= 1) return [`${indent}"""${body[0] ?? ''}"""`];
  return [`${indent}"""${body[0]}`, ...body.slice(1).map((l) => (l === '' ? '' : `${indent}${l}`)), `${indent}"""`];
}

/** Text that stays inside one `#` comment: line breaks and invisible characters shown as escapes. */
export function commentText(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

/** A Python `#` comment line. */
export const comment = (text: string, indent = ''): string => `${indent}# ${commentText(text)}`;

/** An integer as Python source; anything else is a bug upstream, refused rather than written. */
export function pyInt(v: number): string {
  if (!Number.isSafeInteger(v)) throw new RangeError(`Expected a whole number for the script, got ${String(v)}`);
  return String(v);
}

/** A number as a Python float literal that reads back as exactly the same double. */
export function py(v: number): string {
  if (typeof v !== 'number') throw new TypeError(`Expected a number for the script, got ${typeof v}`);
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
  if (Object.is(v, -0)) return '-0.0';
  // JS's shortest round-trip form is a Python float literal, once an integer gets its ".0"
  // (1e21 and up print with an exponent, which Python reads as a float already).
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * A Python identifier from any text: ASCII letters, digits and `_` only, never a keyword or one
 * of `reserved`, unique among `taken` (which it joins).
 */
export function pyIdentifier(text: string, taken: Set<string>, reserved: ReadonlySet<string> = PYTHON_KEYWORDS): string {
  let name = text.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60);
  if (!/^[A-Za-z]/.test(name) || reserved.has(name) || PYTHON_KEYWORDS.has(name)) name = `layer_${name}`;
  let unique = name;
  for (let i = 2; taken.has(unique); i++) unique = `${name}_${i}`;
  taken.add(unique);
  return unique;
}

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _'.split(
    ' ',
  ),
);
