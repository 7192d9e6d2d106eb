/**
 * Reads a saved experiment file with the app's own parser, in a child process: the parser's
 * modules import package.json, which Node loads only with an import attribute Playwright's
 * loader does not add, so they run under tsx (as the CLI's tests do).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ParseResult } from '../../../src-shared/experiment/parse';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCRIPT = `
import { readFileSync } from 'node:fs';
import { parseExperiment } from './src-shared/experiment/parse.ts';
process.stdout.write(JSON.stringify(parseExperiment(readFileSync(process.argv[1], 'utf8'))));
`;

export function parseExperimentFile(file: string): ParseResult {
  const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['--eval', SCRIPT, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(out) as ParseResult;
}
