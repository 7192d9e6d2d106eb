/**
 * The experiment file format (`.nnd`), version 2: one zod schema gives the TypeScript types, the
 * parser's checks and the generated JSON Schema (schema/nnd.schema.json, `npm run schema`).
 * Only structure and allocation limits live here; whether a design compiles is the editor's
 * business, so a file with a half-built design is still a valid file.
 */
import { z } from './zod';
import { LOGIC_GATES, MAX_CLASSES, MIN_CLASSES, type TaskSpec } from '../datasets';
import type { InitScheme, Reduction, TrainingConfig, UpdateMode } from '../engine/config';
import { MAX_EPOCHS } from '../engine/prepare';
import { kindOf, NODE_TYPES, type ParamField } from '../layers';
import { MAX_UNITS, type Design, type DesignNode } from '../network/design';
import type { ExperimentSetup } from '../setup';
import { exactly, expecting, finiteNumber, list, nonEmptyText, numberFrom, oneOf, positiveNumber, record, tagged, text, wholeNumber } from './fields';

export const FORMAT = 'nn-designer-experiment';
/** 2: graphs (any layer kind of the registry, merges, several connections out of a layer), k-class tasks. */
export const FORMAT_VERSION = 2;
export const FILE_EXTENSION = '.nnd';
/** Where the generated JSON Schema is published; files point at it with `$schema`. */
export const SCHEMA_URL = 'https://nn-designer.github.io/schema/nnd.schema.json';

/** Limits, checked before anything large is allocated (files come from anywhere). */
export const LIMITS = {
  fileBytes: 50 * 1024 * 1024,
  nodes: 256,
  edges: 1024,
  units: MAX_UNITS,
  /** Runs a file keeps in full (weights and history); older ones keep a summary. */
  fullRuns: 100,
  /** Summaries of older runs a file keeps (settings, seed, final loss, status). */
  runSummaries: 10_000,
  samples: 100_000,
  inlineRows: 100_000,
  /** History points accepted on reading; writing decimates to `HISTORY_POINTS`. */
  storedHistory: 100_000,
  /** Numbers in one weight matrix: a full 4096 × 4096 layer. */
  layerWeights: MAX_UNITS * MAX_UNITS,
  notes: 100_000,
  name: 200,
} as const;

/** Most loss-history points a saved run keeps: plenty for a plot, small on disk. */
export const HISTORY_POINTS = 2000;

export const UPDATE_MODES = ['sample', 'shuffle', 'minibatch', 'batch'] as const satisfies readonly UpdateMode[];
export const REDUCTIONS = ['sum', 'mean'] as const satisfies readonly Reduction[];
export const INIT_SCHEMES = ['randn', 'randn_bias', 'xavier', 'he'] as const satisfies readonly InitScheme[];
export const RUN_STATUSES = ['ready', 'paused', 'done', 'diverged'] as const;
/** What a run came to, as src-shared/engine/run-status says it. */
export const RUN_OUTCOMES = ['converged', 'stalled', 'saturated', 'finished', 'diverged'] as const;
export const THEMES = ['light', 'dark', 'system'] as const;

const MAX_SEED = 0xffffffff;
const id = nonEmptyText(200);
const label = text(LIMITS.name).optional();
const position = record({ x: finiteNumber(), y: finiteNumber() }, 'a position {"x": number, "y": number}');

function fieldSchema(field: ParamField): z.ZodType {
  switch (field.type) {
    case 'int':
      return wholeNumber(field.min, field.max);
    case 'number':
      return field.default === undefined ? numberFrom(field.min, field.max) : numberFrom(field.min, field.max).optional();
    case 'choice':
      return oneOf(field.options as [string, ...string[]]);
  }
}

/** Each kind's node, from its descriptor: its settings are the fields the registry declares. */
const nodeSchemas = NODE_TYPES.map((type) => {
  const kind = kindOf(type);
  const params = Object.fromEntries(Object.entries(kind.fields).map(([key, field]) => [key, fieldSchema(field)]));
  return record({ id, type: exactly(type), position, params: record(params), label });
});
// Typed as the design's nodes: the registry's fields and the kinds' parameter types are one
// source (test/unit/layer-kinds.test.ts parses every kind's defaults and refuses bad values).
export const DesignNodeSchema = tagged('type', nodeSchemas as unknown as [z.ZodObject, ...z.ZodObject[]], NODE_TYPES) as unknown as z.ZodType<DesignNode>;
export const DesignEdgeSchema = record({ id, source: id, target: id });
export const DesignSchema = record({
  nodes: list(DesignNodeSchema, LIMITS.nodes, 'layers').describe('The layers on the canvas, with their positions.'),
  edges: list(DesignEdgeSchema, LIMITS.edges, 'connections').describe(
    'Connections from one layer (source) to another (target), by node id. A merge (Add, Concatenate) takes its inputs in this order.',
  ),
});

const samples = wholeNumber(1, LIMITS.samples);
const seed = wholeNumber(0, MAX_SEED);
const rows = (what: string) => list(list(finiteNumber(), LIMITS.units, 'numbers', 1), LIMITS.inlineRows, what, 1);
export const TaskSchema = tagged(
  'dataset',
  [
    record({ dataset: oneOf(LOGIC_GATES) }),
    record({ dataset: exactly('addition'), samples, seed }),
    record({ dataset: exactly('circle'), samples, noise: numberFrom(0, 10), seed }),
    record({ dataset: exactly('spiral'), samples, noise: numberFrom(0, 10), seed, classes: wholeNumber(MIN_CLASSES, MAX_CLASSES).optional() }),
    record({ dataset: exactly('clusters'), samples, noise: numberFrom(0, 10), seed, classes: wholeNumber(MIN_CLASSES, MAX_CLASSES) }),
    record({ dataset: exactly('inline'), name: label, inputs: rows('input rows'), targets: rows('target rows') }),
  ],
  [...LOGIC_GATES, 'addition', 'circle', 'spiral', 'clusters', 'inline'],
);

export const TrainingSchema = record({
  epochs: wholeNumber(0, MAX_EPOCHS),
  learningRate: finiteNumber(),
  updateMode: oneOf(UPDATE_MODES),
  batchSize: wholeNumber(1, LIMITS.samples),
  reduction: oneOf(REDUCTIONS),
  optimizer: tagged(
    'type',
    [
      record({ type: exactly('sgd') }),
      record({ type: exactly('momentum'), momentum: finiteNumber() }),
      record({ type: exactly('adam'), beta1: finiteNumber(), beta2: finiteNumber(), epsilon: finiteNumber() }),
    ],
    ['sgd', 'momentum', 'adam'],
  ),
  init: record({ scheme: oneOf(INIT_SCHEMES), scale: finiteNumber() }),
  seed,
});

export const SetupSchema = record({ design: DesignSchema, task: TaskSchema, training: TrainingSchema });

/** One layer's weights as saved: W is fan_in × fan_out row-major, as the engine holds it. */
export const LayerParametersSchema = record({
  node: id.optional().describe('The layer these weights belong to (runs list the layers with weights in the order they run).'),
  W: list(finiteNumber(), LIMITS.layerWeights, 'weights').describe('Weights, fan_in × fan_out, row-major (float64, written so they read back exactly).'),
  b: list(finiteNumber(), LIMITS.units, 'biases').describe('One bias per unit.'),
});

export const RunSchema = record({
  id,
  createdAt: z.iso.datetime({ offset: true, ...expecting('a date and time such as "2025-01-31T12:00:00.000Z"') }),
  /** Completed epochs. */
  epoch: wholeNumber(0, MAX_EPOCHS),
  /** Completed updates (samples or batches). */
  updates: wholeNumber(0, Number.MAX_SAFE_INTEGER),
  status: oneOf(RUN_STATUSES),
  /** Empty when no weights were kept (a diverged run's weights are NaN, which JSON cannot hold). */
  parameters: list(LayerParametersSchema, LIMITS.nodes, 'layers'),
  history: list(record({ epoch: wholeNumber(0, MAX_EPOCHS), loss: finiteNumber() }), LIMITS.storedHistory, 'history points').describe(
    `Mean loss per epoch, thinned to at most ${HISTORY_POINTS} points (first, last, and each stretch's lowest and highest).`,
  ),
  /** Where the loss stopped being a finite number. */
  divergedAt: record({ epoch: wholeNumber(0, MAX_EPOCHS), update: wholeNumber(0, Number.MAX_SAFE_INTEGER) }).optional(),
  settings: TrainingSchema.optional().describe('The training settings this run used, seed included (the file’s own settings may have changed since).'),
  outcome: oneOf(RUN_OUTCOMES).optional().describe('What the run came to: converged, stalled, saturated, finished or diverged.'),
  finalLoss: finiteNumber().optional().describe('Mean loss of the last completed epoch.'),
  accuracy: numberFrom(0, 1).optional().describe('Share of training samples classified right at the end (classification tasks).'),
  summary: z.literal(true, expecting('true')).optional().describe(
    `Only a summary is kept (no weights, no history): the file keeps ${LIMITS.fullRuns} runs in full and summaries of up to ${LIMITS.runSummaries} older ones.`,
  ),
});

export const ViewSchema = record({
  viewport: record({ x: finiteNumber(), y: finiteNumber(), zoom: positiveNumber() }).optional(),
  theme: oneOf(THEMES).optional(),
});

export const ExperimentSchema = record(
  {
    $schema: text(2000).optional(),
    format: exactly(FORMAT).describe('Identifies an NN Designer experiment file.'),
    version: exactly(FORMAT_VERSION).describe('Format version; older versions are upgraded when opened.'),
    app: record({ name: text(LIMITS.name), version: text(100) }).describe('The application that wrote the file.'),
    name: text(LIMITS.name),
    notes: text(LIMITS.notes),
    setup: SetupSchema.describe('Everything needed to train: the design, the task and the training settings.'),
    runs: list(RunSchema, LIMITS.fullRuns + LIMITS.runSummaries, 'runs').describe(
      `Trained runs, oldest first: the latest ${LIMITS.fullRuns} with weights and loss history, older ones as summaries.`,
    ),
    view: ViewSchema.optional().describe('How the editor showed the experiment.'),
  },
  'an NN Designer experiment (a JSON object)',
);

export type Experiment = z.infer<typeof ExperimentSchema>;
export type Run = z.infer<typeof RunSchema>;
export type RunStatus = Run['status'];
export type SavedLayerParameters = z.infer<typeof LayerParametersSchema>;
export type HistoryPoint = Run['history'][number];
export type ExperimentView = z.infer<typeof ViewSchema>;

// Compile-time check: the schema's types and the hand-written engine types are the same shapes,
// so a change to either one that the other lacks fails `tsc`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: [
  Same<z.infer<typeof DesignSchema>, Design>,
  Same<z.infer<typeof TaskSchema>, TaskSpec>,
  Same<z.infer<typeof TrainingSchema>, TrainingConfig>,
  Same<Experiment['setup'], ExperimentSetup>,
] = [true, true, true, true];
void schemaMatchesTypes;
