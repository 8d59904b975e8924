/**
 * Static assets, all served by Suiji (no CDN): the stylesheet, and browser scripts bundled
 * from `src/web/browser/<name>.ts` by esbuild on first request. The verifier script bundles
 * the very same `src/core/verify` the CLI and the server run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Request, Response, Router } from 'express';
import { NotFoundError } from '../http/problem.ts';

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

const browserSourceFolder = fileURLToPath(new URL('./browser/', import.meta.url));
const stylesheetPath = fileURLToPath(new URL('./assets/suiji.css', import.meta.url));
const scriptName = /^[a-z][a-z0-9-]*$/;

function asset(body: Buffer, contentType: string): Asset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/**
 * Bundles one browser entry point into a single ES module (minified, with its source map
 * inline so a reviewer can read the original TypeScript in the browser's dev tools).
 */
export async function bundleBrowserScript(name: string): Promise<string> {
  const result = await build({
    entryPoints: [`${browserSourceFolder}${name}.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
    legalComments: 'eof',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${name}`);
  return output.text;
}

/** Registers GET /assets/suiji.css and GET /assets/<name>.js (bundled once, then cached). */
export function registerAssetRoutes(router: Router): void {
  const cache = new Map<string, Promise<Asset>>();

  const load = (key: string, make: () => Promise<Asset>): Promise<Asset> => {
    let pending = cache.get(key);
    if (!pending) {
      pending = make();
      // A failed build is not cached: the next request tries again.
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    return pending;
  };

  const send = (request: Request, response: Response, file: Asset) => {
    response.set('ETag', file.etag).set('Cache-Control', 'no-cache');
    if (request.get('if-none-match') === file.etag) {
      response.status(304).end();
      return;
    }
    response.type(file.contentType).send(file.body);
  };

  router.get('/assets/suiji.css', async (request, response) => {
    send(request, response, await load('suiji.css', async () => asset(await readFile(stylesheetPath), 'text/css; charset=utf-8')));
  });

  router.get('/assets/:script.js', async (request, response) => {
    const name = request.params.script;
    if (name === undefined || !scriptName.test(name)) throw new NotFoundError(`No asset ${request.path}.`);
    const file = await load(`${name}.js`, async () => {
      try {
        await readFile(`${browserSourceFolder}${name}.ts`);
      } catch {
        throw new NotFoundError(`No asset ${request.path}.`);
      }
      return asset(Buffer.from(await bundleBrowserScript(name), 'utf8'), 'text/javascript; charset=utf-8');
    });
    send(request, response, file);
  });
}
