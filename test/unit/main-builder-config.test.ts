import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
// electron-builder's own loader and schema check, exactly what `npm run dist` runs first.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
// @ts-expect-error -- a plain .mjs script without type declarations
import { debMetadata as debMetadataOf } from '../../scripts/deb-metadata.mjs';
import * as packageMetadata from 'app-builder-lib/out/util/packageMetadata.js';

// electron-builder's reader of package.json (normalized as its targets see it); internal, so untyped.
const { readPackageJson } = packageMetadata as unknown as { readPackageJson(file: string): Promise<{ desktopName?: string; [key: string]: unknown }> };

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, null, null);
}

/** Width and height from the PNG header, and whether its pixel data inflates to the right size. */
function readPng(file: string): { width: number; height: number; complete: boolean } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let o = 8; o < buf.length; ) {
    const length = buf.readUInt32BE(o);
    if (buf.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(buf.subarray(o + 8, o + 8 + length));
    o += 12 + length;
  }
  const bytesPerPixel = buf[25] === 6 ? 4 : 3;
  return { width, height, complete: inflateSync(Buffer.concat(idat)).length === height * (width * bytesPerPixel + 1) };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is real: a misspelt option is rejected.
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, tagret: 'deb' } as never }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('builds AppImage and deb on Linux, dmg on macOS and NSIS on Windows', async () => {
    const config = await loadConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('NN Designer');
  });

  it('associates .nnd files with the app, with a MIME type for Linux desktops', async () => {
    const config = await loadConfig();
    const associations = [config.fileAssociations].flat();
    expect(associations).toHaveLength(1);
    expect(associations[0]).toMatchObject({ ext: 'nnd', role: 'Editor', mimeType: 'application/x-nn-designer-experiment' });
    expect(config.linux?.mimeTypes).toContain('application/x-nn-designer-experiment');
  });

  it('ships the built app (main entry included) and a large enough icon', async () => {
    const config = await loadConfig();
    // electron-builder normalizes the list to [{ filter: [...] }].
    const files = [config.files].flat().flatMap((f) => (typeof f === 'string' ? [f] : ((f as { filter?: string[] })?.filter ?? [])));
    expect(files).toContain('out/**/*');
    expect(pkg.main).toBe('out/main/index.js');
    for (const platform of [config.linux, config.mac, config.win]) {
      const icon = path.join(root, platform?.icon as string);
      expect(existsSync(icon)).toBe(true);
      const png = readPng(icon);
      // macOS needs at least 512 × 512 to make an .icns; Windows 256 × 256 for the .ico.
      expect(png.width).toBeGreaterThanOrEqual(512);
      expect(png.height).toBe(png.width);
      expect(png.complete).toBe(true);
    }
  });

  it('turns off the Electron fuses that would let the binary run as plain Node', async () => {
    const fuses = (await loadConfig()).electronFuses;
    expect(fuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('re-signs ad hoc after flipping the fuses, so an unsigned Apple-silicon build still launches', async () => {
    expect((await loadConfig()).electronFuses?.resetAdHocDarwinSignature).toBe(true);
  });

  it('names the Linux window after its launcher: desktopName is the .desktop file’s name, kept in sync', async () => {
    const config = await loadConfig();
    const metadata = await readPackageJson(path.join(root, 'package.json'));
    // Electron uses desktopName as the window's app_id / WM_CLASS; it must be the installed .desktop file's name.
    expect(metadata.desktopName).toBe(`${config.appId}.desktop`);
    expect(config.linux?.syncDesktopName).toBe(true);
  });

  it('installs the desktop app as its own command, leaving `nn-designer` to the command line tool', async () => {
    const config = await loadConfig();
    const bin = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    expect(Object.keys(bin)).toEqual(['nn-designer']);
    expect(config.linux?.executableName).toBe('nn-designer-desktop');
  });

  it('is reachable through npm run dist', () => {
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
    expect(pkg.scripts.dist).toMatch(/npm run build/);
  });

  it('rebuilds no native modules (there are none): npmRebuild is off', async () => {
    expect((await loadConfig()).npmRebuild).toBe(false);
  });
});

describe('the .deb’s home page and maintainer (electron-builder’s own deb check, scripts/deb-metadata.mjs)', () => {
  const debMetadata = debMetadataOf as (projectDir: string) => Promise<{ url: string; maintainer: string }>;
  const scratch = mkdtempSync(path.join(tmpdir(), 'nnd-deb-metadata-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A copy of the project's package.json and electron-builder.yml, as a packager would change them. */
  function packagerCopy(name: string, edit: { pkg?: Record<string, unknown>; linux?: string }): string {
    const dir = path.join(scratch, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')), ...edit.pkg }));
    const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    writeFileSync(path.join(dir, 'electron-builder.yml'), edit.linux ? yml.replace(/^linux:\n/m, `linux:\n  ${edit.linux}\n`) : yml);
    return dir;
  }

  it('the project claims no address it does not have: no homepage, repository or author email', () => {
    const metadata = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata.homepage).toBeUndefined();
    expect(metadata.repository).toBeUndefined();
    expect(metadata.author).toEqual({ name: 'NN Designer contributors' });
    expect(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).not.toMatch(/^\s*maintainer:/m);
  });

  it('so the check before `npm run dist` names both fields and where the packager sets them', async () => {
    await expect(debMetadata(root)).rejects.toThrow(/Missing for the \.deb: homepage and maintainer\.[\s\S]*"homepage" in package\.json[\s\S]*linux\.maintainer in electron-builder\.yml/);
    const noMaintainer = packagerCopy('homepage-only', { pkg: { homepage: 'https://example.org/nn-designer' } });
    await expect(debMetadata(noMaintainer)).rejects.toThrow(/Missing for the \.deb: maintainer\./);
  });

  it('a packager’s homepage and linux.maintainer reach the .deb as given', async () => {
    const dir = packagerCopy('filled-in', { pkg: { homepage: 'https://example.org/nn-designer' }, linux: 'maintainer: Ada Packager <ada@example.org>' });
    expect(await debMetadata(dir)).toEqual({ url: 'https://example.org/nn-designer', maintainer: 'Ada Packager <ada@example.org>' });
  });

  it('a GitHub repository serves as the home page (its readme, as package.json’s normalization makes it)', async () => {
    const dir = packagerCopy('repository', { pkg: { repository: 'github:ada/nn-designer' }, linux: 'maintainer: Ada Packager <ada@example.org>' });
    expect((await debMetadata(dir)).url).toBe('https://github.com/ada/nn-designer#readme');
  });

  it('runs before the build in `npm run dist`', () => {
    expect(pkg.scripts.dist).toMatch(/^node scripts\/deb-metadata\.mjs && npm run build && electron-builder$/);
  });
});

