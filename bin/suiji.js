#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm ci` or `npm run build`). Without dist/ (a checkout
// where nothing was built yet), it says so and runs the TypeScript sources through tsx, which
// works but starts seconds slower.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main.js', import.meta.url);
if (fs.existsSync(built)) {
  const { runCliProcess } = await import(built.href);
  await runCliProcess();
} else {
  process.stderr.write('suiji: 未找到构建的 dist/ (请运行 npm run build)，改用 tsx 运行源码，启动较慢 / dist/ is not built (run npm run build); running the sources through tsx, which starts slower\n');
  const entry = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
