/** scripts/web-open-file.ts: the preview server offers the one file `npm start -- file.nnd` named, and nothing else. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { OPEN_FILE_ROUTE, webOpenFile } from '../../scripts/web-open-file';

const dir = mkdtempSync(path.join(tmpdir(), 'nnd-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Handler = (req: { url?: string; method?: string }, res: FakeResponse) => void;

/** A response as connect hands it over: a writable stream with a status and headers. */
class FakeResponse extends Writable {
  statusCode = 200;
  readonly headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  readonly body = new Promise<string>((resolve) => this.on('finish', () => resolve(Buffer.concat(this.chunks).toString('utf8'))));
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
}

/** The middleware the plugin installs, and a request to it. */
function serve(file: string | undefined) {
  let route = '';
  let handler: Handler | null = null;
  const server = { middlewares: { use: (r: string, h: Handler) => ((route = r), (handler = h)) } };
  (webOpenFile(file).configurePreviewServer as (s: unknown) => void)(server);
  return {
    route: () => route,
    installed: () => handler !== null,
    get(url: string, method = 'GET'): FakeResponse {
      const res = new FakeResponse();
      handler!({ url, method }, res);
      return res;
    },
  };
}

describe('the file named on the command line, in the browser edition', () => {
  const file = path.join(dir, 'my net.nnd');
  writeFileSync(file, '{"format":"nn-designer-experiment"}');

  it('is served under its name only', async () => {
    const server = serve(file);
    expect(server.route()).toBe(OPEN_FILE_ROUTE);
    const ok = server.get('/my%20net.nnd');
    expect(await ok.body).toBe('{"format":"nn-designer-experiment"}');
    expect(ok.statusCode).toBe(200);
    for (const other of ['/other.nnd', '/..%2F..%2Fetc%2Fpasswd', '/my%20net.nnd/../../package.json']) {
      const res = server.get(other);
      await res.body;
      expect(res.statusCode).toBe(404);
    }
    const post = server.get('/my%20net.nnd', 'POST');
    await post.body;
    expect(post.statusCode).toBe(404);
  });

  it('sends a file’s length before its bytes, so the page can refuse a huge one unread', async () => {
    const big = path.join(dir, 'big.nnd');
    writeFileSync(big, '');
    truncateSync(big, 600 * 1024 * 1024); // sparse: no 600 MB on the disk
    const res = serve(big).get('/big.nnd');
    await vi.waitFor(() => expect(res.headers['content-length']).toBe(String(600 * 1024 * 1024)), { interval: 1 });
    res.destroy(); // the page hangs up, as it does for a file over its limit
  });

  it('a file gone between the stat and the read ends that answer, not the server', async () => {
    const gone = path.join(dir, 'gone.nnd');
    writeFileSync(gone, '{}');
    const res = serve(gone).get('/gone.nnd');
    rmSync(gone);
    await new Promise<void>((resolve) => res.on('close', () => resolve()));
    expect(res.destroyed).toBe(true);
  });

  it('installs nothing when no file was named', () => {
    expect(serve(undefined).installed()).toBe(false);
  });
});
