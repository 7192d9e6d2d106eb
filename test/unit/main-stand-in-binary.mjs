#!/usr/bin/env node
// The stand-in's "Electron binary": process.execPath under the stand-in (main-stand-in-electron.mjs),
// for a main process that starts itself again. Like Electron run on an app folder, it takes
// Chromium's switches anywhere before the app's path, and runs the app with `electron` swapped for
// the stand-in; process.argv is [binary, ...arguments] as Electron gives it.
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register('./main-stand-in-hooks.mjs', import.meta.url);
const args = process.argv.slice(2);
const app = args.find((arg) => !arg.startsWith('-'));
if (!app) {
  console.error('stand-in Electron: no app to run');
  process.exit(1);
}
process.argv = [process.argv[1], ...args];
await import(pathToFileURL(path.resolve(app)).href);
