// `node --import ./test/support/log-loaded-modules.mjs …`: appends the URL of every module
// the process loads through `import` to the file named by SUIJI_LOADED_MODULES (one a line),
// so a test can see which packages a command pulled in.
import { register } from 'node:module';

register('./loaded-modules-hooks.mjs', import.meta.url, { data: { log: process.env.SUIJI_LOADED_MODULES } });
