#!/usr/bin/env node
// The `nn-designer` command. The command line is bundled from src-main/cli/index.ts; this stub only
// loads the bundle, or says how to build it when it is missing (a fresh checkout).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../out/cli/nn-designer.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('nn-designer: the command line is not built yet. Run `npm run build:cli` in the project folder first.\n');
  process.exitCode = 1;
} else {
  await import(bundle.href);
}
