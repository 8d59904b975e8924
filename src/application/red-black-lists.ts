/**
 * Red and black lists (守信红榜 / 失信黑榜): staff compute a candidate edition for a period
 * from the versioned criteria (src/core/lists/criteria.ts), review it (a removal keeps its
 * reason), and an admin publishes it as a signed `suiji.list-edition/1` record appended to
 * the publication log. An exit notice (`suiji.exit-notice/1`, signed and logged) ends an
 * entry at expiry or by credit repair (信用修复) after the minimum period; later editions
 * leave the entry out. An entry stands until it expires or is ended: a new edition carries
 * over the previous edition's standing entries that have not expired by its period end.
 *
 * Only enterprise data is published: name, credit code, and the list's own reason, legal
 * basis and dates. Reasons are the criteria's fixed labels, never free text from records, so
 * a sole trader (个体工商户) appears with its business name and credit code and nothing about
 * its owner; `findPersonalData` is a last check before anything is signed.
 */
import { addYears } from '../core/credit-record.ts';
import { checkExit, CURRENT_LIST_CRITERIA, describeExitIssue, evaluateListCriteria, LIST_CRITERIA, type ExitIssue, type ListCriteria } from '../core/lists/criteria.ts';
import type { ApprovalMark } from '../core/four-eyes.ts';
import { findPersonalData, type PersonalDataFinding } from '../core/personal-data.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { loadEnterpriseNames } from '../persistence/draw-repository.ts';
import {
  findEdition,
  findEditionEntry,
  findExitedEntries,
  findLatestPublishedEdition,
  findListCandidateCodes,
  insertExitNotice,
  listEditionEntries,
  listExitNoticeRows,
  listPublishedEditions,
  listStandingEntries,
  loadRecordsOfEnterprises,
  markEditionPublished,
  markEntryRemoved,
  saveCandidateEdition,
  type ListEditionRow,
  type ListEntryRow,
} from '../persistence/list-repository.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import type { ListKind } from '../persistence/schema/index.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { appendRecordToLog } from './publication-log.ts';
import { signRecord } from './record-signing.ts';
import { formatRecordTime } from './record-time.ts';
import { isCalendarDate } from '../core/calendar-date.ts';
import { reachCommitPoint } from './commit-point.ts';

export { LIST_KINDS, type ListKind } from '../persistence/schema/index.ts';
export const LIST_EDITION_FORMAT = 'suiji.list-edition/1';
export const EXIT_NOTICE_FORMAT = 'suiji.exit-notice/1';
const CHUNK = 1000;

/** One published entry: exactly what the public sees. */
export interface PublishedListEntry {
  readonly name: string;
  readonly creditCode: string;
  readonly reason: string;
  readonly legalBasis: string;
  readonly entryDate: string;
  readonly expiry: string;
}

export interface ListEditionRecord {
  readonly format: typeof LIST_EDITION_FORMAT;
  readonly list: ListKind;
  readonly edition: string;
  readonly criteria: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly publishedAt: string;
  readonly entries: readonly PublishedListEntry[];
  /** Staff who published it, proposer then approver (issue 13); absent from editions published before four eyes. */
  readonly approvedBy?: readonly string[];
  /** False when one admin published it alone (`FOUR_EYES=off`). */
  readonly fourEyes?: boolean;
}

export interface ExitNoticeRecord {
  readonly format: typeof EXIT_NOTICE_FORMAT;
  readonly list: ListKind;
  readonly edition: string;
  readonly name: string;
  readonly creditCode: string;
  readonly entryDate: string;
  readonly exitDate: string;
  readonly cause: 'expiry' | 'credit_repair';
  readonly repairDecision?: string;
  readonly publishedAt: string;
}

export type ListIssue =
  | { readonly code: 'unknown_criteria'; readonly criteriaKey: string }
  | { readonly code: 'criteria_of_other_list'; readonly criteriaKey: string; readonly list: ListKind }
  | { readonly code: 'invalid_period'; readonly from: string; readonly to: string }
  | { readonly code: 'unknown_edition'; readonly edition: string }
  | { readonly code: 'edition_published'; readonly edition: string }
  | { readonly code: 'no_such_entry'; readonly edition: string; readonly creditCode: string }
  | { readonly code: 'reason_required' }
  | { readonly code: 'not_listed'; readonly list: ListKind; readonly creditCode: string }
  | { readonly code: 'exit_refused'; readonly issue: ExitIssue }
  | { readonly code: 'already_exited'; readonly creditCode: string }
  | { readonly code: 'personal_data'; readonly findings: readonly PersonalDataFinding[] };

/** @example describeListIssue({ code: 'reason_required' }) // 'a removal needs a reason' */
export function describeListIssue(issue: ListIssue): string {
  switch (issue.code) {
    case 'unknown_criteria':
      return `no list criteria ${issue.criteriaKey} (known: ${[...LIST_CRITERIA.keys()].join(', ')})`;
    case 'criteria_of_other_list':
      return `criteria ${issue.criteriaKey} are not for the ${issue.list} list`;
    case 'invalid_period':
      return `the period ${issue.from} to ${issue.to} is not two ordered dates YYYY-MM-DD`;
    case 'unknown_edition':
      return `no list edition ${issue.edition}`;
    case 'edition_published':
      return `edition ${issue.edition} is already published and cannot change`;
    case 'no_such_entry':
      return `edition ${issue.edition} has no entry ${issue.creditCode} left to remove`;
    case 'reason_required':
      return 'a removal needs a reason';
    case 'not_listed':
      return `${issue.creditCode} is not on the current ${issue.list} list`;
    case 'exit_refused':
      return describeExitIssue(issue.issue);
    case 'already_exited':
      return `${issue.creditCode} already has an exit notice for this entry`;
    case 'personal_data':
      return `the record would publish personal data at ${issue.findings.map((finding) => finding.path).join(', ')}`;
  }
}

/** The code of a list's edition for a period end, e.g. `black-2026-10-31`. */
export function editionCode(list: ListKind, periodTo: string): string {
  return `${list}-${periodTo}`;
}

/**
 * Computes (or recomputes, while still a candidate) the edition of a list for a period.
 * Entries ended by an exit notice stay out.
 *
 * @example await computeCandidateEdition(database, { list: 'black', from: '2026-05-01', to: '2026-10-31' }) // ok({ edition: 'black-2026-10-31', entries: 57 })
 */
export async function computeCandidateEdition(
  database: DatabaseHandle,
  options: { readonly list: ListKind; readonly from: string; readonly to: string; readonly criteriaKey?: string },
): Promise<Result<{ edition: string; entries: number }, ListIssue>> {
  const criteriaKey = options.criteriaKey ?? CURRENT_LIST_CRITERIA[options.list].key;
  const criteria: ListCriteria | undefined = LIST_CRITERIA.get(criteriaKey);
  if (!criteria) return err({ code: 'unknown_criteria', criteriaKey });
  if (criteria.list !== options.list) return err({ code: 'criteria_of_other_list', criteriaKey, list: options.list });
  if (!isCalendarDate(options.from) || !isCalendarDate(options.to) || options.from > options.to) return err({ code: 'invalid_period', from: options.from, to: options.to });
  const period = { from: options.from, to: options.to };
  const windowStart = criteria.list === 'red' ? addYears(period.to, -criteria.lookBackYears) : period.from;
  const code = editionCode(options.list, period.to);
  return database.db.transaction(async (tx) => {
    const exited = await findExitedEntries(tx, options.list);
    const candidates = await findListCandidateCodes(tx, options.list, windowStart, period.to);
    const entries: Omit<ListEntryRow, 'editionId' | 'removedReason' | 'removedAt' | 'removedByToken'>[] = [];
    for (let start = 0; start < candidates.length; start += CHUNK) {
      const codes = candidates.slice(start, start + CHUNK);
      const records = await loadRecordsOfEnterprises(tx, codes, period.to);
      const names = await loadEnterpriseNames(tx, codes);
      for (const creditCode of codes) {
        const enterprise = names.get(creditCode);
        const draft = enterprise && evaluateListCriteria(criteria, records.get(creditCode) ?? [], period);
        if (!enterprise || !draft || exited.has(`${creditCode}|${draft.entryDate}`)) continue;
        entries.push({ creditCode, name: enterprise.name, entityType: enterprise.entityType, ...draft });
      }
    }
    // An entry stands until it expires or an exit notice ends it, so the previous edition's
    // entries carry over even when the new period's records would not list them again.
    const previous = await findLatestPublishedEdition(tx, options.list);
    if (previous && previous.periodTo < period.to) {
      const listed = new Set(entries.map((entry) => entry.creditCode));
      for (let after: string | undefined; ; ) {
        const page = await listStandingEntries(tx, previous, after, CHUNK);
        for (const entry of page) {
          if (listed.has(entry.creditCode) || entry.expiry <= period.to) continue;
          const { editionId, removedReason, removedAt, removedByToken, ...kept } = entry;
          void [editionId, removedReason, removedAt, removedByToken];
          entries.push(kept);
        }
        if (page.length < CHUNK) break;
        after = page[page.length - 1]!.creditCode;
      }
      entries.sort((left, right) => (left.creditCode < right.creditCode ? -1 : 1));
    }
    const id = await saveCandidateEdition(tx, { code, list: options.list, criteriaKey, periodFrom: period.from, periodTo: period.to }, entries);
    if (id === undefined) return err({ code: 'edition_published', edition: code });
    return ok({ edition: code, entries: entries.length });
  });
}

/**
 * Review: takes an enterprise off a candidate edition; the reason is kept with the entry.
 *
 * @example await removeCandidateEntry(db, 'black-2026-10-31', '91350100M000100Y43', '处罚决定已被复议撤销', tokenId)
 */
export async function removeCandidateEntry(db: Executor, edition: string, creditCode: string, reason: string, tokenId?: number): Promise<Result<void, ListIssue>> {
  if (reason.trim() === '') return err({ code: 'reason_required' });
  const row = await findEdition(db, edition);
  if (!row) return err({ code: 'unknown_edition', edition });
  if (row.status !== 'candidate') return err({ code: 'edition_published', edition });
  if (!(await markEntryRemoved(db, row.id, creditCode, reason.trim(), tokenId))) return err({ code: 'no_such_entry', edition, creditCode });
  return ok(undefined);
}

/** An edition and its entries for staff review, removed ones included. */
export async function reviewEdition(db: Executor, edition: string): Promise<{ edition: ListEditionRow; entries: ListEntryRow[] } | undefined> {
  const row = await findEdition(db, edition);
  return row && { edition: row, entries: await listEditionEntries(db, row.id, { includeRemoved: true }) };
}

function publicEntry(entry: ListEntryRow): PublishedListEntry {
  return { name: entry.name, creditCode: entry.creditCode, reason: entry.reason, legalBasis: entry.legalBasis, entryDate: entry.entryDate, expiry: entry.expiry };
}

type PublishedEdition = { envelope: SignedEnvelope<ListEditionRecord>; leafIndex: number };

/**
 * Publishes a reviewed candidate edition (admin): signed, logged, once, with who approved it
 * (`approvedBy`, `fourEyes`: issue 13).
 *
 * @example await publishEdition(database, keys, 'black-2026-10-31', approvedByTwo('li.admin', 'wang.admin')) // ok({ envelope, leafIndex })
 */
export async function publishEdition(
  database: DatabaseHandle,
  keys: BureauKeys,
  edition: string,
  approval: ApprovalMark,
  clock: () => Date = () => new Date(),
): Promise<Result<PublishedEdition, ListIssue>> {
  return runRollbackableTransaction<Result<PublishedEdition, ListIssue>>(database, async (tx) => {
    const published = await publishEditionWithin(tx, keys, edition, approval, clock());
    return { commit: published.ok, value: published };
  });
}

/** `publishEdition` inside the caller's transaction (an approval that carries it out). */
export async function publishEditionWithin(tx: Executor, keys: BureauKeys, edition: string, approval: ApprovalMark, now: Date): Promise<Result<PublishedEdition, ListIssue>> {
  const row = await findEdition(tx, edition);
  if (!row) return err({ code: 'unknown_edition', edition });
  if (row.status !== 'candidate') return err({ code: 'edition_published', edition });
  const record: ListEditionRecord = {
    format: LIST_EDITION_FORMAT,
    list: row.list,
    edition: row.code,
    criteria: row.criteriaKey,
    period: { from: row.periodFrom, to: row.periodTo },
    publishedAt: formatRecordTime(now),
    entries: (await listEditionEntries(tx, row.id, {})).map(publicEntry),
    approvedBy: [...approval.approvedBy],
    fourEyes: approval.fourEyes,
  };
  const findings = findPersonalData(record);
  if (findings.length > 0) return err({ code: 'personal_data', findings });
  const envelope = signRecord(record, keys.signingKey);
  if (!(await markEditionPublished(tx, row.id, JSON.stringify(envelope), envelope.recordHash))) return err({ code: 'edition_published', edition });
  const logged = await appendRecordToLog(tx, { kind: 'list_edition', reference: row.code, recordHash: envelope.recordHash }, keys, () => now);
  await reachCommitPoint('list');
  return ok({ envelope, leafIndex: logged.leafIndex });
}

/**
 * Checks that an edition exists and is still a candidate (before proposing its publication).
 *
 * @example await checkEditionPublishable(db, 'black-2026-10-31') // ok(undefined)
 */
export async function checkEditionPublishable(db: Executor, edition: string): Promise<Result<void, ListIssue>> {
  const row = await findEdition(db, edition);
  if (!row) return err({ code: 'unknown_edition', edition });
  if (row.status !== 'candidate') return err({ code: 'edition_published', edition });
  return ok(undefined);
}

/**
 * Ends an entry of the current list by expiry or credit repair with a signed, logged exit
 * notice. Credit repair needs the repair decision's reference and the minimum period.
 *
 * @example await issueExitNotice(database, keys, { list: 'black', creditCode, cause: 'credit_repair', exitDate: '2026-11-20', repairDecision: '闽市监信修〔2026〕8号' })
 */
export async function issueExitNotice(
  database: DatabaseHandle,
  keys: BureauKeys,
  exit: { readonly list: ListKind; readonly creditCode: string; readonly cause: 'expiry' | 'credit_repair'; readonly exitDate: string; readonly repairDecision?: string | undefined },
  clock: () => Date = () => new Date(),
): Promise<Result<{ envelope: SignedEnvelope<ExitNoticeRecord>; leafIndex: number }, ListIssue>> {
  return runRollbackableTransaction<Result<{ envelope: SignedEnvelope<ExitNoticeRecord>; leafIndex: number }, ListIssue>>(database, async (tx) => {
    const refuse = (issue: ListIssue) => ({ commit: false, value: err(issue) });
    const edition = await findLatestPublishedEdition(tx, exit.list);
    const entry = edition && (await findEditionEntry(tx, edition.id, exit.creditCode));
    if (!edition || !entry) return refuse({ code: 'not_listed', list: exit.list, creditCode: exit.creditCode });
    const criteria = LIST_CRITERIA.get(edition.criteriaKey);
    if (!criteria) return refuse({ code: 'unknown_criteria', criteriaKey: edition.criteriaKey });
    const issue = checkExit(criteria, entry, exit);
    if (issue) return refuse({ code: 'exit_refused', issue });
    const now = clock();
    const record: ExitNoticeRecord = {
      format: EXIT_NOTICE_FORMAT,
      list: exit.list,
      edition: edition.code,
      name: entry.name,
      creditCode: entry.creditCode,
      entryDate: entry.entryDate,
      exitDate: exit.exitDate,
      cause: exit.cause,
      ...(exit.cause === 'credit_repair' && exit.repairDecision ? { repairDecision: exit.repairDecision.trim() } : {}),
      publishedAt: formatRecordTime(now),
    };
    const findings = findPersonalData(record);
    if (findings.length > 0) return refuse({ code: 'personal_data', findings });
    const envelope = signRecord(record, keys.signingKey);
    const inserted = await insertExitNotice(tx, {
      list: exit.list,
      creditCode: entry.creditCode,
      editionId: edition.id,
      entryDate: entry.entryDate,
      exitDate: exit.exitDate,
      cause: exit.cause,
      repairDecision: record.repairDecision ?? null,
      envelope: JSON.stringify(envelope),
      recordHash: envelope.recordHash,
    });
    if (!inserted) return refuse({ code: 'already_exited', creditCode: entry.creditCode });
    const logged = await appendRecordToLog(tx, { kind: 'exit_notice', reference: `${exit.list}/${entry.creditCode}/${entry.entryDate}`, recordHash: envelope.recordHash }, keys, () => now);
    return { commit: true, value: ok({ envelope, leafIndex: logged.leafIndex }) };
  });
}

export interface CurrentListPage {
  /** The latest published edition, or undefined before the first. */
  readonly edition?: { readonly code: string; readonly period: { from: string; to: string }; readonly publishedAt: string | null; readonly recordHash: string | null };
  readonly entries: readonly PublishedListEntry[];
  readonly nextAfter?: string;
}

/**
 * The current list: the latest published edition without the entries exit notices ended,
 * by credit code, `limit` after `after`.
 *
 * @example await currentList(db, 'black', { limit: 100 }) // { edition: { code: 'black-2026-10-31', … }, entries: [...] }
 */
export async function currentList(db: Executor, list: ListKind, page: { after?: string | undefined; limit: number }): Promise<CurrentListPage> {
  const edition = await findLatestPublishedEdition(db, list);
  if (!edition) return { entries: [] };
  const rows = await listStandingEntries(db, edition, page.after, page.limit + 1);
  const entries = rows.slice(0, page.limit).map(publicEntry);
  return {
    edition: { code: edition.code, period: { from: edition.periodFrom, to: edition.periodTo }, publishedAt: edition.publishedAt?.toISOString() ?? null, recordHash: edition.recordHash },
    entries,
    ...(rows.length > page.limit ? { nextAfter: entries[entries.length - 1]!.creditCode } : {}),
  };
}

/** Published editions (newest first) as signed envelopes. */
export async function listEditionHistory(db: Executor, list: ListKind | undefined, page: { before?: number | undefined; limit: number }): Promise<{ id: number; envelope: SignedEnvelope<ListEditionRecord> }[]> {
  return (await listPublishedEditions(db, list, page.before, page.limit)).map((row) => ({ id: row.id, envelope: JSON.parse(row.envelope!) as SignedEnvelope<ListEditionRecord> }));
}

/** The signed envelope of a published edition, as stored. */
export async function findEditionEnvelopeText(db: Executor, edition: string): Promise<string | undefined> {
  const row = await findEdition(db, edition);
  return row?.status === 'published' ? (row.envelope ?? undefined) : undefined;
}

/** Exit notices (newest first) as signed envelopes. */
export async function listExitNotices(db: Executor, list: ListKind | undefined, page: { before?: number | undefined; limit: number }): Promise<{ id: number; envelope: SignedEnvelope<ExitNoticeRecord> }[]> {
  return (await listExitNoticeRows(db, list, page.before, page.limit)).map((row) => ({ id: row.id, envelope: JSON.parse(row.envelope) as SignedEnvelope<ExitNoticeRecord> }));
}
