/**
 * The settings a sweep may vary, one entry each (the command line's `--set NAME=…` and the app's
 * sweep dialog read this list): how a value is read, and how it is put into a setup. A layer's
 * units are named by the layer: `units.dense-1`.
 */
import type { DesignNode } from '../network/design';
import type { ExperimentSetup } from '../setup';

export type SweepValue = number | string;

export interface SweepSetting {
  readonly name: string;
  /** What it is, for lists of names and the table's header. */
  readonly label: string;
  /** A value from text, or why it is not one. */
  parse(text: string): SweepValue | { error: string };
  /** The setup with this value; `target` is the part after the dot (a layer's id). */
  apply(setup: ExperimentSetup, value: SweepValue, target?: string): ExperimentSetup;
  /** Takes a `.target` (a layer id). */
  readonly targeted?: boolean;
  /** Values may be spread over a range (`1e-3..1:log7`). */
  readonly numeric: boolean;
}

const positive = (what: string) => (text: string): number | { error: string } => {
  const v = Number(text);
  return Number.isFinite(v) && v > 0 ? v : { error: `${what} must be a positive number, got "${text}"` };
};
const whole = (what: string, min: number, max: number) => (text: string): number | { error: string } => {
  const v = Number(text);
  return Number.isInteger(v) && v >= min && v <= max ? v : { error: `${what} must be a whole number from ${min} to ${max}, got "${text}"` };
};
const withTraining = (setup: ExperimentSetup, patch: Partial<ExperimentSetup['training']>): ExperimentSetup => ({ ...setup, training: { ...setup.training, ...patch } });
const withNodes = (setup: ExperimentSetup, change: (n: DesignNode) => DesignNode): ExperimentSetup => ({ ...setup, design: { ...setup.design, nodes: setup.design.nodes.map(change) } });

const OPTIMIZERS = {
  sgd: { type: 'sgd' },
  momentum: { type: 'momentum', momentum: 0.9 },
  adam: { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
} as const;

export const SWEEP_SETTINGS: readonly SweepSetting[] = [
  { name: 'learningRate', label: 'learning rate', numeric: true, parse: positive('The learning rate'), apply: (s, v) => withTraining(s, { learningRate: v as number }) },
  { name: 'epochs', label: 'epochs', numeric: true, parse: whole('Epochs', 1, 10_000_000), apply: (s, v) => withTraining(s, { epochs: v as number }) },
  {
    name: 'optimizer',
    label: 'optimizer',
    numeric: false,
    parse: (t) => (t in OPTIMIZERS ? t : { error: `The optimizer is one of ${Object.keys(OPTIMIZERS).join(', ')}, got "${t}"` }),
    apply: (s, v) => (s.training.optimizer.type === v ? s : withTraining(s, { optimizer: { ...OPTIMIZERS[v as keyof typeof OPTIMIZERS] } })),
  },
  { name: 'batchSize', label: 'batch size', numeric: true, parse: whole('The batch size', 1, 100_000), apply: (s, v) => withTraining(s, { batchSize: v as number }) },
  { name: 'initScale', label: 'initial weight scale', numeric: true, parse: positive('The initial weight scale'), apply: (s, v) => withTraining(s, { init: { ...s.training.init, scale: v as number } }) },
  {
    name: 'dropout',
    label: 'dropout rate (every Dropout layer)',
    numeric: true,
    parse: (t) => {
      const v = Number(t);
      return Number.isFinite(v) && v >= 0 && v <= 0.9 ? v : { error: `A dropout rate is a number from 0 to 0.9, got "${t}"` };
    },
    apply: (s, v) => withNodes(s, (n) => (n.type === 'dropout' ? ({ ...n, params: { ...n.params, rate: v as number } } as DesignNode) : n)),
  },
  {
    name: 'units',
    label: 'units of a layer (units.LAYER_ID)',
    numeric: true,
    targeted: true,
    parse: whole('A layer’s units', 1, 4096),
    apply: (s, v, id) => withNodes(s, (n) => (n.id === id && 'units' in n.params ? ({ ...n, params: { ...n.params, units: v as number } } as DesignNode) : n)),
  },
];

export function sweepSetting(name: string): SweepSetting | undefined {
  return SWEEP_SETTINGS.find((s) => s.name === name);
}
