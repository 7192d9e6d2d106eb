/**
 * The experiment file format (`.nnd`), version 2: one zod schema gives the TypeScript types, the
 * parser's checks and the generated JSON Schema (schema/nnd.schema.json, `npm run schema`).
 * Only structure and allocation limits live here; whether a design compiles is the editor's
 * business, so a file with a half-built design is still a valid file.
 */
import { z } from './zod';
import { COLUMN_ROLES, COLUMN_TYPES, DATASET_NAMES, DATASETS, SCALERS, TABLE_LIMITS, type DatasetField, type TaskSpec } from '../datasets';
import type { InitScheme, Reduction, Regularization, TrainingConfig, UpdateMode } from '../engine/config';
import { MAX_EPOCHS } from '../engine/prepare';
import { kindOf, NODE_TYPES, type ParamField } from '../layers';
import { MAX_UNITS, type Design, type DesignNode } from '../network/design';
import type { ExperimentSetup } from '../setup';
import { exactly, expecting, finiteNumber, float64Values, list, nonEmptyText, numberFrom, oneOf, positiveNumber, record, tagged, text, wholeNumber } from './fields';

export const FORMAT = 'nn-designer-experiment';
/**
 * 2: graphs (any layer kind of the registry, merges, several connections out of a layer), k-class tasks.
 * 3: a run names the layer each weight set belongs to and keeps the design it was trained on;
 * long weight lists may be base64 float64.
 */
export const FORMAT_VERSION = 3;
export const FILE_EXTENSION = '.nnd';
/**
 * The generated JSON Schema's identifier. It is published nowhere (the project has no public
 * home), so files do not point at it with `$schema`; editors are pointed at the schema file
 * itself (README: Experiment files).
 */
export const SCHEMA_ID = `urn:nn-designer:experiment:${FORMAT_VERSION}`;
/** What version-2 files were written with in `$schema`: a site that does not exist. */
export const UNPUBLISHED_SCHEMA_URL = 'https://nn-designer.github.io/schema/nnd.schema.json';

/** Limits, checked before anything large is allocated (files come from anywhere). */
export const LIMITS = {
  /**
   * Big enough for one run of the largest design the memory budget admits (network/budget.ts:
   * about 26 M weights, 10⅔ characters each as base64 float64) beside the rest of a file, and
   * small enough to read as one string in every JavaScript engine (V8: 2^29 − 24 characters).
   */
  fileBytes: 400 * 1024 * 1024,
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

/** Weight lists up to this length are written as decimal numbers (readable); longer ones as base64 float64 (compact, fast). */
export const DECIMAL_VALUES = 1024;

/** Most loss-history points a saved run keeps: plenty for a plot, small on disk. */
export const HISTORY_POINTS = 2000;

export const UPDATE_MODES = ['sample', 'shuffle', 'minibatch', 'batch'] as const satisfies readonly UpdateMode[];
export const REDUCTIONS = ['sum', 'mean'] as const satisfies readonly Reduction[];
export const INIT_SCHEMES = ['randn', 'randn_bias', 'xavier', 'he'] as const satisfies readonly InitScheme[];
export const REGULARIZATIONS = ['l1', 'l2'] as const satisfies readonly Regularization['type'][];
export const RUN_STATUSES = ['ready', 'paused', 'done', 'diverged'] as const;
/** What a run came to, as src-shared/engine/run-status says it. */
export const RUN_OUTCOMES = ['converged', 'stalled', 'saturated', 'finished', 'diverged', 'failed'] as const;
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
    case 'toggles': {
      const each = expecting(`one of ${field.patternText}`);
      return list(z.string(each).regex(field.pattern, each), field.maxItems, field.patternText)
        .refine((names) => new Set(names).size === names.length, expecting(`${field.patternText}, each once`))
        .meta({ uniqueItems: true });
    }
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

const seed = wholeNumber(0, MAX_SEED);

/** A table's column: its name, role, type, scaler and categories (datasets/table/card.ts). */
const TableColumnSchema = record({
  name: nonEmptyText(TABLE_LIMITS.name, 'name'),
  role: oneOf(COLUMN_ROLES),
  type: oneOf(COLUMN_TYPES),
  scaler: oneOf(SCALERS).optional(),
  categories: list(nonEmptyText(TABLE_LIMITS.name, 'category'), TABLE_LIMITS.categories, 'categories', 1).optional(),
});
const tableCell = z.union([finiteNumber(), text(TABLE_LIMITS.name)], expecting('a number or a category'));

function datasetFieldSchema(field: DatasetField): z.ZodType {
  switch (field.type) {
    case 'text':
      return field.optional ? text(field.max).optional() : text(field.max);
    case 'rows':
      return list(list(finiteNumber(), field.maxWidth, 'numbers', 1), field.maxRows, field.label, 1);
    case 'columns':
      return list(TableColumnSchema, TABLE_LIMITS.columns, field.label, 1).describe('The data card: each column’s role (input, target, ignore), type, scaler and categories in order.');
    case 'cells':
      return list(list(tableCell, TABLE_LIMITS.columns, 'cells', 1), TABLE_LIMITS.rows, field.label, field.empty ? 0 : 1).describe('The rows, a cell per column: a number in a numeric column, the category’s name in a categorical one.');
    case 'split':
      return record({ testPercent: numberFrom(0, TABLE_LIMITS.testPercent), seed }).optional().describe('The share of rows held out for testing (stratified by class) and the seed that picks them.');
    default: {
      const schema = fieldSchema(field);
      return field.optional ? schema.optional() : schema;
    }
  }
}

/** Each dataset's task, from its descriptor: its settings are the fields the registry declares. */
const taskSchemas = DATASETS.map((kind) =>
  record({ dataset: exactly(kind.id), ...Object.fromEntries(Object.entries(kind.fields as Record<string, DatasetField>).map(([key, field]) => [key, datasetFieldSchema(field)])) }),
);
export const TaskSchema = tagged('dataset', taskSchemas as unknown as [z.ZodObject, ...z.ZodObject[]], DATASET_NAMES) as unknown as z.ZodType<TaskSpec>;

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
  regularization: record({ type: oneOf(REGULARIZATIONS), rate: finiteNumber() })
    .optional()
    .describe('A penalty on the weights (not the biases): L2 rate/2·Σw², L1 rate·Σ|w|. None when absent.'),
});

export const SetupSchema = record({ design: DesignSchema, task: TaskSchema, training: TrainingSchema });

/** One layer's weights as saved: W is fan_in × fan_out row-major, as the engine holds it. */
export const LayerParametersSchema = record({
  node: id.optional().describe('The id of the layer these weights belong to (always written since format version 3; without it, weights are matched by the order layers run in).'),
  W: float64Values(LIMITS.layerWeights, 'weights').describe(
    `Weights, fan_in × fan_out, row-major: float64 written so it reads back exactly, as a list of numbers or, past ${DECIMAL_VALUES} values, {"float64": base64 of the little-endian bytes}.`,
  ),
  b: float64Values(LIMITS.units, 'biases').describe('One bias per unit, written as W is.'),
});

export const RunSchema = record({
  id,
  createdAt: z.iso.datetime({ offset: true, ...expecting('a date and time such as "2025-01-31T12:00:00.000Z"') }),
  /** Completed epochs. */
  epoch: wholeNumber(0, MAX_EPOCHS),
  /** Completed updates (samples or batches). */
  updates: wholeNumber(0, Number.MAX_SAFE_INTEGER),
  status: oneOf(RUN_STATUSES),
  /** The design the run was trained on: its weights belong to these layers, and it is shown and continued only while the setup's design is the same network. */
  design: DesignSchema.optional().describe(
    'The design this run was trained on. The run belongs to the experiment\'s design while both are the same network (the same layers by id, kinds, settings and, for each layer, its inputs in order); otherwise it is kept as a run of an earlier design.',
  ),
  /** Empty when no weights were kept (a diverged run's weights are NaN, which JSON cannot hold). */
  parameters: list(LayerParametersSchema, LIMITS.nodes, 'layers'),
  history: list(record({ epoch: wholeNumber(0, MAX_EPOCHS), loss: finiteNumber() }), LIMITS.storedHistory, 'history points').describe(
    `Mean loss per epoch, thinned to at most ${HISTORY_POINTS} points (first, last, and each stretch's lowest and highest).`,
  ),
  /** Where the loss stopped being a finite number. */
  divergedAt: record({ epoch: wholeNumber(0, MAX_EPOCHS), update: wholeNumber(0, Number.MAX_SAFE_INTEGER) }).optional(),
  settings: TrainingSchema.optional().describe('The training settings this run used, seed included (the file’s own settings may have changed since).'),
  scaling: record({
    inputs: list(record({ name: text(TABLE_LIMITS.name * 2 + 1), shift: finiteNumber(), scale: finiteNumber() }), MAX_UNITS, 'inputs'),
    target: record({ shift: finiteNumber(), scale: finiteNumber() }).optional(),
    classes: list(text(TABLE_LIMITS.name), TABLE_LIMITS.classes, 'classes').optional(),
  })
    .optional()
    .describe(
      "How a table's rows were turned into the network's inputs for this run: each input's name and (x − shift) / scale, a numeric target's scale, the classes in order. The run's weights hold for these; when the data card changes them, the exports ask for a new run.",
    ),
  outcome: oneOf(RUN_OUTCOMES).optional().describe('What the run came to: converged, stalled, saturated, finished, diverged, or failed (it could not run: see failure).'),
  failure: text(2000).optional().describe('Why a run that failed did not happen (its engine failed twice, or its settings cannot train).'),
  finalLoss: finiteNumber().optional().describe('Mean loss of the last completed epoch.'),
  accuracy: numberFrom(0, 1).optional().describe('Share of training samples classified right at the end (classification tasks).'),
  testLoss: finiteNumber().optional().describe('Mean loss over the rows the split holds out, at the end (tasks with a split).'),
  testAccuracy: numberFrom(0, 1).optional().describe('Share of the held-out rows classified right at the end (classification tasks with a split).'),
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
