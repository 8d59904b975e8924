/**
 * Sign-in of an enterprise with its unified social credit code (统一社会信用代码) and the
 * receipt code of one of its draw receipts. Enterprises have no stored account: the receipt
 * is the credential, checked as reading a receipt checks it.
 */
import { timingSafeEqual } from 'node:crypto';
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Executor } from '../../persistence/database.ts';
import { findReceipt } from '../../persistence/draw-repository.ts';
import { hashReceiptCode } from '../bureau-keys.ts';
import { listPublishedDraws } from '../draw-publication.ts';

/**
 * Whether the enterprise holds this receipt code for one of its receipts in any drawn task:
 * the same check as reading a receipt (SHA-256 of the normalised code against the stored
 * hash, in constant time). Every drawn task is tried, so the time does not depend on which
 * task matched.
 *
 * @example await verifyEnterpriseLogin(db, '91350100M000100Y43', 'K7QD-3M9X-PA2F-8HZT') // ok('91350100M000100Y43')
 */
export async function verifyEnterpriseLogin(db: Executor, creditCode: string, receiptCode: string): Promise<Result<string, { readonly code: 'login_failed' }>> {
  const code = normaliseCreditCode(creditCode);
  if (!/^[0-9A-Z]{18}$/.test(code) || receiptCode.trim() === '' || receiptCode.length > 64) return err({ code: 'login_failed' });
  const presented = Buffer.from(hashReceiptCode(receiptCode), 'hex');
  let matched = false;
  for (const draw of await listPublishedDraws(db)) {
    if (draw.status !== 'drawn') continue;
    const receipt = await findReceipt(db, draw.taskCode, code);
    const stored = Buffer.from(receipt?.receiptCodeHash ?? '00'.repeat(32), 'hex');
    if (timingSafeEqual(presented, stored) && receipt) matched = true;
  }
  return matched ? ok(code) : err({ code: 'login_failed' });
}
