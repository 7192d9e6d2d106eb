/**
 * What a toggles field (a Features layer's features) offers and what ticking one makes of its
 * list. The options come from the node's input widths; a name the list holds that is no option
 * any more (an input the layer lost) is still offered, so it can be unticked.
 */
import type { ParamField, ToggleOption } from '../../src-shared/layers';

type Toggles = Extract<ParamField, { type: 'toggles' }>;

export interface ShownToggle extends ToggleOption {
  /** Whether the node's inputs offer it (false: a name it holds for an input it no longer has). */
  offered: boolean;
}

function offered(field: Toggles, inWidths: readonly (number | null)[]): readonly ToggleOption[] {
  return inWidths.length > 0 && inWidths.every((w) => w !== null) ? field.options(inWidths as number[]) : [];
}

export function toggleOptions(field: Toggles, value: readonly string[], inWidths: readonly (number | null)[]): ShownToggle[] {
  const options = offered(field, inWidths);
  const names = new Set(options.map((o) => o.value));
  return [...options.map((o) => ({ ...o, offered: true })), ...value.filter((v) => !names.has(v)).map((v) => ({ value: v, label: field.labelOf(v), offered: false }))];
}

/**
 * The list with `name` ticked or unticked. Unticking removes it where it is; ticking puts it after
 * the last name that comes before it among the options, so the other columns keep their order.
 */
export function toggled(field: Toggles, value: readonly string[], name: string, inWidths: readonly (number | null)[]): string[] {
  if (value.includes(name)) return value.filter((v) => v !== name);
  const rank = new Map(offered(field, inWidths).map((o, i) => [o.value, i]));
  const mine = rank.get(name) ?? Infinity;
  let at = 0;
  value.forEach((v, i) => {
    if ((rank.get(v) ?? Infinity) < mine) at = i + 1;
  });
  return [...value.slice(0, at), name, ...value.slice(at)];
}
