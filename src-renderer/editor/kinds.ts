/**
 * How the editor shows a layer kind, read from the registry (src-shared/layers): its colour and
 * palette group follow from its role, its inputs and whether it has weights, never from its name,
 * so a new kind appears everywhere without an edit here.
 */
import { appliedFields, NODE_TYPES, kindOf, paramValue, type LayerKind, type NodeType, type Params } from '../../src-shared/layers';

/** input, output; a merge (takes several inputs); a layer with weights; an operation without. */
export type KindTone = 'input' | 'output' | 'merge' | 'dense' | 'op';

export function kindTone(kind: LayerKind<Params>): KindTone {
  if (kind.role === 'input' || kind.role === 'output') return kind.role;
  if (kind.inputs.max > 1) return 'merge';
  return kind.trainable ? 'dense' : 'op';
}

export interface PaletteGroup {
  title: string;
  types: NodeType[];
}

/** The palette's groups, each in the registry's order. */
export function paletteGroups(): PaletteGroup[] {
  const groups: PaletteGroup[] = [
    { title: 'Hidden layers', types: NODE_TYPES.filter((t) => ['dense', 'op'].includes(kindTone(kindOf(t)))) },
    { title: 'Merges', types: NODE_TYPES.filter((t) => kindTone(kindOf(t)) === 'merge') },
    { title: 'Input and output', types: NODE_TYPES.filter((t) => kindOf(t).role !== 'hidden') },
  ];
  return groups.filter((g) => g.types.length > 0);
}

/** The fields a kind edits on the node body, and those it only shows there as text. */
export function nodeFields(kind: LayerKind<Params>, params: Readonly<Record<string, unknown>>): { inline: string[]; shown: string[] } {
  const keys = appliedFields(kind.fields, params);
  return { inline: keys.filter((k) => kind.fields[k].inline), shown: keys.filter((k) => !kind.fields[k].inline) };
}

/**
 * The settings a compact node writes as text: all it applies but its units (its column of neurons
 * shows those); one line for a setting the full node edits in place, two for one it shows as text
 * (the Output's loss, a list), as the full node does.
 */
export function compactFields(kind: LayerKind<Params>, params: Readonly<Record<string, unknown>>): { key: string; lines: 1 | 2 }[] {
  return appliedFields(kind.fields, params)
    .filter((k) => k !== 'units')
    .map((key) => ({ key, lines: kind.fields[key].inline ? 1 : 2 }));
}

/** A setting as a compact node writes it: a choice or a list by its value alone ("sigmoid"), a number with its name ("rate 0.2"). */
export function compactText(kind: LayerKind<Params>, key: string, raw: unknown): string {
  const field = kind.fields[key];
  const text = fieldText(kind, key, raw);
  return field && field.type !== 'choice' && field.type !== 'toggles' ? `${field.label.toLowerCase()} ${text}` : text;
}

/** A field's value as the node writes it: a choice by its label (without its aside in brackets). */
export function fieldText(kind: LayerKind<Params>, key: string, raw: unknown): string {
  const field = kind.fields[key];
  const value = field ? paramValue(field, raw) : raw;
  if (field?.type === 'choice') return (field.optionLabels?.[String(value)] ?? String(value)).replace(/ \(.*\)$/, '');
  if (field?.type === 'toggles') return Array.isArray(value) && value.length > 0 ? value.map((v) => field.labelOf(String(v))).join(', ') : 'none';
  return String(value);
}
