import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import noImportCycle from './eslint-rules/no-import-cycle.js';

/**
 * The renderer's layers, bottom first. A module imports from its own layer and the ones before
 * it, never from a later one: the stores know nothing of the panels that show them, the panels
 * nothing of the app shell. Measured from the imports, not chosen: editor and gallery use the
 * stores; viz draws the training run and uses its formatting; the gallery opens documents
 * through the editor's file actions; the app shell wires them all.
 */
const RENDERER_LAYERS = [
  { name: 'platform', paths: ['src-renderer/platform'] },
  { name: 'store', paths: ['src-renderer/store'] },
  { name: 'training', paths: ['src-renderer/training'] },
  { name: 'viz', paths: ['src-renderer/viz'] },
  { name: 'editor', paths: ['src-renderer/editor'] },
  { name: 'lesson', paths: ['src-renderer/lesson'] },
  { name: 'gallery', paths: ['src-renderer/gallery'] },
  { name: 'app', paths: ['src-renderer/App.tsx', 'src-renderer/main.tsx', 'src-renderer/styles'] },
];

const order = RENDERER_LAYERS.map((l) => l.name).join(' → ');
const layerZones = RENDERER_LAYERS.flatMap((lower, i) =>
  RENDERER_LAYERS.slice(i + 1).map((upper) => ({
    target: lower.paths,
    from: upper.paths,
    message: `The renderer's layers run ${order}: ${lower.name} may not import from ${upper.name}. Move what both need into ${lower.name} or a layer before it.`,
  })),
);

/**
 * The desktop's runtimes, one folder each: what may import what. main/ is Electron's main process,
 * preload/ the page's sandboxed preload, engine/ the engine's utility-process entry, cli/ the
 * `nn-designer` command; node/ holds Node-only code shared by main and the CLI.
 */
const RUNTIMES = {
  main: { may: ['node', 'cli'], why: 'main starts the engine and loads the preload by file path, never by import (it runs the CLI for `--cli`)' },
  preload: { may: [], why: 'the sandboxed preload is one file that can require only electron; it shares only src-shared' },
  engine: { may: [], why: 'the engine process runs src-shared’s session and nothing of the app' },
  cli: { may: ['node'], why: 'the command line runs in plain Node, without Electron' },
  node: { may: [], why: 'node/ is shared by main and the CLI, so it knows neither' },
};
const runtimeZones = Object.entries(RUNTIMES).map(([name, { may, why }]) => ({
  target: `src-main/${name}`,
  from: Object.keys(RUNTIMES)
    .filter((other) => other !== name && !may.includes(other))
    .map((other) => `src-main/${other}`),
  message: `src-main/${name} may import ${['src-shared', ...may.map((m) => `src-main/${m}`)].join(' and ')} only: ${why}.`,
}));
const NO_ELECTRON = { name: 'electron', message: 'Electron is not there when this runs (plain Node).' };
/** zod is configured once (jitless: no eval probe under the CSP) before any schema is made. */
const ZOD_ONCE = { name: 'zod', message: "Import z from src-shared/experiment/zod.ts: it sets zod's jitless mode before any schema is made." };

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'dist-web', 'test-results', 'playwright-report', 'schema'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine runs in a utility process, a Web Worker, the CLI and tests: no DOM, Node or Electron.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'electron/*', 'react', 'react-dom', 'fs', 'path', 'os', 'child_process', 'worker_threads'] },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['src-shared/experiment/zod.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [ZOD_ONCE] }] },
  },
  {
    // The sandboxed preload can require('electron') and nothing else: every other import must be
    // relative (bundled into preload.cjs), and the zones below keep those inside src-shared.
    files: ['src-main/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!electron$|\\.)', message: 'A sandboxed preload can require only electron (Node modules and packages are not there).' }] },
      ],
    },
  },
  {
    files: ['src-main/cli/**/*.ts', 'src-main/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON], patterns: [{ group: ['electron/*'], message: NO_ELECTRON.message }] }] },
  },
  {
    // A utility process has process.parentPort but not the main process's modules (app, BrowserWindow…).
    files: ['src-main/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', allowTypeImports: true, message: 'The engine process uses process.parentPort, and only the types of electron.' }, ZOD_ONCE] },
      ],
    },
  },
  {
    // Imports point one way: between the runtimes' folders and between the renderer's layers.
    // Every import counts, type-only and bare side-effect ones (`import '../editor/Canvas'`) too.
    files: ['**/*.{js,mjs,ts,tsx}'],
    plugins: { 'import-x': importX, local: { rules: { 'no-import-cycle': noImportCycle } } },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: 'src-shared', from: ['src-main', 'src-renderer'], message: 'src-shared is the pure core every runtime imports; it imports none of them.' },
            { target: 'src-renderer', from: 'src-main', message: 'The page reaches main only through the preload API (src-shared/protocol/app-api.ts).' },
            {
              target: 'src-renderer',
              from: 'src-shared/protocol/ipc-channels.ts',
              message: 'IPC channels are between main and preload; the page uses the AppApi (src-shared/protocol/app-api.ts).',
            },
            ...runtimeZones,
            ...layerZones,
          ],
        },
      ],
      'local/no-import-cycle': 'error',
    },
  },
);
