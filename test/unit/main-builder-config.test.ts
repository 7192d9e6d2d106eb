import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader and schema check, exactly what `npm run dist` runs first.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { AppInfo } from 'app-builder-lib/out/appInfo.js';
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget.js';
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

  it('has the metadata the deb target insists on (homepage, maintainer), checked by electron-builder’s own code', async () => {
    const config = await loadConfig();
    const metadata = await readPackageJson(path.join(root, 'package.json'));
    // FpmTarget's check, run on the project's metadata and linux/deb options (building the deb needs fpm from the internet).
    const packager = {
      info: { metadata, repositoryInfo: Promise.resolve(null) },
      appInfo: { linuxPackageName: 'nn-designer' } as unknown as AppInfo,
    };
    packager.appInfo.computePackageUrl = AppInfo.prototype.computePackageUrl.bind({ info: packager.info, notNullDevMetadata: metadata } as never);
    const options = { ...config.linux, ...config.deb };
    const check = (FpmTarget.prototype as unknown as { computeFpmMetaInfoOptions(this: unknown): Promise<{ maintainer: string; url: string }> }).computeFpmMetaInfoOptions;
    const meta = await check.call({ packager, options });
    expect(meta.url).toMatch(/^https:\/\//);
    expect(meta.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
  });
});

