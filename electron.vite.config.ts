import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

/**
 * Three builds: the main process (with the engine's utility-process entry beside it), the
 * preload script, and the renderer page. Output goes to out/{main,preload,renderer}.
 */
export default defineConfig({
  main: {
    build: {
      // Bundle zod and friends into out/main, so installers ship no node_modules at all.
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/main/index.ts'),
          'engine-process': resolve(root, 'src-main/engine/engine-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/preload/preload.ts') },
        // Sandboxed preloads run as classic scripts: one CommonJS file, nothing to import but electron.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: resolve(root, 'src-renderer/index.html'),
      },
    },
  },
});
