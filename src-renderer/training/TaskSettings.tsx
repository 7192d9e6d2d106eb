/** What the design is trained on: a logic gate, addition, or a noisy 2-D set. */
import { LOGIC_GATES, PLANE_SETS, type TaskSpec } from '../../src-shared/datasets';
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
  { value: 'spiral', label: 'Spiral (2-D)' },
];

/** A task with sensible data parameters, keeping the current ones where they still apply. */
export function taskFor(choice: TaskChoice, current: TaskSpec): TaskSpec {
  if ((LOGIC_GATES as readonly string[]).includes(choice)) return { dataset: choice as (typeof LOGIC_GATES)[number] };
  if (choice === 'addition') return { dataset: 'addition', samples: current.dataset === 'addition' ? current.samples : 500, seed: 'seed' in current ? current.seed : 42 };
  const plane = current.dataset === 'circle' || current.dataset === 'spiral' ? current : null;
  return { dataset: choice as (typeof PLANE_SETS)[number], samples: plane?.samples ?? 200, noise: plane?.noise ?? 0.05, seed: plane?.seed ?? 0 };
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
      {(task.dataset === 'addition' || task.dataset === 'circle' || task.dataset === 'spiral') && (
        <div className="tp-settings__row">
          <NumberField label="Examples" value={task.samples} check={wholeIn(1, 100_000)} step={1} onCommit={(samples) => setTask({ ...task, samples })} />
          <NumberField label="Data seed" value={task.seed} check={wholeIn(0, 0xffffffff)} step={1} onCommit={(seed) => setTask({ ...task, seed })} />
        </div>
      )}
      {(task.dataset === 'circle' || task.dataset === 'spiral') && (
        <NumberField label="Noise" value={task.noise} check={nonNegative} step={0.01} hint="Standard deviation added to each point" onCommit={(noise) => setTask({ ...task, noise })} />
      )}
    </fieldset>
  );
}
