#!/usr/bin/env node
/**
 * Builds the `suiji` CLI into dist/ (run by `npm ci` through the `prepare` script, and by
 * `npm run build`): one esbuild bundle of src/cli/main.ts, split at every dynamic import, so
 * each command's code is a chunk of its own that loads only when the command runs
 * (src/cli/commands.ts). Packages stay in node_modules (external), loaded as they are.
 *
 * Source files that find their data next to themselves (`new URL('../../drizzle',
 * import.meta.url)`: migrations, calendars, the browser verifier's sources) get the URL of
 * their source file instead of the chunk's, so dist/ needs no copies of those folders.
 *
 *   node scripts/build-cli.mjs [OUTDIR]     (default dist/)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Replaces `import.meta.url` in each source file by its own file URL, relative to the chunk. */
function sourceFileUrls(outdir) {
  return {
    name: 'source-file-urls',
    setup(builder) {
      builder.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        // Every chunk sits directly in outdir, so the relative path is the same from each.
        const relative = path.relative(outdir, args.path).split(path.sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

/**
 * Bundles the CLI into `outdir` (absolute or relative to the project); returns esbuild's
 * metafile (which chunk imports what).
 *
 * @example await buildCli('dist') // dist/main.js exports runCli
 */
export async function buildCli(outdir = 'dist') {
  const absoluteOutdir = path.resolve(projectRoot, outdir);
  fs.rmSync(absoluteOutdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: absoluteOutdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceFileUrls(absoluteOutdir)],
  });
  return result.metafile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outdir = process.argv[2] ?? 'dist';
  await buildCli(outdir);
  process.stdout.write(`suiji CLI built into ${outdir}/\n`);
}
