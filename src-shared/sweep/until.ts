/** When a sweep's run may stop early, and whether a run got there: `loss<0.01`, `accuracy>=0.95`. */
export interface StopRule {
  metric: 'loss' | 'accuracy';
  op: '<' | '<=' | '>' | '>=';
  value: number;
  text: string;
}

const RULE = /^\s*(loss|accuracy)\s*(<=|>=|<|>)\s*([\d.eE+-]+)\s*$/;

export function parseStopRule(text: string): StopRule | { error: string } {
  const m = RULE.exec(text);
  const value = m ? Number(m[3]) : Number.NaN;
  if (!m || !Number.isFinite(value)) return { error: `--until expects loss or accuracy, a comparison and a number, such as "loss<0.01" or "accuracy>=0.95"; got "${text}"` };
  return { metric: m[1] as StopRule['metric'], op: m[2] as StopRule['op'], value, text: `${m[1]} ${m[2]} ${m[3]}` };
}

export function meets(rule: StopRule, value: number | undefined): boolean {
  if (value === undefined || !Number.isFinite(value)) return false;
  switch (rule.op) {
    case '<':
      return value < rule.value;
    case '<=':
      return value <= rule.value;
    case '>':
      return value > rule.value;
    case '>=':
      return value >= rule.value;
  }
}
