/**
 * No import cycles, type-only imports included. import-x/no-cycle skips `import type`, but a
 * cycle of types still ties modules together: neither can be moved, read or tested alone.
 * Other files' imports are read with TypeScript's import scanner (cached by modification time);
 * the file being linted is read from its AST, so an editor sees unsaved changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** file → its modification time and the project files it imports */
const scanned = new Map();

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // missing, or a path through a file ('package.json/index.ts')
  }
}

/** The source file a relative specifier names, or null (packages cannot import us back). */
function resolve(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  // TypeScript's ESM style names the emitted file: './x.js' is './x.ts'.
  if (/\.[cm]?jsx?$/.test(base)) candidates.push(...['.ts', '.tsx', '.mts', '.cts'].map((e) => base.replace(/\.[cm]?jsx?$/, e)));
  return candidates.find((c) => EXTENSIONS.includes(path.extname(c)) && isFile(c)) ?? null;
}

function importsOf(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return [];
  const hit = scanned.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.imports;
  const found = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles;
  const imports = [...new Set(found.map((f) => resolve(file, f.fileName)).filter((f) => f !== null))];
  scanned.set(file, { mtimeMs: stat.mtimeMs, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `goal`, both included, or null. */
function pathBack(start, goal) {
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    for (const next of importsOf(file)) {
      if (next === goal) {
        const chain = [goal, file];
        for (let f = cameFrom.get(file); f; f = cameFrom.get(f)) chain.push(f);
        return chain.reverse();
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow import cycles, counting type-only imports' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}. Move the shared part to a module both can import.' },
  },
  create(context) {
    const file = context.physicalFilename;
    const cwd = context.cwd;
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolve(file, source.value);
      if (!target || target === file) return;
      const back = pathBack(target, file);
      if (back) context.report({ node: source, messageId: 'cycle', data: { chain: [file, ...back].map((f) => path.relative(cwd, f)).join(' → ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'Literal' ? node.argument : node.argument?.literal),
    };
  },
};
