import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecentFiles } from '../../src-main/main/recent-files';
import { RECOVERY_DELAY_MS, RecoveryStore } from '../../src-main/main/recovery';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-recovery-'));
  file = path.join(dir, 'userData', 'recovery.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const waitFor = async (check: () => boolean, timeoutMs: number): Promise<number> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
};

describe('RecoveryStore', () => {
  it('writes unsaved work within two seconds of a change, with the latest text', async () => {
    const store = new RecoveryStore(file);
    expect(RECOVERY_DELAY_MS).toBeLessThanOrEqual(2000);
    store.update({ filePath: '/work/xor.nnd', dirty: true, text: 'first' });
    store.update({ filePath: '/work/xor.nnd', dirty: true, text: 'second' });
    const took = await waitFor(() => existsSync(file), 2000);
    expect(took).toBeGreaterThanOrEqual(RECOVERY_DELAY_MS - 50);
    const copy = JSON.parse(readFileSync(file, 'utf8'));
    expect(copy).toMatchObject({ text: 'second', filePath: '/work/xor.nnd' });
    expect(Number.isNaN(Date.parse(copy.savedAt))).toBe(false);
  });

  it('keeps writing during steady editing (a throttle, not a debounce that waits for a pause)', async () => {
    const store = new RecoveryStore(file, 100);
    const start = Date.now();
    let n = 0;
    while (!existsSync(file)) {
      store.update({ filePath: null, dirty: true, text: `edit ${n++}` });
      await new Promise((r) => setTimeout(r, 20));
      if (Date.now() - start > 1000) throw new Error('never written while edits kept coming');
    }
    await store.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).text).toMatch(/^edit \d+$/);
  });

  it('offers a copy left by a crashed session once, and a clean exit leaves none', async () => {
    const crashed = new RecoveryStore(file, 10);
    crashed.update({ filePath: null, dirty: true, text: '{"unsaved": true}' });
    await crashed.flush();
    // The process dies here: no discard().

    const next = new RecoveryStore(file, 10);
    expect(next.takeLeftover()).toMatchObject({ text: '{"unsaved": true}', filePath: null });
    expect(next.takeLeftover()).toBeNull();
    await next.discard();
    expect(existsSync(file)).toBe(false);
    expect(new RecoveryStore(file).takeLeftover()).toBeNull();
  });

  it('removes the copy once the document is saved (nothing unsaved is left to recover)', async () => {
    const store = new RecoveryStore(file, 10);
    store.update({ filePath: null, dirty: true, text: 'work' });
    await store.flush();
    expect(existsSync(file)).toBe(true);
    store.update({ filePath: '/x.nnd', dirty: false, text: 'work' });
    await store.flush();
    expect(existsSync(file)).toBe(false);
  });

  it('a discard racing a pending write still leaves nothing behind', async () => {
    const store = new RecoveryStore(file, 0);
    store.update({ filePath: null, dirty: true, text: 'late' });
    const writing = store.flush();
    await store.discard();
    await writing;
    expect(existsSync(file)).toBe(false);
  });

  it('a copy that cannot be removed only warns: discard still resolves, so the window can close', async () => {
    // A directory where the copy should be: rmSync (without recursive) fails, as EBUSY would.
    const file = path.join(dir, 'recovery.json');
    mkdirSync(path.join(file, 'inside'), { recursive: true });
    const store = new RecoveryStore(file, 20);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(store.discard()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('Could not remove the recovery copy:', expect.anything());
    warn.mockRestore();
  });

  it('ignores a damaged copy', () => {
    writeFileSync(path.join(dir, 'broken.json'), '{"text": 12');
    expect(new RecoveryStore(path.join(dir, 'broken.json')).takeLeftover()).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('private files (they hold whole unsaved documents)', () => {
  const modeOf = (p: string) => statSync(p).mode & 0o777;

  it('writes the recovery copy 0600 in a 0700 folder it makes', async () => {
    const store = new RecoveryStore(file, 10);
    store.update({ filePath: null, dirty: true, text: 'secret design' });
    await store.flush();
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
  });

  it('makes an older, world-readable copy and folder private on the next write', async () => {
    mkdirSync(path.dirname(file), { mode: 0o755 });
    chmodSync(path.dirname(file), 0o755);
    writeFileSync(file, JSON.stringify({ text: 'old', filePath: null, savedAt: '' }), { mode: 0o644 });
    const store = new RecoveryStore(file, 10);
    store.update({ filePath: null, dirty: true, text: 'newer' });
    await store.flush();
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
  });

  it('writes the recent files list 0600 in a 0700 folder', async () => {
    const list = path.join(dir, 'fresh-userData', 'recent-files.json');
    await new RecentFiles(list).add('/home/ada/secret-project.nnd');
    expect(modeOf(list)).toBe(0o600);
    expect(modeOf(path.dirname(list))).toBe(0o700);
  });
});

