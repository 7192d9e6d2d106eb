/** `nn-designer diff A.nnd B.nnd`: what changed in design and settings, and what it did to the loss. */
import { diffExperiments } from '../../src-shared/experiment/diff';
import { readExperimentOrReport } from './files';
import { EXIT, type ExitCode, type Output } from './output';

export async function diffCommand(fileA: string, fileB: string, output: Output): Promise<ExitCode> {
  const a = await readExperimentOrReport(fileA, output);
  if (!a) return EXIT.invalidInput;
  const b = await readExperimentOrReport(fileB, output);
  if (!b) return EXIT.invalidInput;
  const diff = diffExperiments(a.experiment, b.experiment);
  const same = diff.design.length === 0 && diff.task === null && diff.training.length === 0;
  output.line(`${fileA} → ${fileB}`);
  output.line(diff.design.length === 0 ? '  Design:   the same network' : '  Design:');
  diff.design.forEach((d) => output.line(`            ${d}`));
  output.line(`  Task:     ${diff.task ?? 'the same'}`);
  output.line(diff.training.length === 0 ? '  Training: the same settings' : '  Training:');
  diff.training.forEach((t) => output.line(`            ${t}`));
  const { runs } = diff;
  if (!runs.a || !runs.b) output.line(`  Runs:     ${!runs.a && !runs.b ? 'neither is trained' : `only ${runs.a ? fileA : fileB} has a run of its design`}`);
  else {
    output.line(`  Runs:     ${runs.a.id} (${runs.a.epoch} epochs) → ${runs.b.id} (${runs.b.epoch} epochs)`);
    if (runs.loss) output.line(`            final loss ${runs.loss}`);
    if (runs.accuracy) output.line(`            accuracy ${runs.accuracy}`);
  }
  output.result({ ok: true, a: fileA, b: fileB, same, ...diff });
  return EXIT.ok;
}
