import { z } from './zod';
import { ExperimentSchema, FORMAT_VERSION, SCHEMA_ID } from './schema';

/**
 * The JSON Schema of the file format, generated from the same zod schema the app parses with, so
 * editors can check `.nnd` files too (`npm run schema` writes it to schema/nnd.schema.json).
 * Cross-field rules (unique ids, connections to existing layers, weights that fit the design)
 * are beyond JSON Schema; the app checks those when it opens a file.
 */
export function experimentJsonSchema(): string {
  const generated = z.toJSONSchema(ExperimentSchema, { io: 'input', target: 'draft-2020-12' });
  const schema = {
    $schema: generated.$schema,
    $id: SCHEMA_ID,
    title: `NN Designer experiment (.nnd), format version ${FORMAT_VERSION}`,
    description: 'A neural network design, its task and training settings, and trained runs. Written by NN Designer.',
    ...generated,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
