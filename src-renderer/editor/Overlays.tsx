/**
 * Dialogs and notices: unsaved changes, a file that would not open, the list of shortcuts, About,
 * the table import, and messages. Notices sit in their own strip above the canvas (over the start screen while it is
 * open), never over the plots; news goes by itself, questions and errors wait for the user.
 * Dialogs hold focus while open (modal-focus.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { KEYMAP, keyLabel, platformOf, shortcutLabel, type Edition, type KeyBinding } from '../../src-shared/keymap';
import { discardQuestion } from '../../src-shared/unsaved-work';
import { getPlatform } from '../platform';
import { noticeLifetimeMs, useViewStore, type Notice } from '../store/view';
import { AboutDialog } from './AboutDialog';
import { useModalFocus } from './modal-focus';
import { TableImportDialog } from './TableImportDialog';
import './Overlays.css';

/** The notices strip's id: the start screen lets Tab reach it (a recovery offer waits there). */
export const NOTICES_ID = 'notices';

function DiscardDialog(): React.JSX.Element | null {
  const prompt = useViewStore((s) => s.discardPrompt);
  const answer = useViewStore((s) => s.answerDiscard);
  const saveRef = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useModalFocus(dialog, prompt !== null, { initialFocus: () => saveRef.current, onEscape: () => answer('cancel') });
  if (!prompt) return null;
  // The desktop asks natively with the same words (src-shared/unsaved-work.ts).
  const question = discardQuestion(prompt.documentName, prompt.work);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="discard-title" aria-describedby="discard-detail" data-testid="discard-dialog" ref={dialog} tabIndex={-1}>
        <h2 id="discard-title">{question.message}</h2>
        <p id="discard-detail">{question.detail}</p>
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
  const dialog = useRef<HTMLDivElement>(null);
  useModalFocus(dialog, report !== null, { initialFocus: () => closeRef.current, onEscape: () => close(null) });
  if (!report) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="alertdialog" aria-modal="true" aria-labelledby="report-title" data-testid="file-problems" ref={dialog} tabIndex={-1}>
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

/** Notices shown at once; older ones wait behind them ("2 more"). */
const VISIBLE_NOTICES = 3;

/** Dismisses a notice when its time is up, unless the notices are being read (hovered or focused). */
function useLifetime(notice: Notice, held: boolean): void {
  const dismiss = useViewStore((s) => s.dismissNotice);
  const lifetime = noticeLifetimeMs(notice);
  const left = useRef(lifetime);
  useEffect(() => {
    if (left.current === null || held) return;
    const started = Date.now();
    const timer = setTimeout(() => dismiss(notice.id), left.current);
    return () => {
      clearTimeout(timer);
      if (left.current !== null) left.current = Math.max(1500, left.current - (Date.now() - started));
    };
  }, [held, dismiss, notice.id]);
}

function NoticeItem(props: { notice: Notice; held: boolean }): React.JSX.Element {
  const { notice: n, held } = props;
  const dismiss = useViewStore((s) => s.dismissNotice);
  useLifetime(n, held);
  return (
    <div className={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{n.text}</span>
      {n.action && (
        <button type="button" className="primary" onClick={n.action.run}>
          {n.action.label}
        </button>
      )}
      {n.secondary && (
        <button type="button" onClick={n.secondary.run}>
          {n.secondary.label}
        </button>
      )}
      <button type="button" className="icon" aria-label={n.secondary ? 'Not now' : 'Dismiss'} title={n.secondary ? 'Not now (offered again next time)' : 'Dismiss'} onClick={() => dismiss(n.id)}>
        ×
      </button>
    </div>
  );
}

/** The notices strip; `floating` over the start screen (which covers the strip's place). */
export function Notices(): React.JSX.Element | null {
  const notices = useViewStore((s) => s.notices);
  const floating = useViewStore((s) => s.galleryOpen || s.discardPrompt !== null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const shown = notices.slice(-VISIBLE_NOTICES);
  const waiting = notices.length - shown.length;
  return (
    <div
      className={`notices${floating ? ' notices--floating' : ''}`}
      id={NOTICES_ID}
      aria-live="polite"
      aria-label="Notices"
      role="region"
      hidden={notices.length === 0}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      {waiting > 0 && <div className="notices__more muted">{waiting} earlier notice{waiting === 1 ? '' : 's'}</div>}
      {shown.map((n) => (
        <NoticeItem key={n.id} notice={n} held={hovered || focused} />
      ))}
    </div>
  );
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The keymap as a list: one row per command (a command with two keys shows both). */
export function shortcutRows(platform: 'mac' | 'other', edition: Edition): { label: string; keys: string[] }[] {
  const rows = new Map<string, { label: string; keys: string[] }>();
  for (const binding of KEYMAP as readonly KeyBinding[]) {
    // A platform's own binding only on that platform (Delete elsewhere, Backspace on a Mac).
    if (binding.menu !== true && binding.menu !== false && binding.menu !== platform) continue;
    if (binding.edition && binding.edition !== edition) continue;
    const key = `${binding.command}\n${binding.label}`;
    const row = rows.get(key) ?? { label: binding.label, keys: [] };
    const label = keyLabel(binding, platform);
    if (!row.keys.includes(label)) row.keys.push(label);
    rows.set(key, row);
  }
  return [...rows.values()];
}

function ShortcutsDialog(): React.JSX.Element | null {
  const open = useViewStore((s) => s.shortcutsOpen);
  const setOpen = useViewStore((s) => s.setShortcutsOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useModalFocus(dialog, open, { initialFocus: () => closeRef.current, onEscape: () => setOpen(false) });
  if (!open) return null;
  const rows = shortcutRows(platformOf(isMac), getPlatform().kind);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div className="modal wide" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts" ref={dialog} tabIndex={-1}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table className="shortcuts">
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <td>
                  {row.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' or '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{row.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className="shortcuts-subtitle">Without a mouse</h3>
        <ul className="muted small shortcuts-notes">
          <li>Tab moves between the parts of the window; each dialog keeps Tab inside it until it closes (Escape).</li>
          <li>In the layer list, the arrow keys (or a layer’s first letter) move between the layers, Enter adds one after the selected layer, connected to it.</li>
          <li>
            <kbd>{shortcutLabel('edit.layerSettings', platformOf(isMac))}</kbd> edits the selected layer’s settings; Enter there goes back where you were.</li>
          <li>On the canvas, Tab moves between layers, Enter selects one, the arrow keys move the selection.</li>
          <li>Space trains or pauses wherever it types or picks nothing: not in a text box or a list.</li>
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

/** The dialogs; the notices strip is placed by the app shell (above the canvas). */
export function Overlays(): React.JSX.Element {
  return (
    <>
      <DiscardDialog />
      <ProblemReportDialog />
      <ShortcutsDialog />
      <AboutDialog />
      <TableImportDialog />
    </>
  );
}
