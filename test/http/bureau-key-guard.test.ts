/**
 * One refusal for keyed work on a server without the bureau's keys (issue 14: the guard was
 * written nine times with four messages): 503, Chinese then English, naming the work.
 */
import { describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys } from '../../src/application/bureau-keys.ts';
import { assertBureauKeys, requireBureauKeys, type KeyedWork } from '../../src/http/bureau-key-guard.ts';
import { HttpError } from '../../src/http/problem.ts';

function refusalOf(work: KeyedWork): HttpError {
  try {
    assertBureauKeys(undefined, work);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`no refusal for ${work}`);
}

describe('the bureau key guard', () => {
  it('refuses keyed work with 503, in Chinese and then English, naming what cannot be done', () => {
    expect(refusalOf('publish')).toMatchObject({ status: 503, detail: '本服务器未配置机关密钥，不能公示。 / This server has no bureau keys configured, so it cannot publish.' });
    expect(refusalOf('freeze_or_draw').detail).toMatch(/^本服务器未配置机关密钥，不能冻结或抽取。 \/ .*cannot freeze or draw\.$/);
    expect(refusalOf('derive_receipt_codes').detail).toContain('不能生成回执码');
  });

  it('passes the keys through when the server has them', () => {
    const keys = createEphemeralBureauKeys();
    expect(requireBureauKeys(keys, 'sign')).toBe(keys);
    expect(() => assertBureauKeys(keys, 'verify')).not.toThrow();
  });
});
