/** Types of build-cli.mjs (plain JavaScript, so `npm ci` runs it without a TypeScript loader). */
import type { Metafile } from 'esbuild';

export function buildCli(outdir?: string): Promise<Metafile>;
