/**
 * The app shell: the header over resizable panes — palette and problems at the left; the canvas
 * with the loss under it; the plots column (decision boundary, predictions, maps, weights) beside
 * the canvas; inspector and training at the right. Pane sizes are remembered. Panes with nothing
 * to show (no design loaded, plots hidden) give their room to the canvas. It also wires the
 * platform (menu, opened files, engine) to the stores once, at start.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { Canvas } from './editor/Canvas';
import { runCommand, startShortcuts } from './editor/commands';
import { applyOpenedFile, resumeSession, startDocumentSync } from './editor/document-actions';
import { startFileDrop } from './editor/file-drop';
import { Header } from './editor/Header';
import { Inspector } from './editor/Inspector';
import { Notices, Overlays } from './editor/Overlays';
import { Palette } from './editor/Palette';
import { ProblemsList } from './editor/ProblemsList';
import { startShareLink } from './editor/share-link';
import { Gallery } from './gallery/Gallery';
import { startLessons } from './lesson/lesson-actions';
import { LessonPanel } from './lesson/LessonPanel';
import { getPlatform } from './platform';
import { fittingRun, useDocumentStore } from './store/document';
import { startEdgeWeightSync } from './store/edge-weights';
import { useHidden, useLocked } from './store/lesson';
import { useTrainingStore } from './store/training';
import { useViewStore } from './store/view';
import { TrainingPanel } from './training/TrainingPanel';
import { RunPanel, useHasRun, VizPanel } from './viz/VizPanel';
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
        global: true,
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
  // Another document on show: what was said about the previous one goes with it.
  const offDocument = useDocumentStore.subscribe((doc, previous) => {
    if (doc.generation !== previous.generation) useViewStore.getState().dismissDocumentNotices();
  });
  const offMenu = platform.onMenuCommand((command) => runCommand(command, { fromMenu: true }));
  const offFiles = platform.onFileOpened((file) => void applyOpenedFile(file, { guarded: platform.nativeDocumentGuard }));
  const offEdgeWeights = startEdgeWeightSync(useTrainingStore);
  const offShortcuts = startShortcuts();
  const offDrop = startFileDrop();
  const offSync = startDocumentSync();
  const offLessons = startLessons();
  const share = platform.kind === 'browser' ? startShareLink() : null;
  void resumeSession(share?.atStart ?? null);
  return () => {
    offRestart();
    offDocument();
    offMenu();
    offFiles();
    offEdgeWeights();
    offShortcuts();
    offDrop();
    offSync();
    offLessons();
    share?.stop();
    disconnectTraining();
  };
}

/** Layouts are remembered per set of panes (the plots shown or not). */
const layoutStorage = typeof localStorage === 'undefined' ? undefined : localStorage;

/** The canvas, the notices strip over it, and the loss under it once a run is loaded. */
function CanvasColumn(props: { run: boolean }): React.JSX.Element {
  const panelIds = props.run ? ['canvas-pane', 'run'] : ['canvas-pane'];
  const layout = useDefaultLayout({ id: 'nnd-canvas-column', panelIds, storage: layoutStorage });
  return (
    <Group orientation="vertical" id="nnd-canvas-column" defaultLayout={layout.defaultLayout} onLayoutChanged={layout.onLayoutChanged}>
      <Panel id="canvas-pane" minSize={300} className="pane pane--canvas">
        <Notices />
        <main className="workspace" aria-label="Network editor">
          <Canvas />
        </main>
      </Panel>
      {props.run && (
        <>
          <Separator className="pane-separator pane-separator--row" />
          <Panel id="run" defaultSize={210} minSize={150} maxSize="60%" groupResizeBehavior="preserve-pixel-size" className="pane pane--run">
            <RunPanel />
          </Panel>
        </>
      )}
    </Group>
  );
}

function Workspace(): React.JSX.Element {
  const vizOpen = useViewStore((s) => s.vizOpen);
  const hasRun = useHasRun();
  const plots = vizOpen && hasRun;
  const designLocked = useLocked('design');
  const paletteHidden = useHidden('palette');
  const panelIds = plots ? ['design', 'middle', 'plots', 'side'] : ['design', 'middle', 'side'];
  const layout = useDefaultLayout({ id: 'nnd-workspace', panelIds, storage: layoutStorage });
  // The plots take room from the canvas (or give it back): fit the network to its new size once laid out.
  useEffect(() => {
    const timer = setTimeout(() => useViewStore.getState().requestFit(), 60);
    return () => clearTimeout(timer);
  }, [plots]);
  return (
    <Group orientation="horizontal" id="nnd-workspace" className="app-body" defaultLayout={layout.defaultLayout} onLayoutChanged={layout.onLayoutChanged}>
      <Panel id="design" defaultSize={160} minSize={120} maxSize="30%" collapsible collapsedSize={0} groupResizeBehavior="preserve-pixel-size" className="pane">
        <aside className="sidebar left" aria-label="Layers and problems">
          {!(designLocked || paletteHidden) && <Palette />}
          <ProblemsList />
        </aside>
      </Panel>
      <Separator className="pane-separator" />
      <Panel id="middle" minSize={260} className="pane">
        <CanvasColumn run={plots} />
      </Panel>
      {plots && (
        <>
          <Separator className="pane-separator" />
          <Panel id="plots" defaultSize="31%" minSize={390} className="pane pane--plots">
            <VizPanel />
          </Panel>
        </>
      )}
      <Separator className="pane-separator" />
      <Panel id="side" defaultSize={262} minSize={220} maxSize="35%" groupResizeBehavior="preserve-pixel-size" className="pane">
        <aside className="sidebar right" aria-label="Inspector and training">
          <LessonPanel />
          {/* A step that keeps the design as it is leaves nothing to inspect and change. */}
          {!designLocked && <Inspector />}
          <TrainingPanel />
        </aside>
      </Panel>
    </Group>
  );
}

export function App(): React.JSX.Element {
  const theme = useViewStore((s) => s.theme);

  useEffect(() => connectPlatform(), []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  return (
    <ReactFlowProvider>
      <div className="app">
        <Header />
        <Workspace />
      </div>
      <Gallery />
      <Overlays />
    </ReactFlowProvider>
  );
}
