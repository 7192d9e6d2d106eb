/** `npm start` in the browser edition when its usual port is taken: it picks the next free one instead of failing. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { freePort } from '../../scripts/free-port.mjs';
// @ts-expect-error -- a plain .mjs script without type declarations
import { announceWhenServing, appArguments, fileArgument } from '../../scripts/start.mjs';
import http from 'node:http';

const pick = freePort as (preferred: number) => Promise<number>;
const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function occupy(port = 0): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  return new Promise((resolve) => server.listen({ port, host: '127.0.0.1' }, () => resolve((server.address() as net.AddressInfo).port)));
}

describe('a port for the browser edition', () => {
  it('keeps the preferred port when it is free', async () => {
    const port = await occupy();
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(await pick(port)).toBe(port);
  });

  it('moves past a taken one (another program on 4173, say)', async () => {
    const taken = await occupy();
    const chosen = await pick(taken);
    expect(chosen).toBeGreaterThan(taken);
    await expect(occupy(chosen)).resolves.toBe(chosen); // really free
  });
});

describe('the file `npm start -- file.nnd` names', () => {
  const args = appArguments as (argv: string[], callerDir: string) => string[];
  const file = fileArgument as (args: string[]) => string | null;

  it('is taken relative to the folder the command was typed in, not the project folder', () => {
    expect(args(['nets/xor.nnd', '--no-sandbox', 'file:///data/and.nnd'], '/home/ada')).toEqual(['/home/ada/nets/xor.nnd', '--no-sandbox', 'file:///data/and.nnd']);
    expect(file(args(['a.nnd', 'b.NND'], '/w'))).toBe('/w/b.NND');
    expect(file(['--inspect'])).toBeNull();
  });
});

describe('the address `npm start` prints for the browser edition', () => {
  const announce = announceWhenServing as (url: string, say: () => void, options?: { timeoutMs?: number; intervalMs?: number }) => Promise<boolean>;

  it('is printed once the server answers, not while it is still starting', async () => {
    const port = await occupy().then((p) => (servers.pop()!.close(), p));
    const said: number[] = [];
    let listening = 0;
    const server = http.createServer((_req, res) => res.end('ok'));
    setTimeout(() => server.listen(port, '127.0.0.1', () => (listening = Date.now())), 400);
    try {
      const answered = await announce(`http://127.0.0.1:${port}/`, () => said.push(Date.now()), { timeoutMs: 5000, intervalMs: 50 });
      expect(answered).toBe(true);
      expect(said).toHaveLength(1);
      expect(listening).toBeGreaterThan(0);
      expect(said[0]).toBeGreaterThanOrEqual(listening);
    } finally {
      server.close();
    }
  });

  it('is not printed at all when nothing answers in time', async () => {
    const port = await occupy().then((p) => (servers.pop()!.close(), p));
    const said: number[] = [];
    expect(await announce(`http://127.0.0.1:${port}/`, () => said.push(1), { timeoutMs: 300, intervalMs: 50 })).toBe(false);
    expect(said).toEqual([]);
  });
});
