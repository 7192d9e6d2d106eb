/**
 * How the app is shown, apart from the document: theme, which panels are open, the start screen,
 * notices and dialogs. Nothing here is undoable or makes the document dirty.
 */
import { create } from 'zustand';
import type { UnsavedWork } from '../../src-shared/unsaved-work';

export type Theme = 'light' | 'dark';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  tone: 'info' | 'warning' | 'error';
  text: string;
  /** An action offered with the notice, such as restarting the engine. */
  action?: NoticeAction;
  /** A second choice beside the action (Discard beside Restore). */
  secondary?: NoticeAction;
  /** About the app rather than the document on show (an engine restart, a recovery copy): kept when another document opens. */
  global?: boolean;
}

/**
 * How long a notice stays before it goes by itself: news goes, a question or an error waits for
 * the user. Hovering or focusing the notices holds them (the Notices component pauses them).
 */
export function noticeLifetimeMs(notice: Pick<Notice, 'tone' | 'action' | 'secondary'>): number | null {
  if (notice.action || notice.secondary || notice.tone === 'error') return null;
  return notice.tone === 'warning' ? 12_000 : 6_000;
}

export interface ProblemReport {
  title: string;
  /** Where (a JSON path or a layer) and what. */
  problems: { path: string; message: string }[];
}

export type DiscardChoice = 'save' | 'discard' | 'cancel';

export interface ViewState {
  theme: Theme;
  vizOpen: boolean;
  galleryOpen: boolean;
  notices: Notice[];
  /** A file that could not be opened, and why; the current design stays. */
  problemReport: ProblemReport | null;
  /** The pending "unsaved changes" question (what would be lost), answered through `answerDiscard`. */
  discardPrompt: { documentName: string; work: UnsavedWork | null; resolve: (choice: DiscardChoice) => void } | null;
  /** The list of keyboard shortcuts is open. */
  shortcutsOpen: boolean;
  /** The About dialog (the app, and the credits of the data it ships) is open. */
  aboutOpen: boolean;
  /** Bumped to ask the canvas to fit the network into view once its nodes are measured. */
  fitRequest: number;
  /**
   * The hidden neuron the user points at or selected on the canvas (its node and unit): the
   * plots show its response map large beside the decision boundary. Null: none.
   */
  focusNeuron: { nodeId: string; unit: number } | null;

  setTheme(theme: Theme): void;
  toggleTheme(): void;
  toggleViz(): void;
  setGalleryOpen(open: boolean): void;
  notify(notice: Omit<Notice, 'id'>): number;
  dismissNotice(id: number): void;
  /** Another document is on show: notices about the previous one go. */
  dismissDocumentNotices(): void;
  setShortcutsOpen(open: boolean): void;
  setAboutOpen(open: boolean): void;
  showProblems(report: ProblemReport | null): void;
  askDiscard(documentName: string, work: UnsavedWork | null): Promise<DiscardChoice>;
  answerDiscard(choice: DiscardChoice): void;
  requestFit(): void;
  setFocusNeuron(neuron: { nodeId: string; unit: number } | null): void;
}

const THEME_KEY = 'nnd.theme';

function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage can be disabled; the system preference still applies
  }
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

let nextNoticeId = 1;

export const useViewStore = create<ViewState>()((set, get) => ({
  theme: initialTheme(),
  vizOpen: true,
  galleryOpen: true,
  notices: [],
  problemReport: null,
  discardPrompt: null,
  shortcutsOpen: false,
  aboutOpen: false,
  fitRequest: 0,
  focusNeuron: null,

  setTheme(theme) {
    try {
      globalThis.localStorage?.setItem(THEME_KEY, theme);
    } catch {
      // not remembered, still applied
    }
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  toggleViz() {
    set({ vizOpen: !get().vizOpen });
  },
  setGalleryOpen(open) {
    set({ galleryOpen: open });
  },
  notify(notice) {
    const id = nextNoticeId++;
    set({ notices: [...get().notices.filter((n) => n.text !== notice.text), { ...notice, id }] });
    return id;
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
  dismissDocumentNotices() {
    const kept = get().notices.filter((n) => n.global);
    if (kept.length !== get().notices.length) set({ notices: kept });
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
  setAboutOpen(open) {
    set({ aboutOpen: open });
  },
  showProblems(report) {
    set({ problemReport: report });
  },
  askDiscard(documentName, work) {
    get().discardPrompt?.resolve('cancel');
    return new Promise((resolve) => set({ discardPrompt: { documentName, work, resolve } }));
  },
  requestFit() {
    set({ fitRequest: get().fitRequest + 1 });
  },
  setFocusNeuron(neuron) {
    const current = get().focusNeuron;
    if (current === neuron || (current && neuron && current.nodeId === neuron.nodeId && current.unit === neuron.unit)) return;
    set({ focusNeuron: neuron });
  },
  answerDiscard(choice) {
    const prompt = get().discardPrompt;
    set({ discardPrompt: null });
    prompt?.resolve(choice);
  },
}));
