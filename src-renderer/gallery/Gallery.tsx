/**
 * The start screen: the post's four experiments and a blank canvas. Each opens as an ordinary,
 * editable design with its task and training settings.
 */
import { useEffect } from 'react';
import { taskLabel } from '../../src-shared/datasets';
import { compileDesign } from '../../src-shared/network/compile';
import { PRESETS } from '../../src-shared/presets';
import { newDocument, openDocument, openPreset } from '../editor/document-actions';
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
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, setOpen]);
  if (!open) return null;
  return (
    <div className="gallery-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <section className="gallery" role="dialog" aria-modal="true" aria-labelledby="gallery-title" data-testid="gallery">
        <header className="gallery-header">
          <div>
            <h1 id="gallery-title">Neural nets are simpler than you think</h1>
            <p className="muted">Open one of the post’s experiments, or start from a blank canvas. Everything stays editable.</p>
          </div>
          <button type="button" className="icon" aria-label={hasDesign ? 'Back to the current design' : 'Close'} onClick={() => setOpen(false)}>
            ×
          </button>
        </header>
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
              </button>
            );
          })}
          <button type="button" className="gallery-card blank" data-testid="preset-blank" onClick={() => void newDocument()}>
            <span className="blank-plus" aria-hidden="true">
              +
            </span>
            <span className="card-title">Blank canvas</span>
            <span className="card-summary">Build your own: drag an Input, Dense layers and an Output, and connect them; branch and merge with Add or Concatenate. XOR is the task to start with.</span>
          </button>
        </div>
        <footer className="gallery-footer">
          <button type="button" onClick={() => void openDocument()}>
            Open a file…
          </button>
        </footer>
      </section>
    </div>
  );
}
