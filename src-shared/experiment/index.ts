/**
 * Experiment files (`.nnd`): the format's schema and types, reading with precise problems,
 * upgrading older versions, and writing byte-stable text.
 */
import { APP_VERSION } from '../app-version';
import type { ExperimentSetup } from '../setup';
import { FORMAT, FORMAT_VERSION, type Experiment } from './schema';

export * from './schema';
export { parseExperiment, parseExperimentBytes, type ParseOptions, type ParseResult } from './parse';
export { serializeExperiment, serializeExperimentPieces } from './serialize';
export { decimateHistory } from './history';
export { migrate, MIGRATIONS, type Migration, type RawDocument } from './migrate';
export { formatPath, WHOLE_FILE, type FileProblem } from './problems';
export { describeValue } from './fields';
export { belongsTo, latestRunOf, networkDifference, runFit, weightsFor, type RunFit } from './run-binding';
export { runDataProblem, scalingChange, scalingOf, type RunScaling } from './run-scaling';
export { appendRun, runBytes, runFromTrainer, runOfWeights, restoreOf, summarizeRun, toSaved, type AppendResult, type RunOptions } from './runs';

export const APP_NAME = 'NN Designer';
export { APP_VERSION };

/** A new experiment around a setup, with no runs yet. The setup is copied, not shared. */
export function createExperiment(
  setup: ExperimentSetup,
  options: { name?: string; notes?: string; app?: { name: string; version: string } } = {},
): Experiment {
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    app: options.app ?? { name: APP_NAME, version: APP_VERSION },
    name: options.name ?? 'Untitled experiment',
    notes: options.notes ?? '',
    setup: structuredClone(setup),
    runs: [],
  };
}
