/** scripts/test-electron.mjs: where and how the Electron end-to-end tests run, or the one line saying why not. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { electronTestPlan } from '../../scripts/test-electron.mjs';

type Plan = { command?: string; args?: string[]; skip?: string };
const plan = electronTestPlan as (machine: { platform: string; env: Record<string, string | undefined>; electronInstalled: boolean; hasXvfbRun: boolean }) => Plan;
const base = { platform: 'linux', env: {}, electronInstalled: true, hasXvfbRun: true };

describe('running the Electron tests', () => {
  it('uses the display there is', () => {
    expect(plan({ ...base, env: { DISPLAY: ':0' } })).toMatchObject({ command: 'npx', args: ['playwright', 'test', '-c', 'playwright.electron.config.ts'] });
    expect(plan({ ...base, env: { WAYLAND_DISPLAY: 'wayland-0' } }).command).toBe('npx');
    expect(plan({ ...base, platform: 'darwin' }).command).toBe('npx');
  });

  it('makes one with xvfb-run on a Linux without a display', () => {
    const p = plan(base);
    expect(p.command).toBe('xvfb-run');
    expect(p.args).toEqual(expect.arrayContaining(['--auto-servernum', 'npx', 'playwright', 'playwright.electron.config.ts']));
  });

  it('says in one line why it skips: no binary, or no display and no xvfb-run', () => {
    expect(plan({ ...base, electronInstalled: false }).skip).toMatch(/^Electron tests skipped: the Electron binary is not installed/);
    expect(plan({ ...base, hasXvfbRun: false }).skip).toMatch(/^Electron tests skipped: there is no display .*apt-get install xvfb/);
    for (const p of [plan({ ...base, electronInstalled: false }), plan({ ...base, hasXvfbRun: false })]) expect(p.skip).not.toContain('\n');
  });
});
