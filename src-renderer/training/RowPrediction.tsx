/**
 * "Try a row" for a trained table: one field per input column (a number, or a list of its
 * categories), starting from the first training row; the engine predicts with the weights it
 * holds (the live run's, so the answer follows training), and the answer reads in the table's
 * terms — the class and its probability, or the number in the target's units.
 */
import { useEffect, useMemo, useState } from 'react';
import { tableRowCodec, type ReadPrediction, type RowCodec, type TableParams } from '../../src-shared/datasets/table';
import { useTrainingStore } from '../store/training';

/** Answers are asked for at most this often while training moves the weights. */
const REFRESH_MS = 250;

/** A probability in percent; the last decimals shown are never rounded to a certainty the network does not have. */
function percent(p: number): string {
  if (p < 0.0001) return '< 0.01 %';
  if (p > 0.9999) return '> 99.99 %';
  return `${(p * 100).toFixed(p > 0.999 || p < 0.001 ? 2 : 1)} %`;
}

/** A number as a person reads it: at most 4 significant decimals past what the number needs. */
const readable = (v: number): string => (Math.abs(v) >= 1000 ? v.toFixed(1) : Number(v.toPrecision(5)).toString());

function PredictionText(props: { read: ReadPrediction; target: string }): React.JSX.Element {
  const { read } = props;
  if (read.kind === 'number') {
    return (
      <p className="row-prediction__answer" data-testid="row-predicted">
        {read.name}: <strong>{readable(read.value)}</strong>
      </p>
    );
  }
  const best = read.classes.find((c) => c.name === read.best);
  return (
    <div data-testid="row-predicted">
      <p className="row-prediction__answer">
        {props.target}: <strong>{read.best}</strong>
        {best && read.probabilities && ` (${percent(best.value)})`}
      </p>
      <ul className="row-prediction__classes small">
        {read.classes.map((c) => (
          <li key={c.name}>
            <span className="row-prediction__class">{c.name}</span>
            <span className="row-prediction__bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, Math.min(1, c.value)) * 100}%` }} />
            </span>
            <span>{read.probabilities ? percent(c.value) : readable(c.value)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RowForm(props: { table: TableParams; codec: RowCodec }): React.JSX.Element {
  const { table, codec } = props;
  const [values, setValues] = useState<string[]>(() => codec.valuesOf().map(String));
  const [read, setRead] = useState<ReadPrediction | null>(null);
  const encoded = useMemo(() => codec.encode(values), [codec, values]);
  const target = table.columns.find((c) => c.role === 'target')?.name ?? '';
  const training = useTrainingStore((s) => s.engineState === 'training');
  // Where the weights stand when they stop moving (a Step, a pause, the end of the run).
  const settled = useTrainingStore((s) => (s.engineState === 'training' ? -1 : (s.snapshot?.updates ?? 0)));
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!training) return;
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [training]);

  useEffect(() => {
    if (!encoded.ok) return;
    let live = true;
    void useTrainingStore
      .getState()
      .predict([encoded.inputs])
      .then((outputs) => {
        if (live && outputs) setRead(codec.read(outputs[0]));
      });
    return () => {
      live = false;
    };
  }, [codec, encoded, tick, settled]);

  return (
    <fieldset className="tp-settings row-prediction" data-testid="row-prediction">
      <legend>Try a row</legend>
      <div className="tp-settings__fields">
        {codec.fields.map((f, k) => (
          <div key={f.name} className="tp-field">
            <label htmlFor={`row-field-${k}`} title={f.name}>
              {f.name}
            </label>
            {f.type === 'numeric' ? (
              <input
                id={`row-field-${k}`}
                type="text"
                inputMode="decimal"
                value={values[k]}
                aria-invalid={!encoded.ok && encoded.problems.some((p) => p.column === f.name)}
                onChange={(e) => setValues((v) => v.map((x, i) => (i === k ? e.target.value : x)))}
              />
            ) : (
              <select id={`row-field-${k}`} value={values[k]} onChange={(e) => setValues((v) => v.map((x, i) => (i === k ? e.target.value : x)))}>
                {f.categories.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </div>
        ))}
      </div>
      {!encoded.ok ? (
        <p className="tp-field__problem" role="alert">
          {encoded.problems.map((p) => `${p.column} ${p.message}`).join('; ')}.
        </p>
      ) : (
        read && <PredictionText read={read} target={target} />
      )}
    </fieldset>
  );
}

/** Shown once a table's network has trained (and the design is the one the engine holds). */
export function RowPrediction(): React.JSX.Element | null {
  const setup = useTrainingStore((s) => s.loadedSetup);
  const stale = useTrainingStore((s) => s.stale);
  const trained = useTrainingStore((s) => (s.progress?.updates ?? 0) > 0);
  const table = setup?.task.dataset === 'table' ? (setup.task as TableParams) : null;
  const codec = useMemo(() => (table ? tableRowCodec(table) : null), [table]);
  if (!table || !codec || stale || !trained) return null;
  // A new table (or card) starts the form afresh.
  return <RowForm key={codec.fields.map((f) => f.name).join('\n')} table={table} codec={codec} />;
}
