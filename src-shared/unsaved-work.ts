/**
 * What a discard would lose, and the question that says so. The page works it out from its
 * document; the browser edition asks with it, and the desktop's main asks natively with the same
 * words (the page sends it with its document state). Training is not an edit: a preset that was
 * only trained loses its run, not "your changes".
 */
import { formatDuration } from './duration';

/** The parts of an experiment an edit can change (moving a layer changes the design). */
export const EXPERIMENT_PARTS = ['design', 'task', 'training', 'name', 'notes'] as const;
export type ExperimentPart = (typeof EXPERIMENT_PARTS)[number];

export interface UnsavedWork {
  /** What of the experiment itself changed since it was last saved (or opened from a preset or a link). */
  changed: ExperimentPart[];
  /** None of it is on disk (recovered work, an imported model): all of it would be lost. */
  neverSaved: boolean;
  /** Runs trained since then, the one on show included. */
  runs: number;
  /** The newest of them: the epoch it reached and how long it trained (wall time), when known. */
  latest: { epoch: number; trainedMs: number | null } | null;
}

/** Whether anything but runs would be lost: the header's "edited". */
export function isEdited(work: UnsavedWork): boolean {
  return work.neverSaved || work.changed.length > 0;
}

const PART_WORDS: Record<ExperimentPart, string> = {
  design: 'the design',
  task: 'the task',
  training: 'the training settings',
  name: 'the name',
  notes: 'the notes',
};

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "the run you trained (2,000 epochs, 8.3s)", "the 3 runs you trained (the last: 500 epochs)". */
export function runsText(work: Pick<UnsavedWork, 'runs' | 'latest'>): string {
  if (work.runs === 0) return '';
  const latest = work.latest;
  const facts = latest ? [`${latest.epoch.toLocaleString('en-US')} epoch${latest.epoch === 1 ? '' : 's'}`, ...(latest.trainedMs !== null ? [formatDuration(latest.trainedMs)] : [])].join(', ') : '';
  if (work.runs === 1) return `the run you trained${facts ? ` (${facts})` : ''}`;
  return `the ${work.runs} runs you trained${facts ? ` (the last: ${facts})` : ''}`;
}

/** What would be lost, as a phrase ("your changes to the design and the run you trained (2,000 epochs, 8.3s)"), and whether it is plural. */
export function lostText(work: UnsavedWork): { text: string; plural: boolean } {
  const edits = work.neverSaved ? 'this experiment (it is saved nowhere yet)' : work.changed.length > 0 ? `your changes to ${list(work.changed.map((p) => PART_WORDS[p]))}` : '';
  const items = [edits, runsText(work)].filter((t) => t !== '');
  // "your changes to the design and the task, and the run…": a list of lists keeps its commas.
  const text = items.length === 2 && items[0].includes(' and ') ? items.join(', and ') : list(items);
  return { text, plural: items.length > 1 || (!work.neverSaved && work.changed.length > 0) || (items.length === 1 && work.runs > 1 && !isEdited(work)) };
}

/** The Save / Don't Save / Cancel question before `work` is replaced or closed. */
export function discardQuestion(documentName: string, work: UnsavedWork | null): { message: string; detail: string } {
  if (!work || (!isEdited(work) && work.runs === 0)) {
    return { message: `Save the changes to “${documentName}”?`, detail: 'Your changes will be lost if you don’t save them.' };
  }
  const lost = lostText(work);
  const pronoun = lost.plural ? 'them' : 'it';
  if (!isEdited(work)) {
    return {
      message: `Save ${work.runs === 1 ? 'the run' : 'the runs'} you trained on “${documentName}”?`,
      detail: `The design is unchanged; ${lost.text} will be lost if you don’t save ${pronoun}.`,
    };
  }
  return { message: `Save the changes to “${documentName}”?`, detail: `${lost.text[0].toUpperCase()}${lost.text.slice(1)} will be lost if you don’t save ${pronoun}.` };
}

/** The header's marker: "edited", or only "run not saved". Null when nothing is unsaved. */
export function unsavedMarker(work: UnsavedWork | null): string | null {
  if (!work) return null;
  if (isEdited(work)) return 'edited';
  if (work.runs === 0) return null;
  return work.runs === 1 ? 'run not saved' : `${work.runs} runs not saved`;
}

const MAX_RUNS = 1_000_000;

/** An UnsavedWork from outside (main reads the page's report): null unless it is one, every number bounded. */
export function unsavedWorkFrom(value: unknown): UnsavedWork | null {
  if (typeof value !== 'object' || value === null) return null;
  const { changed, neverSaved, runs, latest } = value as Record<string, unknown>;
  if (!Array.isArray(changed) || changed.length > EXPERIMENT_PARTS.length || !changed.every((p) => (EXPERIMENT_PARTS as readonly unknown[]).includes(p))) return null;
  if (typeof neverSaved !== 'boolean' || !Number.isInteger(runs) || (runs as number) < 0 || (runs as number) > MAX_RUNS) return null;
  let checkedLatest: UnsavedWork['latest'] = null;
  if (latest !== null) {
    if (typeof latest !== 'object' || latest === undefined) return null;
    const { epoch, trainedMs } = latest as Record<string, unknown>;
    const epochOk = Number.isInteger(epoch) && (epoch as number) >= 0 && (epoch as number) <= 1e12;
    const timeOk = trainedMs === null || (typeof trainedMs === 'number' && Number.isFinite(trainedMs) && trainedMs >= 0);
    if (!epochOk || !timeOk) return null;
    checkedLatest = { epoch: epoch as number, trainedMs: trainedMs as number | null };
  }
  return { changed: [...new Set(changed as ExperimentPart[])], neverSaved, runs: runs as number, latest: checkedLatest };
}
