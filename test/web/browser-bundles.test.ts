import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { bundleBrowserScript } from '../../src/web/assets.ts';
import { createTestApp } from '../http/fixtures.ts';

/** The bundle's code, without the line naming its source map. */
async function code(name: string): Promise<string> {
  return (await bundleBrowserScript(name)).script.split('//# sourceMappingURL=')[0] as string;
}

describe('browser bundles of the verifier', () => {
  it.each(['verify', 'receipt'])('%s bundles src/core/verify and never evaluates strings as code', async (name) => {
    const bundle = await code(name);
    expect(bundle).toContain('suiji.draw-record/1');
    expect(bundle).toContain('suiji.tree-head/1');
    expect(bundle).not.toMatch(/\beval\(/);
    expect(bundle).not.toMatch(/new Function\b/);
  }, 60_000);

  it.each(['verify', 'receipt'])('%s turns zod\'s compiled parsers off before any schema is built (the CSP has no unsafe-eval)', async (name) => {
    const bundle = await code(name);
    const jitless = bundle.indexOf('jitless:!0');
    expect(jitless).toBeGreaterThan(0);
    expect(jitless).toBeLessThan(bundle.indexOf('"suiji.draw-record/1"'));
  }, 60_000);
});

describe('GET /assets/<script>.js', () => {
  it('serves the minified verifier with its source map beside it, not inside it', async () => {
    const { app, database } = await createTestApp();
    try {
      const script = await supertest(app).get('/assets/verify.js');
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect(script.text.trimEnd().endsWith('//# sourceMappingURL=verify.js.map')).toBe(true);
      // The code alone: phones should not download the original sources.
      expect(script.text.length).toBeLessThan(1_000_000);
      const map = await supertest(app).get('/assets/verify.js.map');
      expect(map.status).toBe(200);
      const sources = (JSON.parse(map.text) as { sources: string[] }).sources;
      expect(sources.some((source) => source.endsWith('core/verify/verify-record.ts'))).toBe(true);
      expect((await supertest(app).get('/assets/no-such-script.js')).status).toBe(404);
      expect((await supertest(app).get('/assets/..%2Fhtml.js')).status).toBe(404);
    } finally {
      await database.close();
    }
  }, 60_000);
});
