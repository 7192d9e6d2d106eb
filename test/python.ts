/**
 * Which Python the tests run generated scripts with, and a runner that runs many scripts in one
 * process. A machine may have several python3: a pyenv or venv one first on PATH (here NumPy 2.x,
 * no PyTorch) and Debian's /usr/bin/python3 (python3-numpy, python3-torch). The NumPy tests take
 * the first that has NumPy; the PyTorch tests take the first that has real PyTorch, else the
 * NumPy one with the stand-in in test/fixtures/fake-torch. Each says once which it took.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Interpreter {
  /** What the tests run: a command found on PATH or an absolute path. */
  command: string;
  /** sys.executable: the interpreter behind a shim. */
  executable: string;
  python: string;
  numpy: string | null;
  /** The BLAS library NumPy loaded (Linux), else the one it was built with; null when unknown. */
  blas: string | null;
  /** The widest SIMD extension NumPy dispatches to on this CPU. */
  simd: string | null;
  /** Real PyTorch's version; null without it, undefined when not looked for. */
  torch?: string | null;
}

const PROBE = String.raw`
import json, os, platform, sys
info = {'executable': sys.executable, 'python': platform.python_version(), 'numpy': None, 'blas': None, 'simd': None}
try:
    import numpy as np
    info['numpy'] = np.__version__
    np.ones((4, 4)) @ np.ones((4, 4))  # loads the BLAS
    try:
        with open('/proc/self/maps') as maps:
            libs = sorted({os.path.basename(l.split()[-1]) for l in maps if any(k in l.lower() for k in ('blas', 'mkl', 'blis', 'accelerate'))})
        info['blas'] = ', '.join(libs) or None
    except OSError:
        pass
    if info['blas'] is None:
        try:
            b = np.show_config(mode='dicts')['Build Dependencies']['blas']
            info['blas'] = (b.get('name', '') + ' ' + b.get('version', '')).strip() or None
        except Exception:
            pass
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:
        from numpy.core._multiarray_umath import __cpu_features__ as features
    info['simd'] = next((f for f in ('AVX512_SKX', 'AVX512F', 'AVX2', 'SSE42', 'SVE', 'ASIMD', 'VSX3', 'VSX') if features.get(f)), 'baseline')
except ImportError:
    pass
if 'torch' in sys.argv:
    try:
        import torch
        info['torch'] = torch.__version__
    except ImportError:
        info['torch'] = None
print(json.dumps(info))
`;

/** Every python3 on PATH in order, then Debian's and /usr/local's; one per real file. */
function candidates(): string[] {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const seen = new Set<string>();
  const found: string[] = [];
  for (const file of [...dirs.map((d) => path.join(d, 'python3')), '/usr/bin/python3', '/usr/local/bin/python3']) {
    if (!existsSync(file)) continue;
    const real = realpathSync(file);
    if (seen.has(real)) continue;
    seen.add(real);
    found.push(file);
  }
  return found;
}

const probed = new Map<string, Interpreter | null>();
function probe(command: string, withTorch: boolean): Interpreter | null {
  const key = `${command} ${withTorch}`;
  if (!probed.has(key)) {
    const r = spawnSync(command, ['-c', PROBE, ...(withTorch ? ['torch'] : [])], { encoding: 'utf8' });
    probed.set(key, r.status === 0 ? { command, ...(JSON.parse(r.stdout) as Omit<Interpreter, 'command'>) } : null);
  }
  return probed.get(key) ?? null;
}

/** The first candidate, in order, that `fits`; probing stops there. */
function first(withTorch: boolean, fits: (p: Interpreter) => boolean): Interpreter | undefined {
  for (const c of candidates()) {
    const p = probe(c, withTorch);
    if (p && fits(p)) return p;
  }
  return undefined;
}

export function describeInterpreter(p: Interpreter): string {
  const where = p.command === p.executable ? p.command : `${p.command} (${p.executable})`;
  const numpy = p.numpy ? `NumPy ${p.numpy}${p.blas ? `, BLAS ${p.blas}` : ''}${p.simd ? `, SIMD ${p.simd}` : ''}` : 'no NumPy';
  return `${where}, Python ${p.python}, ${numpy}`;
}

let anyChosen: Interpreter | undefined;
/** Any python3 (the AST checks need nothing else). */
export function anyPython(): Interpreter {
  if (anyChosen) return anyChosen;
  anyChosen = first(false, () => true);
  if (!anyChosen) throw new Error('No python3 found: install it (Debian: apt-get install python3) to run the export checks');
  console.log(`Python's parser: ${describeInterpreter(anyChosen)}`);
  return anyChosen;
}

let numpyChosen: Interpreter | undefined;
/** The first python3 that has NumPy. */
export function numpyPython(): Interpreter {
  if (!numpyChosen) {
    numpyChosen = first(false, (p) => p.numpy !== null);
    if (!numpyChosen) throw new Error('No python3 with NumPy found: install it (Debian: apt-get install python3-numpy) to run the export tests');
    console.log(`NumPy scripts run with ${describeInterpreter(numpyChosen)}`);
  }
  return numpyChosen;
}

let onnxChosen: { command: string; onnx: string } | undefined;
/** The first python3 with the onnx package (Debian: python3-onnx), for onnx.checker. */
export function onnxPython(): { command: string; onnx: string } {
  if (!onnxChosen) {
    for (const command of candidates()) {
      const r = spawnSync(command, ['-c', 'import onnx; print(onnx.__version__)'], { encoding: 'utf8' });
      if (r.status === 0) {
        onnxChosen = { command, onnx: r.stdout.trim() };
        break;
      }
    }
    if (!onnxChosen) throw new Error('No python3 with the onnx package found: install it (Debian: apt-get install python3-onnx) to check the ONNX exports');
    console.log(`ONNX models are checked with ${onnxChosen.command}, onnx ${onnxChosen.onnx}`);
  }
  return onnxChosen;
}

export interface TorchPython {
  interpreter: Interpreter;
  /** Real PyTorch, or the NumPy stand-in of the calls the export makes. */
  real: boolean;
  /** The environment to run the scripts in (PYTHONPATH points at the stand-in when not real). */
  env: NodeJS.ProcessEnv;
  /** One line for test titles and logs. */
  label: string;
}

export const FAKE_TORCH = path.resolve(import.meta.dirname, 'fixtures/fake-torch');

let torchChosen: TorchPython | undefined;
/** Real PyTorch where any python3 here has it (with NumPy, which the scripts import too), else the stand-in. */
export function torchPython(): TorchPython {
  if (!torchChosen) {
    const real = first(true, (p) => p.numpy !== null && p.torch != null);
    if (real) {
      torchChosen = { interpreter: real, real: true, env: process.env, label: `real PyTorch ${real.torch}` };
    } else {
      const interpreter = numpyPython();
      const stale = process.env.PYTHONPATH ? `${path.delimiter}${process.env.PYTHONPATH}` : '';
      torchChosen = { interpreter, real: false, env: { ...process.env, PYTHONPATH: `${FAKE_TORCH}${stale}` }, label: 'the NumPy stand-in for PyTorch, as no python3 here has torch' };
    }
    console.log(`PyTorch scripts run with ${torchChosen.label}: ${describeInterpreter(torchChosen.interpreter)}`);
  }
  return torchChosen;
}

// Runs each script as `python3 file.py` would (its own globals, __name__ == '__main__'), with its
// printed lines captured; the loss of each printed epoch at full precision (the NumPy scripts'
// loop prints `epoch_loss / n` rounded to 6 decimals, so `print` reads it from the caller); and the
// named globals as flat lists of floats.
const RUNNER = String.raw`
import builtins, contextlib, io, json, math, sys, traceback

def number(v):
    v = float(v)
    return v if math.isfinite(v) else ('NaN' if v != v else ('Infinity' if v > 0 else '-Infinity'))

results = []
for job in json.load(sys.stdin):
    out, losses = io.StringIO(), []
    def hooked_print(*args, **kwargs):
        caller = sys._getframe(1).f_locals
        if args and str(args[0]).startswith('Epoch') and 'epoch_loss' in caller and 'n' in caller:
            losses.append(number(caller['epoch_loss'] / caller['n']))
        builtins.print(*args, **kwargs)
    g = {'__name__': '__main__', '__file__': job['file'], 'print': hooked_print}
    result = {'name': job['name']}
    try:
        with open(job['file'], 'rb') as f:
            code = compile(f.read(), job['file'], 'exec')
        with contextlib.redirect_stdout(out):
            exec(code, g)
        import numpy as np
        result['globals'] = {k: [number(v) for v in np.asarray(g[k], dtype=float).ravel()] for k in job['read'] if k in g}
    except BaseException:
        result['error'] = traceback.format_exc()
    result['stdout'] = out.getvalue()
    result['losses'] = losses
    results.append(result)
json.dump(results, sys.stdout)
`;

export interface ScriptJob {
  name: string;
  source: string;
  /** Globals to read after the run (weights, `predictions`). */
  read?: string[];
}

export interface ScriptRun {
  name: string;
  file: string;
  lines: string[];
  /** The loss of each epoch the script printed, at full precision (empty if it prints none). */
  losses: number[];
  globals: Record<string, number[]>;
}

const scriptDir = mkdtempSync(path.join(tmpdir(), 'nnd-py-'));

/**
 * Runs the scripts in one python process (one start-up, one import of NumPy or PyTorch for all),
 * each once: callers run a suite's scripts in its beforeAll and the tests read the results.
 * No timeout of its own: how long it takes depends on the machine's load.
 */
export function runScripts(python: string, jobs: ScriptJob[], env: NodeJS.ProcessEnv = process.env): Promise<Map<string, ScriptRun>> {
  const files = jobs.map((j) => {
    const file = path.join(scriptDir, `${j.name.replace(/[^\w-]+/g, '_')}.py`);
    writeFileSync(file, j.source);
    return file;
  });
  const input = JSON.stringify(jobs.map((j, i) => ({ name: j.name, file: files[i], read: j.read ?? [] })));
  return new Promise((resolve, reject) => {
    const child = execFile(python, ['-c', RUNNER], { env, encoding: 'utf8', maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${python} failed to run the scripts: ${err.message}\n${stderr}`));
      const raw = JSON.parse(stdout) as { name: string; stdout: string; losses: (number | string)[]; globals?: Record<string, (number | string)[]>; error?: string }[];
      const runs = new Map<string, ScriptRun>();
      raw.forEach((r, i) => {
        if (r.error) return reject(new Error(`${files[i]} failed:\n${r.error}\nIt printed:\n${r.stdout}`));
        const globals = Object.fromEntries(Object.entries(r.globals ?? {}).map(([k, v]) => [k, v.map(Number)]));
        runs.set(r.name, { name: r.name, file: files[i], lines: r.stdout.trimEnd().split('\n'), losses: r.losses.map(Number), globals });
      });
      resolve(runs);
    });
    child.stdin?.end(input);
  });
}
