/**
 * A task of more than two inputs is drawn over a 2-D slice: the two inputs on the axes (chosen
 * here), the others held at a value each, their training rows' mean until a slider moves it.
 * Values are shown in the table's units (its scaled inputs scaled back); the engine works in the
 * network's. The caption says which slice a plot shows, on the plot itself.
 */
import { useMemo } from 'react';
import { inputStats, sliceFits, type InputStats, type PlaneSlice } from '../../src-shared/engine/slice';
import type { DatasetInfo } from '../../src-shared/protocol/engine';
import { useTrainingStore } from '../store/training';
import { axisScale, inputName, toShown } from './plane';

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Steps a slider takes across an input's range. */
const SLIDER_STEPS = 200;

/** "Slice at sepal_width_cm = 3.05, petal_width_cm = 1.20 (the training rows’ means)". */
export function sliceCaption(dataset: DatasetInfo, slice: PlaneSlice, atMeans: boolean): string {
  const held = slice.values.flatMap((v, j) => (slice.axes.includes(j) ? [] : [`${inputName(dataset, j)} = ${fmt(toShown(v, axisScale(dataset, j)))}`]));
  return `Slice at ${held.join(', ')}${atMeans ? ' (the training rows’ means)' : ''}`;
}

/** The input statistics of the loaded task, once per task. */
export function useInputStats(dataset: DatasetInfo): InputStats {
  return useMemo(() => inputStats(dataset), [dataset]);
}

export function SliceControls(props: { dataset: DatasetInfo; shown: PlaneSlice }): React.JSX.Element {
  const { dataset } = props;
  const chosen = useTrainingStore((s) => s.slice);
  const setSlice = useTrainingStore((s) => s.setSlice);
  const stats = useInputStats(dataset);
  const d = dataset.inputSize;
  // The choice answers at once; the plot follows with the engine's next frame.
  const slice = chosen && sliceFits(chosen, d) ? chosen : props.shown;
  const [ax, ay] = slice.axes;
  const names = Array.from({ length: d }, (_, j) => inputName(dataset, j));

  const setAxis = (which: 0 | 1, j: number): void => {
    const axes: [number, number] = [ax, ay];
    // Choosing the other axis's input swaps the two.
    if (j === axes[1 - which]) axes[1 - which] = axes[which];
    axes[which] = j;
    setSlice({ axes, values: slice.values.slice() });
  };
  const setValue = (j: number, v: number): void => {
    const values = slice.values.slice();
    values[j] = v;
    setSlice({ axes: [ax, ay], values });
  };

  return (
    <div className="slice-controls" data-export-skip data-testid="slice-controls">
      <div className="slice-controls__axes">
        {([0, 1] as const).map((which) => (
          <label key={which}>
            <span className="muted">{which === 0 ? 'x axis' : 'y axis'}</span>
            <select value={slice.axes[which]} onChange={(e) => setAxis(which, Number(e.currentTarget.value))} data-testid={`slice-axis-${which === 0 ? 'x' : 'y'}`}>
              {names.map((name, j) => (
                <option key={j} value={j}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" onClick={() => setSlice(null)} disabled={chosen === null} title="Hold every other input at its training rows’ mean again">
          Means
        </button>
      </div>
      <div className="slice-controls__held">
        {names.map((name, j) => {
          if (j === ax || j === ay) return null;
          const lo = stats.min[j];
          const hi = stats.max[j];
          const scale = axisScale(dataset, j);
          const shown = fmt(toShown(slice.values[j], scale));
          return (
            <label key={j} className="slice-controls__slider">
              <span className="slice-controls__name" title={name}>
                {name}
              </span>
              <input
                type="range"
                min={lo}
                max={hi}
                step={hi > lo ? (hi - lo) / SLIDER_STEPS : 1}
                value={slice.values[j]}
                aria-valuetext={shown}
                onChange={(e) => setValue(j, Number(e.currentTarget.value))}
                data-testid={`slice-value-${j}`}
              />
              <span className="mono slice-controls__value">{shown}</span>
            </label>
          );
        })}
      </div>
    </div>
  );
}
