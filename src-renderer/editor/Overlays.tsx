/** Dialogs and notices over the app: unsaved changes, a file that would not open, messages. */
import { useEffect, useRef } from 'react';
import { useViewStore } from '../store/view';
import './Overlays.css';

function DiscardDialog(): React.JSX.Element | null {
  const prompt = useViewStore((s) => s.discardPrompt);
  const answer = useViewStore((s) => s.answerDiscard);
  const saveRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!prompt) return;
    saveRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') answer('cancel');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prompt, answer]);
  if (!prompt) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="discard-title" data-testid="discard-dialog">
        <h2 id="discard-title">Save the changes to “{prompt.documentName}”?</h2>
        <p>Your changes will be lost if you don’t save them.</p>
        <div className="button-row end">
          <button type="button" onClick={() => answer('discard')}>
            Don’t Save
          </button>
          <button type="button" onClick={() => answer('cancel')}>
            Cancel
          </button>
          <button type="button" className="primary" ref={saveRef} onClick={() => answer('save')}>
            Save
          </button>
        </div>
      </div>
    </div>
  );
}

function ProblemReportDialog(): React.JSX.Element | null {
  const report = useViewStore((s) => s.problemReport);
  const close = useViewStore((s) => s.showProblems);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!report) return;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [report, close]);
  if (!report) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="alertdialog" aria-modal="true" aria-labelledby="report-title" data-testid="file-problems">
        <h2 id="report-title">{report.title}</h2>
        <p>Nothing was changed: the current design is still open.</p>
        <ul className="file-problems">
          {report.problems.slice(0, 50).map((p, i) => (
            <li key={i}>
              <code>{p.path}</code> <span>{p.message}</span>
            </li>
          ))}
          {report.problems.length > 50 && <li className="muted">…and {report.problems.length - 50} more</li>}
        </ul>
        <div className="button-row end">
          <button type="button" className="primary" ref={closeRef} onClick={() => close(null)}>
            OK
          </button>
        </div>
      </div>
    </div>
  );
}

function Notices(): React.JSX.Element {
  const notices = useViewStore((s) => s.notices);
  const dismiss = useViewStore((s) => s.dismissNotice);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          {n.action && (
            <button type="button" className="primary" onClick={n.action.run}>
              {n.action.label}
            </button>
          )}
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function Overlays(): React.JSX.Element {
  return (
    <>
      <Notices />
      <DiscardDialog />
      <ProblemReportDialog />
    </>
  );
}
