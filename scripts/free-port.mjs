// A free TCP port on 127.0.0.1: `preferred` when it is free, else the next free one after it.
import net from 'node:net';

/** Whether nothing listens on `port` of 127.0.0.1 (nor on every address, which includes it). */
export function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function freePort(preferred, attempts = 100) {
  for (let port = preferred; port < preferred + attempts && port <= 65535; port++) {
    if (await isFree(port)) return port;
  }
  throw new Error(`No free port between ${preferred} and ${preferred + attempts - 1} on 127.0.0.1.`);
}
