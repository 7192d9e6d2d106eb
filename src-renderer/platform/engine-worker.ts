/** The browser edition's engine: the same engine session the desktop runs, in a Web Worker. */
import { hostEngine, type MessageEndpoint } from '../../src-shared/engine/host';

hostEngine(self as unknown as MessageEndpoint); // a worker's global scope has exactly the port shape
