/** `npm run schema`: writes schema/nnd.schema.json from the zod schema (a unit test checks it is current). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { experimentJsonSchema } from '../src-shared/experiment/json-schema';

const target = fileURLToPath(new URL('../schema/nnd.schema.json', import.meta.url));
writeFileSync(target, experimentJsonSchema());
process.stdout.write(`Wrote ${target}\n`);
