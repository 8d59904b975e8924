/**
 * The three lists (三张清单, issue 17): admins load the bureau's 从轻 / 减轻 / 免予处罚 lists
 * from a CSV or JSON file (all rows or none, every rejected row with its line) or one entry
 * at a time in the console; the portal publishes them; penalty records cite their entries.
 */
import type { Penalty } from '../core/credit-record.ts';
import { applyLeniencyEntry, leniencyHeadings, parseLeniencyEntry, type LeniencyCitationIssue, type LeniencyEntry, type LeniencyField, type LeniencyFieldIssue } from '../core/leniency-list.ts';
import { assertNever, ok, type Result } from '../core/result.ts';
import { bilingualReason, type Language } from '../core/language.ts';
import { readableRows, readCsvTableRows, readJsonTableRows, type RejectedRow, type RowTally, type SourceRow } from '../core/tabular-rows.ts';
import { decodeText } from '../core/text-encoding.ts';
import { listLeniencyEntries, upsertLeniencyEntries, type LeniencyEntryRow } from '../persistence/corrections-repository.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import type { ImportFormat } from './import-directory.ts';

export type { LeniencyEntryRow };

/**
 * A field issue for people, in Chinese or English.
 *
 * @example describeLeniencyFieldIssue({ field: 'list', code: 'unknown_list', value: '其他' }, 'en') // "unknown list '其他' (从轻, 减轻 or 免予处罚)"
 */
export function describeLeniencyFieldIssue(issue: LeniencyFieldIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'required':
      return zh ? '必填' : 'is required';
    case 'bad_code':
      return zh ? `编号 '${issue.value}' 只能含字母、数字、点、横线和下划线（最多 32 个）` : `code '${issue.value}' may hold only letters, digits, '.', '-' and '_' (at most 32)`;
    case 'unknown_list':
      return zh ? `未知清单 '${issue.value}'（从轻、减轻或免予处罚）` : `unknown list '${issue.value}' (从轻, 减轻 or 免予处罚)`;
    case 'too_long':
      return zh ? `超过 ${issue.maxLength} 个字符` : `is longer than ${issue.maxLength} characters`;
    case 'not_yes_or_no':
      return zh ? `'${issue.value}' 不是“是”或“否”` : `'${issue.value}' is not yes or no`;
    case 'first_violation_not_exempt':
      return zh ? '首违不罚只属于免予处罚清单' : 'a first-violation case (首违不罚) belongs to the 免予处罚 (exempt) list only';
    default:
      return assertNever(issue, 'leniency field issue');
  }
}

/**
 * Why a penalty row cannot cite an entry, in Chinese or English (an import's rejected row).
 *
 * @example describeLeniencyCitationIssue({ code: 'unknown_entry', entry: 'MY-9' }, 'zh') // '三张清单中没有事项 MY-9（请先载入清单）'
 */
export function describeLeniencyCitationIssue(issue: LeniencyCitationIssue, lang: Language): string {
  switch (issue.code) {
    case 'unknown_entry':
      return lang === 'zh' ? `三张清单中没有事项 ${issue.entry}（请先载入清单）` : `no entry ${issue.entry} in the three lists (load the lists first)`;
    case 'first_violation_without_exempt_entry':
      return lang === 'zh'
        ? `首违不罚只能引用免予处罚清单的事项，${issue.entry} 不在该清单`
        : `a first-violation exemption (首违不罚) cites only an entry of the 免予处罚 list; ${issue.entry} is on the ${issue.list} list`;
    default:
      return assertNever(issue, 'leniency citation issue');
  }
}

function rowOf(entry: LeniencyEntry, loadedBy: string): Omit<LeniencyEntryRow, 'loadedAt'> {
  return { ...entry, loadedBy };
}

/**
 * Saves one entry (new, or replacing the entry of the same code), from the console form.
 *
 * @example await saveLeniencyEntry(database, { code: 'CQ-001', list: '从轻', item: '…', legalBasis: '…', conditions: '…' }, 'li.admin') // ok({ code: 'CQ-001', list: 'lighter', … })
 */
export async function saveLeniencyEntry(database: DatabaseHandle, values: Partial<Record<LeniencyField, unknown>>, loadedBy: string): Promise<Result<LeniencyEntry, LeniencyFieldIssue[]>> {
  const parsed = parseLeniencyEntry(values);
  if (!parsed.ok) return parsed;
  await database.db.transaction((transaction) => upsertLeniencyEntries(transaction, [rowOf(parsed.value, loadedBy)]));
  return ok(parsed.value);
}

export interface LeniencyImportReport {
  readonly totalRows: number;
  readonly saved: number;
  readonly rejected: readonly RejectedRow[];
  readonly applied: boolean;
}

/**
 * Imports the lists from a file (CSV with Chinese or English headings, or a JSON array), all
 * rows or none; each rejected row names its line, column and reason. Entries whose code is
 * already loaded are replaced.
 *
 * @example await importLeniencyLists(database, { content: fs.readFileSync('三张清单.csv'), format: 'csv' }, 'li.admin') // { totalRows: 24, saved: 24, rejected: [], applied: true }
 */
export async function importLeniencyLists(
  database: DatabaseHandle,
  input: { readonly content: Uint8Array; readonly format: ImportFormat },
  loadedBy: string,
): Promise<LeniencyImportReport> {
  const { text } = decodeText(input.content, 'auto');
  const rows: Iterable<SourceRow<LeniencyField, unknown>> = input.format === 'csv' ? readCsvTableRows(text, leniencyHeadings) : readJsonTableRows(text, leniencyHeadings, { zh: '清单事项对象', en: 'list entry objects' });
  const tally: RowTally = { totalRows: 0, unreadable: false, rejected: [] };
  const entries: LeniencyEntry[] = [];
  const lineOfCode = new Map<string, number>();
  for (const row of readableRows(rows, tally)) {
    const parsed = parseLeniencyEntry(row.values);
    if (!parsed.ok) {
      for (const issue of parsed.error) tally.rejected.push({ line: row.line, field: row.headingOf(issue.field), ...bilingualReason((lang) => describeLeniencyFieldIssue(issue, lang)), raw: row.raw });
      continue;
    }
    const earlier = lineOfCode.get(parsed.value.code);
    if (earlier !== undefined) {
      tally.rejected.push({ line: row.line, field: row.headingOf('code'), reason: `the same code as line ${earlier}`, reasonZh: `与第 ${earlier} 行的编号相同`, raw: row.raw });
      continue;
    }
    lineOfCode.set(parsed.value.code, row.line);
    entries.push(parsed.value);
  }
  tally.rejected.sort((left, right) => left.line - right.line);
  const applied = !tally.unreadable && tally.rejected.length === 0 && entries.length > 0;
  if (applied) {
    await runRollbackableTransaction(database, async (transaction) => {
      await upsertLeniencyEntries(transaction, entries.map((entry) => rowOf(entry, loadedBy)));
      return { commit: true, value: undefined };
    });
  }
  return { totalRows: tally.totalRows, saved: applied ? entries.length : 0, rejected: tally.rejected, applied };
}

/**
 * The three lists as loaded, by list then code.
 *
 * @example await findLeniencyLists(db) // [{ code: 'CQ-001', list: 'lighter', item, legalBasis, conditions, firstViolation: false, … }]
 */
export async function findLeniencyLists(db: Executor): Promise<LeniencyEntryRow[]> {
  return listLeniencyEntries(db);
}

/**
 * A checker of penalty citations against the loaded lists (read once per import).
 *
 * @example const cite = await leniencyCitations(tx); cite(penalty) // ok({ …penalty, leniencyList: 'exempt' })
 */
export async function leniencyCitations(db: Executor): Promise<(penalty: Penalty) => Result<Penalty, LeniencyCitationIssue>> {
  const entries = new Map((await listLeniencyEntries(db)).map((entry) => [entry.code, entry]));
  return (penalty) => applyLeniencyEntry(penalty, entries);
}
