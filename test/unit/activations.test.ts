/** The activations' own numbers where no comparison with another tool pins them (the exports take the same constants). */
import { describe, expect, it } from 'vitest';
import { activate, backpropActivation } from '../../src-shared/engine/activations';

describe('leaky ReLU', () => {
  it('passes z > 0 and scales the rest by 0.01 (unless set), its gradient likewise, at z = 0 too', () => {
    const z = Float64Array.of(-2, 0, 3);
    const a = new Float64Array(3);
    activate('leaky_relu', z, a, 3, 3);
    expect(Array.from(a)).toEqual([-0.02, 0, 3]);
    const g = Float64Array.of(1, 1, 1);
    backpropActivation('leaky_relu', z, a, g, 3, 3);
    expect(Array.from(g)).toEqual([0.01, 0.01, 1]);
  });
});
