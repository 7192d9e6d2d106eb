/**
 * The experiment in the page's address, for the browser edition: the setup (design, task,
 * training) and name travel compressed in the URL's fragment, so a link is the experiment. The
 * address follows the document as it is edited; opening a link asks before replacing unsaved
 * work, and what it opens is no unsaved work itself (the link has it). Runs stay out (weights
 * would make links megabytes long): the link trains afresh, and gives the same numbers, since
 * training is deterministic. A reload is not a link opened: the tab remembers the address it
 * showed (session storage lives as long as the tab) and reopens it without a word.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { createExperiment, parseExperiment, serializeExperiment, type Experiment } from '../../src-shared/experiment';
import { trainingKey } from '../../src-shared/setup-check';
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import { openSharedExperiment } from './document-actions';

const PREFIX = '#experiment=';
/** Longer links are refused by some browsers and chat apps; a design that long is not put in the address. */
export const MAX_LINK_CHARS = 32_000;
/** What a link may expand to before it is parsed: the experiment file's own bound would allow far more than a link can hold. */
const MAX_EXPANDED_CHARS = 2_000_000;
const SYNC_DELAY_MS = 300;
/**
 * Compression seldom makes an experiment's text ten times shorter (a table of numbers about four):
 * a setup longer than this cannot fit a link and is not compressed at all, since a large table's
 * rows would hold the page for seconds.
 */
const MOST_COMPRESSIBLE_CHARS = 10 * MAX_LINK_CHARS;

/** The address this tab showed last, so a reload (or Back into the page) knows it opened no link. */
const SHOWN_KEY = 'nnd.address';

function shownAddress(): string | null {
  try {
    return sessionStorage.getItem(SHOWN_KEY);
  } catch {
    return null; // storage can be disabled: every address then counts as a link
  }
}

function rememberShown(fragment: string): void {
  try {
    sessionStorage.setItem(SHOWN_KEY, fragment);
  } catch {
    // not remembered: a reload then says it opened the link
  }
}

/** The page's address at start. */
export interface AddressAtStart {
  /** This tab showed it before (a reload): it is the tab's own document, not a link given to it. */
  own: boolean;
  /** Opens the experiment it holds, if any (a link says so in a notice; the tab's own address does not). */
  open(): Promise<void>;
}

/** The fragment that holds a document's setup; null when it is too long for a link (or there is nothing to share). */
export function shareFragment(doc: { name: string | null; title: string; notes: string; setup: Experiment['setup'] }): string | null {
  if (doc.setup.design.nodes.length === 0) return null;
  // The setup's compact text, kept per task (setup-check): cheap however long the table.
  if (trainingKey(doc.setup).length > MOST_COMPRESSIBLE_CHARS) return null;
  const text = serializeExperiment(createExperiment(doc.setup, { name: doc.name ?? doc.title, notes: doc.notes }));
  const fragment = PREFIX + compressToEncodedURIComponent(text);
  return fragment.length <= MAX_LINK_CHARS ? fragment : null;
}

/** The experiment a fragment holds, or why it cannot be read (checked as strictly as a file). */
export function readFragment(hash: string): { ok: true; experiment: Experiment } | { ok: false; message: string } | null {
  if (!hash.startsWith(PREFIX)) return null;
  const packed = hash.slice(PREFIX.length);
  if (packed.length > MAX_LINK_CHARS) return { ok: false, message: `The link is ${packed.length.toLocaleString('en-US')} characters long; links hold at most ${MAX_LINK_CHARS.toLocaleString('en-US')}.` };
  const text = decompressFromEncodedURIComponent(packed);
  if (!text) return { ok: false, message: 'The link is damaged (it may have been cut short when it was copied).' };
  if (text.length > MAX_EXPANDED_CHARS) return { ok: false, message: 'The link expands to more than an experiment link may hold.' };
  const parsed = parseExperiment(text);
  if (!parsed.ok) return { ok: false, message: `The experiment in the link is not valid: ${parsed.problems[0]?.path}: ${parsed.problems[0]?.message}` };
  return { ok: true, experiment: parsed.experiment };
}

/** Keeps the address on the document and opens links given to the page; `atStart` opens the one it started with. */
export function startShareLink(): { stop: () => void; atStart: AddressAtStart } {
  let written = window.location.hash;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const own = shownAddress() === written;

  const write = (): void => {
    timer = undefined;
    const fragment = shareFragment(useDocumentStore.getState()) ?? '';
    written = fragment;
    rememberShown(fragment);
    // Compared with the address itself: after a link that was not opened, the document's own goes back.
    if (fragment === window.location.hash) return;
    // Replace, not push: editing must not fill the Back button's history.
    window.history.replaceState(window.history.state, '', fragment || `${window.location.pathname}${window.location.search}`);
  };

  const open = async (hash: string, options: { announce: boolean }): Promise<void> => {
    const read = readFragment(hash);
    if (!read) return;
    if (!read.ok) {
      useViewStore.getState().notify({ tone: 'error', text: read.message });
      return;
    }
    if ((await openSharedExperiment(read.experiment)) && options.announce) {
      useViewStore.getState().notify({ tone: 'info', text: `Opened “${read.experiment.name}” from the link. Press Train to train it.` });
    }
    write();
  };

  const offDocument = useDocumentStore.subscribe((doc, previous) => {
    if (doc.setup === previous.setup && doc.name === previous.name && doc.notes === previous.notes) return;
    if (timer === undefined) timer = setTimeout(write, SYNC_DELAY_MS);
  });
  const onHashChange = (): void => {
    if (window.location.hash !== written) void open(window.location.hash, { announce: true });
  };
  window.addEventListener('hashchange', onHashChange);
  const initial = written;

  return {
    stop: () => {
      offDocument();
      window.removeEventListener('hashchange', onHashChange);
      if (timer !== undefined) clearTimeout(timer);
    },
    atStart: { own, open: () => open(initial, { announce: !own }) },
  };
}
