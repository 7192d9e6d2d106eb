/**
 * Broken files: a hand-made corpus on disk with the exact problems each must report, and hundreds
 * of randomly mutated valid files (seeded, so a failure can be replayed). Parsing must never throw,
 * and every problem must carry a path that leads into the document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExperiment, serializeExperiment, WHOLE_FILE } from '../../src-shared/experiment';
import { RandomState } from '../../src-shared/rng/random-state';
import type { FileProblem } from '../../src-shared/experiment/problems';

const dir = new URL('../fixtures/files/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const validNames = readdirSync(new URL('valid/', dir)).filter((f) => f.endsWith('.nnd'));
const brokenNames = readdirSync(new URL('broken/', dir)).filter((f) => f.endsWith('.nnd'));
const expected = JSON.parse(read('broken/expected.json')) as Record<string, FileProblem[]>;

type Segment = string | number;
const PATH_TOKEN = /^(?:([A-Za-z_$][\w$]*)|\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** `setup.design.nodes[2].id` → ['setup', 'design', 'nodes', 2, 'id']; null when malformed. */
function parsePath(path: string): Segment[] | null {
  const out: Segment[] = [];
  let rest = path;
  while (rest) {
    const m = PATH_TOKEN.exec(rest);
    if (!m || (m[1] !== undefined && out.length > 0)) return null;
    out.push(m[1] ?? m[2] ?? (m[3] !== undefined ? Number(m[3]) : (JSON.parse(m[4]) as string)));
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** A problem's path must lead into the document: every step but the last must exist. */
function pathLeadsIntoDocument(doc: unknown, path: Segment[]): boolean {
  let node = doc;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return node !== null && typeof node === 'object';
}

function checkProblems(text: string, problems: FileProblem[]): void {
  expect(problems.length).toBeGreaterThan(0);
  let doc: unknown = undefined;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // Not JSON: the whole-file problem says so.
  }
  for (const p of problems) {
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(5);
    if (p.path === WHOLE_FILE) continue;
    const segments = parsePath(p.path);
    expect(segments, `malformed path "${p.path}"`).not.toBeNull();
    expect(pathLeadsIntoDocument(doc, segments!), `path ${p.path} (${p.message}) does not lead into the document`).toBe(true);
  }
}

describe('the broken-file corpus on disk', () => {
  it('has a file for every expectation and an expectation for every file', () => {
    expect(brokenNames.sort()).toEqual(Object.keys(expected).sort());
    expect(brokenNames.length).toBeGreaterThanOrEqual(15);
  });

  it.each(brokenNames)('%s reports exactly its problems', (name) => {
    const text = read(`broken/${name}`);
    const r = parseExperiment(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    checkProblems(text, r.problems);
    for (const want of expected[name]) {
      expect(r.problems.some((p) => p.path === want.path && p.message.includes(want.message)), `${name}: ${want.path}: ${want.message}\ngot ${JSON.stringify(r.problems, null, 2)}`).toBe(true);
    }
  });

  it.each(validNames)('valid/%s opens cleanly and re-saves byte for byte', (name) => {
    const text = read(`valid/${name}`);
    const r = parseExperiment(text);
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && serializeExperiment(r.experiment)).toBe(text);
  });
});

// ---- random mutations -------------------------------------------------------------------------

const JUNK: unknown[] = [null, true, false, 0, -1, -3, 1.5, 4097, 2 ** 53, 1e308, '', 'x', 'sigmoid', 'input', 'and', 'ready', [], [1, 2], [[0]], {}, { id: 'z' }, { x: 1 }];

class Mutator {
  constructor(private readonly rs: RandomState) {}

  int(n: number): number {
    return n <= 1 ? 0 : this.rs.randint(0, n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Every container in the document and the keys in it, to choose a place to break. */
  places(doc: unknown): [Record<string, unknown> | unknown[], string | number][] {
    const out: [Record<string, unknown> | unknown[], string | number][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        // Long number lists (weights, history) would crowd out everything else: sample a few.
        const indices = node.length > 8 ? [0, 1, node.length - 1, this.int(node.length)] : node.map((_, i) => i);
        for (const i of indices) {
          out.push([node, i]);
          walk(node[i]);
        }
      } else if (node && typeof node === 'object') {
        for (const k of Object.keys(node)) {
          out.push([node as Record<string, unknown>, k]);
          walk((node as Record<string, unknown>)[k]);
        }
      }
    };
    walk(doc);
    return out;
  }

  mutateValue(doc: unknown): void {
    const places = this.places(doc);
    if (places.length === 0) return;
    const [container, key] = this.pick(places);
    const record = container as Record<string | number, unknown>;
    switch (this.int(5)) {
      case 0: // delete
        if (Array.isArray(container)) container.splice(key as number, 1);
        else delete record[key];
        break;
      case 1: // junk
        record[key] = structuredClone(this.pick(JUNK));
        break;
      case 2: // duplicate (a repeated node or edge gives duplicate ids)
        if (Array.isArray(container)) container.push(structuredClone(container[key as number]));
        else record[`${key}_copy`] = structuredClone(record[key]);
        break;
      case 3: {
        // swap in a value from elsewhere in the file
        const [other, otherKey] = this.pick(places);
        record[key] = structuredClone((other as Record<string | number, unknown>)[otherKey]);
        break;
      }
      default: // a number nudged out of range or made fractional
        record[key] = typeof record[key] === 'number' ? this.pick([-(record[key] as number), (record[key] as number) + 0.5, (record[key] as number) * 1e6]) : 7;
    }
  }

  mutateText(text: string): string {
    const at = this.int(text.length);
    switch (this.int(5)) {
      case 0:
        return text.slice(0, at); // truncated
      case 1:
        return text.slice(0, at) + text.slice(at + 1 + this.int(20)); // bytes lost
      case 2:
        return text.slice(0, at) + String.fromCharCode(this.int(256)) + text.slice(at); // a stray byte
      case 3:
        return text.replace(/-?\d+\.\d+/, this.pick(['1e999', '-1e999', 'NaN', 'Infinity', '0x10', '01'])); // numbers JSON cannot hold
      default: {
        const chars = [...text];
        for (let i = 0; i < 1 + this.int(8); i++) chars[this.int(chars.length)] = String.fromCharCode(this.int(65536));
        return chars.join(''); // line noise, including unpaired surrogates
      }
    }
  }
}

describe('randomly mutated files', () => {
  it('never throw, and every problem has a path into the document (800 files, seed 2024)', () => {
    const rs = new RandomState(2024);
    const m = new Mutator(rs);
    const bases = validNames.map((n) => read(`valid/${n}`));
    let invalid = 0;
    let valid = 0;
    for (let i = 0; i < 800; i++) {
      const base = bases[i % bases.length];
      let text: string;
      if (m.int(4) === 0) text = m.mutateText(base);
      else {
        const doc = JSON.parse(base) as unknown;
        for (let k = 0; k <= m.int(3); k++) m.mutateValue(doc);
        text = JSON.stringify(doc, null, m.int(2) * 2);
      }
      let r: ReturnType<typeof parseExperiment>;
      try {
        r = parseExperiment(text);
      } catch (e) {
        throw new Error(`case ${i} threw: ${(e as Error).stack}\n--- file ---\n${text.slice(0, 2000)}`, { cause: e });
      }
      if (r.ok) {
        valid++;
        // Whatever opens must save and reopen to the same bytes.
        const saved = serializeExperiment(r.experiment);
        const again = parseExperiment(saved);
        expect(again.ok, `case ${i}`).toBe(true);
        expect(again.ok && serializeExperiment(again.experiment)).toBe(saved);
      } else {
        invalid++;
        checkProblems(text, r.problems);
      }
    }
    // The mutations must actually break most files, and some must survive (unknown keys, etc.).
    expect(invalid).toBeGreaterThan(500);
    expect(valid).toBeGreaterThan(10);
  });
});
