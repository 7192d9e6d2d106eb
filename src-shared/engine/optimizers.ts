import type { Optimizer } from './config';
import type { Trainable } from '../layers';

/** Applies each layer's gradient (gW, gb) to its parameters. */
export interface ParameterUpdater {
  step(layers: readonly Trainable[], lr: number): void;
}

class Sgd implements ParameterUpdater {
  step(layers: readonly Trainable[], lr: number): void {
    for (const l of layers) {
      const { W, gW, b, gb } = l;
      for (let i = 0; i < W.length; i++) W[i] -= lr * gW[i];
      for (let i = 0; i < b.length; i++) b[i] -= lr * gb[i];
    }
  }
}

/** Heavy-ball momentum: v = μv + g, θ -= lr·v. */
class Momentum implements ParameterUpdater {
  private velocity: Float64Array[] = [];
  constructor(private readonly mu: number) {}
  step(layers: readonly Trainable[], lr: number): void {
    if (this.velocity.length === 0) {
      this.velocity = layers.flatMap((l) => [new Float64Array(l.W.length), new Float64Array(l.b.length)]);
    }
    layers.forEach((l, i) => {
      this.apply(l.W, l.gW, this.velocity[2 * i], lr);
      this.apply(l.b, l.gb, this.velocity[2 * i + 1], lr);
    });
  }
  private apply(p: Float64Array, g: Float64Array, v: Float64Array, lr: number): void {
    for (let i = 0; i < p.length; i++) {
      v[i] = this.mu * v[i] + g[i];
      p[i] -= lr * v[i];
    }
  }
}

/** Adam (Kingma & Ba) with bias correction. */
class Adam implements ParameterUpdater {
  private moments: { m: Float64Array; v: Float64Array }[] = [];
  private t = 0;
  constructor(
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {}
  step(layers: readonly Trainable[], lr: number): void {
    if (this.moments.length === 0) {
      this.moments = layers.flatMap((l) => [l.W.length, l.b.length].map((n) => ({ m: new Float64Array(n), v: new Float64Array(n) })));
    }
    this.t++;
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    layers.forEach((l, i) => {
      this.apply(l.W, l.gW, this.moments[2 * i], lr, c1, c2);
      this.apply(l.b, l.gb, this.moments[2 * i + 1], lr, c1, c2);
    });
  }
  private apply(p: Float64Array, g: Float64Array, s: { m: Float64Array; v: Float64Array }, lr: number, c1: number, c2: number): void {
    const { beta1, beta2, epsilon } = this;
    for (let i = 0; i < p.length; i++) {
      s.m[i] = beta1 * s.m[i] + (1 - beta1) * g[i];
      s.v[i] = beta2 * s.v[i] + (1 - beta2) * g[i] * g[i];
      p[i] -= (lr * (s.m[i] / c1)) / (Math.sqrt(s.v[i] / c2) + epsilon);
    }
  }
}

export function createOptimizer(config: Optimizer): ParameterUpdater {
  switch (config.type) {
    case 'sgd':
      return new Sgd();
    case 'momentum':
      return new Momentum(config.momentum);
    case 'adam':
      return new Adam(config.beta1, config.beta2, config.epsilon);
  }
}
