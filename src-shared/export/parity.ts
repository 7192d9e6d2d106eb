/**
 * What "the same numbers" means between the app and the scripts it exports. The scripts' headers
 * print it, the README says it, and test/unit/numpy-export.test.ts and torch-export.test.ts check
 * it on the NumPy (and PyTorch) at hand and print how far each preset drifts.
 *
 * Why not bit for bit: NumPy's array exp, log and tanh are its own SIMD code, which differs between
 * NumPy versions and CPUs (and from the engine's fdlibm exp and Math.tanh) in the last bit on
 * many arguments, and its BLAS may sum a matrix product in another order. The post's sigmoid runs
 * with plain gradient descent do not amplify such differences: after the last epoch their losses,
 * outputs and weights lie within 1e-13 of the app's (measured, NumPy 1.24 and 2.4), and every
 * number they print lies at least 0.001 of a last digit from a rounding boundary, so no printed
 * digit can differ. Adam amplifies them — it divides each step by the gradient's own running size,
 * so near convergence one ulp of gradient moves a weight by a share of the learning rate — and the
 * spiral preset's 1,000 Adam epochs drift further, bounded below.
 */

/** NumPy versions the tests ran every preset with (on an AVX-512 CPU, OpenBLAS and reference BLAS). */
export const NUMPY_VERSIONS_TESTED = ['1.24', '2.4'] as const;
/** PyTorch versions the tests ran the PyTorch export with. */
export const TORCH_VERSIONS_TESTED = ['1.13'] as const;

/**
 * How far a NumPy script's numbers may lie from the app's in any run, on any NumPy: about ten
 * times the largest drift measured (the spiral preset, 1,000 Adam epochs, on NumPy 2.4 with
 * OpenBLAS on AVX-512: losses 1.2e-5 relative, outputs 1.7e-6, weights 6.1e-4; NumPy 1.24 with
 * reference BLAS: 2.3e-6, 3.2e-7, 1.2e-4). Outputs within 2e-5, a fifth of the last printed
 * digit, cannot move a printed prediction by more than one in that digit.
 */
export const NUMPY_TOLERANCE = {
  /** |script − app| / app, on each printed epoch's loss. */
  lossRelative: 1e-4,
  /** |script − app| on each output for the training samples (probabilities, or the target's scale). */
  output: 2e-5,
  /** |script − app| on each weight and bias after the last epoch. */
  weight: 5e-3,
} as const;

/** The post's experiments: at most this far apart (relative), so every printed digit is the same. */
export const POST_TOLERANCE = 1e-10;

/** The PyTorch script only predicts, in float64, from the app's weights: |torch − app| on each output. */
export const TORCH_TOLERANCE = 1e-12;

const tested = NUMPY_VERSIONS_TESTED.join(' and ');
const sci = (v: number): string => v.toExponential();

/** The NumPy script's header lines about its numbers. */
export function numpyParityLines(): string[] {
  const t = NUMPY_TOLERANCE;
  return [
    "Same numbers as the app: for the post's four experiments (AND and XOR on one neuron, XOR 2-4-1,",
    "addition 2-16-16-1) this script prints the app's losses and predictions digit for digit, on any",
    `NumPy (tested with ${tested}). NumPy's exp, tanh and log, and the order its BLAS sums in, differ`,
    "from the app's in the last bit and between NumPy builds; long runs amplify that (Adam most), so",
    `other runs agree within: losses ${sci(t.lossRelative)} relative, outputs ${sci(t.output)}, weights ${sci(t.weight)}. A printed`,
    'number may then differ by one in its last digit.',
  ];
}

/** The PyTorch script's header lines about its numbers. */
export function torchParityLines(): string[] {
  return [
    "Same numbers as the app: it predicts in float64 from the app's weights, so its outputs lie",
    `within ${sci(TORCH_TOLERANCE)} of the app's and it prints the app's table digit for digit (tested with`,
    `PyTorch ${TORCH_VERSIONS_TESTED.join(' and ')}). It does not train; the NumPy export's script does, as the app does.`,
  ];
}
