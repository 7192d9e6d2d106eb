/** Help → About: what the app is, which edition runs, and where the data it ships comes from. */
import { useRef } from 'react';
import { PRESETS } from '../../src-shared/presets';
import { getPlatform } from '../platform';
import { useViewStore } from '../store/view';
import { useModalFocus } from './modal-focus';
import './AboutDialog.css';

/** The sample data's sources and licences: each preset that ships a table says its own. */
export const DATA_CREDITS = PRESETS.flatMap((p) => (p.credit ? [{ title: p.title, credit: p.credit }] : []));

export function AboutDialog(): React.JSX.Element | null {
  const open = useViewStore((s) => s.aboutOpen);
  const setOpen = useViewStore((s) => s.setAboutOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useModalFocus(dialog, open, { initialFocus: () => closeRef.current, onEscape: () => setOpen(false) });
  if (!open) return null;
  const edition = getPlatform().kind === 'desktop' ? 'desktop app' : 'browser edition';
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div className="modal wide" role="dialog" aria-modal="true" aria-labelledby="about-title" data-testid="about" ref={dialog} tabIndex={-1}>
        <h2 id="about-title">About NN Designer</h2>
        <p>
          NN Designer ({edition}) designs, trains and shows small neural networks, after the post “Neural Nets Are Simpler Than You Think”. It is free software under the MIT licence.
        </p>
        <h3 className="shortcuts-subtitle">Sample data</h3>
        <ul className="small about-credits" data-testid="data-credits">
          {DATA_CREDITS.map((c) => (
            <li key={c.title}>
              <strong>{c.title}</strong>: {c.credit}
            </li>
          ))}
        </ul>
        <div className="button-row end">
          <button type="button" className="primary" ref={closeRef} onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
