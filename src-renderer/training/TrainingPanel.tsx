/** Placeholder: replaced by the training panel (helper D). */
export function TrainingPanel(): React.JSX.Element {
  return <section aria-label="Training" />;
}
