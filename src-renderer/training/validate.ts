/** Checks a setup before it is sent, so Train with a broken design explains itself at once. */
import { taskLabel, taskShape } from '../../src-shared/datasets';
import { checkTraining } from '../../src-shared/engine/prepare';
import { compileDesign, type DesignProblem } from '../../src-shared/network/compile';
import type { ExperimentSetup } from '../../src-shared/setup';

export function setupProblems(setup: ExperimentSetup): DesignProblem[] {
  const compiled = compileDesign(setup.design, { ...taskShape(setup.task), name: taskLabel(setup.task) });
  return [...(compiled.ok ? [] : compiled.problems), ...checkTraining(setup.training)];
}

/**
 * What a trained run depends on: everything but where nodes sit on the canvas and their labels.
 * Moving a node must not make a run stale; changing a unit count or the learning rate must.
 */
export function trainingKey(setup: ExperimentSetup): string {
  return JSON.stringify({
    nodes: setup.design.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })),
    edges: setup.design.edges.map((e) => [e.source, e.target]),
    task: setup.task,
    training: setup.training,
  });
}
