/**
 * The document being edited: its setup (design graph, task, training), where it lives on disk,
 * whether it has unsaved changes, the selection, and undo history.
 *
 * Every edit goes through an action here, so undo/redo and "dirty" cover all of them. Components
 * subscribe with narrow selectors (one node, the selection, canUndo): dragging a node changes
 * only that node's object, and problems are recomputed only when something other than positions
 * changes.
 */
import { create } from 'zustand';
import type { TaskSpec } from '../../src-shared/datasets';
import type { TrainingConfig } from '../../src-shared/engine/config';
import type { CompileResult, DesignProblem } from '../../src-shared/network/compile';
import type { Design, NodeType, Position } from '../../src-shared/network/design';
import { blankSetup } from '../../src-shared/presets';
import type { ExperimentSetup } from '../../src-shared/setup';
import { checkSetup } from '../../src-shared/setup-check';
import * as ops from './design-ops';
import * as hist from './history';

export interface Selection {
  nodeIds: string[];
  edgeIds: string[];
}

export interface DocumentInfo {
  filePath: string | null;
  name: string;
}

/** How far each paste lands from the copied layers, so copies never hide their originals. */
const PASTE_OFFSET = 40;
/** Typing "16" into a units field is one edit, not two: edits to one field this close merge. */
const COALESCE_MS = 1500;

export interface DesignState {
  // design slice
  setup: ExperimentSetup;
  /** The design compiled for its task, once per change that is more than moving nodes. */
  compiled: CompileResult;
  /** Problems with the design and its fit to the task; empty when it compiles. */
  problems: DesignProblem[];
  /** Problems with the training settings (learning rate, epochs…), which concern no node. */
  trainingProblems: DesignProblem[];
  // document slice
  filePath: string | null;
  documentName: string;
  dirty: boolean;
  /** The setup as last saved or opened: undoing back to it clears `dirty`. */
  savedSetup: ExperimentSetup;
  /** Something outside the setup changed (a training run) since the last save. */
  extraChanges: boolean;
  // selection slice
  selection: Selection;
  // history slice
  history: hist.History<ExperimentSetup>;
  canUndo: boolean;
  canRedo: boolean;
  clipboard: Design | null;
  pasteCount: number;
  /** The last edit's field and time, to merge a burst of typing into one undo step. */
  lastEdit: { key: string; at: number } | null;

  loadSetup(setup: ExperimentSetup, document: DocumentInfo): void;
  newDesign(): void;
  setTask(task: TaskSpec): void;
  setTraining(partial: Partial<TrainingConfig>, options?: { coalesce?: string }): void;
  /** Adds a layer (and selects it); `connectFrom` also connects that layer to it, in the same undo step. */
  addNode(type: NodeType, position: Position, options?: { params?: Partial<ops.NodeParams<NodeType>>; connectFrom?: string }): string;
  /** `coalesce` names the field being typed into: edits to it in quick succession are one undo step. */
  updateNodeParams(id: string, params: Partial<ops.NodeParams<NodeType>>, options?: { coalesce?: string }): void;
  /** Typing a name is one undo step per burst of typing, like units. */
  setNodeLabel(id: string, label: string): void;
  /** Moves nodes; inside a gesture (a drag) all moves become a single undo step. */
  moveNodes(moves: ReadonlyMap<string, Position>): void;
  beginGesture(): void;
  endGesture(): void;
  connect(source: string, target: string): boolean;
  removeElements(nodeIds: string[], edgeIds?: string[]): void;
  layout(measure: (node: Design['nodes'][number]) => ops.NodeMetrics): void;
  setSelection(selection: Selection): void;
  selectAll(): void;
  deleteSelection(): void;
  copySelection(): void;
  cutSelection(): void;
  paste(): void;
  duplicateSelection(): void;
  undo(): void;
  redo(): void;
  /** Marks the document saved at `filePath` (the current setup is what is on disk). */
  markSaved(filePath: string | null): void;
  /** Something saved with the document but not part of the setup changed (a training run). */
  markChanged(): void;
}

function documentNameOf(filePath: string | null, fallback: string): string {
  if (!filePath) return fallback;
  const base = filePath.split(/[\\/]/).pop() ?? filePath;
  return base.replace(/\.nnd$/i, '') || fallback;
}

/** What the store keeps of a setup's check. */
function checked(setup: ExperimentSetup): Pick<DesignState, 'compiled' | 'problems' | 'trainingProblems'> {
  const check = checkSetup(setup);
  return { compiled: check.compiled, problems: check.designProblems, trainingProblems: check.trainingProblems };
}

function pruneSelection(selection: Selection, design: Design): Selection {
  const nodes = new Set(design.nodes.map((n) => n.id));
  const edges = new Set(design.edges.map((e) => e.id));
  const nodeIds = selection.nodeIds.filter((id) => nodes.has(id));
  const edgeIds = selection.edgeIds.filter((id) => edges.has(id));
  return nodeIds.length === selection.nodeIds.length && edgeIds.length === selection.edgeIds.length ? selection : { nodeIds, edgeIds };
}

const NO_SELECTION: Selection = { nodeIds: [], edgeIds: [] };

/** A new document: the blank preset's task and training, and an empty canvas to build on. */
export function emptySetup(): ExperimentSetup {
  return { ...blankSetup(), design: { nodes: [], edges: [] } };
}

export const useDesignStore = create<DesignState>()((set, get) => {
  /** Puts a new setup in place: derived fields follow, and `record` decides if it is an undo step. */
  function commit(
    setup: ExperimentSetup,
    options: { record?: boolean; selection?: Selection; positionsOnly?: boolean; coalesce?: string } = {},
  ): void {
    const state = get();
    if (setup === state.setup) return;
    const now = Date.now();
    const merge =
      options.coalesce !== undefined && state.lastEdit?.key === options.coalesce && now - state.lastEdit.at < COALESCE_MS && state.history.past.length > 0;
    const history = options.record === false || merge ? state.history : hist.record(state.history, state.setup);
    set({
      lastEdit: options.coalesce !== undefined ? { key: options.coalesce, at: now } : null,
      setup,
      history,
      canUndo: history.past.length > 0 || history.gestureStart !== null,
      canRedo: history.future.length > 0,
      dirty: setup !== state.savedSetup || state.extraChanges,
      selection: pruneSelection(options.selection ?? state.selection, setup.design),
      ...(options.positionsOnly ? {} : checked(setup)),
    });
  }
  function editDesign(edit: (design: Design) => Design, options?: { selection?: Selection; positionsOnly?: boolean; coalesce?: string }): void {
    const { setup } = get();
    const design = edit(setup.design);
    if (design !== setup.design) commit({ ...setup, design }, options);
  }
  function restore(step: { history: hist.History<ExperimentSetup>; present: ExperimentSetup } | null): void {
    if (!step) return;
    const state = get();
    set({
      lastEdit: null,
      setup: step.present,
      history: step.history,
      canUndo: step.history.past.length > 0,
      canRedo: step.history.future.length > 0,
      dirty: step.present !== state.savedSetup || state.extraChanges,
      selection: pruneSelection(state.selection, step.present.design),
      ...checked(step.present),
    });
  }

  const initial = emptySetup();
  return {
    setup: initial,
    ...checked(initial),
    filePath: null,
    documentName: 'Untitled',
    dirty: false,
    savedSetup: initial,
    extraChanges: false,
    selection: NO_SELECTION,
    history: hist.emptyHistory(),
    canUndo: false,
    canRedo: false,
    clipboard: null,
    pasteCount: 0,
    lastEdit: null,

    loadSetup(setup, document) {
      set({
        setup,
        savedSetup: setup,
        extraChanges: false,
        ...checked(setup),
        filePath: document.filePath,
        documentName: documentNameOf(document.filePath, document.name),
        dirty: false,
        selection: NO_SELECTION,
        history: hist.emptyHistory(),
        canUndo: false,
        canRedo: false,
        lastEdit: null,
      });
    },
    newDesign() {
      get().loadSetup(emptySetup(), { filePath: null, name: 'Untitled' });
    },
    setTask(task) {
      commit({ ...get().setup, task });
    },
    setTraining(partial, options) {
      const { setup } = get();
      commit({ ...setup, training: { ...setup.training, ...partial } }, options);
    },
    addNode(type, position, options) {
      let id = '';
      editDesign((design) => {
        const added = ops.addNode(design, type, position, options?.params);
        id = added.id;
        return options?.connectFrom ? ops.connect(added.design, options.connectFrom, id) : added.design;
      });
      set({ selection: { nodeIds: [id], edgeIds: [] } });
      return id;
    },
    updateNodeParams(id, params, options) {
      editDesign(
        (design) => {
          const node = design.nodes.find((n) => n.id === id);
          if (!node) return design;
          const changed = Object.entries(params).some(([k, v]) => (node.params as Record<string, unknown>)[k] !== v);
          return changed ? ops.updateParams(design, id, params) : design;
        },
        { coalesce: options?.coalesce },
      );
    },
    setNodeLabel(id, label) {
      editDesign((design) => ((design.nodes.find((n) => n.id === id)?.label ?? '') === label ? design : ops.setLabel(design, id, label)), {
        coalesce: `${id}.label`,
      });
    },
    moveNodes(moves) {
      editDesign((design) => {
        const moved = ops.moveNodes(design, moves);
        return moved.nodes.every((n, i) => n === design.nodes[i]) ? design : moved;
      }, { positionsOnly: true });
    },
    beginGesture() {
      const state = get();
      set({ history: hist.beginGesture(state.history, state.setup) });
    },
    endGesture() {
      const state = get();
      const history = hist.endGesture(state.history, state.setup);
      set({ history, canUndo: history.past.length > 0, canRedo: history.future.length > 0 });
    },
    connect(source, target) {
      const before = get().setup.design;
      editDesign((design) => ops.connect(design, source, target));
      return get().setup.design !== before;
    },
    removeElements(nodeIds, edgeIds = []) {
      editDesign((design) => {
        const after = ops.removeElements(design, nodeIds, edgeIds);
        return after.nodes.length === design.nodes.length && after.edges.length === design.edges.length ? design : after;
      });
    },
    layout(measure) {
      editDesign((design) => {
        const after = ops.layout(design, measure);
        return after.nodes.every((n, i) => n === design.nodes[i]) ? design : after;
      }, { positionsOnly: true });
    },
    setSelection(selection) {
      const current = get().selection;
      const same =
        selection.nodeIds.length === current.nodeIds.length &&
        selection.edgeIds.length === current.edgeIds.length &&
        selection.nodeIds.every((id) => current.nodeIds.includes(id)) &&
        selection.edgeIds.every((id) => current.edgeIds.includes(id));
      if (!same) set({ selection });
    },
    selectAll() {
      const { design } = get().setup;
      set({ selection: { nodeIds: design.nodes.map((n) => n.id), edgeIds: design.edges.map((e) => e.id) } });
    },
    deleteSelection() {
      const { selection } = get();
      get().removeElements(selection.nodeIds, selection.edgeIds);
    },
    copySelection() {
      const { selection, setup } = get();
      if (selection.nodeIds.length === 0) return;
      set({ clipboard: structuredClone(ops.extract(setup.design, new Set(selection.nodeIds))), pasteCount: 0 });
    },
    cutSelection() {
      get().copySelection();
      get().deleteSelection();
    },
    paste() {
      const { clipboard, pasteCount } = get();
      if (!clipboard) return;
      const shift = PASTE_OFFSET * (pasteCount + 1);
      let nodeIds: string[] = [];
      editDesign((design) => {
        const pasted = ops.paste(design, clipboard, { x: shift, y: shift });
        nodeIds = pasted.nodeIds;
        return pasted.design;
      });
      set({ pasteCount: pasteCount + 1, selection: { nodeIds, edgeIds: [] } });
    },
    duplicateSelection() {
      const { selection, setup } = get();
      if (selection.nodeIds.length === 0) return;
      const fragment = ops.extract(setup.design, new Set(selection.nodeIds));
      let nodeIds: string[] = [];
      editDesign((design) => {
        const pasted = ops.paste(design, fragment, { x: PASTE_OFFSET, y: PASTE_OFFSET });
        nodeIds = pasted.nodeIds;
        return pasted.design;
      });
      set({ selection: { nodeIds, edgeIds: [] } });
    },
    undo() {
      const state = get();
      restore(hist.undo(state.history, state.setup));
    },
    redo() {
      const state = get();
      restore(hist.redo(state.history, state.setup));
    },
    markSaved(filePath) {
      const state = get();
      set({
        savedSetup: state.setup,
        extraChanges: false,
        dirty: false,
        filePath,
        documentName: documentNameOf(filePath, state.documentName),
      });
    },
    markChanged() {
      if (!get().extraChanges) set({ extraChanges: true, dirty: true });
    },
  };
});

/** The problems that concern one node, as one string: a primitive, so unrelated edits re-render nothing. */
export function selectNodeProblemText(nodeId: string): (state: DesignState) => string {
  return (state) =>
    state.problems
      .filter((p) => p.nodeId === nodeId)
      .map((p) => p.message)
      .join('\n');
}
