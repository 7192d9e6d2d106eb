/**
 * The app's lesson mode, without a screen: its Markdown subset, the progress it keeps, and its
 * check of the run on screen, which must say what the headless checker says about the same run.
 */
import { describe, expect, it } from 'vitest';
import { classMetrics } from '../../src-shared/engine/metrics';
import { prepareTraining } from '../../src-shared/engine/prepare';
import { predictionRows } from '../../src-shared/engine/report';
import { judgeStep } from '../../src-shared/lessons/check';
import { POST_LESSON } from '../../src-shared/lessons/post';
import type { LessonStep } from '../../src-shared/lessons/schema';
import { getPreset } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { judgeLive, liveAnswers, type LiveRun } from '../../src-renderer/lesson/live-check';
import { inlineSpans, parseMarkdown } from '../../src-renderer/lesson/markdown';
import { noProgress, progressKey, readProgress, writeProgress } from '../../src-renderer/lesson/progress';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

describe('lesson Markdown', () => {
  it('reads paragraphs, lists, bold, italic and code, and leaves everything else as text', () => {
    const blocks = parseMarkdown('A **bold** and *italic* `x < 1` line\nwrapped.\n\n- one\n- two *2*\n\n1. first\n2) second\n\n<img src=x onerror=alert(1)>');
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        spans: [
          { kind: 'text', text: 'A ' },
          { kind: 'bold', text: 'bold' },
          { kind: 'text', text: ' and ' },
          { kind: 'italic', text: 'italic' },
          { kind: 'text', text: ' ' },
          { kind: 'code', text: 'x < 1' },
          { kind: 'text', text: ' line wrapped.' },
        ],
      },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two ' }, { kind: 'italic', text: '2' }]] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second' }]] },
      { kind: 'paragraph', spans: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it('keeps emphasis out of code, and a lone star or a product like 2 * 3 * 4 as text', () => {
    expect(inlineSpans('`**not bold**`')).toEqual([{ kind: 'code', text: '**not bold**' }]);
    expect(inlineSpans('2 * 3 * 4 and snake_case_name')).toEqual([{ kind: 'text', text: '2 * 3 * 4 and snake_case_name' }]);
  });
});

describe('lesson progress', () => {
  it('is kept by the lesson’s title and read back as it was', () => {
    const storage = memoryStorage();
    expect(readProgress(storage, POST_LESSON)).toBeNull();
    writeProgress(storage, POST_LESSON, { index: 2, answers: { and: 0, 'xor-neuron': 1 }, passed: ['and', 'xor-neuron'] });
    expect([...storage.items.keys()]).toEqual([progressKey(POST_LESSON)]);
    expect(readProgress(storage, POST_LESSON)).toEqual({ index: 2, answers: { and: 0, 'xor-neuron': 1 }, passed: ['and', 'xor-neuron'] });
  });

  it('believes nothing the lesson does not have: steps, options and indices out of range, broken JSON', () => {
    const storage = memoryStorage();
    storage.setItem(progressKey(POST_LESSON), JSON.stringify({ index: 99, answers: { and: 7, gone: 0, 'xor-neuron': 1.5, addition: 2 }, passed: ['and', 'gone', 3, 'and'] }));
    expect(readProgress(storage, POST_LESSON)).toEqual({ index: 0, answers: { addition: 2 }, passed: ['and'] });
    storage.setItem(progressKey(POST_LESSON), '{not json');
    expect(readProgress(storage, POST_LESSON)).toBeNull();
    writeProgress(storage, POST_LESSON, noProgress());
    expect(readProgress(storage, POST_LESSON)).toBeNull(); // nothing worth offering
  });
});

/** A run trained to its end headless, as the app's screen would hold it. */
function trained(setup: ExperimentSetup): LiveRun {
  const p = prepareTraining(setup);
  if (!p.ok) throw new Error('cannot train');
  p.trainer.runToEnd();
  const predict = (x: Float64Array, n: number): Float64Array => p.trainer.network.predict(x, n);
  return {
    epoch: p.trainer.epoch,
    history: p.trainer.history,
    predictions: predictionRows(p.dataset, predict).map((r) => r.text),
    accuracy: classMetrics(p.trainer.data, predict)?.accuracy,
  };
}

const step = (id: string): LessonStep => POST_LESSON.steps.find((s) => s.id === id) as LessonStep;
const presetSetup = (id: string): ExperimentSetup => structuredClone((getPreset(id) as NonNullable<ReturnType<typeof getPreset>>).setup);

describe('the check of the run on screen', () => {
  it('passes the post’s AND and XOR-neuron steps with the headless checker’s own verdict, from the run trained once', () => {
    for (const [id, preset] of [
      ['and', 'and-neuron'],
      ['xor-neuron', 'xor-neuron'],
    ] as const) {
      const setup = presetSetup(preset);
      const live = judgeLive(step(id), setup, trained(setup));
      expect(live).toEqual(judgeStep(step(id), setup, true));
      expect(live?.pass).toBe(true);
    }
    expect(judgeLive(step('and'), presetSetup('and-neuron'), trained(presetSetup('and-neuron')))?.detail).toMatch(/lines of the table match; accuracy ≥ 100% in 1 of 1 seed \(loss 0\.\d+, accuracy 100\.0%\)$/);
    // What one seed came to is said: the neuron on XOR gets at most three of four right.
    expect(judgeLive(step('xor-neuron'), presetSetup('xor-neuron'), trained(presetSetup('xor-neuron')))?.detail).toMatch(/accuracy ≤ 75% in 1 of 1 seed \(loss 0\.\d+, accuracy \d+\.0%\)$/);
  });

  it('fails a run of other settings, naming the first line of the post’s table it did not print', () => {
    const setup = presetSetup('and-neuron');
    setup.training.learningRate = 0.5;
    const live = judgeLive(step('and'), setup, trained(setup));
    expect(live?.pass).toBe(false);
    expect(live?.detail).toBe(`the table differs: expected ${JSON.stringify(getPreset('and-neuron')?.postOutput[0])} and 3 more lines`);
    expect(live).toEqual(judgeStep(step('and'), setup, true));
  });

  it('fails the XOR neuron against a 100% accuracy check, and leaves a check over seeds or other epochs to trainings of its own', () => {
    const setup = presetSetup('xor-neuron');
    const hundred: LessonStep = { ...step('xor-neuron'), check: { accuracyAtLeast: 1 } };
    const verdict = judgeLive(hundred, setup, trained(setup));
    expect(verdict?.pass).toBe(false);
    expect(verdict?.detail).toMatch(/accuracy ≥ 100% in 0 of 1 seed; seed \d+: loss 0\.\d+, accuracy 25\.0%/);
    expect(liveAnswers(step('your-turn'), presetSetup('xor-2-4-1'))).toBe(false);
    expect(judgeLive(step('your-turn'), presetSetup('xor-2-4-1'), trained(presetSetup('xor-neuron')))).toBeNull();
  });
});
