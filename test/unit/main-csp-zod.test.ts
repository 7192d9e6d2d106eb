/**
 * The app's pages forbid eval (CSP without 'unsafe-eval'). zod probes for eval with
 * `new Function("")` when its first object schema is made, unless it is configured `jitless`;
 * under the CSP the probe is reported as a violation on every launch. Checked here by watching the
 * Function constructor while the experiment schemas are built and a file is parsed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const RealFunction = globalThis.Function;
const constructed: unknown[][] = [];
globalThis.Function = new Proxy(RealFunction, {
  construct(target, args, newTarget) {
    constructed.push(args);
    return Reflect.construct(target, args, newTarget);
  },
  apply(target, thisArg, args) {
    constructed.push(args);
    return Reflect.apply(target, thisArg, args);
  },
});
afterAll(() => {
  globalThis.Function = RealFunction;
});

describe('zod under a no-eval CSP', () => {
  it('never builds code from strings while the schemas are made and a file is parsed', async () => {
    // Imported only now, so that the schemas are made under the watch.
    const { parseExperiment } = await import('../../src-shared/experiment');
    const text = readFileSync(path.resolve(import.meta.dirname, '../fixtures/files/valid/xor-2-4-1-trained.nnd'), 'utf8');
    const parsed = parseExperiment(text);
    expect(parsed.ok).toBe(true);
    expect(constructed).toEqual([]);
  });
});
