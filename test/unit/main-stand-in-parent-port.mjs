/**
 * `node --import ./main-stand-in-parent-port.mjs out/main/engine-process.js`: runs the built engine
 * entry through its Electron utility-process branch. Gives the process what Electron 45 gives a
 * utility process (docs/api/parent-port.md, message-port-main.md):
 * - `process.parentPort`, an EventEmitter whose 'message' events carry `{ data, ports }` and
 *   whose postMessage(message) goes to the parent (here: the test, over the fork's IPC channel);
 * - main's first message, `{ type: 'connect' }` with one MessagePortMain in `ports`, held
 *   until a 'message' listener is registered ("queued up until a handler is registered");
 * - that port queues messages until `start()` is called, as MessagePortMain does.
 * The test talks to the port with `{ port: command }` and hears `{ port: event }` and
 * `{ parent: message }` back.
 */
import { EventEmitter } from 'node:events';

class MessagePortMain extends EventEmitter {
  #started = false;
  #queue = [];
  postMessage(message) {
    process.send({ port: message });
  }
  start() {
    this.#started = true;
    for (const event of this.#queue.splice(0)) this.emit('message', event);
  }
  close() {}
  deliver(data) {
    const event = { data, ports: [] };
    if (this.#started) this.emit('message', event);
    else this.#queue.push(event);
  }
}

const port = new MessagePortMain();
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => process.send({ parent: message });
Object.defineProperty(process, 'parentPort', { value: parentPort });

process.on('message', (message) => {
  if (message && 'port' in message) port.deliver(message.port);
});
// Main's connect message waits, as Electron's do, until the entry listens for messages.
parentPort.once('newListener', (event) => {
  if (event === 'message') setImmediate(() => parentPort.emit('message', { data: { type: 'connect' }, ports: [port] }));
});
