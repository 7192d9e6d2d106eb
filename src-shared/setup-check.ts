/**
 * Whether a setup can train, said so a person can fix it: the design compiled for the task, and
 * the training settings checked. The engine checks every setup it is sent with `checkSetup`; the
 * editor keeps the same result for the setup on screen, so both report the same problems.
 */
import { taskLabel, taskSamples, taskShape } from './datasets';
import { budgetProblems } from './network/budget';
import type { TrainingConfig } from './engine/config';
import { compileDesign, type CompileResult, type DesignProblem } from './network/compile';
import type { ExperimentSetup } from './setup';
import type { SetupFix } from './setup-fix';

/** Most epochs one run may ask for; beyond it the user almost surely typed a zero too many. */
export const MAX_EPOCHS = 10_000_000;

export interface SetupCheck {
  /** The design compiled for the task: its layer plan, or why there is none. */
  compiled: CompileResult;
  /** What is wrong with the design: its layers, connections, fit to the task and size. */
  designProblems: DesignProblem[];
  /** What is wrong with the training settings (learning rate, epochs…), which concern no node. */
  trainingProblems: DesignProblem[];
  /** Both, the design's first; empty when the setup can train. */
  problems: DesignProblem[];
}

export function checkSetup(setup: ExperimentSetup): SetupCheck {
  const shape = taskShape(setup.task);
  const compiled = compileDesign(setup.design, { ...shape, name: taskLabel(setup.task) });
  // Only a design that compiles has a size to weigh against the memory budget.
  const samples = taskSamples(setup.task);
  const designProblems = [
    ...(compiled.ok ? budgetProblems(compiled.plan, setup.training, samples, shape.inputs, compiled.plan.outputSize) : compiled.problems.map((p) => withTrainingThatFits(p, setup))),
    // A drawing not begun has no rows: nothing to train on (every other set has at least one).
    ...(samples === 0
      ? [{ path: 'setup.task.rows', message: `${taskLabel(setup.task)} has no examples to train on`, fix: 'Draw some points: pick a class over the decision-boundary plot and click on the plane' }]
      : []),
  ];
  const trainingProblems = checkTraining(setup.training);
  return { compiled, designProblems, trainingProblems, problems: [...designProblems, ...trainingProblems] };
}

/**
 * A fix that makes the Output softmax with cross-entropy brings the training that trains it: the
 * post's summed gradients over a batch make each step as many times the learning rate as there
 * are examples, and a softmax then saturates at once (a classifier stuck at chance).
 */
function withTrainingThatFits(problem: DesignProblem, setup: ExperimentSetup): DesignProblem {
  const { apply } = problem;
  const toCrossEntropy = apply?.edits.some((e) => e.kind === 'params' && e.params.loss === 'cross_entropy');
  const t = setup.training;
  const n = taskSamples(setup.task);
  const rows = t.updateMode === 'batch' ? n : t.updateMode === 'minibatch' ? Math.min(Math.max(1, t.batchSize), n) : 1;
  if (!apply || !toCrossEntropy || t.reduction !== 'sum' || rows <= 1) return problem;
  const fix: SetupFix = { summary: `${apply.summary}; averaged gradients`, edits: [...apply.edits, { kind: 'training', training: { reduction: 'mean' } }] };
  const why = `each update sums the gradients of ${rows.toLocaleString('en-US')} examples, a step ${rows.toLocaleString('en-US')} times the learning rate`;
  return { ...problem, fix: `${problem.fix}; and average the gradients (${why})`, apply: fix };
}

/** Checks a training configuration; each problem names the setting (its JSON path) and the fix. */
export function checkTraining(t: TrainingConfig): DesignProblem[] {
  const problems: DesignProblem[] = [];
  const at = (setting: string): string => `setup.training.${setting}`;
  if (!Number.isInteger(t.epochs) || t.epochs < 1 || t.epochs > MAX_EPOCHS) {
    problems.push({ path: at('epochs'), message: `Epochs is ${t.epochs}`, fix: `Set epochs to a whole number from 1 to ${MAX_EPOCHS}` });
  }
  if (!Number.isFinite(t.learningRate) || t.learningRate <= 0) {
    problems.push({
      path: at('learningRate'),
      message: `Learning rate is ${t.learningRate}`,
      fix: 'Set the learning rate to a positive number, such as 0.5',
      apply: { summary: 'Learning rate 0.5', edits: [{ kind: 'training', training: { learningRate: 0.5 } }] },
    });
  }
  if (t.updateMode === 'minibatch' && (!Number.isInteger(t.batchSize) || t.batchSize < 1)) {
    problems.push({ path: at('batchSize'), message: `Batch size is ${t.batchSize}`, fix: 'Set the batch size to a whole number of at least 1' });
  }
  if (!Number.isInteger(t.seed) || t.seed < 0 || t.seed > 0xffffffff) {
    problems.push({ path: at('seed'), message: `Seed is ${t.seed}`, fix: 'Set the seed to a whole number from 0 to 4294967295' });
  }
  if (!Number.isFinite(t.init.scale) || t.init.scale <= 0) {
    problems.push({
      path: at('init.scale'),
      message: `Initial weight scale is ${t.init.scale}`,
      fix: 'Set the weight scale to a positive number, such as 0.5',
      apply: { summary: 'Weight scale 0.5', edits: [{ kind: 'training', training: { init: { ...t.init, scale: 0.5 } } }] },
    });
  }
  const reg = t.regularization;
  if (reg && (!Number.isFinite(reg.rate) || reg.rate <= 0)) {
    problems.push({
      path: at('regularization.rate'),
      message: `${reg.type === 'l1' ? 'L1' : 'L2'} regularisation rate is ${reg.rate}`,
      fix: 'Set the rate to a positive number, such as 0.001, or turn regularisation off',
    });
  }
  return problems;
}

/** A problem as a list shows it: once, however many layers or connections it is on. */
export interface ListedProblem extends DesignProblem {
  /** How many places it was found in (a loop is on each of its layers; doubled connections, on each). */
  count: number;
}

/** The problems with repeats folded into one line each, in first-seen order (the first place kept). */
export function distinctProblems(problems: readonly DesignProblem[]): ListedProblem[] {
  const byText = new Map<string, ListedProblem>();
  for (const p of problems) {
    const key = `${p.message}\n${p.fix}`;
    const seen = byText.get(key);
    if (seen) seen.count++;
    else byText.set(key, { ...p, count: 1 });
  }
  return [...byText.values()];
}

/** `setup.design.nodes[2]: Dense (d1) is connected to itself. Delete the loop connection. (3 places)` */
export function problemLine(p: ListedProblem | DesignProblem): string {
  const count = 'count' in p && p.count > 1 ? ` (found ${p.count} times)` : '';
  return `${p.path ? `${p.path}: ` : ''}${p.message}. ${p.fix}.${count}`;
}

/** Each task's text, kept per task: a table's rows are megabytes, and a task never changes in place (an edit makes a new one). */
const taskTexts = new WeakMap<object, string>();

function taskText(task: ExperimentSetup['task']): string {
  let text = taskTexts.get(task);
  if (text === undefined) {
    text = JSON.stringify(task);
    taskTexts.set(task, text);
  }
  return text;
}

/**
 * What a trained run depends on: everything but where nodes sit on the canvas and their labels.
 * Moving a node must not make a run stale; changing a unit count or the learning rate must.
 */
export function trainingKey(setup: ExperimentSetup): string {
  const rest = JSON.stringify({
    nodes: setup.design.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })),
    edges: setup.design.edges.map((e) => [e.source, e.target]),
    training: setup.training,
  });
  return `${rest}\n${taskText(setup.task)}`;
}
