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
            ...layerZones,
          ],
        },
      ],
      'local/no-import-cycle': 'error',
    },
  },
);
