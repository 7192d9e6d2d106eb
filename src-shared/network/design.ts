/** The design graph the editor draws and the engine compiles: Input → Dense… → Output. */

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['squared_error', 'mse', 'bce', 'cross_entropy'] as const;
/**
 * - `squared_error`: the post's loss: gradient `(out - y)·f'`, reported as the mean of `(y - out)²`.
 * - `mse`: mean over outputs of `(out - y)²`, gradient `2(out - y)/k`.
 * - `bce`: binary cross-entropy on outputs in (0, 1).
 * - `cross_entropy`: `-Σ y·log(out)`, for softmax outputs and one-hot targets.
 */
export type Loss = (typeof LOSSES)[number];

export interface Position {
  x: number;
  y: number;
}

export interface InputNode {
  id: string;
  type: 'input';
  position: Position;
  params: { units: number };
  label?: string;
}

export interface DenseNode {
  id: string;
  type: 'dense';
  position: Position;
  params: { units: number; activation: Activation };
  label?: string;
}

export interface OutputNode {
  id: string;
  type: 'output';
  position: Position;
  params: { units: number; activation: Activation; loss: Loss };
  label?: string;
}

export type DesignNode = InputNode | DenseNode | OutputNode;
export type NodeType = DesignNode['type'];

export interface DesignEdge {
  id: string;
  source: string;
  target: string;
}

export interface Design {
  nodes: DesignNode[];
  edges: DesignEdge[];
}

/** Most units a layer may have: beyond this a "small network" designer is the wrong tool. */
export const MAX_UNITS = 4096;
