import { MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import type { EngineLink } from './engine-host';

/** Shown in the task manager and in `app.getAppMetrics()` (the Electron tests find it by this). */
export const ENGINE_SERVICE_NAME = 'NN Designer engine';

/** Forks the engine as an Electron utility process and gives it one end of a new channel. */
export function forkUtilityEngine(entry: string): EngineLink<MessagePortMain> {
  const child = utilityProcess.fork(entry, [], { serviceName: ENGINE_SERVICE_NAME, stdio: 'inherit' });
  const { port1, port2 } = new MessageChannelMain();
  // Queued by Electron until the child is running.
  child.postMessage({ type: 'connect' }, [port1]);
  return {
    process: {
      get pid() {
        return child.pid;
      },
      kill: () => void child.kill(),
      onExit: (listener) => void child.on('exit', listener),
    },
    rendererPort: port2,
  };
}
