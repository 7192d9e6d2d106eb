// `node --import ./main-stand-in-register.mjs out/main/index.js`: installs the resolve hook.
import { register } from 'node:module';

register('./main-stand-in-hooks.mjs', import.meta.url);
