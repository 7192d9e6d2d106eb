import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createExperiment, SCHEMA_ID, serializeExperiment } from '../../src-shared/experiment';
import { experimentJsonSchema } from '../../src-shared/experiment/json-schema';
import { PRESETS } from '../../src-shared/presets';

const committed = readFileSync(new URL('../../schema/nnd.schema.json', import.meta.url), 'utf8');

describe('the JSON Schema for .nnd files', () => {
  it('is up to date with the zod schema (run `npm run schema` if this fails)', () => {
    expect(committed).toBe(experimentJsonSchema());
  });

  it('describes every field a new file has; files point at no address, since the schema is published nowhere', () => {
    const schema = JSON.parse(committed) as { $id: string; required: string[]; properties: Record<string, unknown> };
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'version', 'app', 'setup', 'runs']));
    const file = JSON.parse(serializeExperiment(createExperiment(PRESETS[0].setup))) as Record<string, unknown>;
    expect(file.$schema).toBeUndefined();
    // Every top-level field a file has is described by the schema.
    for (const key of Object.keys(file)) expect(schema.properties).toHaveProperty([key]);
  });
});
