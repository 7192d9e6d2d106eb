/**
 * Models NN Designer did not write: 44 made by real torch.onnx.export (opsets 13 and 17), and
 * onnx's own node test cases for the operators it reads (test/fixtures/onnx, made by
 * gen_onnx_corpus.py with PyTorch 1.13 and onnx 1.12). Each imports, and the engine's outputs on
 * fixed inputs equal torch's — computed in float64 on the model's own weights — within 1e-6;
 * the node cases agree with onnx's reference outputs within onnx's own tolerance, and those
 * NN Designer cannot hold are refused naming what.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModel } from '../../src-shared/engine/create-model';
import { importOnnx } from '../../src-shared/export/onnx-import';
import { compileDesign } from '../../src-shared/network/compile';
import { checkSetup } from '../../src-shared/setup-check';

const FIXTURES = join(import.meta.dirname, '../fixtures/onnx');

interface Case {
  file: string;
  made_by: string;
  description: string;
  weights?: string;
  inputs?: number[][];
  outputs?: number[][];
  refused?: string;
}
const corpus = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { torch_models: Case[]; node_models: Case[] };

/** The engine's outputs for the imported model on the case's inputs, and the largest difference from the expected ones. */
function run(c: Case): { worst: number; imported: ReturnType<typeof importOnnx> } {
  const imported = importOnnx(readFileSync(join(FIXTURES, c.file)));
  const compiled = compileDesign(imported.setup.design);
  if (!compiled.ok) throw new Error(compiled.problems[0].message);
  const model = createModel(compiled.plan);
  model.setParameters(imported.parameters);
  const inputs = c.inputs as number[][];
  const expected = (c.outputs as number[][]).flat();
  const got = model.predict(Float64Array.from(inputs.flat()), inputs.length);
  expect(got.length).toBe(expected.length);
  let worst = 0;
  expected.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]))));
  return { worst, imported };
}

const results = { torch: { matched: 0, worst: 0 }, node: { matched: 0, worst: 0, refused: 0 } };
afterAll(() => {
  console.log(
    `ONNX corpus: ${results.torch.matched} of ${corpus.torch_models.length} torch-made models import and match torch (largest difference ${results.torch.worst.toExponential(2)}); ` +
      `${results.node.matched} onnx node cases match onnx's outputs (largest difference ${results.node.worst.toExponential(2)}), ${results.node.refused} refused as expected`,
  );
});

describe('ONNX models made by torch.onnx.export', () => {
  it('are the corpus the issue describes: 40-odd models, opsets 13 and 17, every way of storing weights', () => {
    expect(corpus.torch_models.length).toBeGreaterThanOrEqual(40);
    for (const opset of [13, 17]) expect(corpus.torch_models.some((c) => c.made_by.endsWith(`opset ${opset}`))).toBe(true);
    for (const w of ['float32 raw_data', 'float32 float_data', 'float64 raw_data', 'float64 double_data']) expect(corpus.torch_models.some((c) => c.weights === w)).toBe(true);
  });

  it.each(corpus.torch_models.map((c) => [`${c.file} (${c.description}; ${c.weights})`, c] as const))('%s imports and predicts what torch computes', (_, c) => {
    const { worst, imported } = run(c);
    expect(worst).toBeLessThan(1e-6);
    results.torch.matched++;
    results.torch.worst = Math.max(results.torch.worst, worst);
    // The task was inferred from the shapes, said so, and fits the model as it is.
    expect(imported.notes.join(' ')).toMatch(/No task came with the model[^.]*(from its shapes|no built-in task has its shapes)/);
    expect(checkSetup(imported.setup).designProblems).toEqual([]);
  });
});

describe("onnx's own node test cases", () => {
  const matching = corpus.node_models.filter((c) => !c.refused);
  const refused = corpus.node_models.filter((c) => c.refused);

  it.each(matching.map((c) => [c.file, c] as const))('%s imports and gives onnx’s reference outputs', (_, c) => {
    const { worst } = run(c);
    // onnx's node tests compare with rtol 1e-3 and atol 1e-7; its reference is float32.
    const expected = (c.outputs as number[][]).flat();
    expect(worst).toBeLessThanOrEqual(1e-7 + 1e-3 * Math.max(...expected.map(Math.abs)));
    results.node.matched++;
    results.node.worst = Math.max(results.node.worst, worst);
  });

  it.each(refused.map((c) => [c.file, c] as const))('%s is refused, naming what NN Designer cannot hold', (_, c) => {
    expect(() => importOnnx(readFileSync(join(FIXTURES, c.file)))).toThrow(c.refused as string);
    results.node.refused++;
  });
});
