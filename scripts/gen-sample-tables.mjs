// Writes src-shared/presets/data/*.generated.ts from the sample tables beside them, so every
// bundler (Vite, esbuild, vitest) takes the data as source. Run after changing a table:
// `node scripts/gen-sample-tables.mjs`; test/unit/sample-tables.test.ts fails while one is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = fileURLToPath(new URL('../src-shared/presets/data/', import.meta.url));
for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
  const name = path.basename(file, '.csv');
  const text = readFileSync(path.join(dir, file), 'utf8');
  const constant = `${name.replace(/\W+/g, '_').toUpperCase()}_CSV`;
  const out = `// Generated from ${file} by scripts/gen-sample-tables.mjs: do not edit.\nexport const ${constant} = ${JSON.stringify(text)};\n`;
  writeFileSync(path.join(dir, `${name}.generated.ts`), out);
}
