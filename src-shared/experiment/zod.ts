/**
 * zod, configured once for every runtime: `jitless`, so it never probes for eval with
 * `new Function("")`. The app's pages forbid eval (CSP without 'unsafe-eval'), and a strict CSP
 * reports the probe as a violation even though zod swallows the error. The setting is read when
 * a schema is made, so every module of src-shared takes zod from here, never from 'zod' itself.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
