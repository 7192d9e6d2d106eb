/**
 * Lessons (`.nndlesson`) and `nn-designer lesson check`, run in this process: the built-in lesson
 * passes every step with the post's numbers, a broken file names each problem's path, a check
 * that can never pass says so before training, a failing check exits 4, and --with checks the
 * learner's own experiment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './cli-harness';
import { createExperiment, serializeExperiment } from '../../src-shared/experiment';
import { checkLesson, neverPasses } from '../../src-shared/lessons/check';
import { parseLesson } from '../../src-shared/lessons/parse';
import { POST_LESSON } from '../../src-shared/lessons/post';
import { getPreset } from '../../src-shared/presets';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(path.join(tmpdir(), 'nnd-lesson-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]): Promise<CliResult> => runCliCaptured(args);

const lesson = (steps: unknown[]): string => JSON.stringify({ format: 'nn-designer-lesson', version: 1, title: 'T', steps });
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('the built-in lesson', () => {
  it('passes every step, the post’s tables line for line, and the learner step on the 2-4-1 it starts from', async () => {
    const r = await cli(['lesson', 'check', 'post']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 of 5 steps pass.');
    expect(r.stdout).toMatch(/One neuron learns AND: pass \(the \d+ lines of the table match/);
    expect(r.stdout).toMatch(/Your turn.*: pass \(4 hidden units ≤ 4; loss < 0\.01 within 5000 epochs in (9|10) of 10 seeds \(8 needed\)\)/);
  }, 120_000);

  it('reads its own JSON back unchanged (the built-in lesson is a valid file)', () => {
    const parsed = parseLesson(JSON.stringify(POST_LESSON));
    expect(parsed.ok).toBe(true);
  });
});

describe('a lesson file', () => {
  it('names every problem by its path, and opens nothing when there is one', () => {
    const bad = parseLesson(
      lesson([
        { id: 'a', title: 'A', text: '', from: { preset: 'no-such-preset' } },
        { id: 'a', title: 'B', text: '', predict: { question: 'Q?', kind: 'choice' } },
        { id: 'c', title: 'C', text: '', check: { seeds: 2, atLeast: 3 } },
      ]),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.path)).toEqual(['steps[0].from.preset', 'steps[1].id', 'steps[1].predict.options', 'steps[2].check.atLeast']);
    expect(bad.problems[0].message).toContain('"no-such-preset"');
  });

  it('says what is wrong with a file that is not a lesson', () => {
    const notJson = parseLesson('{"format":');
    expect(notJson.ok || notJson.problems[0].message).toMatch(/not valid JSON/);
    const wrong = parseLesson(JSON.stringify({ format: 'nn-designer-lesson', version: 9, title: 'T', steps: [] }));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['version', 'steps']));
  });

  it('exits 1 with the paths on the command line', async () => {
    const file = write('bad.nndlesson', lesson([{ id: 'a', title: 'A', text: '', lock: ['everything'] }]));
    const r = await cli(['lesson', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a valid lesson');
    expect(r.stderr).toContain('steps[0].lock[0]');
  });
});

describe('checks', () => {
  it('that can never pass say so before training', () => {
    const addition = getPreset('addition-2-16-16-1')!.setup;
    expect(neverPasses({ lossBelow: 0 }, addition, false)).toMatch(/never negative/);
    expect(neverPasses({ accuracyAtLeast: 0.9 }, addition, false)).toMatch(/regression/);
    expect(neverPasses({ accuracyAtLeast: 0.9, accuracyAtMost: 0.5 }, getPreset('xor-2-4-1')!.setup, false)).toMatch(/cannot both hold/);
    expect(neverPasses({ maxHiddenUnits: 2 }, getPreset('xor-2-4-1')!.setup, false)).toMatch(/4 hidden units/);
    const [step] = checkLesson(parseOk(lesson([{ id: 'a', title: 'A', text: '', from: { preset: 'addition-2-16-16-1' }, check: { accuracyAtLeast: 0.5 } }])));
    expect(step).toMatchObject({ pass: false });
    expect(step.detail).toMatch(/^this check can never pass/);
  });

  it('that fail exit 4 and say what was found, seed by seed', async () => {
    const file = write('xor.nndlesson', lesson([{ id: 'x', title: 'One neuron on XOR', text: '', from: { preset: 'xor-neuron' }, check: { accuracyAtLeast: 1, seeds: 2 } }]));
    const r = await cli(['lesson', 'check', file]);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/One neuron on XOR: FAIL \(accuracy ≥ 100% in 0 of 2 seeds; seed \d+: loss [\d.]+, accuracy \d+\.\d%\)/);
    expect(r.stdout).toContain('0 of 1 steps pass.');
  }, 60_000);

  it("check the learner's experiment given with --with, and ask for it when it is missing", async () => {
    const step = { id: 'you', title: 'Yours', text: '', from: { learner: true }, check: { lossBelow: 0.01, withinEpochs: 3000, maxHiddenUnits: 4 } };
    const file = write('you.nndlesson', lesson([step]));
    const without = await cli(['lesson', 'check', file]);
    expect(without.code).toBe(4);
    expect(without.stdout).toContain('--with FILE');

    const big = structuredClone(getPreset('xor-2-4-1')!.setup);
    const hidden = big.design.nodes.find((n) => n.type === 'dense' && 'units' in n.params && n.params.units === 4)!;
    if ('units' in hidden.params) hidden.params.units = 8;
    const bigFile = write('big.nnd', serializeExperiment(createExperiment(big)));
    const tooBig = await cli(['lesson', 'check', file, '--with', bigFile]);
    expect(tooBig.code).toBe(4);
    expect(tooBig.stdout).toContain('the design has 8 hidden units; the check allows 4');

    const ok = write('ok.nnd', serializeExperiment(createExperiment(getPreset('xor-2-4-1')!.setup)));
    const passes = await cli(['lesson', 'check', file, '--with', ok, '--json']);
    expect(passes.code).toBe(0);
    expect(JSON.parse(passes.stdout)).toMatchObject({ ok: true, steps: [{ id: 'you', pass: true }] });
  }, 60_000);
});

function parseOk(text: string) {
  const p = parseLesson(text);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  return p.lesson;
}
