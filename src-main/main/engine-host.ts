/** A running engine process, whatever started it (Electron's utilityProcess, or Node's fork in tests). */
export interface EngineProcess {
  readonly pid: number | undefined;
  kill(): void;
  onExit(listener: (code: number | null) => void): void;
}

/** A fresh engine and the end of its message channel that belongs to the renderer. */
export interface EngineLink<Port> {
  process: EngineProcess;
  rendererPort: Port;
}

export interface EngineRestart {
  reason: string;
  /** True when the engine crashed again right after a restart: it is not started a third time. */
  gaveUp: boolean;
}

export interface EngineHostOptions<Port> {
  /** Starts an engine process and connects it to a new channel. */
  spawn(): EngineLink<Port>;
  /** Hands the renderer its end of the channel. */
  deliverPort(port: Port): void;
  notifyRestart(info: EngineRestart): void;
  /** Two crashes closer together than this are "in a row". */
  crashWindowMs?: number;
  now?: () => number;
}

export const CRASH_WINDOW_MS = 10_000;

/**
 * Keeps one engine process alive for the window. If it dies unexpectedly a new one is started and
 * the renderer gets a new port (it reloads its design there); if the new one dies too within
 * `crashWindowMs`, the renderer is told that the engine gave up instead of looping forever.
 */
export class EngineHost<Port> {
  private current: EngineProcess | null = null;
  private lastCrashAt = Number.NEGATIVE_INFINITY;
  private readonly crashWindowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: EngineHostOptions<Port>) {
    this.crashWindowMs = options.crashWindowMs ?? CRASH_WINDOW_MS;
    this.now = options.now ?? Date.now;
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
    this.lastCrashAt = Number.NEGATIVE_INFINITY;
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
    process.onExit((code) => this.exited(process, code));
    this.options.deliverPort(rendererPort);
  }

  private exited(process: EngineProcess, code: number | null): void {
    if (process !== this.current) return; // stopped on purpose, or already replaced
    this.current = null;
    const reason = `The training engine stopped unexpectedly (${code === null ? 'killed' : `exit code ${code}`}).`;
    const at = this.now();
    if (at - this.lastCrashAt < this.crashWindowMs) {
      this.options.notifyRestart({ reason, gaveUp: true });
      return;
    }
    this.lastCrashAt = at;
    this.options.notifyRestart({ reason, gaveUp: false });
    try {
      this.launch();
    } catch (e) {
      this.options.notifyRestart({ reason: `The training engine could not be restarted: ${(e as Error).message}`, gaveUp: true });
    }
  }
}
