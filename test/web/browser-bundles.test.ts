import { describe, expect, it } from 'vitest';
import { bundleBrowserScript } from '../../src/web/assets.ts';

/** The bundle without its inline source map (which quotes the original sources). */
async function code(name: string): Promise<string> {
  return (await bundleBrowserScript(name)).split('//# sourceMappingURL=')[0] as string;
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
