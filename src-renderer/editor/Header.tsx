/** The app's header: the document's name and state, file and edit commands, presets, theme. */
import { useEffect, useRef, useState } from 'react';
import type { AppCommand, MenuCommand } from '../../src-shared/protocol/app-api';
import { unsavedMarker } from '../../src-shared/unsaved-work';
import { getPlatform } from '../platform';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import { runCommand, shortcutLabel } from './commands';
import { openRecentDocument } from './document-actions';
import './Header.css';

/** A button's tooltip: what it does, and its shortcut from the keymap. */
const withShortcut = (text: string, command: AppCommand): string => {
  const keys = shortcutLabel(command);
  return keys ? `${text} (${keys})` : text;
};

/** A header drop-down's open state; a click anywhere outside it, or Escape, closes it. */
function useDropdown(): { open: boolean; setOpen: (open: boolean) => void; ref: React.RefObject<HTMLDivElement | null> } {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', escape);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', escape);
    };
  }, [open]);
  return { open, setOpen, ref };
}

function RecentMenu(): React.JSX.Element {
  const { open, setOpen, ref } = useDropdown();
  const [files, setFiles] = useState<string[]>([]);
  useEffect(() => {
    if (open) void getPlatform().recentFiles().then(setFiles);
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title="Open a recent file, or import a table or an ONNX model">
        Recent ▾
      </button>
      {open && (
        <ul className="menu-list" role="menu">
          {files.length === 0 && <li className="muted menu-empty">No recent files</li>}
          {files.map((f) => (
            <li key={f} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  void openRecentDocument(f);
                }}
              >
                {f.split(/[\\/]/).pop()}
              </button>
            </li>
          ))}
          <li role="separator" className="menu-separator" />
          <li role="none">
            <button
              type="button"
              role="menuitem"
              title="A table of your own (CSV, TSV or JSON) as a new experiment"
              onClick={() => {
                setOpen(false);
                runCommand('file.importData');
              }}
            >
              Import data…
            </button>
          </li>
          <li role="none">
            <button
              type="button"
              role="menuitem"
              title="Open a model exported as ONNX, with its weights, as a new design"
              onClick={() => {
                setOpen(false);
                runCommand('file.importOnnx');
              }}
            >
              Import ONNX model…
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

const EXPORTS: { command: MenuCommand; label: string; title: string }[] = [
  { command: 'file.exportNumpy', label: 'Python script (NumPy)…', title: 'A standalone NumPy script that trains this design with the same seeds' },
  { command: 'file.exportTorch', label: 'Python script (PyTorch)…', title: 'The network as a PyTorch module with its weights' },
  { command: 'file.exportOnnx', label: 'ONNX model…', title: 'The trained network as an ONNX model' },
  { command: 'file.exportData', label: 'Data as CSV…', title: 'The task’s rows as a CSV table (a table’s own columns, and which rows are held out for testing)' },
];

function ExportMenu(): React.JSX.Element {
  const { open, setOpen, ref } = useDropdown();
  return (
    <div className="menu" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title="Export the design as code or a model, or its data as a table">
        Export ▾
      </button>
      {open && (
        <ul className="menu-list" role="menu" aria-label="Export">
          {EXPORTS.map((e) => (
            <li key={e.command} role="none">
              <button
                type="button"
                role="menuitem"
                title={e.title}
                onClick={() => {
                  setOpen(false);
                  runCommand(e.command);
                }}
              >
                {e.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ThemeIcon({ dark }: { dark: boolean }): React.JSX.Element {
  return dark ? (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="3.2" fill="currentColor" />
      {Array.from({ length: 8 }, (_, i) => {
        const a = (i * Math.PI) / 4;
        return <line key={i} x1={8 + 5 * Math.cos(a)} y1={8 + 5 * Math.sin(a)} x2={8 + 6.8 * Math.cos(a)} y2={8 + 6.8 * Math.sin(a)} stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />;
      })}
    </svg>
  ) : (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M11.5 10.5A5.5 5.5 0 0 1 5.5 2.2a5.8 5.8 0 1 0 8.3 6.9 5.4 5.4 0 0 1-2.3 1.4z" fill="currentColor" />
    </svg>
  );
}

export function Header(): React.JSX.Element {
  const name = useDocumentStore((s) => s.title);
  const marker = useDocumentStore((s) => unsavedMarker(s.unsaved));
  const canUndo = useDesignStore((s) => s.canUndo);
  const canRedo = useDesignStore((s) => s.canRedo);
  const theme = useViewStore((s) => s.theme);
  const setGalleryOpen = useViewStore((s) => s.setGalleryOpen);
  const vizOpen = useViewStore((s) => s.vizOpen);

  useEffect(() => {
    document.title = `${name}${marker ? ` (${marker})` : ''} — NN Designer`;
  }, [name, marker]);

  return (
    <header className="app-header">
      <div className="brand" aria-hidden="true">
        <svg width="22" height="22" viewBox="0 0 22 22">
          <g className="brand-lines">
            <line x1="4" y1="6" x2="11" y2="4" />
            <line x1="4" y1="6" x2="11" y2="11" />
            <line x1="4" y1="6" x2="11" y2="18" />
            <line x1="4" y1="16" x2="11" y2="4" />
            <line x1="4" y1="16" x2="11" y2="11" />
            <line x1="4" y1="16" x2="11" y2="18" />
            <line x1="11" y1="4" x2="18" y2="11" />
            <line x1="11" y1="11" x2="18" y2="11" />
            <line x1="11" y1="18" x2="18" y2="11" />
          </g>
          <circle cx="4" cy="6" r="2.4" />
          <circle cx="4" cy="16" r="2.4" />
          <circle cx="11" cy="4" r="2.4" />
          <circle cx="11" cy="11" r="2.4" />
          <circle cx="11" cy="18" r="2.4" />
          <circle cx="18" cy="11" r="2.4" />
        </svg>
      </div>
      <div className="doc-title" data-testid="document-title">
        <h1 className="doc-name">{name}</h1>
        {/* Training is no edit: a run that is only trained says so. */}
        {marker && (
          <span className="doc-edited" data-testid={marker === 'edited' ? 'edited-marker' : 'unsaved-run-marker'} title={marker === 'edited' ? 'Unsaved changes' : 'A trained run that is not saved'}>
            ● {marker}
          </span>
        )}
      </div>
      <div className="toolbar" role="toolbar" aria-label="Document">
        <button type="button" onClick={() => runCommand('file.new')} title={withShortcut('New design', 'file.new')}>
          New
        </button>
        <button type="button" onClick={() => runCommand('file.open')} title={withShortcut('Open a file', 'file.open')}>
          Open…
        </button>
        <RecentMenu />
        <button type="button" onClick={() => runCommand('file.save')} title={withShortcut('Save', 'file.save')}>
          Save
        </button>
        <button type="button" onClick={() => runCommand('file.saveAs')} title={withShortcut('Save as a new file', 'file.saveAs')}>
          Save As…
        </button>
        <ExportMenu />
        {getPlatform().kind === 'browser' && (
          <button type="button" onClick={() => runCommand('file.copyLink')} title={withShortcut('Copy a link that opens this design', 'file.copyLink')}>
            Copy link
          </button>
        )}
        <span className="toolbar-gap" />
        <button type="button" onClick={() => setGalleryOpen(true)} title="The post’s experiments and a blank canvas" data-testid="open-presets">
          Presets
        </button>
        <span className="toolbar-gap" />
        <button type="button" className="icon" onClick={() => runCommand('edit.undo')} disabled={!canUndo} title={withShortcut('Undo', 'edit.undo')} aria-label="Undo">
          ↶
        </button>
        <button type="button" className="icon" onClick={() => runCommand('edit.redo')} disabled={!canRedo} title={withShortcut('Redo', 'edit.redo')} aria-label="Redo">
          ↷
        </button>
        <button type="button" onClick={() => runCommand('view.layout')} title={withShortcut('Line the layers up left to right', 'view.layout')}>
          Tidy
        </button>
        <span className="toolbar-gap" />
        <button type="button" onClick={() => runCommand('view.toggleViz')} aria-pressed={vizOpen} title={withShortcut('Show or hide the visualizations', 'view.toggleViz')}>
          Plots
        </button>
        {getPlatform().kind === 'browser' && (
          // The desktop has Help → About in its menu.
          <button type="button" className="icon" onClick={() => runCommand('help.about')} title="About NN Designer and the sources of its sample data" aria-label="About NN Designer" data-testid="about-button">
            i
          </button>
        )}
        <button
          type="button"
          className="icon"
          onClick={() => runCommand('view.toggleTheme')}
          title={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          data-testid="theme-toggle"
        >
          <ThemeIcon dark={theme === 'dark'} />
        </button>
      </div>
    </header>
  );
}
