/**
 * The browser tests' server port (scripts/e2e-port.mjs, used by playwright.config.ts): never a port
 * another program answers on, so the tests cannot run against something that is not this build.
 */
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHOSEN_PORT_VARIABLE, e2ePort } from '../../scripts/e2e-port.mjs';

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** Another program: an HTTP server that answers every request, on `host` (every address when omitted). */
function foreignServer(port = 0, host?: string): Promise<number> {
  const server = http.createServer((_req, res) => res.end('<title>Some other program</title>'));
  servers.push(server);
  return new Promise((resolve) => server.listen({ port, host }, () => resolve((server.address() as net.AddressInfo).port)));
}

describe('the port of the browser tests’ server', () => {
  it('moves past a port another program answers on, and hands the choice to the workers', async () => {
    const taken = await foreignServer(0, '127.0.0.1');
    const env: Record<string, string | undefined> = {};
    const port = await e2ePort(env, taken);
    expect(port).not.toBe(taken);
    expect(env[CHOSEN_PORT_VARIABLE]).toBe(String(port));
    // Really free: our server can listen there.
    await expect(foreignServer(port, '127.0.0.1')).resolves.toBe(port);
  });

  it('also moves past a program that listens on every address', async () => {
    const taken = await foreignServer();
    expect(await e2ePort({}, taken)).not.toBe(taken);
  });

  it('refuses a port named in NND_E2E_PORT that another program holds, naming it and the fix', async () => {
    const taken = await foreignServer(0, '127.0.0.1');
    const env: Record<string, string | undefined> = { NND_E2E_PORT: String(taken) };
    await expect(e2ePort(env)).rejects.toThrow(new RegExp(`NND_E2E_PORT=${taken}: another program already listens on 127\\.0\\.0\\.1:${taken}\\..*unset NND_E2E_PORT`));
    expect(env[CHOSEN_PORT_VARIABLE]).toBeUndefined();
  });

  it('takes a free port NND_E2E_PORT names, and refuses what is not a port', async () => {
    const free = await foreignServer(0, '127.0.0.1');
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(await e2ePort({ NND_E2E_PORT: String(free) })).toBe(free);
    for (const bad of ['0', '65536', '43e2', 'http']) await expect(e2ePort({ NND_E2E_PORT: bad })).rejects.toThrow(`NND_E2E_PORT=${bad}: expected a port number from 1 to 65535.`);
  });

  it('a worker keeps the runner’s choice, though the server now listens there', async () => {
    const ours = await foreignServer(0, '127.0.0.1');
    expect(await e2ePort({ [CHOSEN_PORT_VARIABLE]: String(ours) })).toBe(ours);
  });

  it('playwright.config.ts serves on that port, never reuses a server, and fails rather than move', () => {
    const config = readFileSync(path.resolve(import.meta.dirname, '../../playwright.config.ts'), 'utf8');
    expect(config).toMatch(/const PORT = await e2ePort\(\)/);
    expect(config).toMatch(/reuseExistingServer: false/);
    expect(config).toMatch(/--port \$\{PORT\} --strictPort/);
  });
});
