/**
 * A sweep as a grid: each `--set NAME=V1,V2,…` is an axis (values listed, or a range:
 * `1e-3..1:log7` is 7 log-spaced values, `1..4:4` 4 evenly spaced ones), the cells are every
 * combination in the order the axes were given, and each cell runs once per seed.
 */
import type { ExperimentSetup } from '../setup';
import { SWEEP_SETTINGS, sweepSetting, type SweepSetting, type SweepValue } from './settings';

export interface SweepAxis {
  /** As written: `learningRate`, `units.dense-1`. */
  name: string;
  setting: SweepSetting;
  target?: string;
  values: SweepValue[];
}

export interface SweepCell {
  /** The axis values, in axis order. */
  values: SweepValue[];
  setup: ExperimentSetup;
}

export interface SweepRunSpec {
  cell: number;
  /** 0 … seeds − 1. */
  repeat: number;
  setup: ExperimentSetup;
}

/** Most values one axis may take, and most runs one sweep may hold (a file keeps this many runs in full or as summaries). */
export const MAX_AXIS_VALUES = 100;
export const MAX_SWEEP_RUNS = 10_000;

const RANGE = /^(-?[\d.eE+-]+)\.\.(-?[\d.eE+-]+):(log)?(\d+)$/;

/** Reads `NAME=V1,V2,…` or `NAME=A..B:logN`; the error names what is wrong and what there is. */
export function parseAxis(spec: string, setup: ExperimentSetup): SweepAxis | { error: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0) return { error: `--set expects NAME=VALUE,VALUE…, got "${spec}"` };
  const name = spec.slice(0, eq).trim();
  const [base, ...rest] = name.split('.');
  const target = rest.length > 0 ? rest.join('.') : undefined;
  const setting = sweepSetting(base);
  if (!setting) return { error: `There is no setting "${name}" to sweep; the settings are ${SWEEP_SETTINGS.map((s) => (s.targeted ? `${s.name}.LAYER_ID` : s.name)).join(', ')}` };
  if (setting.targeted) {
    const layers = setup.design.nodes.filter((n) => 'units' in n.params && n.type !== 'input' && n.type !== 'output').map((n) => n.id);
    if (!target || !layers.includes(target)) return { error: `${base} needs a hidden layer's id: ${layers.map((l) => `${base}.${l}`).join(', ') || 'the design has no hidden layer with units'}` };
  } else if (target !== undefined) return { error: `${base} takes no ".${target}"` };
  const text = spec.slice(eq + 1).trim();
  const range = RANGE.exec(text);
  let values: SweepValue[];
  if (range && setting.numeric) {
    const [lo, hi, log, n] = [Number(range[1]), Number(range[2]), range[3] === 'log', Number(range[4])];
    if (!(n >= 2 && n <= MAX_AXIS_VALUES)) return { error: `A range takes from 2 to ${MAX_AXIS_VALUES} values, got ${n}` };
    if (log && !(lo > 0 && hi > 0)) return { error: `A log range needs two positive ends, got ${range[1]} and ${range[2]}` };
    values = Array.from({ length: n }, (_, i) => {
      const t = i / (n - 1);
      const v = log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
      return Number(v.toPrecision(12));
    });
    if (setting.name === 'epochs' || setting.name === 'batchSize' || setting.name === 'units') values = [...new Set(values.map((v) => Math.round(v as number)))];
  } else values = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return { error: `--set ${name} lists no values` };
  if (values.length > MAX_AXIS_VALUES) return { error: `--set ${name} lists ${values.length} values; an axis takes up to ${MAX_AXIS_VALUES}` };
  const parsed: SweepValue[] = [];
  for (const v of values) {
    const p = typeof v === 'number' ? v : setting.parse(v);
    if (typeof p === 'object') return { error: `--set ${name}: ${p.error}` };
    parsed.push(p);
  }
  return { name, setting, target, values: parsed };
}

/** Every combination of the axes' values (the first axis varies slowest), each with its setup. */
export function sweepCells(setup: ExperimentSetup, axes: readonly SweepAxis[]): SweepCell[] {
  let cells: SweepCell[] = [{ values: [], setup }];
  for (const axis of axes) {
    cells = cells.flatMap((c) => axis.values.map((v) => ({ values: [...c.values, v], setup: axis.setting.apply(c.setup, v, axis.target) })));
  }
  return cells;
}

/** Each cell once per seed: the setup's own seed, then the next ones. */
export function sweepRuns(cells: readonly SweepCell[], seeds: number): SweepRunSpec[] {
  return cells.flatMap((c, cell) =>
    Array.from({ length: seeds }, (_, repeat) => ({ cell, repeat, setup: { ...c.setup, training: { ...c.setup.training, seed: (c.setup.training.seed + repeat) >>> 0 } } })),
  );
}
