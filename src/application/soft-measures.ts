/**
 * Recording a soft measure (教育提醒, 劝导示范, 行政指导, 行政约谈) taken with an enterprise in its
 * observation period (issue 17): a credit record of its own kind, validated by the core
 * record schema and stored like an imported one (the same natural key, so entering it twice
 * changes nothing), with an activity-log entry.
 */
import { normaliseCreditCode } from '../core/credit-code.ts';
import type { SoftMeasure } from '../core/credit-record.ts';
import { creditRecordNaturalKey, recordEffectiveDate } from '../core/credit-record-row.ts';
import { creditRecordSchema } from '../core/credit-record.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { findKnownCreditCodes, upsertCreditRecords } from '../persistence/credit-record-store.ts';
import { recordActivity, type Actor } from './activity-log.ts';

export interface SoftMeasureInput {
  readonly creditCode: string;
  readonly date: string;
  readonly measure: string;
  readonly department: string;
  readonly note?: string | undefined;
}

/** Each form field's Chinese name and what it takes, for refusals. */
const SOFT_MEASURE_FIELDS: Readonly<Record<string, readonly [string, string]>> = {
  creditCode: ['统一社会信用代码', '须为 18 位有效代码'],
  date: ['采取日期', '须为有效日期'],
  measure: ['措施', '须为教育提醒、劝导示范、行政指导或行政约谈'],
  department: ['实施部门', '不能为空，最多 200 字'],
  note: ['备注', '最多 500 字'],
};

export type SoftMeasureIssue =
  | { readonly code: 'invalid_field'; readonly field: string; readonly detail: string }
  | { readonly code: 'unknown_enterprise'; readonly creditCode: string }
  | { readonly code: 'date_in_future'; readonly date: string };

/**
 * The issue in words, Chinese or English.
 *
 * @example describeSoftMeasureIssue({ code: 'unknown_enterprise', creditCode: '9135…' }, 'zh') // '名录库中没有 9135…'
 */
export function describeSoftMeasureIssue(issue: SoftMeasureIssue, lang: 'zh' | 'en'): string {
  switch (issue.code) {
    case 'invalid_field': {
      // zod's own detail is English: the Chinese names the field and what it takes instead.
      const field = SOFT_MEASURE_FIELDS[issue.field];
      return lang === 'zh' ? `${field?.[0] ?? '字段'}填写有误${field ? `：${field[1]}` : ''}` : `not valid (${issue.detail})`;
    }
    case 'unknown_enterprise':
      return lang === 'zh' ? `名录库中没有 ${issue.creditCode}` : `${issue.creditCode} is not in the directory`;
    case 'date_in_future':
      return lang === 'zh' ? `日期 ${issue.date} 晚于今天` : `the date ${issue.date} is after today`;
  }
}

/**
 * Validates and stores one soft measure, `source` naming where it was entered.
 *
 * @example await recordSoftMeasure(database, { creditCode, date: '2026-05-10', measure: 'administrative_guidance', department: '食品科' }, { actor, today: '2026-05-11', source: '控制台' })
 */
export async function recordSoftMeasure(
  database: DatabaseHandle,
  input: SoftMeasureInput,
  context: { readonly actor: Actor; readonly today: string; readonly source: string },
): Promise<Result<SoftMeasure, SoftMeasureIssue>> {
  const parsed = creditRecordSchema.safeParse({
    kind: 'soft_measure',
    creditCode: normaliseCreditCode(input.creditCode),
    source: context.source,
    date: input.date,
    measure: input.measure,
    department: input.department,
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return err({ code: 'invalid_field', field: String(first.path[0] ?? 'measure'), detail: first.message });
  }
  const record = parsed.data as SoftMeasure;
  if (record.date > context.today) return err({ code: 'date_in_future', date: record.date });
  return database.db.transaction(async (transaction) => {
    if (!(await findKnownCreditCodes(transaction, [record.creditCode])).has(record.creditCode)) {
      return err({ code: 'unknown_enterprise', creditCode: record.creditCode } as const);
    }
    await upsertCreditRecords(transaction, [{ record, naturalKey: creditRecordNaturalKey(record), effectiveDate: recordEffectiveDate(record) }]);
    await recordActivity(transaction, context.actor, { action: 'soft_measure_recorded', subject: record.creditCode, details: { measure: record.measure, date: record.date } });
    return ok(record);
  });
}
