/**
 * src-renderer/editor/document-actions.ts: what the platform (main, on the desktop) learns about
 * the document and when, with the real stores and a recording platform.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentRun } from '../../src-renderer/store/document';

type DocumentState = { filePath: string | null; dirty: boolean; text: string };
const platform = vi.hoisted(() => ({
  states: [] as DocumentState[],
  save: null as null | ((text: string) => Promise<{ filePath: string } | null>),
  /** What main would call before deciding about unsaved work. */
  flush: null as null | (() => DocumentState),
}));

vi.mock('../../src-renderer/platform', () => ({
  getPlatform: () => ({
    kind: 'desktop',
    nativeDocumentGuard: true,
    setDocumentState: (state: { filePath: string | null; dirty: boolean; text: string }) => void platform.states.push(state),
    saveFile: (text: string) => platform.save!(text),
    onFlushRequest: (handler: () => DocumentState) => {
      platform.flush = handler;
      return () => void (platform.flush = null);
    },
  }),
}));

// The sync listens for beforeunload; Node has no window.
vi.stubGlobal('window', { addEventListener: () => {}, removeEventListener: () => {} });

const { openPreset, saveDocument, startDocumentSync } = await import('../../src-renderer/editor/document-actions');
const { useDesignStore } = await import('../../src-renderer/store/design');
const { useDocumentStore } = await import('../../src-renderer/store/document');
const { trainingKey } = await import('../../src-shared/setup-check');

let stop: () => void = () => {};
beforeEach(async () => {
  vi.useFakeTimers();
  stop = startDocumentSync();
  await openPreset('xor-2-4-1', { guarded: true });
  platform.states.length = 0;
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

/** The run as the training store hands it to the document after `updates` updates. */
const trainedTo = (updates: number): DocumentRun => ({
  setupKey: trainingKey(useDocumentStore.getState().setup),
  setup: useDocumentStore.getState().setup,
  epoch: updates / 4,
  updates,
  status: 'paused',
  parameters: [],
  history: [],
});

const setLearningRate = (learningRate: number): void => {
  const design = useDesignStore.getState();
  design.setTraining({ learningRate });
};

describe('document sync', () => {
  it('tells the platform at once when the document first becomes unsaved, and debounces steady edits', () => {
    expect(useDocumentStore.getState().dirty).toBe(false);
    setLearningRate(0.5);
    // No timer has run: closing right now must already ask.
    expect(platform.states).toHaveLength(1);
    expect(platform.states[0]).toMatchObject({ dirty: true });
    expect(JSON.parse(platform.states[0].text).setup.training.learningRate).toBe(0.5);

    setLearningRate(0.25);
    expect(platform.states).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(platform.states).toHaveLength(2);
    expect(JSON.parse(platform.states[1].text).setup.training.learningRate).toBe(0.25);
  });

  it('answers main’s flush request at once: the field being typed in is committed, a pending sync is not needed', () => {
    setLearningRate(0.5); // dirty: reported at once
    setLearningRate(0.25); // within the debounce: main has not heard of it
    // A number field with focus, holding 0.125: like React's, its blur handler commits the value.
    class FakeElement {
      tagName = 'INPUT';
      type = 'number';
      isContentEditable = false;
      blur(): void {
        setLearningRate(0.125);
        page.activeElement = null;
      }
    }
    const page = { activeElement: new FakeElement() as FakeElement | null };
    vi.stubGlobal('HTMLElement', FakeElement);
    vi.stubGlobal('document', page);
    try {
      const answer = platform.flush!();
      expect(page.activeElement).toBeNull();
      expect(answer).toMatchObject({ filePath: null, dirty: true });
      expect(JSON.parse(answer.text).setup.training.learningRate).toBe(0.125);
    } finally {
      vi.unstubAllGlobals();
      vi.stubGlobal('window', { addEventListener: () => {}, removeEventListener: () => {} });
    }
    // Main has the latest now; the debounced report is not sent on top.
    const reported = platform.states.length;
    vi.advanceTimersByTime(1000);
    expect(platform.states).toHaveLength(reported);
  });

  it('Save As keeps the document marked changed when the run went on while the dialog was open', async () => {
    useDocumentStore.getState().setRun(trainedTo(4));
    let written = '';
    platform.save = async (text) => {
      written = text;
      // The user is still choosing a name; training goes on.
      useDocumentStore.getState().setRun(trainedTo(8));
      return { filePath: '/tmp/h/xor.nnd' };
    };
    expect(await saveDocument(true)).toBe(true);
    // What was written is the run as it stood when Save was chosen.
    expect(JSON.parse(written).runs.map((r: { updates: number }) => r.updates)).toEqual([4]);
    expect(useDocumentStore.getState().filePath).toBe('/tmp/h/xor.nnd');
    expect(useDocumentStore.getState().dirty).toBe(true);
    expect(platform.states.at(-1)).toMatchObject({ filePath: '/tmp/h/xor.nnd', dirty: true });

    // Nothing changed during this one: clean.
    platform.save = async () => ({ filePath: '/tmp/h/xor.nnd' });
    expect(await saveDocument(false)).toBe(true);
    expect(useDocumentStore.getState().dirty).toBe(false);
  });

  it('Save As keeps the document marked changed when the design was edited while the dialog was open', async () => {
    setLearningRate(0.5);
    platform.save = async () => {
      setLearningRate(3);
      return { filePath: '/tmp/h/xor.nnd' };
    };
    expect(await saveDocument(true)).toBe(true);
    expect(useDocumentStore.getState().dirty).toBe(true);
  });
});
