/**
 * `nn-designer-desktop --cli`: which command line the app starts itself again with on Linux, so the
 * tool runs where there is no display (src-main/main/cli-mode.ts). The built app doing so is
 * tested in main-built.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { cliArguments, headlessRelaunchArguments } from '../../src-main/main/cli-mode';

// Only the pure functions are under test; the Electron binary is not there to import.
vi.mock('electron', () => ({ app: {} }));

const APP = '/opt/NN Designer/nn-designer-desktop';

describe('the command line tool in the desktop app', () => {
  it('takes everything after --cli as the tool’s arguments', () => {
    expect(cliArguments([APP, '--cli', 'train', 'xor.nnd', '--epochs', '5'])).toEqual(['train', 'xor.nnd', '--epochs', '5']);
    expect(cliArguments([APP, 'xor.nnd'])).toBeNull();
  });

  it('on Linux, starts again on the headless backend with the same arguments (and the app path of a development run)', () => {
    expect(headlessRelaunchArguments([APP, '--cli', 'info', 'x.nnd'], 'linux', {})).toEqual(['--ozone-platform=headless', '--cli', 'info', 'x.nnd']);
    expect(headlessRelaunchArguments(['/usr/lib/electron', 'out/main/index.js', '--cli', 'presets'], 'linux', {})).toEqual(['--ozone-platform=headless', 'out/main/index.js', '--cli', 'presets']);
  });

  it('not again in the started process, nor where a backend was chosen, nor off Linux', () => {
    expect(headlessRelaunchArguments([APP, '--ozone-platform=headless', '--cli', 'info'], 'linux', {})).toBeNull();
    expect(headlessRelaunchArguments([APP, '--cli', 'info'], 'linux', { NND_CLI_RELAUNCHED: '1' })).toBeNull();
    expect(headlessRelaunchArguments([APP, '--ozone-platform=x11', '--cli', 'info'], 'linux', {})).toBeNull();
    expect(headlessRelaunchArguments([APP, '--cli', 'info'], 'darwin', {})).toBeNull();
    expect(headlessRelaunchArguments([APP, '--cli', 'info'], 'win32', {})).toBeNull();
    // A switch that only starts like it is not a choice of backend.
    expect(headlessRelaunchArguments([APP, '--ozone-platform-hint=auto', '--cli', 'info'], 'linux', {})).toEqual(['--ozone-platform=headless', '--ozone-platform-hint=auto', '--cli', 'info']);
  });
});
