/**
 * Format versions. A file names its format and version; older versions are brought up to date
 * one step at a time before validation, newer ones are refused with a message saying so.
 */
import type { FileProblem } from './problems';
import { describeValue } from './fields';
import { problem } from './problems';
import { FORMAT, FORMAT_VERSION, UNPUBLISHED_SCHEMA_URL } from './schema';

export type RawDocument = Record<string, unknown>;

/** Turns a document of version `from` into one of version `from + 1` (it sets `version` too). */
export type Migration = (doc: RawDocument) => RawDocument;

/**
 * `MIGRATIONS[n]` upgrades version n to n + 1.
 * 1 → 2: version 2 holds graphs and k-class tasks; every version-1 design (a chain of Input,
 * Dense and Output), task and run means the same in version 2, so only the version changes.
 * 2 → 3: version 3 runs name their layers and keep their design; a version-2 run, which does
 * neither, is matched by the order its layers run in when it is read (experiment/run-binding.ts).
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (doc) => ({ ...doc, version: 2 }),
  2: (doc) => {
    // Version 2 pointed `$schema` at a site that never existed; editors cannot fetch it.
    const { $schema, ...rest } = doc;
    return { ...(typeof $schema === 'string' && $schema !== UNPUBLISHED_SCHEMA_URL ? { $schema } : {}), ...rest, version: 3 };
  },
};

export type MigrateResult = { ok: true; doc: RawDocument; warnings: FileProblem[] } | { ok: false; problems: FileProblem[] };

export function migrate(doc: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, current = FORMAT_VERSION): MigrateResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail(problem([], `expected an NN Designer experiment (a JSON object), got ${describeValue(doc)}`));
  }
  const raw = doc as RawDocument;
  if (raw.format !== FORMAT) {
    const found = raw.format === undefined ? 'no "format" field' : describeValue(raw.format);
    return fail(problem(['format'], `expected "${FORMAT}", got ${found}: this is not an NN Designer experiment file`));
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return fail(problem(['version'], `expected a format version (a whole number such as ${current}), got ${describeValue(version)}`));
  }
  if (version > current) {
    const app = typeof raw.app === 'object' && raw.app !== null ? (raw.app as RawDocument) : {};
    const writer = typeof app.version === 'string' ? `NN Designer ${app.version}` : 'a newer NN Designer';
    return fail(
      problem(
        ['version'],
        `this file uses format version ${version}, written by ${writer}; this NN Designer reads format versions up to ${current}. Open it with ${writer} or later.`,
      ),
    );
  }
  let upgraded = raw;
  for (let v = version; v < current; v++) {
    const step = migrations[v];
    if (!step) return fail(problem(['version'], `format version ${v} cannot be read: there is no upgrade from it to version ${v + 1}`));
    try {
      upgraded = step(upgraded);
    } catch (e) {
      return fail(problem(['version'], `upgrading from format version ${v} failed: ${(e as Error).message}`));
    }
  }
  const warnings = version < current ? [problem(['version'], `upgraded from format version ${version} to ${current}; saving writes version ${current}`)] : [];
  return { ok: true, doc: upgraded, warnings };
}

function fail(p: FileProblem): MigrateResult {
  return { ok: false, problems: [p] };
}
