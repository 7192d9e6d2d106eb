import * as fsp from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leftoverNotes, writeFileAtomic, type AtomicFileHandle, type AtomicFs } from '../../src-main/node/atomic-write';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * The real file system, except that the `failAt`-th operation fails. Writes fail halfway: half the
 * text reaches the disk first, as when the disk fills up.
 */
function failingFs(failAt: number): { fs: AtomicFs; ops: string[] } {
  const ops: string[] = [];
  const step = (name: string): void => {
    ops.push(name);
    if (ops.length === failAt) throw Object.assign(new Error(`injected failure at ${name}`), { code: 'EIO' });
  };
  const fs: AtomicFs = {
    async open(p, flags, mode) {
      step(`open ${flags}`);
      const handle = await fsp.open(p, flags, mode);
      const wrapped: AtomicFileHandle = {
        async writeFile(data, encoding) {
          if (typeof data !== 'string') throw new Error('these tests write text');
          if (ops.length + 1 === failAt) await handle.writeFile(data.slice(0, data.length / 2), encoding);
          step('write');
          await handle.writeFile(data, encoding);
        },
        async sync() {
          step('sync');
          await handle.sync();
        },
        async close() {
          step('close');
          await handle.close();
        },
      };
      return wrapped;
    },
    async rename(a, b) {
      step('rename');
      await fsp.rename(a, b);
    },
    async copyFile(a, b) {
      step('copyFile');
      await fsp.copyFile(a, b);
    },
    async unlink(p) {
      await fsp.unlink(p); // cleanup is not a step: it runs after the failure under test
    },
    async stat(p) {
      step('stat');
      return fsp.stat(p);
    },
    async realpath(p) {
      step('realpath');
      return fsp.realpath(p);
    },
    async readdir(p) {
      return fsp.readdir(p); // looking for leftovers is not a step: a save goes on without it
    },
  };
  return { fs, ops };
}

const OLD = '{"old": true}\n';
const NEW = `{"new": "${'x'.repeat(100_000)}"}\n`;

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, keeping a backup when asked', async () => {
    const file = path.join(dir, 'exp.nnd');
    await writeFileAtomic(file, OLD, { backup: true });
    expect(await readFile(file, 'utf8')).toBe(OLD);
    expect(await readdir(dir)).toEqual(['exp.nnd']); // no backup of a file that did not exist
    await writeFileAtomic(file, NEW, { backup: true });
    expect(await readFile(file, 'utf8')).toBe(NEW);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(OLD);
    expect((await readdir(dir)).sort()).toEqual(['exp.nnd', 'exp.nnd.bak']);
  });

  it('without backup leaves no .bak', async () => {
    const file = path.join(dir, 'exp.nnd');
    await writeFile(file, OLD);
    await writeFileAtomic(file, NEW);
    expect(await readdir(dir)).toEqual(['exp.nnd']);
  });

  it('writes through a symlink to its target', async () => {
    const real = path.join(dir, 'real.nnd');
    const link = path.join(dir, 'link.nnd');
    await writeFile(real, OLD);
    await symlink(real, link);
    await writeFileAtomic(link, NEW);
    expect(await readFile(real, 'utf8')).toBe(NEW);
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
  });

  it('a save that fails at any step leaves the old file and its backup intact, and no temporary files', async () => {
    const file = path.join(dir, 'exp.nnd');
    // Count the steps of a successful save, then fail each one in turn.
    const probe = failingFs(0);
    await writeFile(file, OLD);
    await writeFileAtomic(file, OLD, { backup: true, fs: probe.fs });
    const steps = probe.ops.length;
    expect(probe.ops).toContain('write');
    expect(probe.ops.filter((o) => o === 'rename')).toHaveLength(2);

    let failedSaves = 0;
    for (let failAt = 1; failAt <= steps; failAt++) {
      await writeFile(file, OLD);
      await writeFile(`${file}.bak`, 'previous backup\n');
      const { fs, ops } = failingFs(failAt);
      const failedOp = probe.ops[failAt - 1];
      let threw = false;
      try {
        await writeFileAtomic(file, NEW, { backup: true, fs });
      } catch (e) {
        threw = true;
        expect((e as Error).message).toContain('injected failure');
      }
      expect(ops[failAt - 1]).toBe(failedOp);
      const now = await readFile(file, 'utf8');
      const files = (await readdir(dir)).sort();
      expect(files, `after failing "${failedOp}"`).toEqual(['exp.nnd', 'exp.nnd.bak']);
      if (threw) {
        failedSaves++;
        expect(now, `after failing step ${failAt} (${failedOp})`).toBe(OLD);
        expect(['previous backup\n', OLD]).toContain(await readFile(`${file}.bak`, 'utf8'));
      } else {
        // Only the final folder sync may fail without failing the save: the file is in place.
        expect(failAt).toBeGreaterThan(probe.ops.lastIndexOf('rename'));
        expect(now).toBe(NEW);
      }
    }
    expect(failedSaves).toBeGreaterThanOrEqual(steps - 3);
  });

  it('a failed save of a new file leaves nothing behind', async () => {
    const file = path.join(dir, 'fresh.nnd');
    const { fs } = failingFs(4); // realpath, stat, open, write ← fails halfway
    await expect(writeFileAtomic(file, NEW, { fs })).rejects.toThrow('injected failure at write');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a folder that does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.nnd'), NEW)).rejects.toThrow(/ENOENT/);
  });

  it('names its temporary file so it is recognised as this file’s save in progress', async () => {
    const file = path.join(dir, 'exp.nnd');
    const seen: string[] = [];
    const fs = { ...failingFs(0).fs, open: async (p: string, flags: string, mode?: number) => (seen.push(path.basename(p)), failingFs(0).fs.open(p, flags, mode)) };
    await writeFileAtomic(file, NEW, { fs });
    expect(seen[0]).toMatch(/^\.exp\.nnd\.[0-9a-f]{12}\.nnd-save\.tmp$/);
  });

  it('on the next save removes what an interrupted save left, when it is older than the file', async () => {
    const file = path.join(dir, 'exp.nnd');
    await writeFile(file, OLD);
    const stale = path.join(dir, '.exp.nnd.0123456789ab.nnd-save.tmp');
    const legacy = path.join(dir, '.exp.nnd.ba9876543210.tmp'); // named as earlier versions did
    const staleBackup = path.join(dir, '.exp.nnd.bak.00aa11bb22cc.nnd-save.tmp');
    const unrelated = path.join(dir, '.other.nnd.0123456789ab.nnd-save.tmp');
    for (const f of [stale, legacy, staleBackup, unrelated]) await writeFile(f, '{"half": ');
    const past = new Date(Date.now() - 3600_000);
    for (const f of [stale, legacy, staleBackup]) await utimes(f, past, past);
    const halfAnHourAgo = new Date(Date.now() - 1800_000);
    await utimes(file, halfAnHourAgo, halfAnHourAgo);
    const runningBackup = path.join(dir, '.exp.nnd.bak.33dd44ee55ff.nnd-save.tmp'); // newer: left alone, not reported
    await writeFile(runningBackup, OLD);

    const leftovers = await writeFileAtomic(file, NEW, { backup: true });
    expect(leftovers.removed.sort()).toEqual([legacy, stale, staleBackup].sort());
    expect(leftovers.kept).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['.exp.nnd.bak.33dd44ee55ff.nnd-save.tmp', '.other.nnd.0123456789ab.nnd-save.tmp', 'exp.nnd', 'exp.nnd.bak']);
    expect(leftoverNotes(file, leftovers)).toEqual(['Removed 3 temporary files left by an interrupted save of exp.nnd.']);
  });

  it('keeps and reports a leftover newer than the file: it may be the only copy of later work', async () => {
    const file = path.join(dir, 'exp.nnd');
    await writeFile(file, OLD);
    const past = new Date(Date.now() - 3600_000);
    await utimes(file, past, past);
    const newer = path.join(dir, '.exp.nnd.0123456789ab.nnd-save.tmp');
    await writeFile(newer, NEW);

    const first = await writeFileAtomic(file, OLD);
    expect(first).toEqual({ removed: [], kept: [newer] });
    expect(await readFile(newer, 'utf8')).toBe(NEW);
    expect(leftoverNotes(file, first)).toEqual([
      `Kept ${newer}: a temporary file from an interrupted save, newer than exp.nnd, so it may hold work the file does not. Open it to check, then delete it.`,
    ]);
    // Saved again, the file is newer than the leftover (made plain here: the clock's tick is coarse): now it goes.
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await utimes(newer, tenMinutesAgo, tenMinutesAgo);
    const second = await writeFileAtomic(file, OLD);
    expect(second).toEqual({ removed: [newer], kept: [] });
  });

  it('makes a private file private, whatever its permissions were', async () => {
    const file = path.join(dir, 'recovery.json');
    await writeFile(file, OLD, { mode: 0o644 });
    await writeFileAtomic(file, NEW, { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const fresh = path.join(dir, 'fresh.json');
    await writeFileAtomic(fresh, NEW, { mode: 0o600 });
    expect((await stat(fresh)).mode & 0o777).toBe(0o600);
  });
});

