/** What a person reads when a file is not JSON at all: where the mistake is, and what the text is. */
import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src-shared/experiment';

const messageOf = (text: string): string => {
  const r = parseExperiment(text);
  if (r.ok) throw new Error('expected the file to be refused');
  expect(r.problems).toHaveLength(1);
  return r.problems[0].message;
};

/** Broken JSON, and where (1-based line, column) the first mistake is. */
const BROKEN: [string, string, number, number][] = [
  ['NaN written by Python', '{\n  "a": NaN\n}', 2, 8],
  ['Infinity written by Python', '{\n  "a": [1, Infinity]\n}', 2, 12],
  ['-Infinity written by Python', '{"a": -Infinity}', 1, 7],
  ['a trailing comma in an array', '[1,\n 2,\n]', 3, 1],
  ['a trailing comma in an object', '{"a": 1,\n}', 2, 1],
  ['single quotes', "{'a': 1}", 1, 2],
  ['a misspelt literal', '{"a": tru}', 1, 7],
  ['a comment', '{\n  // note\n  "a": 1\n}', 2, 3],
  ['a doubled comma', '{"a": 1,, "b": 2}', 1, 9],
  ['missing colon', '{"a" 1}', 1, 6],
  ['missing comma', '[1 2]', 1, 4],
  ['a raw line break in a string', '{"a": "x\ny"}', 1, 9],
  ['a bad escape', '{"a": "\\x"}', 1, 8],
  ['a leading zero', '{"a": 01}', 1, 7],
  ['text after the end', '{"a": 1}\n}', 2, 1],
  ['a non-breaking space', '\u00a0{}', 1, 1],
  ['CRLF line ends', '{\r\n"a": 1,\r\n"b": NaN}', 3, 6],
  ['a lone minus', '{"a": -}', 1, 7],
];

describe('JSON syntax errors name a line and a column, every one', () => {
  it.each(BROKEN)('%s', (_, text, line, column) => {
    expect(messageOf(text)).toContain(`line ${line}, column ${column}`);
  });

  it('says what NaN and Infinity are and how to fix them', () => {
    expect(messageOf('{"a": NaN}')).toMatch(/NaN.*not JSON.*null or a finite number/);
    expect(messageOf('{"a": Infinity}')).toMatch(/Infinity.*not JSON/);
  });

  it('calls a cut-off file truncated, with where it ends', () => {
    expect(messageOf('{"a": [1, 2')).toMatch(/ends too soon at line 1, column 12.*truncated/);
    expect(messageOf('{"a": "abc')).toMatch(/ends too soon.*truncated/);
  });

  it('finds the mistake in 2,000 random corruptions of a valid file, never a plain "not valid JSON"', () => {
    const valid = JSON.stringify({ a: [1, 2.5, -3e-7, true, null], b: { c: 'text "quoted" \\ ü', d: [] } }, null, 2);
    let seed = 5;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const junk = ['NaN', 'Infinity', ',', ']', '}', '{', '[', ':', '"', "'", 'x', '0', '-', '\\', '\n', '//', 'tru', '.', 'e'];
    let checked = 0;
    for (let k = 0; k < 2000; k++) {
      const at = Math.floor(random() * valid.length);
      const cut = random() < 0.5 ? 1 : 0;
      const text = valid.slice(0, at) + junk[Math.floor(random() * junk.length)] + valid.slice(at + cut);
      try {
        JSON.parse(text);
        continue;
      } catch {
        checked++;
      }
      expect(messageOf(text), text).toMatch(/line \d+, column \d+/);
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

/** Text as a UTF-8 reader sees bytes in another encoding (what readFile(…, 'utf8') and Blob.text() give). */
const asUtf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const utf16le = (s: string, bom: boolean): Uint8Array => {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    out[(bom ? 2 : 0) + 2 * i] = s.charCodeAt(i) & 0xff;
    out[(bom ? 2 : 0) + 2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};
const swap = (b: Uint8Array): Uint8Array => b.map((_, i) => b[i ^ 1]);

describe('text in another encoding is named as such', () => {
  const doc = '{"format": "nn-designer-experiment", "name": "Grüße"}';
  it('UTF-16 little-endian, with and without a byte order mark', () => {
    expect(messageOf(asUtf8(utf16le(doc, true)))).toMatch(/UTF-16 \(little-endian\).*save it as UTF-8/);
    expect(messageOf(asUtf8(utf16le(doc, false)))).toMatch(/UTF-16 \(little-endian\)/);
  });
  it('UTF-16 big-endian', () => {
    expect(messageOf(asUtf8(swap(utf16le(doc, true))))).toMatch(/UTF-16 \(big-endian\)/);
    expect(messageOf(asUtf8(swap(utf16le(doc, false))))).toMatch(/UTF-16 \(big-endian\)/);
  });
  it('real binary data is still binary data', () => {
    expect(messageOf(asUtf8(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 9])))).toMatch(/binary data/);
  });
});
