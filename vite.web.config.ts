/**
 * The browser edition: the same renderer as the desktop app, built to dist-web and served by
 * `vite preview` (npm run web). Only src-renderer/platform differs: it finds no window.nnd and
 * runs the engine in a Web Worker.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { WEB_CSP } from './src-main/main/security.ts';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  base: './',
  plugins: [react()],
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
    strictPort: true,
    // The desktop app's production policy, sent as a header as the desktop app sends it.
    headers: { 'Content-Security-Policy': WEB_CSP, 'X-Content-Type-Options': 'nosniff' },
  },
});
