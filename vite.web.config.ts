/**
 * The browser edition: the same renderer as the desktop app, built to dist-web and served by
 * `vite preview` (npm run web). Only src-renderer/platform differs: it finds no window.nnd and
 * runs the engine in a Web Worker.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { WEB_CSP, WEB_META_CSP } from './src-main/main/security.ts';
import { webOpenFile } from './scripts/web-open-file.ts';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  base: './',
  // NND_OPEN_FILE: the file `npm start -- file.nnd` names, offered to the page (scripts/start.mjs).
  plugins: [
    react(),
    webOpenFile(process.env.NND_OPEN_FILE),
    {
      // The policy travels with the page (any static host), first in <head>, before any script.
      name: 'nnd-csp-meta',
      transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: WEB_META_CSP }, injectTo: 'head-prepend' }],
    },
  ],
  worker: { format: 'es' },
  build: {
    outDir: resolve(root, 'dist-web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  preview: {
    host: '127.0.0.1',
    port: Number(process.env.NND_WEB_PORT ?? 4173),
    // A port asked for is that port or an error; the default moves on when 4173 is taken.
    strictPort: process.env.NND_WEB_PORT !== undefined,
    // The desktop app's production policy, also sent as a header (frame-ancestors works only there).
    headers: { 'Content-Security-Policy': WEB_CSP, 'X-Content-Type-Options': 'nosniff' },
  },
});
