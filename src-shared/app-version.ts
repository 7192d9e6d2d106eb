/** The app's version, from package.json (the import attribute lets Node's own loader read it too, as Playwright's does). */
import pkg from '../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
