/**
 * Fixes a machine can make: a problem whose fix names the values to set (an Output of one unit
 * per class, with softmax and cross-entropy) or the connection to delete carries it as data
 * beside its words, so the app applies all of it with one click, `validate --json` lists it, and
 * anything else that teaches the design can apply the same. Applying leaves every part of the
 * setup it does not change as it was (the same objects), so an undo or a save sees only the change.
 */
import type { TrainingConfig } from './engine/config';
import type { DesignNode } from './network/design';
import type { ExperimentSetup } from './setup';

/** One change to the setup. */
export type SetupEdit =
  /** Sets some of a layer's settings. */
  | { kind: 'params'; nodeId: string; params: Readonly<Record<string, number | string>> }
  /** Deletes a connection. */
  | { kind: 'remove-edge'; edgeId: string }
  /** Sets some of the training settings. */
  | { kind: 'training'; training: Readonly<Partial<TrainingConfig>> };

export interface SetupFix {
  /** What it does, in a few words: "Output: 3 units, softmax, cross-entropy". */
  summary: string;
  edits: SetupEdit[];
}

/** The setup with the fix applied; an edit whose layer or connection is gone changes nothing. */
export function applyFix(setup: ExperimentSetup, fix: SetupFix): ExperimentSetup {
  let { design, training } = setup;
  for (const edit of fix.edits) {
    switch (edit.kind) {
      case 'params':
        if (!design.nodes.some((n) => n.id === edit.nodeId)) break;
        // Settings are checked by compile like any others: a fix that sets a wrong one is reported.
        design = { ...design, nodes: design.nodes.map((n) => (n.id === edit.nodeId ? ({ ...n, params: { ...n.params, ...edit.params } } as DesignNode) : n)) };
        break;
      case 'remove-edge':
        if (!design.edges.some((e) => e.id === edit.edgeId)) break;
        design = { ...design, edges: design.edges.filter((e) => e.id !== edit.edgeId) };
        break;
      case 'training':
        training = { ...training, ...edit.training };
        break;
    }
  }
  return design === setup.design && training === setup.training ? setup : { ...setup, design, training };
}

/** A fix that sets one layer's settings. */
export function setParams(nodeId: string, params: Record<string, number | string>, summary: string): SetupFix {
  return { summary, edits: [{ kind: 'params', nodeId, params }] };
}

/** A fix that deletes one connection. */
export function removeEdge(edgeId: string, summary = 'Delete the connection'): SetupFix {
  return { summary, edits: [{ kind: 'remove-edge', edgeId }] };
}
