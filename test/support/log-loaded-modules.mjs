// `node --import ./test/support/log-loaded-modules.mjs …`: appends the URL of every module
// the process loads through `import` to the file named by SUIJI_LOADED_MODULES (one a line),
// so a test can see which packages a command pulled in.
import fs from 'node:fs';
import * as nodeModule from 'node:module';

const log = process.env.SUIJI_LOADED_MODULES;
if (typeof nodeModule.registerHooks === 'function') {
  // Node 22.15+: synchronous hooks on this thread (Node 26 warns that module.register() is deprecated).
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (log) fs.appendFileSync(log, `${resolved.url}\n`);
      return resolved;
    },
  });
} else {
  nodeModule.register('./loaded-modules-hooks.mjs', import.meta.url, { data: { log } });
}
