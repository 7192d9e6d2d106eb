/** A titled, collapsible plot with PNG and SVG export of what it draws. */
import { useRef, useState, type ReactNode } from 'react';
import { downloadBlob, slug } from '../platform/download';
import { plotToPng, plotToSvg } from './export-plot';

export function PlotCard(props: { title: string; id: string; children: ReactNode; note?: ReactNode; actions?: ReactNode }): React.JSX.Element {
  const [open, setOpen] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const fileName = slug(props.title);

  const exportAs = async (format: 'png' | 'svg'): Promise<void> => {
    const root = body.current;
    if (!root) return;
    try {
      setFailure(null);
      const blob = format === 'svg' ? new Blob([plotToSvg(root)], { type: 'image/svg+xml' }) : await plotToPng(root);
      downloadBlob(blob, `${fileName}.${format}`);
    } catch (e) {
      setFailure((e as Error).message);
    }
  };

  return (
    <section className="plot-card" data-plot={props.id} aria-label={props.title}>
      <header className="plot-card__header">
        <button type="button" className="plot-card__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {props.title}
        </button>
        {open && (
          <span className="plot-card__actions">
            {props.actions}
            <button type="button" onClick={() => void exportAs('png')} title={`Save “${props.title}” as PNG`}>
              PNG
            </button>
            <button type="button" onClick={() => void exportAs('svg')} title={`Save “${props.title}” as SVG`}>
              SVG
            </button>
          </span>
        )}
      </header>
      {open && (
        <>
          <div className="plot-card__body" ref={body}>
            {props.children}
          </div>
          {props.note && <div className="plot-card__note">{props.note}</div>}
          {failure && <div className="plot-card__error" role="alert">{failure}</div>}
        </>
      )}
    </section>
  );
}
