/**
 * Each hidden neuron's response over the input plane, drawn on the neuron itself (as TensorFlow
 * Playground does) from the frame on show, live while training and while scrubbing. Pointing at
 * a neuron, or clicking it, makes it the focused neuron the plots show large.
 */
import { memo, useLayoutEffect, useRef } from 'react';
import { useTrainingStore } from '../store/training';
import { useViewStore } from '../store/view';
import { useDisplayedFrame } from '../viz/frame';
import { activationRange } from '../viz/HiddenUnits';
import { fitCanvas, paintGrid } from '../viz/paint-grid';
import { classTable } from '../viz/tables';
import type { Activation } from '../../src-shared/network/design';
import { NEURON_PAD, NEURON_SLOT, NODE_WIDTH } from './geometry';
import { focusNeuron, pinNeuron } from './neuron-focus';

/** Side of one map: the neuron's slot less a pixel of air on each side. */
export const MAP_SIZE = NEURON_SLOT - 2;

interface Props {
  nodeId: string;
  name: string;
  /** Neurons drawn (the column's circles), so maps stop where the "+N" slot begins. */
  drawn: number;
  height: number;
  activation: Activation;
}

function NeuronMapsView({ nodeId, name, drawn, height, activation }: Props): React.JSX.Element | null {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useDisplayedFrame();
  const index = useTrainingStore((s) => (s.stale ? -1 : s.maps.findIndex((m) => m.nodeId === nodeId)));
  const width = useTrainingStore((s) => s.maps.find((m) => m.nodeId === nodeId)?.width ?? 0);
  const focused = useViewStore((s) => (s.focusNeuron?.nodeId === nodeId ? s.focusNeuron.unit : null));
  const grid = frame?.grid;
  const values = index >= 0 && grid ? grid.hidden[index] : undefined;
  const shown = Math.min(drawn, width);
  const left = Math.round(NODE_WIDTH / 2 - MAP_SIZE / 2);
  const top = (u: number): number => NEURON_PAD + u * NEURON_SLOT + (NEURON_SLOT - MAP_SIZE) / 2;

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !values || !grid) return;
    fitCanvas(el, MAP_SIZE, height);
    ctx.clearRect(0, 0, el.width, el.height);
    const scale = el.width / MAP_SIZE;
    const r = grid.resolution;
    const cells = r * r;
    for (let u = 0; u < shown; u++) {
      const [lo, hi] = activationRange(activation, values, u * cells, cells);
      paintGrid(el, { values, offset: u * cells, rows: r, cols: r }, classTable(), (v) => (v - lo) / (hi - lo), {
        flipY: true,
        smooth: true,
        into: { x: 0, y: top(u) * scale, width: MAP_SIZE * scale, height: MAP_SIZE * scale },
      });
    }
  }, [values, grid, shown, height, activation]);

  if (!values || shown === 0) return null;
  return (
    <div className="neuron-maps" style={{ left, width: MAP_SIZE, height }} data-testid={`maps-${nodeId}`}>
      <canvas ref={canvas} style={{ width: MAP_SIZE, height }} aria-hidden="true" />
      {Array.from({ length: shown }, (_, u) => (
        <span
          key={u}
          className={`neuron-map${focused === u ? ' focused' : ''}`}
          style={{ top: top(u), width: MAP_SIZE, height: MAP_SIZE }}
          title={`${name}, neuron ${u + 1}: its output over the input plane (click to keep it beside the boundary)`}
          data-unit={u}
          onMouseEnter={() => focusNeuron({ nodeId, unit: u })}
          onMouseLeave={() => focusNeuron(null)}
          onClick={() => pinNeuron({ nodeId, unit: u })}
        />
      ))}
    </div>
  );
}

export const NeuronMaps = memo(NeuronMapsView);
