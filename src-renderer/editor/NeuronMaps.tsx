/**
 * Each hidden neuron's response over the input plane, drawn on the neuron itself (as TensorFlow
 * Playground does) from the frame on show, live while training and while scrubbing. Pointing at
 * a neuron, or focusing it from the keyboard, makes it the focused neuron the plots show large;
 * clicking it (or Enter) keeps it there. The maps of a layer are one tab stop: the arrow keys go
 * from neuron to neuron.
 */
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { useTrainingStore } from '../store/training';
import { useViewStore } from '../store/view';
import { useDisplayedFrame } from '../viz/frame';
import { activationRange } from '../viz/HiddenUnits';
import { fitCanvas, paintGrid } from '../viz/paint-grid';
import { classTable } from '../viz/tables';
import type { Activation } from '../../src-shared/network/design';
import { cellCentre, mapSide, type NeuronLayout } from './geometry';
import { focusNeuron, pinNeuron } from './neuron-focus';

interface Props {
  nodeId: string;
  name: string;
  /** Where the node draws its neurons: maps go on the ones it draws, not on its "+N". */
  layout: NeuronLayout;
  height: number;
  activation: Activation;
}

/** The neuron an arrow key moves to from `u`, among `shown` in rows `columns` wide. */
export function neuronAfterKey(key: string, u: number, shown: number, columns: number): number | null {
  const next: Record<string, number> = { ArrowLeft: u - 1, ArrowRight: u + 1, ArrowUp: u - columns, ArrowDown: u + columns, Home: 0, End: shown - 1 };
  const to = next[key];
  return to === undefined ? null : Math.max(0, Math.min(shown - 1, to));
}

/** Top-left corner of neuron `u`'s map in the neuron area. */
function mapCorner(layout: NeuronLayout, u: number): { left: number; top: number } {
  const c = cellCentre(layout, u);
  const side = mapSide(layout);
  return { left: c.x - side / 2, top: c.y - side / 2 };
}

function NeuronMapsView({ nodeId, name, layout, height, activation }: Props): React.JSX.Element | null {
  const canvas = useRef<HTMLCanvasElement>(null);
  const cells = useRef<(HTMLSpanElement | null)[]>([]);
  const [stop, setStop] = useState(0);
  const frame = useDisplayedFrame();
  const index = useTrainingStore((s) => (s.stale ? -1 : s.maps.findIndex((m) => m.nodeId === nodeId)));
  const width = useTrainingStore((s) => s.maps.find((m) => m.nodeId === nodeId)?.width ?? 0);
  const focused = useViewStore((s) => (s.focusNeuron?.nodeId === nodeId ? s.focusNeuron.unit : null));
  const grid = frame?.grid;
  const values = index >= 0 && grid ? grid.hidden[index] : undefined;
  const shown = Math.min(layout.shown, width);
  const side = mapSide(layout);

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !values || !grid) return;
    fitCanvas(el, layout.nodeWidth, height);
    ctx.clearRect(0, 0, el.width, el.height);
    const scale = el.width / layout.nodeWidth;
    const r = grid.resolution;
    const count = r * r;
    for (let u = 0; u < shown; u++) {
      const [lo, hi] = activationRange(activation, values, u * count, count);
      const { left, top } = mapCorner(layout, u);
      paintGrid(el, { values, offset: u * count, rows: r, cols: r }, classTable(), (v) => (v - lo) / (hi - lo), {
        flipY: true,
        smooth: true,
        into: { x: left * scale, y: top * scale, width: side * scale, height: side * scale },
      });
    }
  }, [values, grid, shown, height, activation, layout, side]);

  if (!values || shown === 0) return null;
  const tabStop = Math.min(stop, shown - 1);
  const onKeyDown = (e: React.KeyboardEvent, u: number): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      pinNeuron({ nodeId, unit: u });
      return;
    }
    const to = neuronAfterKey(e.key, u, shown, layout.columns);
    if (to === null) return;
    // The keys move between neurons here, not the layer on the canvas.
    e.preventDefault();
    e.stopPropagation();
    setStop(to);
    cells.current[to]?.focus();
  };
  return (
    <div className="neuron-maps" style={{ width: layout.nodeWidth, height }} data-testid={`maps-${nodeId}`}>
      <canvas ref={canvas} style={{ width: layout.nodeWidth, height }} aria-hidden="true" />
      {Array.from({ length: shown }, (_, u) => (
        <span
          key={u}
          ref={(el) => {
            cells.current[u] = el;
          }}
          className={`neuron-map${focused === u ? ' focused' : ''}`}
          style={{ ...mapCorner(layout, u), width: side, height: side }}
          role="img"
          aria-label={`${name}, neuron ${u + 1}: its output over the input plane`}
          title={`${name}, neuron ${u + 1}: its output over the input plane (click to keep it beside the boundary)`}
          tabIndex={u === tabStop ? 0 : -1}
          data-unit={u}
          onMouseEnter={() => focusNeuron({ nodeId, unit: u })}
          onMouseLeave={() => focusNeuron(null)}
          onFocus={() => {
            setStop(u);
            focusNeuron({ nodeId, unit: u });
          }}
          onBlur={() => focusNeuron(null)}
          onKeyDown={(e) => onKeyDown(e, u)}
          onClick={() => pinNeuron({ nodeId, unit: u })}
        />
      ))}
    </div>
  );
}

export const NeuronMaps = memo(NeuronMapsView);
