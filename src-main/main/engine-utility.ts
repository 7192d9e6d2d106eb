import { MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import { describeExit, type EngineLink } from '../../src-shared/engine/engine-host';
import { isWorkloadNote } from '../../src-shared/engine/restart-policy';

/**
 * The utility process's `serviceName`: shown in the OS task manager, and the `name` of its entry
 * in `app.getAppMetrics()` (whose own `serviceName` is Electron's "node.mojom.NodeService").
 */
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
      // A utility process's exit code is always a number (waitpid / GetExitCodeProcess).
      onExit: (listener) => void child.on('exit', (code: number) => listener(describeExit(code))),
      // The training traffic goes over the port, past main; the engine tells main what it works on.
      onWorkload: (listener) =>
        void child.on('message', (message: unknown) => {
          if (isWorkloadNote(message)) listener(message.key);
        }),
    },
    rendererPort: port2,
  };
}
