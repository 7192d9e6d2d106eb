/**
 * On the canvas's Input layer: the names of the inputs it takes, when the task names them (a
 * table's columns, one-hot ones as `colour=red`), so the layer says what its width is made of.
 */
import { useMemo } from 'react';
import { taskInputNames } from '../../src-shared/datasets';
import { useDocumentStore } from '../store/document';

/** Names shown on the node; the rest are counted (all of them are in the tooltip). */
const SHOWN = 4;
/** One line, cut with an ellipsis: the node's width is fixed. */
const NOWRAP: React.CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };

export function InputNames(): React.JSX.Element | null {
  const task = useDocumentStore((s) => s.setup.task);
  const names = useMemo(() => taskInputNames(task), [task]);
  if (!names || names.length === 0) return null;
  const more = names.length - SHOWN;
  return (
    <div className="layer-text-row" style={NOWRAP} title={names.join('\n')} data-testid="input-names">
      {names.slice(0, SHOWN).join(', ')}
      {more > 0 && ` +${more} more`}
    </div>
  );
}
