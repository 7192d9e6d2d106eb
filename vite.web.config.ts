/**
 * The browser edition: the same renderer as the desktop app, built to dist-web and served by
 * `vite preview` (npm run web). Only src-renderer/platform differs: it finds no window.nnd and
 * runs the engine in a Web Worker.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/** The desktop's production policy, minus frame-ancestors' meta-tag caveats: sent as a header. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
    headers: { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
  },
});
