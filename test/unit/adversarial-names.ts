/** Seeded random strings made to break out of generated code: quotes, line breaks of every kind, NUL, lone surrogates. */

/** mulberry32: a small seeded generator, so a failing name can be reproduced from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '"', "'", '"""', "'''", '\\', '\\"""', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\f', '\v', '\0', '\t', '\x1b', '\x7f',
  '\ud800', '\udfff', '\udc00x', '😀', '\u202e', '\u2066', '\ufeff', '\u00a0', '\u3000', '#', '# -*- coding: utf-7 -*-', '+ACI-',
  '\nimport os; os.system("id")\n', 'x"""\nimport os; os.system("id")\n"""', "'; import os #", '{', '}', '{0}', '%s', '$(id)', '`id`',
  '</script>', 'é', '日本語', 'Ω', '\u0300', 'AND', ' ', '  ', 'x',
];

export function adversarialName(random: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const r = random();
  if (r < 0.05) return pick(PIECES).repeat(1 + Math.floor(random() * 3000));
  let s = '';
  const n = Math.floor(random() * 12);
  for (let i = 0; i < n; i++) {
    const k = random();
    if (k < 0.6) s += pick(PIECES);
    else if (k < 0.8) s += String.fromCharCode(Math.floor(random() * 0x10000));
    else s += String.fromCodePoint(Math.floor(random() * 0x110000));
  }
  return s;
}
