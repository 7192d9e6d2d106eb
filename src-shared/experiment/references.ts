/**
 * Checks that span several fields and that the schema cannot say per field: ids are unique,
 * connections join layers that exist, inline data rows line up. They read the raw document
 * defensively, so they run (and report) even when other parts of the file are malformed.
 */
import { isNodeType, NODE_TYPES } from '../layers';
import type { FileProblem } from './problems';
import { formatPath, problem, type PathSegment } from './problems';

import { APP_VERSION } from '../app-version';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);
const arrayAt = (v: unknown, key: string): unknown[] => {
  const a = at(v, key);
  return Array.isArray(a) ? a : [];
};

/** Reports every repeat of an id after its first use. */
function checkUnique(items: unknown[], base: PathSegment[], problems: FileProblem[]): Set<string> {
  const firstAt = new Map<string, number>();
  items.forEach((item, i) => {
    const id = at(item, 'id');
    if (typeof id !== 'string') return;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, i);
    else problems.push(problem([...base, i, 'id'], `expected a unique id, got ${JSON.stringify(id)}, which ${formatPath([...base, first])} already uses`));
  });
  return new Set(firstAt.keys());
}

/** Says which kind is unknown and, when another version wrote the file, that it can read it. */
function checkKinds(doc: unknown, nodes: unknown[], problems: FileProblem[]): void {
  const written = at(at(doc, 'app'), 'version');
  const elsewhere = typeof written === 'string' && written !== APP_VERSION ? `; the file was written by NN Designer ${written}: open it with that version or a newer one` : '';
  nodes.forEach((node, i) => {
    const type = at(node, 'type');
    if (typeof type !== 'string' || isNodeType(type)) return;
    problems.push(
      problem(['setup', 'design', 'nodes', i, 'type'], `${JSON.stringify(type)} is not a layer kind this NN Designer (${APP_VERSION}) knows; it knows ${NODE_TYPES.join(', ')}${elsewhere}`),
    );
  });
}

function checkDesign(design: unknown, problems: FileProblem[]): void {
  const nodeIds = checkUnique(arrayAt(design, 'nodes'), ['setup', 'design', 'nodes'], problems);
  const edges = arrayAt(design, 'edges');
  checkUnique(edges, ['setup', 'design', 'edges'], problems);
  edges.forEach((edge, i) => {
    for (const end of ['source', 'target'] as const) {
      const ref = at(edge, end);
      if (typeof ref === 'string' && !nodeIds.has(ref)) {
        problems.push(problem(['setup', 'design', 'edges', i, end], `expected the id of a layer in setup.design.nodes, got ${JSON.stringify(ref)}, which no layer has`));
      }
    }
  });
}

function checkInlineRows(task: unknown, problems: FileProblem[]): void {
  if (at(task, 'dataset') !== 'inline') return;
  const inputs = arrayAt(task, 'inputs');
  const targets = arrayAt(task, 'targets');
  if (inputs.length > 0 && targets.length > 0 && inputs.length !== targets.length) {
    problems.push(problem(['setup', 'task', 'targets'], `expected one target row per input row (${inputs.length}), got ${targets.length}`));
  }
  for (const key of ['inputs', 'targets'] as const) {
    const rows = arrayAt(task, key);
    const width = Array.isArray(rows[0]) ? rows[0].length : -1;
    rows.forEach((row, i) => {
      if (i > 0 && Array.isArray(row) && width >= 0 && row.length !== width) {
        problems.push(problem(['setup', 'task', key, i], `expected ${width} numbers like the first row, got ${row.length}`));
      }
    });
  }
}

export function checkReferences(doc: unknown): FileProblem[] {
  const problems: FileProblem[] = [];
  const setup = at(doc, 'setup');
  checkKinds(doc, arrayAt(at(setup, 'design'), 'nodes'), problems);
  checkDesign(at(setup, 'design'), problems);
  checkInlineRows(at(setup, 'task'), problems);
  checkUnique(arrayAt(doc, 'runs'), ['runs'], problems);
  return problems;
}
