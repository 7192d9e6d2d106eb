// Module resolve hook: `electron` (and `electron/...`) resolve to the strict stand-in, so the
// built bundles run under plain Node exactly as rolldown emitted them.
const STAND_IN = new URL('./main-stand-in-electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
