/**
 * Checks generated Python with Python's own parser, many scripts in one python3 process: each
 * candidate script must parse to the same tree as a reference script made from neutral names,
 * once string literals (and the module's own attribute names) are blanked. Then no name could
 * have added, removed or changed any code: at most it changed what a literal or a comment says.
 */
import { spawnSync } from 'node:child_process';
import { anyPython } from '../python';

const CHECKER = String.raw`
import ast, base64, json, sys

class Blank(ast.NodeTransformer):
    def visit_Constant(self, node):
        return ast.Constant(value='') if isinstance(node.value, str) else node
    def visit_Attribute(self, node):
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id == 'self':
            node.attr = ''
        return node

def tree(b64):
    source = base64.b64decode(b64)  # bytes, decoded as python3 decodes a file (coding cookies included)
    return ast.parse(source)

out = []
for pair in json.load(sys.stdin):
    try:
        reference = tree(pair['reference'])
        candidate = tree(pair['candidate'])
        doc = ast.get_docstring(candidate, clean=False)
        same = ast.dump(Blank().visit(reference)) == ast.dump(Blank().visit(candidate))
        out.append({'same': same, 'docstring': doc})
    except Exception as e:
        out.append({'same': False, 'error': type(e).__name__ + ': ' + str(e)})
json.dump(out, sys.stdout, ensure_ascii=True)
`;

export interface AstVerdict {
  same: boolean;
  docstring?: string | null;
  error?: string;
}

/** Scripts as they land on disk: UTF-8, so a lone surrogate becomes U+FFFD there too. */
const onDisk = (script: string): string => Buffer.from(script, 'utf8').toString('base64');

export function compareAsts(pairs: { reference: string; candidate: string }[]): AstVerdict[] {
  const input = JSON.stringify(pairs.map((p) => ({ reference: onDisk(p.reference), candidate: onDisk(p.candidate) })));
  const r = spawnSync(anyPython().command, ['-c', CHECKER], { input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`The AST checker failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as AstVerdict[];
}
