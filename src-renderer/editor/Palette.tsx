/**
 * The layer palette: drag a layer onto the canvas (React Flow's drag-and-drop pattern), or click
 * it / press Enter on it to add it beside the selected layer, connected.
 */
import type { NodeType } from '../../src-shared/network/design';
import { addLayerBeside } from './canvas-control';
import { NEURON_RADIUS } from './geometry';
import './Palette.css';

/** The drag payload's type: only palette drags are dropped as layers. */
export const PALETTE_MIME = 'application/x-nnd-layer';
export const NODE_TYPES_ORDER: readonly NodeType[] = ['input', 'dense', 'output'];

const ITEMS: Record<NodeType, { title: string; hint: string; neurons: number }> = {
  input: { title: 'Input', hint: 'The task’s inputs, one neuron each', neurons: 2 },
  dense: { title: 'Dense', hint: 'A hidden layer: every neuron sees every input', neurons: 3 },
  output: { title: 'Output', hint: 'The answer, and the loss it is judged by', neurons: 1 },
};

function Glyph({ neurons, kind }: { neurons: number; kind: NodeType }): React.JSX.Element {
  const r = NEURON_RADIUS - 2;
  const gap = 14;
  const h = neurons * gap + 4;
  return (
    <svg width={20} height={h} aria-hidden="true" className="palette-glyph">
      {Array.from({ length: neurons }, (_, i) => (
        <circle key={i} className={`neuron neuron-${kind}`} cx={10} cy={2 + gap / 2 + i * gap} r={r} />
      ))}
    </svg>
  );
}

export function Palette(): React.JSX.Element {
  return (
    <nav className="palette" aria-label="Layers">
      <h2 className="panel-title">Layers</h2>
      <p className="panel-hint">Drag onto the canvas, or click to add after the selected layer.</p>
      {NODE_TYPES_ORDER.map((type) => {
        const item = ITEMS[type];
        return (
          <button
            key={type}
            type="button"
            className={`palette-item palette-${type}`}
            data-testid={`palette-${type}`}
            draggable
            title={`${item.title}: ${item.hint}`}
            onDragStart={(e) => {
              e.dataTransfer.setData(PALETTE_MIME, type);
              e.dataTransfer.effectAllowed = 'copy';
            }}
            onClick={() => addLayerBeside(type)}
          >
            <Glyph neurons={item.neurons} kind={type} />
            <span className="palette-text">
              <span className="palette-title">{item.title}</span>
              <span className="palette-hint">{item.hint}</span>
            </span>
          </button>
        );
      })}
    </nav>
  );
}
