/**
 * What the design is trained on: a set from the dataset registry and its settings. The list,
 * the fields and what carries over when the set changes all come from the descriptors
 * (src-shared/datasets); nothing here names a set.
 */
import { DATASETS, datasetKind, isDatasetName, type DatasetField, type TaskSpec } from '../../src-shared/datasets';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { DataCard } from './DataCard';
import { NumberField, SelectField, wholeIn } from './NumberField';

/** The sets the list offers (data from a file is not picked here). */
const CHOICES = DATASETS.filter((d) => d.menuLabel).map((d) => ({ value: d.id as string, label: d.menuLabel as string }));

/** A task of the chosen set, with the settings it shares with the current one kept (as the set allows). */
export function taskFor(choice: string, current: TaskSpec): TaskSpec {
  if (!isDatasetName(choice)) return current;
  const kind = datasetKind(choice);
  const carried = (kind.carries ?? Object.keys(kind.fields)).filter((key) => key in current && (current as Record<string, unknown>)[key] !== undefined);
  const kept = Object.fromEntries(carried.map((key) => [key, (current as Record<string, unknown>)[key]]));
  return { ...kind.defaults, ...kept, dataset: choice } as TaskSpec;
}

function checkOf(field: DatasetField): (v: number) => string | null {
  if (field.type === 'int') return wholeIn(field.min, field.max);
  if (field.type === 'number') return (v) => (v >= field.min && v <= field.max ? null : `Enter a number from ${field.min} to ${field.max}`);
  return () => null;
}

export function TaskSettings(): React.JSX.Element {
  const task = useDocumentStore((s) => s.setup.task);
  const setTask = useDesignStore((s) => s.setTask);
  const kind = datasetKind(task.dataset);
  const values = task as unknown as Record<string, unknown>;
  const editable = kind.menuLabel !== undefined;

  // A table's data card (its columns' roles and scalers, its split) has a panel of its own.
  if (Object.values(kind.fields).some((f) => f.type === 'columns')) return <DataCard task={task as Parameters<typeof DataCard>[0]['task']} />;

  if (!editable) {
    return (
      <fieldset className="tp-settings">
        <legend>Task</legend>
        <p className="muted">
          {kind.name(values as never)}: {kind.samples(values as never)} examples from the experiment file.
        </p>
      </fieldset>
    );
  }

  const numbers = Object.entries(kind.fields).filter((entry): entry is [string, Extract<DatasetField, { type: 'int' | 'number' }>] => entry[1].type === 'int' || entry[1].type === 'number');
  return (
    <fieldset className="tp-settings">
      <legend>Task</legend>
      <SelectField label="Data" value={task.dataset as string} options={CHOICES} onChange={(choice) => choice !== task.dataset && setTask(taskFor(choice, task))} testId="task" />
      {numbers.length > 0 && (
        <div className="tp-settings__fields">
          {numbers.map(([key, field]) => (
            <div key={key} className={field.hint ? 'tp-settings__wide' : undefined}>
              <NumberField
                label={field.label}
                value={typeof values[key] === 'number' ? (values[key] as number) : (kind.defaults[key] as number)}
                check={checkOf(field)}
                step={field.type === 'int' ? 1 : field.step}
                hint={field.hint}
                onCommit={(v) => setTask({ ...task, [key]: v } as TaskSpec)}
              />
            </div>
          ))}
        </div>
      )}
    </fieldset>
  );
}
