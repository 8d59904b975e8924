/**
 * Sign-in of an enterprise with its unified social credit code (统一社会信用代码) and the
 * receipt code of one of its draw receipts. Enterprises have no stored account: the receipt
 * is the credential, checked as reading a receipt checks it.
 */
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Executor } from '../../persistence/database.ts';
import type { BureauKeys } from '../bureau-keys.ts';
import { buildReceipt, holdsReceiptCode, listPublishedDraws } from '../draw-publication.ts';

/**
 * Whether the enterprise holds this receipt code for one of its receipts in any drawn task:
 * the same check as reading a receipt (the code derived for the task and enterprise,
 * compared in constant time, then the membership). Every drawn task's code is compared, so
 * the time does not depend on which task matched.
 *
 * @example await verifyEnterpriseLogin(db, keys, '91350100M000100Y43', 'K7QD-3M9X-PA2F-8HZT') // ok('91350100M000100Y43')
 */
export async function verifyEnterpriseLogin(db: Executor, keys: BureauKeys, creditCode: string, receiptCode: string): Promise<Result<string, { readonly code: 'login_failed' }>> {
  const code = normaliseCreditCode(creditCode);
  if (!/^[0-9A-Z]{18}$/.test(code) || receiptCode.trim() === '' || receiptCode.length > 64) return err({ code: 'login_failed' });
  const drawn = (await listPublishedDraws(db)).filter((draw) => draw.status === 'drawn');
  const holding = drawn.filter((draw) => holdsReceiptCode(keys, draw.taskCode, code, receiptCode));
  for (const draw of holding) if ((await buildReceipt(db, keys, draw.taskCode, code)) !== undefined) return ok(code);
  return err({ code: 'login_failed' });
}
