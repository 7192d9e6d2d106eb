/**
 * Editing the document's setup (design graph, task, training): every edit is an action here, so
 * undo/redo cover all of them; plus the selection, the clipboard, and the setup's check (the
 * whole compile result), kept for whatever setup the document holds.
 *
 * Components subscribe with narrow selectors (one node, the selection, canUndo): dragging a node
 * changes only that node's object, and the check is redone only when something other than
 * positions changes, so a drag re-renders no problem list.
 */
import { create } from 'zustand';
import type { TaskSpec } from '../../src-shared/datasets';
import type { TrainingConfig } from '../../src-shared/engine/config';
import type { CompileResult, DesignProblem } from '../../src-shared/network/compile';
import type { LessonControl } from '../../src-shared/lessons/schema';
import type { Design, NodeType, Position } from '../../src-shared/network/design';
import type { ExperimentSetup } from '../../src-shared/setup';
import { checkSetup } from '../../src-shared/setup-check';
import { applyFix, type SetupFix } from '../../src-shared/setup-fix';
import * as ops from './design-ops';
import { useDocumentStore } from './document';
import * as hist from './history';
import { isLocked, useLessonStore } from './lesson';
import { useViewStore } from './view';

export interface Selection {
  nodeIds: string[];
  edgeIds: string[];
}

/** How far each paste lands from the copied layers, so copies never hide their originals. */
const PASTE_OFFSET = 40;
/** Holding an arrow key in a units field is one edit, not twenty: edits to one field this close merge. */
const COALESCE_MS = 1500;

export interface DesignState {
  /** The document's setup compiled for its task. */
  compiled: CompileResult;
  /** Problems with the design and its fit to the task; empty when it compiles. */
  problems: DesignProblem[];
  /** Problems with the training settings (learning rate, epochs…), which concern no node. */
  trainingProblems: DesignProblem[];
  selection: Selection;
  history: hist.History<ExperimentSetup>;
  canUndo: boolean;
  canRedo: boolean;
  clipboard: Design | null;
  pasteCount: number;
  /** The last edit's field and time, to merge a burst of typing into one undo step. */
  lastEdit: { key: string; at: number } | null;

  /** Sets the task; `design`, when given, replaces the design in the same undo step (a design fitted to a new data card). */
  setTask(task: TaskSpec, options?: { design?: Design }): void;
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
  /** Connects when the rules allow (src-shared/network/connect); false when refused. */
  connect(source: string, target: string): boolean;
  /** Moves a connection among its target's inputs (a merge's order): -1 one earlier, +1 one later. */
  moveInput(edgeId: string, by: number): void;
  removeElements(nodeIds: string[], edgeIds?: string[]): void;
  layout(measure: (node: Design['nodes'][number]) => ops.NodeMetrics, column?: number): void;
  setSelection(selection: Selection): void;
  selectAll(): void;
  deleteSelection(): void;
  copySelection(): void;
  cutSelection(): void;
  paste(): void;
  duplicateSelection(): void;
  undo(): void;
  redo(): void;
  /** Applies a problem's fix, all of it, as one undo step. */
  applyFix(fix: SetupFix): void;
}

/** What the store keeps of a setup's check. */
function checked(setup: ExperimentSetup): Pick<DesignState, 'compiled' | 'problems' | 'trainingProblems'> {
  const check = checkSetup(setup);
  return { compiled: check.compiled, problems: check.designProblems, trainingProblems: check.trainingProblems };
}

/** Whether two setups differ only in where nodes sit (a drag, a tidy): there is nothing new to check. */
/** What the lesson's step keeps as it is that this edit would change (moving layers changes nothing), or null. */
function lockedBy(before: ExperimentSetup, after: ExperimentSetup): string | null {
  const lesson = useLessonStore.getState();
  if (!lesson.lesson) return null;
  const locked = (c: LessonControl): boolean => isLocked(lesson, c);
  if (before.design !== after.design && locked('design') && !onlyMoved(before, after)) return 'the design';
  if (before.task !== after.task && locked('task')) return 'the task';
  const a = before.training;
  const b = after.training;
  if (a === b) return null;
  if (locked('training')) return 'the training settings';
  if (locked('learningRate') && a.learningRate !== b.learningRate) return 'the learning rate';
  if (locked('epochs') && a.epochs !== b.epochs) return 'the epochs';
  if (locked('optimizer') && JSON.stringify(a.optimizer) !== JSON.stringify(b.optimizer)) return 'the optimizer';
  return null;
}

function onlyMoved(a: ExperimentSetup, b: ExperimentSetup): boolean {
  if (a.task !== b.task || a.training !== b.training || a.design.edges !== b.design.edges) return false;
  const before = a.design.nodes;
  const after = b.design.nodes;
  return (
    before.length === after.length &&
    before.every((n, i) => n === after[i] || (n.id === after[i].id && n.type === after[i].type && n.params === after[i].params && n.label === after[i].label))
  );
}

function pruneSelection(selection: Selection, design: Design): Selection {
  const nodes = new Set(design.nodes.map((n) => n.id));
  const edges = new Set(design.edges.map((e) => e.id));
  const nodeIds = selection.nodeIds.filter((id) => nodes.has(id));
  const edgeIds = selection.edgeIds.filter((id) => edges.has(id));
  return nodeIds.length === selection.nodeIds.length && edgeIds.length === selection.edgeIds.length ? selection : { nodeIds, edgeIds };
}

const NO_SELECTION: Selection = { nodeIds: [], edgeIds: [] };

const setupNow = (): ExperimentSetup => useDocumentStore.getState().setup;

export const useDesignStore = create<DesignState>()((set, get) => {
  // The check and the selection follow the document's setup, whoever changed it (an edit, undo,
  // opening a file); a new document starts editing over.
  useDocumentStore.subscribe((doc, previous) => {
    if (doc.generation !== previous.generation) {
      set({ ...checked(doc.setup), selection: NO_SELECTION, history: hist.emptyHistory(), canUndo: false, canRedo: false, lastEdit: null });
      return;
    }
    if (doc.setup === previous.setup) return;
    set({ ...(onlyMoved(previous.setup, doc.setup) ? {} : checked(doc.setup)), selection: pruneSelection(get().selection, doc.setup.design) });
  });

  /** Puts a new setup in place as an undo step (or part of the one being typed). */
  function commit(setup: ExperimentSetup, options: { coalesce?: string } = {}): void {
    const state = get();
    const before = setupNow();
    if (setup === before) return;
    const locked = lockedBy(before, setup);
    if (locked) {
      useViewStore.getState().notify({ tone: 'info', text: `This step of the lesson keeps ${locked} as it is. Leave the lesson to change it freely.` });
      return;
    }
    const now = Date.now();
    const merge =
      options.coalesce !== undefined && state.lastEdit?.key === options.coalesce && now - state.lastEdit.at < COALESCE_MS && state.history.past.length > 0;
    const history = merge ? state.history : hist.record(state.history, before);
    set({
      lastEdit: options.coalesce !== undefined ? { key: options.coalesce, at: now } : null,
      history,
      canUndo: history.past.length > 0 || history.gestureStart !== null,
      canRedo: history.future.length > 0,
    });
    useDocumentStore.getState().setSetup(setup);
  }
  function editDesign(edit: (design: Design) => Design, options?: { coalesce?: string }): void {
    const setup = setupNow();
    const design = edit(setup.design);
    if (design !== setup.design) commit({ ...setup, design }, options);
  }
  function restore(step: { history: hist.History<ExperimentSetup>; present: ExperimentSetup } | null): void {
    if (!step) return;
    set({ lastEdit: null, history: step.history, canUndo: step.history.past.length > 0, canRedo: step.history.future.length > 0 });
    useDocumentStore.getState().setSetup(step.present);
  }

  return {
    ...checked(setupNow()),
    selection: NO_SELECTION,
    history: hist.emptyHistory(),
    canUndo: false,
    canRedo: false,
    clipboard: null,
    pasteCount: 0,
    lastEdit: null,

    setTask(task, options) {
      commit({ ...setupNow(), task, ...(options?.design ? { design: options.design } : {}) });
    },
    setTraining(partial, options) {
      const setup = setupNow();
      // A setting given as undefined is turned off: left out, as a file without it says.
      const training = Object.fromEntries(Object.entries({ ...setup.training, ...partial }).filter(([, v]) => v !== undefined)) as unknown as TrainingConfig;
      commit({ ...setup, training }, options);
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
      });
    },
    beginGesture() {
      set({ history: hist.beginGesture(get().history, setupNow()) });
    },
    endGesture() {
      const history = hist.endGesture(get().history, setupNow());
      set({ history, canUndo: history.past.length > 0, canRedo: history.future.length > 0 });
    },
    connect(source, target) {
      const before = setupNow().design;
      editDesign((design) => ops.connect(design, source, target));
      return setupNow().design !== before;
    },
    moveInput(edgeId, by) {
      editDesign((design) => ops.moveInput(design, edgeId, by));
    },
    removeElements(nodeIds, edgeIds = []) {
      editDesign((design) => {
        const after = ops.removeElements(design, nodeIds, edgeIds);
        return after.nodes.length === design.nodes.length && after.edges.length === design.edges.length ? design : after;
      });
    },
    layout(measure, column) {
      editDesign((design) => {
        const after = ops.layout(design, measure, column);
        return after.nodes.every((n, i) => n === design.nodes[i]) ? design : after;
      });
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
      const { design } = setupNow();
      set({ selection: { nodeIds: design.nodes.map((n) => n.id), edgeIds: design.edges.map((e) => e.id) } });
    },
    deleteSelection() {
      const { selection } = get();
      get().removeElements(selection.nodeIds, selection.edgeIds);
    },
    copySelection() {
      const { selection } = get();
      if (selection.nodeIds.length === 0) return;
      set({ clipboard: structuredClone(ops.extract(setupNow().design, new Set(selection.nodeIds))), pasteCount: 0 });
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
      const { selection } = get();
      if (selection.nodeIds.length === 0) return;
      const fragment = ops.extract(setupNow().design, new Set(selection.nodeIds));
      let nodeIds: string[] = [];
      editDesign((design) => {
        const pasted = ops.paste(design, fragment, { x: PASTE_OFFSET, y: PASTE_OFFSET });
        nodeIds = pasted.nodeIds;
        return pasted.design;
      });
      set({ selection: { nodeIds, edgeIds: [] } });
    },
    undo() {
      restore(hist.undo(get().history, setupNow()));
    },
    redo() {
      restore(hist.redo(get().history, setupNow()));
    },
    applyFix(fix) {
      commit(applyFix(setupNow(), fix));
    },
  };
});

/**
 * The problems that concern one node, each message with its fix, as one string: a primitive, so
 * unrelated edits re-render nothing. Problems are separated by a blank line, a message from its
 * fix by a newline.
 */
export function selectNodeProblemText(nodeId: string): (state: DesignState) => string {
  return (state) =>
    state.problems
      .filter((p) => p.nodeId === nodeId)
      .map((p) => `${p.message}\n${p.fix}`)
      .join('\n\n');
}
