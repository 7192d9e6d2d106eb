import { RestartPolicy, type EngineRestart } from './restart-policy';

/**
 * A running engine, whatever started it: Electron's utilityProcess (desktop), a Web Worker
 * (browser edition), Node's fork (tests).
 */
export interface EngineProcess {
  readonly pid: number | undefined;
  kill(): void;
  /** Called once when it ends by itself; `how` completes "stopped unexpectedly (…)": "exit code 1", "killed". */
  onExit(listener: (how: string) => void): void;
  /** Called when it starts on new work (`workloadKey` of the setup it loaded), where the process can tell. */
  onWorkload?(listener: (key: string) => void): void;
}

/** A fresh engine and the end of its channel that belongs to the page. */
export interface EngineLink<Port> {
  process: EngineProcess;
  rendererPort: Port;
}

export interface EngineHostOptions<Port> {
  /** Starts an engine and connects it to a new channel. */
  spawn(): EngineLink<Port>;
  /** Hands the page its end of the channel. */
  deliverPort(port: Port): void;
  notifyRestart(info: EngineRestart): void;
  policy?: RestartPolicy;
}

/** How a child process ended, in words (Node's exit code, or the signal that killed it). */
export function describeExit(code: number | null, signal?: string | null): string {
  if (code !== null) return `exit code ${code}`;
  return signal && signal !== 'SIGKILL' ? `killed by ${signal}` : 'killed';
}

/**
 * Keeps one engine alive for a page. If it dies unexpectedly a new one is started and the page
 * gets a new port (it loads its design there again), unless the restart policy sees a crash loop:
 * then the page is told the engine gave up, and why, and a new one starts only when asked.
 */
export class EngineHost<Port> {
  private current: EngineProcess | null = null;
  private workload: string | null = null;
  private readonly policy: RestartPolicy;

  constructor(private readonly options: EngineHostOptions<Port>) {
    this.policy = options.policy ?? new RestartPolicy();
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** A fresh engine for a freshly loaded page (or after giving up, when the user asks again). */
  start(): void {
    this.stop();
    this.policy.reset();
    this.launch();
  }

  /** Ends the engine on purpose (quitting, reloading): no restart follows. */
  stop(): void {
    const process = this.current;
    this.current = null;
    process?.kill();
  }

  private launch(): void {
    const { process, rendererPort } = this.options.spawn();
    this.current = process;
    this.workload = null;
    process.onExit((how) => this.exited(process, how));
    process.onWorkload?.((key) => {
      if (process === this.current) this.workload = key;
    });
    this.options.deliverPort(rendererPort);
  }

  private exited(process: EngineProcess, how: string): void {
    if (process !== this.current) return; // stopped on purpose, or already replaced
    this.current = null;
    const reason = `The training engine stopped unexpectedly (${how}).`;
    const verdict = this.policy.crashed(this.workload);
    if (!verdict.restart) {
      this.options.notifyRestart({ reason: `${reason} ${verdict.why}`, gaveUp: true });
      return;
    }
    // Before the new port: both editions drop the dead engine's port on this notice and keep what
    // the page sends (it loads its run again at once) until the new port is delivered.
    this.options.notifyRestart({ reason, gaveUp: false });
    try {
      this.launch();
    } catch (e) {
      this.options.notifyRestart({ reason: `The training engine could not be restarted: ${(e as Error).message}`, gaveUp: true });
    }
  }
}
