/**
 * The app shell: header; palette and problems left; the canvas in the middle; inspector and
 * training right; visualizations docked below. It also wires the platform (menu, opened files,
 * engine) to the stores once, at start.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './editor/Canvas';
import { runCommand, startShortcuts } from './editor/commands';
import { applyOpenedFile, offerRecovery, startDocumentSync } from './editor/document-actions';
import { Header } from './editor/Header';
import { Inspector } from './editor/Inspector';
import { Overlays } from './editor/Overlays';
import { Palette } from './editor/Palette';
import { ProblemsList } from './editor/ProblemsList';
import { Gallery } from './gallery/Gallery';
import { getPlatform } from './platform';
import { fittingRun, useDocumentStore } from './store/document';
import { startEdgeWeightSync } from './store/edge-weights';
import { useTrainingStore } from './store/training';
import { useViewStore } from './store/view';
import { TrainingPanel } from './training/TrainingPanel';
import { VizPanel } from './viz/VizPanel';
import './App.css';

/** Connects the platform to the stores; returns the function that disconnects everything. */
function connectPlatform(): () => void {
  const platform = getPlatform();
  let disconnectTraining = useTrainingStore.getState().connect(platform.engine);
  let gaveUpNotice: number | null = null;
  const offRestart = platform.engine.onRestart(({ reason, gaveUp }) => {
    const view = useViewStore.getState();
    if (gaveUpNotice !== null) view.dismissNotice(gaveUpNotice);
    gaveUpNotice = null;
    if (gaveUp) {
      // Commands would go to a dead engine: stop listening; the panel offers Restart until then.
      disconnectTraining();
      useTrainingStore.getState().engineGaveUp(reason);
      const id = view.notify({
        tone: 'error',
        text: `${reason} Your design is safe.`, // the reason says why it was not restarted
        action: {
          label: 'Restart engine',
          run: () => {
            useViewStore.getState().dismissNotice(id);
            platform.engine.restart();
          },
        },
      });
      gaveUpNotice = id;
      return;
    }
    view.notify({ tone: 'warning', text: `${reason} A new engine was started; your design and the last weights shown are kept. Press Train to go on.` });
    // A fresh engine knows nothing: connect again and hand it the document's run (the one on
    // screen, as a save would write it), so what is on screen survives the restart.
    disconnectTraining();
    disconnectTraining = useTrainingStore.getState().connect(platform.engine);
    const run = fittingRun(useDocumentStore.getState());
    if (run) useTrainingStore.getState().loadRun(run);
    else useTrainingStore.getState().load();
  });
  const offMenu = platform.onMenuCommand((command) => runCommand(command, { fromMenu: true }));
  const offFiles = platform.onFileOpened((file) => void applyOpenedFile(file, { guarded: platform.nativeDocumentGuard }));
  const offEdgeWeights = startEdgeWeightSync(useTrainingStore);
  const offShortcuts = startShortcuts();
  const offSync = startDocumentSync();
  void offerRecovery();
  return () => {
    offRestart();
    offMenu();
    offFiles();
    offEdgeWeights();
    offShortcuts();
    offSync();
    disconnectTraining();
  };
}

export function App(): React.JSX.Element {
  const theme = useViewStore((s) => s.theme);
  const vizOpen = useViewStore((s) => s.vizOpen);

  useEffect(() => connectPlatform(), []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  return (
    <ReactFlowProvider>
      <div className={`app${vizOpen ? ' viz-open' : ''}`}>
        <Header />
        <aside className="sidebar left">
          <Palette />
          <ProblemsList />
        </aside>
        <main className="workspace" aria-label="Network editor">
          <Canvas />
        </main>
        <aside className="sidebar right">
          <Inspector />
          <TrainingPanel />
        </aside>
        {vizOpen && (
          <section className="viz-dock" aria-label="Visualizations dock">
            <VizPanel />
          </section>
        )}
      </div>
      <Gallery />
      <Overlays />
    </ReactFlowProvider>
  );
}
