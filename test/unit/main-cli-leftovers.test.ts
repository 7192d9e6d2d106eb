/** The command line says what interrupted saves had left beside the file it writes (src-main/node/atomic-write.ts). */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';

const dir = mkdtempSync(path.join(tmpdir(), 'nnd-cli-leftovers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errors = '';
  stderr.on('data', (d) => (errors += d));
  stdout.resume();
  const code = await runCli(args, stdout, stderr);
  return { code, stderr: errors };
}

describe('nn-designer and the leftovers of interrupted saves', () => {
  it('removes an outdated one and says so on stderr; keeps a newer one and names it', async () => {
    const file = path.join(dir, 'xor.nnd');
    expect((await cli('new', 'xor-2-4-1', file)).code).toBe(0);
    const hourAgo = new Date(Date.now() - 3600_000);
    const outdated = path.join(dir, '.xor.nnd.0123456789ab.nnd-save.tmp');
    writeFileSync(outdated, '{"half": ');
    utimesSync(outdated, hourAgo, hourAgo);
    const removed = await cli('new', 'xor-2-4-1', file, '--force');
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('Removed a temporary file left by an interrupted save of xor.nnd.');
    expect(existsSync(outdated)).toBe(false);

    utimesSync(file, hourAgo, hourAgo);
    const newer = path.join(dir, '.xor.nnd.ba9876543210.nnd-save.tmp');
    writeFileSync(newer, '{"newer": ');
    const kept = await cli('new', 'xor-2-4-1', file, '--force');
    expect(kept.stderr).toContain(`Kept ${newer}: a temporary file from an interrupted save, newer than xor.nnd`);
    expect(existsSync(newer)).toBe(true);
  });
});
