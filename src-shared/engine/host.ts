import { transferables, type EngineEvent } from '../protocol/engine';
import { EngineSession } from './session';

/** Anything with the Web's port shape: a Worker's `self`, a MessagePort (browser or Node). */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** Serves an engine session over a port: commands in, events out, snapshot arrays transferred. */
export function hostEngine(endpoint: MessageEndpoint): EngineSession {
  const session = new EngineSession((event: EngineEvent) => endpoint.postMessage(event, transferables(event)));
  endpoint.onmessage = (e) => session.handle(e.data);
  return session;
}
