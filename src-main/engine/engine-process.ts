/**
 * The engine's process entry: it serves one engine session (src-shared/engine) over whatever
 * channel its parent offers.
 * - In the app it is an Electron utility process: main sends one MessagePort, shared with the
 *   renderer, and all training traffic flows over it without passing through main.
 *   Before it starts on a `load`, it tells main which setup that is (a WorkloadNote on
 *   `parentPort`), so the restart policy can tell a design that crashes it every time.
 * - Under plain Node (`child_process.fork`, used by tests and for debugging) it talks over the
 *   fork's IPC channel instead; start the fork with `serialization: 'advanced'` so typed arrays
 *   survive.
 */
import type { MessagePortMain, ParentPort } from 'electron';
import { EngineSession } from '../../src-shared/engine/session';
import { workloadNote } from '../../src-shared/engine/restart-policy';

const parentPort = (process as { parentPort?: ParentPort }).parentPort;

if (parentPort) {
  parentPort.once('message', (event) => {
    const port: MessagePortMain | undefined = event.ports[0];
    if (!port) throw new Error('The engine process expected a message port from main');
    // MessagePortMain transfers only ports, so snapshot arrays are copied (structured clone).
    const session = new EngineSession((engineEvent) => port.postMessage(engineEvent));
    port.on('message', (message) => {
      // Told before the work starts: if this setup brings the process down, main knows which it was.
      const note = workloadNote(message.data);
      if (note) parentPort.postMessage(note);
      session.handle(message.data);
    });
    port.start();
  });
} else if (process.send) {
  const send = process.send.bind(process);
  const session = new EngineSession((engineEvent) => void send(engineEvent));
  process.on('message', (message) => session.handle(message));
  // The parent going away ends the engine, as closing the app ends the utility process.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('engine-process runs as an Electron utility process or a Node fork with an IPC channel.');
  process.exit(2);
}
