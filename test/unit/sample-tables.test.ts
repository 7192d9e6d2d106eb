/** The sample tables ship as source (scripts/gen-sample-tables.mjs): each generated module holds its CSV, byte for byte. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IRIS_CSV } from '../../src-shared/presets/data/iris.generated';

describe('sample tables', () => {
  it('iris.generated.ts is iris.csv (run `node scripts/gen-sample-tables.mjs` if this fails)', () => {
    expect(IRIS_CSV).toBe(readFileSync(new URL('../../src-shared/presets/data/iris.csv', import.meta.url), 'utf8'));
  });
});
