/**
 * The layer palette, one item per kind in the registry: drag a layer onto the canvas (React
 * Flow's drag-and-drop pattern), or click it / press Enter on it to add it beside the selected
 * layer, connected. Kinds are grouped by what they do: layers, merges, input and output. The
 * list is one tab stop: arrow keys or a kind's first letter move in it (roving-focus.ts).
 */
import { kindOf, type NodeType } from '../../src-shared/layers';
import { addLayerBeside } from './canvas-control';
import { kindTone, paletteGroups, type KindTone } from './kinds';
import { useRovingFocus, type RovingItemProps } from './roving-focus';
import './Palette.css';

/** The drag payload's type: only palette drags are dropped as layers. */
export const PALETTE_MIME = 'application/x-nnd-layer';

const GROUPS = paletteGroups();
const TYPES = GROUPS.flatMap((g) => g.types);
const labelOf = (type: NodeType): string => kindOf(type).label;

/** A kind's button in the palette (to give it focus), if the palette is on show. */
export function paletteButton(type: NodeType): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.palette [data-testid="palette-${type}"]`);
}

/**
 * A small picture of what a kind does, from its shape alone: a column of neurons, with lines in
 * (every neuron from every input for a layer with weights, one each otherwise, two streams
 * meeting for a merge) and out (none after the Output).
 */
function Glyph({ tone, hasInputs, hasOutput }: { tone: KindTone; hasInputs: boolean; hasOutput: boolean }): React.JSX.Element {
  const ys = tone === 'merge' ? [6, 16, 26] : [9, 23];
  const cx = 18;
  return (
    <svg width={36} height={32} viewBox="0 0 36 32" aria-hidden="true" className="palette-glyph">
      <g className="glyph-lines">
        {hasInputs && tone === 'dense' && ys.flatMap((y) => [9, 23].map((from) => <line key={`${from}-${y}`} x1={2} y1={from} x2={cx} y2={y} />))}
        {hasInputs && tone === 'op' && ys.map((y) => <line key={y} x1={2} y1={y} x2={cx} y2={y} />)}
        {hasInputs && tone === 'merge' && [2, 30].flatMap((from) => ys.map((y) => <line key={`${from}-${y}`} x1={2} y1={from} x2={cx} y2={y} />))}
        {hasInputs && tone === 'output' && [9, 23].map((from) => <line key={from} x1={2} y1={from} x2={cx} y2={16} />)}
        {hasOutput && ys.map((y) => <line key={`o${y}`} x1={cx} y1={y} x2={34} y2={y} />)}
      </g>
      {(tone === 'output' ? [16] : ys).map((y) => (
        <circle key={y} className={`neuron neuron-${tone}`} cx={cx} cy={y} r={tone === 'merge' ? 4 : 5} />
      ))}
    </svg>
  );
}

function PaletteItem({ type, roving }: { type: NodeType; roving: RovingItemProps }): React.JSX.Element {
  const kind = kindOf(type);
  return (
    <button
      type="button"
      className={`palette-item palette-${type}`}
      data-testid={`palette-${type}`}
      {...roving}
      draggable
      title={`${kind.label}: ${kind.hint}`}
      onDragStart={(e) => {
        e.dataTransfer.setData(PALETTE_MIME, type);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onClick={() => addLayerBeside(type)}
    >
      <Glyph tone={kindTone(kind)} hasInputs={kind.inputs.max > 0} hasOutput={kind.role !== 'output'} />
      <span className="palette-text">
        <span className="palette-title">{kind.label}</span>
        <span className="palette-hint">{kind.hint}</span>
      </span>
    </button>
  );
}

export function Palette(): React.JSX.Element {
  const roving = useRovingFocus(TYPES, labelOf);
  return (
    <nav className="palette" aria-label="Layers">
      <h2 className="panel-title">Layers</h2>
      <p className="panel-hint">Drag onto the canvas, or click (Enter) to add after the selected layer.</p>
      <div className="palette-groups" role="toolbar" aria-orientation="vertical" aria-label="Add a layer" onKeyDown={roving.onKeyDown}>
        {GROUPS.map((group) => (
          <div key={group.title} className="palette-group" role="group" aria-label={group.title}>
            <h3 className="palette-group-title">{group.title}</h3>
            {group.types.map((type) => (
              <PaletteItem key={type} type={type} roving={roving.itemProps(type)} />
            ))}
          </div>
        ))}
      </div>
    </nav>
  );
}
