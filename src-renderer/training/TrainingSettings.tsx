/** How the design is trained: optimizer, learning rate, epochs, update mode, regularisation, seed, initial weights. */
import type { InitScheme, Optimizer, Reduction, Regularization, TrainingConfig, UpdateMode } from '../../src-shared/engine/config';
import { MAX_EPOCHS } from '../../src-shared/setup-check';
import { useDesignStore } from '../store/design';
import { useDocumentStore } from '../store/document';
import { NumberField, SelectField, fraction, positive, wholeIn } from './NumberField';

const UPDATE_MODES: { value: UpdateMode; label: string }[] = [
  { value: 'sample', label: 'Per sample, in order' },
  { value: 'shuffle', label: 'Per sample, shuffled' },
  { value: 'minibatch', label: 'Mini-batch' },
  { value: 'batch', label: 'Full batch' },
];

const REDUCTIONS: { value: Reduction; label: string }[] = [
  { value: 'sum', label: 'Summed (the post’s)' },
  { value: 'mean', label: 'Averaged' },
];

const OPTIMIZERS: { value: Optimizer['type']; label: string }[] = [
  { value: 'sgd', label: 'SGD' },
  { value: 'momentum', label: 'SGD with momentum' },
  { value: 'adam', label: 'Adam' },
];

const REGULARIZATIONS: { value: Regularization['type'] | 'none'; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'l2', label: 'L2 (rate/2 · Σw²)' },
  { value: 'l1', label: 'L1 (rate · Σ|w|)' },
];

const INITS: { value: InitScheme; label: string }[] = [
  { value: 'randn', label: 'randn × scale, zero biases' },
  { value: 'randn_bias', label: 'randn × scale, random biases' },
  { value: 'xavier', label: 'Xavier (Glorot)' },
  { value: 'he', label: 'He' },
];

export function defaultOptimizer(type: Optimizer['type']): Optimizer {
  switch (type) {
    case 'sgd':
      return { type: 'sgd' };
    case 'momentum':
      return { type: 'momentum', momentum: 0.9 };
    case 'adam':
      return { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  }
}

export function TrainingSettings(): React.JSX.Element {
  const t = useDocumentStore((s) => s.setup.training);
  const setTraining = useDesignStore((s) => s.setTraining);
  const set = (partial: Partial<TrainingConfig>): void => setTraining(partial);
  const opt = t.optimizer;
  const reg = t.regularization;

  return (
    <fieldset className="tp-settings">
      <legend>Training</legend>
      <SelectField label="Optimizer" value={opt.type} options={OPTIMIZERS} onChange={(type) => type !== opt.type && set({ optimizer: defaultOptimizer(type) })} testId="optimizer" />
      {opt.type === 'momentum' && <NumberField label="Momentum" value={opt.momentum} check={fraction} step={0.05} onCommit={(momentum) => set({ optimizer: { ...opt, momentum } })} />}
      {opt.type === 'adam' && (
        <div className="tp-settings__row">
          <NumberField label="β₁" value={opt.beta1} check={fraction} step={0.01} onCommit={(beta1) => set({ optimizer: { ...opt, beta1 } })} />
          <NumberField label="β₂" value={opt.beta2} check={fraction} step={0.001} onCommit={(beta2) => set({ optimizer: { ...opt, beta2 } })} />
        </div>
      )}
      <div className="tp-settings__row">
        <NumberField label="Learning rate" value={t.learningRate} check={positive} onCommit={(learningRate) => set({ learningRate })} testId="learning-rate" />
        <NumberField label="Epochs" value={t.epochs} check={wholeIn(1, MAX_EPOCHS)} step={1} onCommit={(epochs) => set({ epochs })} testId="epochs" />
      </div>
      <SelectField label="Updates" value={t.updateMode} options={UPDATE_MODES} onChange={(updateMode) => set({ updateMode })} testId="update-mode" />
      {(t.updateMode === 'minibatch' || t.updateMode === 'batch') && (
        <div className="tp-settings__row">
          {t.updateMode === 'minibatch' && <NumberField label="Batch size" value={t.batchSize} check={wholeIn(1, 1_000_000)} step={1} onCommit={(batchSize) => set({ batchSize })} />}
          <SelectField label="Gradients" value={t.reduction} options={REDUCTIONS} onChange={(reduction) => set({ reduction })} />
        </div>
      )}
      <div className="tp-settings__row">
        <SelectField
          label="Regularisation"
          value={reg?.type ?? 'none'}
          options={REGULARIZATIONS}
          onChange={(type) => set({ regularization: type === 'none' ? undefined : { type, rate: reg?.rate ?? 0.001 } })}
          testId="regularization"
        />
        {reg && <NumberField label="Rate" value={reg.rate} check={positive} hint="On the weights; the loss shown leaves it out" onCommit={(rate) => set({ regularization: { ...reg, rate } })} testId="regularization-rate" />}
      </div>
      <div className="tp-settings__row">
        <NumberField label="Seed" value={t.seed} check={wholeIn(0, 0xffffffff)} step={1} onCommit={(seed) => set({ seed })} testId="seed" />
        {t.init.scheme === 'randn' || t.init.scheme === 'randn_bias' ? (
          <NumberField label="Weight scale" value={t.init.scale} check={positive} step={0.1} onCommit={(scale) => set({ init: { ...t.init, scale } })} />
        ) : null}
      </div>
      <SelectField label="Initial weights" value={t.init.scheme} options={INITS} onChange={(scheme) => set({ init: { ...t.init, scheme } })} />
    </fieldset>
  );
}
