/**
 * The layer palette, one item per kind of the registry: drag a layer onto the canvas (React
 * Flow's drag-and-drop pattern), or click it / press Enter on it to add it beside the selected
 * layer, connected.
 */
import { kindOf, NODE_TYPES, type NodeType } from '../../src-shared/layers';
import { addLayerBeside } from './canvas-control';
import { NEURON_RADIUS } from './geometry';
import './Palette.css';

/** The drag payload's type: only palette drags are dropped as layers. */
export const PALETTE_MIME = 'application/x-nnd-layer';

/** Palette sections, by what a kind does in a graph. */
const GROUPS: { title: string; kinds: (type: NodeType) => boolean }[] = [
  { title: 'Ends', kinds: (t) => kindOf(t).role !== 'hidden' },
  { title: 'Layers', kinds: (t) => kindOf(t).role === 'hidden' && kindOf(t).inputs.max === 1 },
  { title: 'Merges', kinds: (t) => kindOf(t).role === 'hidden' && kindOf(t).inputs.max > 1 },
];

function Glyph({ type }: { type: NodeType }): React.JSX.Element {
  const kind = kindOf(type);
  const units = (kind.defaults as { units?: number }).units;
  const neurons = Math.min(3, units ?? (kind.inputs.max > 1 ? 2 : 3));
  const r = NEURON_RADIUS - 2;
  const gap = 14;
  const h = neurons * gap + 4;
  return (
    <svg width={20} height={h} aria-hidden="true" className="palette-glyph">
      {Array.from({ length: neurons }, (_, i) => (
        <circle key={i} className={`neuron neuron-${type}`} cx={10} cy={2 + gap / 2 + i * gap} r={r} />
      ))}
    </svg>
  );
}

export function Palette(): React.JSX.Element {
  return (
    <nav className="palette" aria-label="Layers">
      <h2 className="panel-title">Layers</h2>
      <p className="panel-hint">Drag onto the canvas, or click to add after the selected layer.</p>
      {GROUPS.map((group) => (
        <div key={group.title} className="palette-group" role="group" aria-label={group.title}>
          <h3 className="palette-group-title">{group.title}</h3>
          {NODE_TYPES.filter(group.kinds).map((type) => {
            const kind = kindOf(type);
            return (
              <button
                key={type}
                type="button"
                className={`palette-item palette-${type}`}
                data-testid={`palette-${type}`}
                draggable
                title={`${kind.label}: ${kind.hint}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => addLayerBeside(type)}
              >
                <Glyph type={type} />
                <span className="palette-text">
                  <span className="palette-title">{kind.label}</span>
                  <span className="palette-hint">{kind.hint}</span>
                </span>
              </button>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
