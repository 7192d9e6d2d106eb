// The port of the browser tests' own server. A fixed port with Playwright's reuseExistingServer
// would run every test against whatever already answers there: another program, or an old build.
// So the runner takes a free port (4317 when it is free, else the next free one), or the one
// NND_E2E_PORT names if nothing listens on it, and its workers inherit the choice.
import { freePort, isFree } from './free-port.mjs';

export const DEFAULT_E2E_PORT = 4317;
/** Set by the runner for its worker processes, which load the config again while the server listens. */
export const CHOSEN_PORT_VARIABLE = 'NND_E2E_CHOSEN_PORT';

/**
 * The port for the test server, recorded in `env` for the workers. Throws, naming the port and
 * the fix, when NND_E2E_PORT is not a port number or another program already listens on it.
 */
export async function e2ePort(env = process.env, preferred = DEFAULT_E2E_PORT) {
  const chosen = env[CHOSEN_PORT_VARIABLE];
  if (chosen) return Number(chosen);
  const named = env.NND_E2E_PORT;
  let port;
  if (named) {
    port = Number(named);
    if (!/^\d+$/.test(named) || port < 1 || port > 65535) throw new Error(`NND_E2E_PORT=${named}: expected a port number from 1 to 65535.`);
    if (!(await isFree(port))) {
      throw new Error(
        `NND_E2E_PORT=${named}: another program already listens on 127.0.0.1:${port}. The browser tests start and test their own server; ` +
          'stop that program, or unset NND_E2E_PORT to take a free port.',
      );
    }
  } else {
    port = await freePort(preferred);
  }
  env[CHOSEN_PORT_VARIABLE] = String(port);
  return port;
}
