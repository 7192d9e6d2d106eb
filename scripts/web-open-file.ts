/**
 * `npm start -- xor.nnd` in the browser edition: the preview server serves that one file at
 * /__open/<its name>, and the page (src-renderer/platform/browser.ts) fetches it when its URL
 * says `?open=<its name>`. Nothing else on the disk is reachable: one named file, streamed when
 * asked, with its length first, so the page refuses a file over its limit before it arrives.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

export const OPEN_FILE_ROUTE = '/__open/';

export function webOpenFile(file: string | undefined): Plugin {
  return {
    name: 'nnd-open-file',
    configurePreviewServer(server) {
      if (!file) return;
      const name = path.basename(file);
      server.middlewares.use(OPEN_FILE_ROUTE, (req, res) => {
        const asked = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0]);
        if (req.method !== 'GET' || asked !== name) {
          res.statusCode = 404;
          return void res.end('Not found');
        }
        stat(file).then(
          ({ size }) => {
            res.setHeader('Content-Type', 'application/json; charset=utf-8');
            res.setHeader('Content-Length', String(size));
            res.setHeader('Cache-Control', 'no-store');
            // The file may go between the stat and the read (or the page hang up): end the answer, never the server.
            const stream = createReadStream(file);
            stream.on('error', () => res.destroy());
            res.on('close', () => stream.destroy());
            stream.pipe(res);
          },
          (e: Error) => {
            res.statusCode = 404;
            res.end(`Cannot read ${name}: ${e.message}`);
          },
        );
      });
    },
  };
}
