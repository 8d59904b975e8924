/**
 * The one refusal for work that needs the bureau's keys (signatures, salts, receipt codes)
 * on a server started without them: 503, in Chinese and English, naming what cannot be done.
 * API routes and console pages share it, so the same missing key reads the same everywhere.
 */
import type { BureauKeys } from '../application/bureau-keys.ts';
import { HttpError } from './problem.ts';

/** What cannot be done without the keys, as the refusal names it (Chinese, English). */
const KEYED_WORK = {
  freeze_or_draw: ['冻结或抽取', 'freeze or draw'],
  publish: ['公示', 'publish'],
  sign: ['签名', 'sign'],
  derive_receipt_codes: ['生成回执码', 'derive receipt codes'],
  verify: ['核验抽取记录', 'verify a draw'],
} as const satisfies Record<string, readonly [string, string]>;

export type KeyedWork = keyof typeof KEYED_WORK;

/**
 * Narrows `keys` to the bureau's keys, or refuses the request with 503.
 *
 * @example assertBureauKeys(deps.bureauKeys, 'publish') // throws HttpError 503 "本服务器未配置机关密钥，不能公示。 / …" without keys
 */
export function assertBureauKeys(keys: BureauKeys | undefined, work: KeyedWork): asserts keys is BureauKeys {
  if (keys) return;
  const [zh, en] = KEYED_WORK[work];
  throw new HttpError(503, `本服务器未配置机关密钥，不能${zh}。 / This server has no bureau keys configured, so it cannot ${en}.`);
}

/**
 * The bureau's keys, or a 503 refusal: `assertBureauKeys` as an expression.
 *
 * @example await freezeTask(database, requireBureauKeys(deps.bureauKeys, 'freeze_or_draw'), code, options)
 */
export function requireBureauKeys(keys: BureauKeys | undefined, work: KeyedWork): BureauKeys {
  assertBureauKeys(keys, work);
  return keys;
}
