/**
 * Which neuron the plots show large: the one under the pointer, else the one last clicked (kept
 * until the canvas's background is clicked), else none.
 */
import { useViewStore } from '../store/view';

export interface NeuronRef {
  nodeId: string;
  unit: number;
}

let pinned: NeuronRef | null = null;

/** The pointer is on a neuron (or left it: null falls back to the clicked one). */
export function focusNeuron(neuron: NeuronRef | null): void {
  useViewStore.getState().setFocusNeuron(neuron ?? pinned);
}

export function pinNeuron(neuron: NeuronRef | null): void {
  pinned = neuron;
  useViewStore.getState().setFocusNeuron(neuron);
}
