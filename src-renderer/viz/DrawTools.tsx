/**
 * The drawing tools over a drawing's plane: the class to draw (or the value, for a number to
 * learn), erase, clear, and for a drawing of its own another class or a number instead. Every
 * change of points goes through the design store's setTask, so undo covers it.
 */
import { MAX_CLASSES, MAX_DRAWN_POINTS } from '../../src-shared/datasets';
import { useDesignStore } from '../store/design';
import { useDrawTool } from '../store/draw-tool';
import { useTrainingStore } from '../store/training';
import { classColor } from './classes';
import { addClass, clearPoints, drawTarget, switchTarget } from './drawing';
import { valueRange, type DrawableTask } from './plane';
import { classInterpolator } from './tables';

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

export function DrawTools(props: { task: DrawableTask }): React.JSX.Element {
  const { task } = props;
  const setTask = useDesignStore((s) => s.setTask);
  const { mode, cls, value, setMode, setClass, setValue } = useDrawTool();
  const target = drawTarget(task);
  const own = task.dataset === 'drawn';
  const [lo, hi] = valueRange(task);
  const full = task.rows.length >= MAX_DRAWN_POINTS;
  const shownClass = target.kind === 'classes' ? Math.min(cls, target.classes.length - 1) : 0;
  // Until the run on these points has loaded, the plane shows the run on the points before.
  const behind = useTrainingStore((st) => st.retraining);
  return (
    <div className="draw-tools" role="toolbar" aria-label="Draw points" data-export-skip data-testid="draw-tools">
      {target.kind === 'classes' ? (
        <div className="viz-segmented" role="radiogroup" aria-label="Class to draw">
          {target.classes.map((name, c) => (
            <label key={name} className={`viz-segmented__option${mode === 'draw' && shownClass === c ? ' checked' : ''}`} title={`Draw points of class ${name}`}>
              <input type="radio" name="draw-class" value={c} checked={mode === 'draw' && shownClass === c} onChange={() => setClass(c)} data-testid={`draw-class-${c}`} />
              <span className="draw-tools__swatch" style={{ background: classColor(c) }} aria-hidden="true" />
              {name}
            </label>
          ))}
        </div>
      ) : (
        <label className="draw-tools__value" title="The value a drawn point has">
          <span>Value</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.01}
            value={value}
            aria-valuetext={fmt(lo + value * (hi - lo))}
            onChange={(e) => setValue(Number(e.currentTarget.value))}
            data-testid="draw-value"
          />
          <span className="draw-tools__swatch" style={{ background: classInterpolator(value) }} aria-hidden="true" />
          <span className="mono">{fmt(lo + value * (hi - lo))}</span>
        </label>
      )}
      {own && target.kind === 'classes' && (
        <button type="button" onClick={() => setTask(addClass(task))} disabled={target.classes.length >= MAX_CLASSES} title="Draw points of one class more (up to 5)">
          + Class
        </button>
      )}
      <button type="button" aria-pressed={mode === 'erase'} className={mode === 'erase' ? 'active' : undefined} onClick={() => setMode(mode === 'erase' ? 'draw' : 'erase')} title="Click or drag over points to remove them">
        Erase
      </button>
      <button type="button" onClick={() => setTask(clearPoints(task))} disabled={task.rows.length === 0} title="Remove every point (Undo brings them back)">
        Clear
      </button>
      {own && (
        <label className="draw-tools__target">
          <span className="muted">Learn</span>
          <select value={target.kind} onChange={(e) => setTask(switchTarget(task, e.currentTarget.value as 'classes' | 'value'))} data-testid="draw-target">
            <option value="classes">classes</option>
            <option value="value">a number</option>
          </select>
        </label>
      )}
      <span className="muted draw-tools__count" aria-live="polite">
        <span data-testid="draw-count">
          {full ? `${MAX_DRAWN_POINTS.toLocaleString('en-US')} points: the most a drawing holds` : `${task.rows.length.toLocaleString('en-US')} point${task.rows.length === 1 ? '' : 's'}`}
        </span>
        {behind && task.rows.length > 0 && <span data-testid="draw-behind"> · training on them…</span>}
      </span>
    </div>
  );
}
