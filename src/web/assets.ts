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

export interface BrowserBundle {
  readonly script: string;
  /** Source map with the original TypeScript, fetched by dev tools only (the script names it). */
  readonly sourceMap: string;
}

/**
 * Bundles one browser entry point into a single minified ES module and its source map, so a
 * reviewer can read the original TypeScript in the browser's dev tools while phones download
 * only the code.
 */
export async function bundleBrowserScript(name: string): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [`${browserSourceFolder}${name}.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: 'linked',
    outfile: `${name}.js`,
    write: false,
    logLevel: 'silent',
    legalComments: 'eof',
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!script || !sourceMap) throw new Error(`esbuild produced no script or map for ${name}`);
  return { script: script.text, sourceMap: sourceMap.text };
}

function scriptNameOf(request: Request): string {
  const name = request.params.script;
  if (typeof name !== 'string' || !scriptName.test(name)) throw new NotFoundError(`No asset ${request.path}.`);
  return name;
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

  const bundles = new Map<string, Promise<BrowserBundle>>();
  /** The bundle a request names (404 for a name that is not a browser script of ours). */
  const bundleOf = (request: Request): Promise<BrowserBundle> => {
    const name = scriptNameOf(request);
    let pending = bundles.get(name);
    if (!pending) {
      pending = (async () => {
        try {
          await readFile(`${browserSourceFolder}${name}.ts`);
        } catch {
          throw new NotFoundError(`No asset ${request.path}.`);
        }
        return bundleBrowserScript(name);
      })();
      // A failed build is not cached: the next request tries again.
      pending.catch(() => bundles.delete(name));
      bundles.set(name, pending);
    }
    return pending;
  };

  router.get('/assets/:script.js', async (request, response) => {
    const file = await load(`${scriptNameOf(request)}.js`, async () =>
      asset(Buffer.from((await bundleOf(request)).script, 'utf8'), 'text/javascript; charset=utf-8'),
    );
    send(request, response, file);
  });

  router.get('/assets/:script.js.map', async (request, response) => {
    const file = await load(`${scriptNameOf(request)}.js.map`, async () =>
      asset(Buffer.from((await bundleOf(request)).sourceMap, 'utf8'), 'application/json; charset=utf-8'),
    );
    send(request, response, file);
  });
}
