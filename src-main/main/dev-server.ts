import { app } from 'electron';
import { originOf } from './security';

/**
 * The Vite dev server's URL, set by `electron-vite dev` as ELECTRON_RENDERER_URL. Only in a
 * development run: an installed app ignores it, or an environment variable could make it load
 * any http origin with the preload's API and the trust main gives its own page.
 */
export function devServerUrl(): string | null {
  if (app.isPackaged) return null;
  const url = process.env.ELECTRON_RENDERER_URL;
  return url && originOf(url) ? url : null;
}
