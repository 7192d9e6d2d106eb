/**
 * The one place that knows which edition is running: the desktop app's preload exposes
 * `window.nnd`; without it this is the browser edition.
 */
import type { AppApi } from '../../src-shared/protocol/app-api';
import { createBrowserPlatform } from './browser';
import { createElectronPlatform } from './electron';
import type { Platform } from './types';

export type { EngineConnection, Platform, Recovery } from './types';

let platform: Platform | null = null;

export function getPlatform(): Platform {
  if (!platform) {
    const api = (window as { nnd?: AppApi }).nnd;
    platform = api ? createElectronPlatform(api) : createBrowserPlatform();
  }
  return platform;
}
