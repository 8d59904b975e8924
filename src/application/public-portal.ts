/**
 * What the public portal's pages read, built on the same use cases as the public API: the
 * draw list with each draw's committed sizes, one published draw, the current red/black list
 * filtered by name or credit code, published results, and the log's recent leaves. Nothing
 * here reads a tier: pages show only what the public records contain.
 */
import { departmentOf, type Department } from '../core/department.ts';
import type { DrawCommitment } from '../core/draw/commitment.ts';
import type { DrawRecord } from '../core/draw/record.ts';
import { publishedTotals } from '../core/draw/stratum-commitment.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import type { SignedTreeHead } from '../core/tree-head.ts';
import type { Executor } from '../persistence/database.ts';
import { listDepartments } from '../persistence/department-repository.ts';
import { listPublishedResults, publishedResultKey, type PublishedResultRow } from '../persistence/results-repository.ts';
import { findCommitmentEnvelopeText, findPublicEnvelopeText, listPublishedDraws } from './draw-publication.ts';
import type { DrawListing } from '../persistence/draw-repository.ts';
import { loadNameBook } from './public-plan.ts';
import { getLatestTreeHead, getLeaves, type LogLeaf } from './publication-log.ts';
import { findCorrectionMarksOf, type CorrectionMark } from './result-corrections.ts';
import { currentList, type CurrentListPage, type ListKind } from './red-black-lists.ts';

/** One line of the public draw list: the listing plus what the freeze commitment fixed, codes named. */
export interface DrawSummaryLine extends Omit<DrawListing, 'recordHash'> {
  readonly items: readonly { readonly code: string; readonly name: string }[];
  /** The department records (a legacy free-text department: its text as both names). */
  readonly departments: readonly Department[];
  /** Pool size (sum of N) and sample size (sum of k), from the commitment. */
  readonly poolSize: number | null;
  readonly sampleSize: number | null;
}

/**
 * Where a task's published texts are read from: the database, or (the HTTP server) a cache
 * in front of it. Both texts never change once published.
 */
export interface PublishedTexts {
  /** The signed public record (JSON text), once drawn. */
  record(taskCode: string): Promise<string | undefined>;
  /** The signed freeze commitment (JSON text), once frozen. */
  commitment(taskCode: string): Promise<string | undefined>;
}

/**
 * The published texts straight from the database.
 *
 * @example await publishedTextsIn(db).record('2026-ZH-01') // '{"record":{…},"recordHash":"…","signature":{…}}'
 */
export function publishedTextsIn(db: Executor): PublishedTexts {
  return { record: (taskCode) => findPublicEnvelopeText(db, taskCode), commitment: (taskCode) => findCommitmentEnvelopeText(db, taskCode) };
}

function parseCommitment(text: string | undefined): DrawCommitment | undefined {
  if (text === undefined) return undefined;
  const document = JSON.parse(text) as SignedEnvelope<DrawCommitment> | DrawCommitment;
  return 'record' in document ? document.record : document;
}

/**
 * Every frozen or drawn task with its items and departments (named from the item list and the
 * department records), pool and sample totals (read from its small freeze commitment, never
 * from the pool), newest year first.
 *
 * @example await listDrawSummaries(db) // [{ taskCode: '2026-ZH-01', items: [{ code: 'ZH-01', name: '…' }], departments: [{ code: 'SCJG', nameZh: '市场监管', … }], poolSize: 1171, sampleSize: 30, … }]
 */
export async function listDrawSummaries(db: Executor, texts: PublishedTexts = publishedTextsIn(db)): Promise<DrawSummaryLine[]> {
  const listings = await listPublishedDraws(db);
  const names = await loadNameBook(db);
  const lines: DrawSummaryLine[] = [];
  for (const listing of listings) {
    const commitment = parseCommitment(await texts.commitment(listing.taskCode));
    const { recordHash: _recordHash, ...listed } = listing;
    lines.push({
      ...listed,
      items: (commitment?.task.items ?? []).map(names.item),
      departments: (commitment?.task.departments ?? []).map(names.department),
      poolSize: commitment ? publishedTotals(commitment).poolSize : null,
      sampleSize: commitment ? publishedTotals(commitment).sampleSize : null,
    });
  }
  return lines;
}

/** Pool and sample totals of drawn tasks per year, oldest first (the home page's chart). */
export function totalsByYear(lines: readonly DrawSummaryLine[]): { year: number; pool: number; sample: number }[] {
  const years = new Map<number, { pool: number; sample: number }>();
  for (const line of lines) {
    if (line.status !== 'drawn' || line.poolSize === null || line.sampleSize === null) continue;
    const total = years.get(line.year) ?? { pool: 0, sample: 0 };
    years.set(line.year, { pool: total.pool + line.poolSize, sample: total.sample + line.sampleSize });
  }
  return [...years.entries()].sort(([a], [b]) => a - b).map(([year, total]) => ({ year, ...total }));
}

export interface PublishedDraw {
  /** The signed public record, or undefined while the task is frozen but not drawn. */
  readonly envelope?: SignedEnvelope<DrawRecord>;
  readonly commitment?: SignedEnvelope<DrawCommitment>;
}

/**
 * A task's published documents: its public record (once drawn) and its freeze commitment;
 * undefined when neither exists (unknown task, or not frozen yet).
 *
 * @example await findPublishedDraw(db, '2026-ZH-01') // { envelope: { record, recordHash, signature }, commitment: {…} }
 */
export async function findPublishedDraw(db: Executor, taskCode: string, texts: PublishedTexts = publishedTextsIn(db)): Promise<PublishedDraw | undefined> {
  const [recordText, commitmentText] = [await texts.record(taskCode), await texts.commitment(taskCode)];
  if (recordText === undefined && commitmentText === undefined) return undefined;
  return {
    ...(recordText === undefined ? {} : { envelope: JSON.parse(recordText) as SignedEnvelope<DrawRecord> }),
    ...(commitmentText === undefined ? {} : { commitment: JSON.parse(commitmentText) as SignedEnvelope<DrawCommitment> }),
  };
}

/** Upper-cased, trimmed search text; empty means no filter. */
function normaliseQuery(query: string | undefined): string {
  return (query ?? '').trim().toUpperCase();
}

/**
 * A page of the current red or black list, optionally only entries whose name contains or
 * whose credit code starts with `query`. It reads the list through `currentList` in pages
 * of 1000 (the same standing-entry rules as the API), so memory stays bounded; a published
 * list is thousands of entries, not millions.
 *
 * @example await searchCurrentList(db, 'black', { query: '福州', limit: 50 }) // { edition, entries: [...], nextAfter? }
 */
export async function searchCurrentList(db: Executor, list: ListKind, options: { query?: string | undefined; after?: string | undefined; limit: number }): Promise<CurrentListPage> {
  const query = normaliseQuery(options.query);
  if (query === '') return currentList(db, list, { after: options.after, limit: options.limit });
  const matches: CurrentListPage['entries'][number][] = [];
  let after = options.after;
  let edition: CurrentListPage['edition'];
  for (;;) {
    const page = await currentList(db, list, { after, limit: 1000 });
    edition = page.edition;
    for (const entry of page.entries) {
      if (entry.creditCode.startsWith(query) || entry.name.toUpperCase().includes(query)) {
        if (matches.length === options.limit) {
          const last = matches[matches.length - 1] as CurrentListPage['entries'][number];
          return { ...(edition ? { edition } : {}), entries: matches, nextAfter: last.creditCode };
        }
        matches.push(entry);
      }
    }
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  return { ...(edition ? { edition } : {}), entries: matches };
}

/**
 * A published result as the public reads it: the department whose findings it is, as its
 * record (a joint task's item has a result per department), and its corrections.
 */
export type PublicResult = Omit<PublishedResultRow, 'department'> & {
  /** Absent for a result of nobody's in particular (a bureau-wide entry in a task with no department of the item). */
  readonly department?: Department;
  /** Its corrections (issue 17), oldest first: the last one stands. Absent when never corrected. */
  readonly corrections?: readonly CorrectionMark[];
};

/**
 * Published inspection results of an enterprise or a task in the order of
 * `listPublishedResults` (task, code, item, department), with the department named from its
 * record and the corrections of each; `nextAfter` is the key to read on from.
 *
 * @example await findPublicResults(db, { taskCode: '2026-ZH-01', limit: 100 }) // { items: [{ …, department: { code: 'SCJG', nameZh: '市场监管', … }, corrections: [{ number: 1, kind: 'change', recordHash }] }], nextAfter: '2026-ZH-01|91…|XY-02|SCJG' }
 */
export async function findPublicResults(
  db: Executor,
  filter: { creditCode?: string | undefined; taskCode?: string | undefined; after?: string | undefined; limit: number },
): Promise<{ items: PublicResult[]; nextAfter?: string }> {
  const rows = await listPublishedResults(db, { creditCode: filter.creditCode, taskCode: filter.taskCode, after: filter.after, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const corrections = await findCorrectionMarksOf(db, page);
  const departments = page.some((row) => row.department !== '') ? await listDepartments(db) : [];
  const items = page.map(({ department, ...rest }) => {
    const marks = corrections.get(publishedResultKey({ ...rest, department }));
    return { ...rest, ...(department === '' ? {} : { department: departmentOf(department, departments) }), ...(marks ? { corrections: marks } : {}) };
  });
  const last = page[page.length - 1];
  return { items, ...(rows.length > filter.limit && last ? { nextAfter: publishedResultKey(last) } : {}) };
}

/** A published result as the portal shows it: a sole trader's name is left out, as in draw records. */
export type PortalResult = Omit<PublicResult, 'name' | 'inspectors'> & {
  readonly name?: string;
};

/**
 * Published inspection results of an enterprise or a task, as `findPublicResults` reads
 * them. Sole traders (个体工商户) appear by credit code only: their name is often their
 * owner's. Inspectors' badges are left to the signed batch.
 *
 * @example await findPortalResults(db, { taskCode: '2026-ZH-01', limit: 50 }) // { items: [...], nextAfter: '2026-ZH-01|91…|XY-02|SCJG' }
 */
export async function findPortalResults(
  db: Executor,
  filter: { creditCode?: string | undefined; taskCode?: string | undefined; after?: string | undefined; limit: number },
): Promise<{ items: PortalResult[]; nextAfter?: string }> {
  const page = await findPublicResults(db, filter);
  // listPublishedResults already leaves sole traders' names out (publishableName).
  const items = page.items.map(({ name, inspectors: _inspectors, ...rest }) => ({ ...rest, ...(name === '' ? {} : { name }) }));
  return { items, ...(page.nextAfter === undefined ? {} : { nextAfter: page.nextAfter }) };
}

/**
 * The latest signed tree head and the newest `count` leaves (newest first).
 *
 * @example await recentLogEntries(db, 20) // { head: { treeSize: 5, … }, leaves: [{ leafIndex: 4, kind: 'list_edition', … }, …] }
 */
export async function recentLogEntries(db: Executor, count: number): Promise<{ head?: SignedTreeHead; leaves: LogLeaf[] }> {
  const head = await getLatestTreeHead(db);
  if (!head) return { leaves: [] };
  const leaves = await getLeaves(db, Math.max(0, head.treeSize - count), head.treeSize);
  return { head, leaves: leaves.reverse() };
}
