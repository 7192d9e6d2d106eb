/**
 * The task for a model that came without one (ONNX keeps no training data): inferred from its
 * shapes — how many inputs, how many outputs, and the output's activation — so that the design
 * fits it as it is. The model is never changed to fit a task; where no built-in task fits, the
 * task is a one-row placeholder of the model's shape, and the note says what to put there.
 */
import { MAX_CLASSES, MIN_CLASSES, type TaskSpec } from '../datasets';
import type { Plan } from '../network/compile';
import { outputActivation } from '../engine/plan-info';

export function inferTask(plan: Plan): { task: TaskSpec; note: string } {
  const inputs = plan.inputSize;
  const outputs = plan.outputSize;
  const activation = outputActivation(plan);
  const shape = `${inputs} input${inputs === 1 ? '' : 's'} → ${outputs} ${activation} output${outputs === 1 ? '' : 's'}`;
  const otherwise = 'If the model was made for other data, choose its task in the Task panel';
  if (inputs === 2 && activation === 'softmax' && outputs >= MIN_CLASSES && outputs <= MAX_CLASSES) {
    return {
      task: { dataset: 'clusters', samples: 200, noise: 0.15, seed: 0, classes: outputs },
      note: `No task came with the model; from its shapes (${shape}: one probability per class) it is a ${outputs}-class task: Gaussian clusters with ${outputs} classes. ${otherwise}.`,
    };
  }
  if (inputs === 2 && outputs === 1 && activation === 'sigmoid') {
    return { task: { dataset: 'xor' }, note: `No task came with the model; from its shapes (${shape}: one probability) it is a two-class task: XOR. ${otherwise}.` };
  }
  if (inputs === 2 && outputs === 1 && activation !== 'softmax') {
    return { task: { dataset: 'addition', samples: 500, seed: 42 }, note: `No task came with the model; from its shapes (${shape}: one number) it is a regression: addition. ${otherwise}.` };
  }
  const classes = activation === 'softmax' && outputs >= 2;
  const targets = Array.from({ length: outputs }, (_, j) => (classes && j === 0 ? 1 : 0));
  return {
    task: { dataset: 'inline', name: `Placeholder: ${inputs} inputs, ${outputs} ${classes ? 'classes' : 'targets'} (replace with your data)`, inputs: [new Array<number>(inputs).fill(0)], targets: [targets] },
    note:
      `No task came with the model, and no built-in task has its shapes (${shape}): the task is a one-row placeholder of that shape. ` +
      `To train on your data, put it in the experiment file's setup.task: {"dataset": "inline", "inputs": rows of ${inputs} numbers, "targets": rows of ${outputs}${classes ? ' (one-hot)' : ''}}.`,
  };
}
