/** Placeholder: replaced by the visualizations (helper D). */
export function VizPanel(): React.JSX.Element {
  return <section aria-label="Visualizations" />;
}
