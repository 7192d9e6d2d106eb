/**
 * What a discard would lose, from the document store: training a preset is not an edit of it
 * (only its run would be lost, and the question says how long it trained); an edit names what it
 * changed; undoing back, or putting a file's own run back, leaves nothing to lose.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { getPreset } from '../../src-shared/presets';
import { trainingKey } from '../../src-shared/setup-check';
import { discardQuestion, unsavedMarker, unsavedWorkFrom, type UnsavedWork } from '../../src-shared/unsaved-work';
import { toExperiment, useDocumentStore, type DocumentRun } from '../../src-renderer/store/document';

const preset = getPreset('xor-2-4-1')!;

function openPreset(): void {
  useDocumentStore.getState().open({ filePath: null, name: preset.title, notes: preset.summary, setup: structuredClone(preset.setup) });
}

/** The run the training store hands over after `epoch` full-batch epochs that took `trainedMs`. */
function trainedRun(epoch: number, trainedMs?: number): DocumentRun {
  const { setup } = useDocumentStore.getState();
  return { setupKey: trainingKey(setup), setup, epoch, updates: epoch, status: 'paused', parameters: [], history: [], ...(trainedMs !== undefined ? { trainedMs } : {}) };
}

const work = (): UnsavedWork | null => useDocumentStore.getState().unsaved;

beforeEach(openPreset);

describe('unsaved work', () => {
  it('a preset that was only trained has a run to lose, not changes: the question says how far and how long it trained, and offers Save', () => {
    expect(work()).toBeNull();
    useDocumentStore.getState().setRun(trainedRun(2000, 8_300));
    expect(useDocumentStore.getState().dirty).toBe(true);
    expect(work()).toEqual({ changed: [], neverSaved: false, runs: 1, latest: { epoch: 2000, trainedMs: 8_300 } });
    expect(unsavedMarker(work())).toBe('run not saved');
    const question = discardQuestion('XOR', work());
    expect(question.message).toBe('Save the run you trained on “XOR”?');
    expect(question.detail).toBe('The design is unchanged; the run you trained (2,000 epochs, 8.3s) will be lost if you don’t save it.');
    expect(question.detail).not.toContain('changes');
  });

  it('a second Train keeps the first run among those to lose, with its time', () => {
    useDocumentStore.getState().setRun(trainedRun(10_000, 8_300));
    useDocumentStore.getState().archiveRun();
    expect(work()).toMatchObject({ runs: 1, latest: { epoch: 10_000, trainedMs: 8_300 } });
    useDocumentStore.getState().setRun(trainedRun(40, 500));
    expect(work()).toMatchObject({ changed: [], runs: 2, latest: { epoch: 40, trainedMs: 500 } });
    expect(unsavedMarker(work())).toBe('2 runs not saved');
    expect(discardQuestion('XOR', work()).detail).toBe('The design is unchanged; the 2 runs you trained (the last: 40 epochs, 0.5s) will be lost if you don’t save them.');
  });

  it('an edit names what changed, with the run beside it; undoing it leaves only the run', () => {
    const doc = useDocumentStore.getState();
    const original = doc.setup;
    doc.setSetup({ ...original, training: { ...original.training, learningRate: 0.5 } });
    expect(work()).toEqual({ changed: ['training'], neverSaved: false, runs: 0, latest: null });
    expect(unsavedMarker(work())).toBe('edited');
    expect(discardQuestion('XOR', work())).toEqual({ message: 'Save the changes to “XOR”?', detail: 'Your changes to the training settings will be lost if you don’t save them.' });

    useDocumentStore.getState().setSetup({ ...useDocumentStore.getState().setup, design: { ...original.design, nodes: original.design.nodes.slice(0, 2) } });
    useDocumentStore.getState().setRun(trainedRun(100));
    expect(discardQuestion('XOR', work()).detail).toBe('Your changes to the design and the training settings, and the run you trained (100 epochs) will be lost if you don’t save them.');

    useDocumentStore.getState().setSetup(original);
    useDocumentStore.getState().setRun(null);
    expect(work()).toBeNull();
    expect(useDocumentStore.getState().dirty).toBe(false);
  });

  it('a file’s own run, put back among its runs by Reset, is nothing to lose', () => {
    useDocumentStore.getState().setRun(trainedRun(10_000));
    const text = serializeExperiment(toExperiment(useDocumentStore.getState(), new Date()));
    const parsed = parseExperiment(text);
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    const { name, notes, setup, runs } = parsed.experiment;
    useDocumentStore.getState().open({ filePath: 'xor.nnd', name, notes, setup, runs });
    expect(useDocumentStore.getState().run?.asSaved).toBeDefined();
    expect(work()).toBeNull();
    useDocumentStore.getState().archiveRun();
    expect(useDocumentStore.getState().run).toBeNull();
    expect(work()).toBeNull();
  });

  it('recovered work is all unsaved, unless only its runs were (a trained preset): then it is not “edited”', () => {
    const setup = structuredClone(preset.setup);
    useDocumentStore.getState().open({ filePath: null, name: 'XOR', setup, unsaved: true });
    expect(work()).toMatchObject({ neverSaved: true });
    expect(unsavedMarker(work())).toBe('edited');
    expect(discardQuestion('XOR', work()).detail).toBe('This experiment (it is saved nowhere yet) will be lost if you don’t save it.');

    // A reloaded page's trained preset: the design is as the preset gave it, its run is new.
    useDocumentStore.getState().open({ filePath: null, name: 'XOR', setup: structuredClone(preset.setup) });
    useDocumentStore.getState().setRun(trainedRun(10_000));
    const { runs } = toExperiment(useDocumentStore.getState(), new Date());
    useDocumentStore.getState().open({ filePath: null, name: 'XOR', setup: useDocumentStore.getState().setup, runs, unsaved: 'runs' });
    expect(work()).toMatchObject({ changed: [], neverSaved: false, runs: 1, latest: { epoch: 10_000 } });
    expect(unsavedMarker(work())).toBe('run not saved');
    // Trained on from there, it is still that one run (a save puts it in its place).
    useDocumentStore.getState().setRun({ ...trainedRun(10_500, 900), replaces: runs[0].id });
    expect(work()).toMatchObject({ changed: [], runs: 1, latest: { epoch: 10_500, trainedMs: 900 } });
  });

  it('main takes the page’s report only when every field is what it should be', () => {
    const report: UnsavedWork = { changed: ['design'], neverSaved: false, runs: 2, latest: { epoch: 3, trainedMs: null } };
    expect(unsavedWorkFrom(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(unsavedWorkFrom({ ...report, changed: ['design', 'passwords'] })).toBeNull();
    expect(unsavedWorkFrom({ ...report, runs: -1 })).toBeNull();
    expect(unsavedWorkFrom({ ...report, runs: 1.5 })).toBeNull();
    expect(unsavedWorkFrom({ ...report, latest: { epoch: 1, trainedMs: Number.NaN } })).toBeNull();
    expect(unsavedWorkFrom('edited')).toBeNull();
  });
});
