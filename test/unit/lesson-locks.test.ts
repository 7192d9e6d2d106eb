/** What a lesson's step locks, the editor refuses (and says so); moving layers and unlocked settings still work. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POST_LESSON } from '../../src-shared/lessons/post';
import type { Lesson } from '../../src-shared/lessons/schema';
import { getPreset } from '../../src-shared/presets';
import { useDesignStore } from '../../src-renderer/store/design';
import { useDocumentStore } from '../../src-renderer/store/document';
import { useLessonStore } from '../../src-renderer/store/lesson';
import { useViewStore } from '../../src-renderer/store/view';

const design = () => useDesignStore.getState();
const doc = () => useDocumentStore.getState();
const lessonWith = (lock: Lesson['steps'][number]['lock']): Lesson => ({ ...POST_LESSON, steps: [{ ...POST_LESSON.steps[0], lock }] });

describe('a lesson step’s locks', () => {
  beforeEach(() => doc().open({ filePath: null, name: 'AND', setup: structuredClone(getPreset('and-neuron')?.setup ?? doc().setup) }));
  afterEach(() => useLessonStore.getState().leave());

  it('keep the design and the learning rate as they are, with a notice, while layers move and the epochs change', () => {
    useLessonStore.getState().begin(lessonWith(['design', 'learningRate']), 'test', null);
    const output = doc().setup.design.nodes.find((n) => n.type === 'output');
    if (!output) throw new Error('no output');
    const before = doc().setup;
    design().updateNodeParams(output.id, { activation: 'tanh' });
    design().addNode('dense', { x: 0, y: 300 });
    design().setTraining({ learningRate: 0.5 });
    expect(doc().setup).toBe(before);
    expect(useViewStore.getState().notices.at(-1)?.text).toMatch(/keeps the learning rate as it is/);
    design().moveNodes(new Map([[output.id, { x: 999, y: 9 }]]));
    design().setTraining({ epochs: 50 });
    expect(doc().setup.design.nodes.find((n) => n.id === output.id)?.position).toEqual({ x: 999, y: 9 });
    expect(doc().setup.training.epochs).toBe(50);
    expect(doc().setup.training.learningRate).toBe(before.training.learningRate);
  });

  it('are lifted when the learner leaves the lesson', () => {
    useLessonStore.getState().begin(lessonWith(['design']), 'test', null);
    useLessonStore.getState().leave();
    design().addNode('dense', { x: 0, y: 300 });
    expect(doc().setup.design.nodes.some((n) => n.type === 'dense')).toBe(true);
  });
});
