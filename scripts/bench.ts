/**
 * `npm run bench [-- NAME ...]`: runs every benchmark in scripts/bench/ (or the named ones),
 * each in its own process so one's memory never disturbs another's figures, and prints
 * their markdown reports one after another.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('./bench', import.meta.url));
const wanted = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
const passThrough = process.argv.slice(2).filter((argument) => argument.startsWith('-'));
const names = fs
  .readdirSync(folder)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

let failed = 0;
for (const name of names) {
  process.stdout.write(`\n## ${name}\n\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(folder, `${name}.ts`), ...passThrough], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
