/** What the design is trained on: a logic gate, addition, or a noisy 2-D set. */
import { LOGIC_GATES, MAX_CLASSES, MIN_CLASSES, type TaskSpec } from '../../src-shared/datasets';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { NumberField, SelectField, nonNegative, wholeIn } from './NumberField';

type TaskChoice = Exclude<TaskSpec['dataset'], 'inline'>;

const TASKS: { value: TaskChoice; label: string }[] = [
  { value: 'and', label: 'AND' },
  { value: 'or', label: 'OR' },
  { value: 'nand', label: 'NAND' },
  { value: 'xor', label: 'XOR' },
  { value: 'addition', label: 'Addition (a + b)' },
  { value: 'circle', label: 'Circle (2-D)' },
  { value: 'spiral', label: 'Spiral (2-D, 2–5 classes)' },
  { value: 'clusters', label: 'Gaussian clusters (2-D, 2–5 classes)' },
];

/** A task with sensible data parameters, keeping the current ones where they still apply. */
export function taskFor(choice: TaskChoice, current: TaskSpec): TaskSpec {
  if ((LOGIC_GATES as readonly string[]).includes(choice)) return { dataset: choice as (typeof LOGIC_GATES)[number] };
  if (choice === 'addition') return { dataset: 'addition', samples: current.dataset === 'addition' ? current.samples : 500, seed: 'seed' in current ? current.seed : 42 };
  const plane = current.dataset === 'circle' || current.dataset === 'spiral' || current.dataset === 'clusters' ? current : null;
  const base = { samples: plane?.samples ?? 200, noise: plane?.noise ?? 0.05, seed: plane?.seed ?? 0 };
  const classes = plane && 'classes' in plane ? (plane.classes ?? 2) : 3;
  if (choice === 'circle') return { dataset: 'circle', ...base };
  if (choice === 'spiral') return { dataset: 'spiral', ...base, classes };
  return { dataset: 'clusters', ...base, noise: plane?.dataset === 'clusters' ? base.noise : 0.15, classes };
}

export function TaskSettings(): React.JSX.Element {
  const task = useDocumentStore((s) => s.setup.task);
  const setTask = useDesignStore((s) => s.setTask);

  if (task.dataset === 'inline') {
    return (
      <fieldset className="tp-settings">
        <legend>Task</legend>
        <p className="muted">
          {task.name ?? 'Custom data'}: {task.inputs.length} examples from the experiment file.
        </p>
      </fieldset>
    );
  }

  return (
    <fieldset className="tp-settings">
      <legend>Task</legend>
      <SelectField label="Data" value={task.dataset} options={TASKS} onChange={(choice) => choice !== task.dataset && setTask(taskFor(choice, task))} testId="task" />
      {(task.dataset === 'spiral' || task.dataset === 'clusters') && (
        <NumberField
          label="Classes"
          value={task.classes ?? 2}
          check={wholeIn(MIN_CLASSES, MAX_CLASSES)}
          step={1}
          hint="More than two: give the Output one unit per class, softmax with cross-entropy"
          onCommit={(classes) => setTask({ ...task, classes })}
        />
      )}
      {(task.dataset === 'addition' || task.dataset === 'circle' || task.dataset === 'spiral' || task.dataset === 'clusters') && (
        <div className="tp-settings__row">
          <NumberField label="Examples" value={task.samples} check={wholeIn(1, 100_000)} step={1} onCommit={(samples) => setTask({ ...task, samples })} />
          <NumberField label="Data seed" value={task.seed} check={wholeIn(0, 0xffffffff)} step={1} onCommit={(seed) => setTask({ ...task, seed })} />
        </div>
      )}
      {(task.dataset === 'circle' || task.dataset === 'spiral' || task.dataset === 'clusters') && (
        <NumberField label="Noise" value={task.noise} check={nonNegative} step={0.01} hint="Standard deviation added to each point" onCommit={(noise) => setTask({ ...task, noise })} />
      )}
    </fieldset>
  );
}
