/**
 * The start screen: the post's four experiments, the designs past it (Iris among them, with its
 * data's source), your own data (the table import) and a blank canvas. Each opens as an ordinary,
 * editable design with its task and training settings. It is a dialog: focus starts on the first
 * card and stays in it (and the notices over it) until it closes; Escape closes it. A blank
 * canvas hands focus to the palette, where building starts.
 */
import { useRef } from 'react';
import { taskLabel } from '../../src-shared/datasets';
import { compileDesign } from '../../src-shared/network/compile';
import { POST_LESSON } from '../../src-shared/lessons/post';
import { PRESETS } from '../../src-shared/presets';
import { newDocument, openDocument, openPreset } from '../editor/document-actions';
import { takeLesson } from '../lesson/lesson-actions';
import { useModalFocus } from '../editor/modal-focus';
import { NOTICES_ID } from '../editor/Overlays';
import { paletteButton } from '../editor/Palette';
import { pickTableToImport } from '../editor/table-import';
import { isChainPlan, mergeSummary } from '../editor/plan-text';
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import { NetworkThumbnail } from './NetworkThumbnail';
import './Gallery.css';

/** Each preset's shape in a few words ("2-4-1", "4 layers with a merge"): presets never change, so they are compiled once. */
const PRESET_SHAPES = new Map(
  PRESETS.map((preset) => {
    const compiled = compileDesign(preset.setup.design);
    if (!compiled.ok) return [preset.id, ''];
    return [preset.id, isChainPlan(compiled.plan) ? compiled.plan.steps.map((s) => s.width).join('-') : mergeSummary(compiled.plan)];
  }),
);

const UPDATE_WORDS = { sample: 'per sample', shuffle: 'per sample, shuffled', minibatch: 'mini-batches', batch: 'full batch' } as const;

export function Gallery(): React.JSX.Element | null {
  const open = useViewStore((s) => s.galleryOpen);
  const setOpen = useViewStore((s) => s.setGalleryOpen);
  const hasDesign = useDocumentStore((s) => s.setup.design.nodes.length > 0 || s.dirty);
  const dialog = useRef<HTMLElement>(null);
  const openedOn = useRef(0);
  useModalFocus(dialog, open, {
    initialFocus: () => {
      openedOn.current = useDocumentStore.getState().generation;
      return dialog.current?.querySelector<HTMLElement>('.gallery-card') ?? null;
    },
    onEscape: () => setOpen(false),
    alsoReachable: () => [document.getElementById(NOTICES_ID)],
    // A blank canvas (chosen, or the first screen closed) has one thing to do next: add a layer.
    returnTo: (before) => {
      const doc = useDocumentStore.getState();
      const fresh = doc.generation !== openedOn.current || before === document.body;
      return fresh && doc.setup.design.nodes.length === 0 ? paletteButton('input') : null;
    },
  });
  if (!open) return null;
  return (
    <div className="gallery-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <section className="gallery" role="dialog" aria-modal="true" aria-labelledby="gallery-title" data-testid="gallery" ref={dialog} tabIndex={-1}>
        <div className="gallery-header">
          <div>
            <h1 id="gallery-title">Neural nets are simpler than you think</h1>
            <p className="muted">Take the post as a guided lesson, open one of its experiments, or start from a blank canvas. Everything stays editable.</p>
          </div>
          <div className="gallery-actions">
            <button type="button" className="primary" data-testid="take-lesson" onClick={() => void takeLesson(POST_LESSON, 'built-in')}>
              Take the lesson
            </button>
            <button type="button" onClick={() => void openDocument()}>
              Open a file…
            </button>
            <button type="button" className="icon" aria-label={hasDesign ? 'Back to the current design' : 'Close'} onClick={() => setOpen(false)}>
              ×
            </button>
          </div>
        </div>
        <div className="gallery-grid">
          {PRESETS.map((preset) => {
            const t = preset.setup.training;
            return (
              <button key={preset.id} type="button" className="gallery-card" data-testid={`preset-${preset.id}`} onClick={() => void openPreset(preset.id)}>
                <NetworkThumbnail design={preset.setup.design} />
                <span className="card-title">{preset.title}</span>
                <span className="card-summary">{preset.summary}</span>
                <span className="card-facts">
                  {taskLabel(preset.setup.task)} · {PRESET_SHAPES.get(preset.id)} · lr {t.learningRate} · {t.epochs.toLocaleString('en')} epochs · {UPDATE_WORDS[t.updateMode]}
                </span>
                {preset.credit && (
                  <span className="card-credit" title={preset.credit}>
                    {preset.creditShort ?? preset.credit}
                  </span>
                )}
              </button>
            );
          })}
          {/* Before the blank canvas: from the first card, Shift+Tab four times (×, Open a file…, Take the lesson) still reaches the blank canvas. */}
          <button type="button" className="gallery-card blank" data-testid="gallery-import-data" onClick={() => void pickTableToImport()}>
            <span className="blank-plus" aria-hidden="true">
              ▦
            </span>
            <span className="card-title">Your own data</span>
            <span className="card-summary">Import a CSV, TSV or JSON table: choose each column’s role, type and scaler, and a test split; a design fitted to it comes with it.</span>
          </button>
          <button type="button" className="gallery-card blank" data-testid="preset-blank" onClick={() => void newDocument()}>
            <span className="blank-plus" aria-hidden="true">
              +
            </span>
            <span className="card-title">Blank canvas</span>
            <span className="card-summary">Drag an Input, Dense layers and an Output, and connect them; branch and merge with Add or Concatenate. XOR is the task to start with.</span>
          </button>
        </div>
      </section>
    </div>
  );
}
