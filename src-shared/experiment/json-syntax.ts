/**
 * Where a text stops being JSON, and why, in words a person can act on. JSON engines word their
 * errors differently and some give no position at all (V8 says only "Unexpected token 'N'" for
 * Python's NaN), so this scans the text itself (RFC 8259) and finds the first mistake. Run only
 * after JSON.parse has failed; iterative, so deep nesting cannot overflow the stack.
 */

export interface JsonSyntaxError {
  /** UTF-16 offset of the first character that cannot be JSON (the text's length if it ends too soon). */
  offset: number;
  line: number;
  column: number;
  /** True when the text ends where more was expected: it looks cut off. */
  truncated: boolean;
  /** What is wrong there, e.g. `unexpected "NaN": NaN is not JSON …`. */
  reason: string;
}

const enum Expect {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  CommaOrClose,
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const HEX = /^[0-9A-Fa-f]{4}$/;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  const stack: number[] = []; // '{' or '[' of each open container
  let i = 0;
  let state = Expect.Value;
  let afterComma = false;

  const at = (offset: number, reason: string): JsonSyntaxError => ({ offset, ...lineAndColumn(text, offset), truncated: offset >= n, reason });
  const unexpected = (offset: number, reason?: string): JsonSyntaxError =>
    offset >= n ? at(n, 'the file ends here') : at(offset, `unexpected ${JSON.stringify(text.slice(offset, offset + 12))}${reason ? `: ${reason}` : ''}`);

  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i); // NaN past the end
    switch (state) {
      case Expect.ValueOrClose:
      case Expect.KeyOrClose: {
        const close = state === Expect.ValueOrClose ? 0x5d : 0x7d;
        if (c === close) {
          stack.pop();
          i++;
          state = Expect.CommaOrClose;
          continue;
        }
        state = state === Expect.ValueOrClose ? Expect.Value : Expect.Key;
        continue;
      }
      case Expect.Value: {
        if (c === 0x7b || c === 0x5b) {
          stack.push(c);
          i++;
          state = c === 0x7b ? Expect.KeyOrClose : Expect.ValueOrClose;
          afterComma = false;
          continue;
        }
        const end = c === 0x22 ? stringEnd(text, i) : c === 0x2d || isDigit(c) ? numberEnd(text, i) : literalEnd(text, i);
        if (typeof end !== 'number') return end === null ? unexpected(i, valueHint(text, i, afterComma)) : at(end.offset, end.reason);
        i = end;
        state = Expect.CommaOrClose;
        continue;
      }
      case Expect.Key: {
        if (c !== 0x22) {
          const hint = c === 0x7d && afterComma ? "a comma before '}': remove it" : c === 0x27 ? 'names and text need double quotes (")' : 'expected a field name in double quotes';
          return unexpected(i, hint);
        }
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return end === null ? unexpected(i) : at(end.offset, end.reason);
        i = end;
        state = Expect.Colon;
        continue;
      }
      case Expect.Colon:
        if (c !== 0x3a) return unexpected(i, "expected ':' after the field name");
        i++;
        state = Expect.Value;
        afterComma = false;
        continue;
      case Expect.CommaOrClose: {
        const top = stack[stack.length - 1];
        if (top === undefined) return i >= n ? null : unexpected(i, 'there is more text after the end of the JSON value');
        const close = top === 0x7b ? 0x7d : 0x5d;
        if (c === close) {
          stack.pop();
          i++;
          continue;
        }
        if (c === 0x2c) {
          i++;
          state = top === 0x7b ? Expect.Key : Expect.Value;
          afterComma = true;
          continue;
        }
        return unexpected(i, `expected ',' or '${String.fromCharCode(close)}'`);
      }
    }
  }
}

/** Why a value cannot start here: the mistakes people (and Python's json module) actually make. */
function valueHint(text: string, i: number, afterComma: boolean): string | undefined {
  const rest = text.slice(i, i + 9);
  const special = /^-?(NaN|Infinity)/.exec(rest);
  if (special) return `${special[1]} is not JSON (Python's json module writes it for nan and inf): write null or a finite number`;
  const c = text[i];
  if ((c === ']' || c === '}') && afterComma) return `a comma before '${c}': remove it`;
  if (c === "'") return 'text needs double quotes (")';
  if (c === '/') return 'JSON has no comments';
  if (c === ',') return 'a value is missing here';
  return undefined;
}

type Scan = number | { offset: number; reason: string } | null;

/** The offset just past the string starting at `i` (a `"`), or where it goes wrong. */
function stringEnd(text: string, i: number): Scan {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { offset: j, reason: 'a line break or control character inside text: write it as \\n (or \\u escape)' };
    if (c === 0x5c) {
      const e = text[j + 1];
      if (e === undefined) break;
      if (e === 'u') {
        if (!HEX.test(text.slice(j + 2, j + 6))) return j + 6 > n && /^[0-9A-Fa-f]*$/.test(text.slice(j + 2)) ? { offset: n, reason: 'the file ends here' } : { offset: j, reason: 'expected \\u and four hex digits' };
        j += 5;
      } else if ('"\\/bfnrt'.includes(e)) j++;
      else return { offset: j, reason: `unknown escape "\\${e}": write a backslash as \\\\` };
    }
  }
  return { offset: n, reason: 'the file ends inside text' };
}

/** The offset just past the number starting at `i`, or where it goes wrong. */
function numberEnd(text: string, i: number): Scan {
  let j = i;
  if (text[j] === '-') j++;
  const digitsFrom = (k: number): number => {
    while (isDigit(text.charCodeAt(k))) k++;
    return k;
  };
  if (text[j] === '0') {
    j++;
    if (isDigit(text.charCodeAt(j))) return { offset: i, reason: 'numbers cannot start with 0 (write 1, not 01)' };
  } else if (isDigit(text.charCodeAt(j))) j = digitsFrom(j);
  else return j >= text.length ? { offset: j, reason: 'the file ends here' } : null;
  if (text[j] === '.') {
    if (!isDigit(text.charCodeAt(j + 1))) return { offset: j + 1 >= text.length ? text.length : i, reason: 'expected digits after the decimal point' };
    j = digitsFrom(j + 1);
  }
  if (text[j] === 'e' || text[j] === 'E') {
    let k = j + 1;
    if (text[k] === '+' || text[k] === '-') k++;
    if (!isDigit(text.charCodeAt(k))) return { offset: k >= text.length ? text.length : i, reason: 'expected digits in the exponent' };
    j = digitsFrom(k);
  }
  return j;
}

/** The offset just past `true`, `false` or `null` at `i`, or null. */
function literalEnd(text: string, i: number): Scan {
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, i)) return i + word.length;
    if (i + word.length > text.length && word.startsWith(text.slice(i))) return { offset: text.length, reason: 'the file ends here' };
  }
  return null;
}

/** 1-based line and column (in UTF-16 units, as editors count); CRLF, LF and CR each end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
      line++;
      start = k + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
