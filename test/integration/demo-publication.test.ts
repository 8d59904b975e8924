import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { loadDemoCounty, type DemoSummary } from '../../src/application/demo.ts';
import { parseCreditCode } from '../../src/core/credit-code.ts';
import { isResidentIdNumber } from '../../src/core/credit-record-row.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { inferTiers } from '../support/tier-inference.ts';
import { findCommitmentEnvelopeText, findPublicEnvelopeText } from '../../src/application/draw-publication.ts';
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { findTask } from '../../src/persistence/inspection-repository.ts';
import { listTierLists } from '../../src/persistence/tier-list-repository.ts';
import type { ResultsBatchRecord } from '../../src/application/inspection-results.ts';
import { listTaskTestResults } from '../../src/application/test-results.ts';
import { verifyPublishedDraw } from '../../src/application/draw-publication.ts';
import { listReports } from '../../src/persistence/self-inspection-repository.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';

/** Every string and number in a JSON value, keys included. */
function leafTexts(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leafTexts);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, element]) => [key, ...leafTexts(element)]);
  return [];
}

let database: DatabaseHandle;
let keys: BureauKeys;
let summary: DemoSummary;
let published: { kind: string; text: string }[];

beforeAll(async () => {
  database = await createTestDatabase();
  keys = createEphemeralBureauKeys();
  summary = await loadDemoCounty(database, { seed: 'suiji-demo-county', enterprises: 3000, asOf: '2026-11-01', bureauKeys: keys });
  published = rowsOf<{ kind: string; text: string }>(
    await database.db.execute(sql`
      select 'results_batch' as kind, envelope as text from results_batches
      union all select 'list_edition', envelope from list_editions where status = 'published'
      union all select 'exit_notice', envelope from exit_notices
      union all select 'draw_record', public_envelope from draw_records
    `),
  );
}, 600_000);

afterAll(async () => {
  await database.close();
});

describe('the demo publishes', () => {
  it('the results of its draw and one black and one red list edition, each signed and in the log', async () => {
    expect(summary.publication?.resultsPublished).toBeGreaterThan(0);
    expect(summary.publication?.editions.map((edition) => edition.edition)).toEqual(['black-2026-11-01', 'red-2026-11-01']);
    expect(summary.publication?.editions.map((edition) => edition.entries > 0), JSON.stringify(summary.publication)).toEqual([true, true]);
    // The joint task's draw and results, the self-inspection task's and its follow-up's draws and the 自查 results, two list editions.
    expect(published.map((row) => row.kind).sort()).toEqual(['draw_record', 'draw_record', 'draw_record', 'list_edition', 'list_edition', 'results_batch', 'results_batch']);
    for (const row of published) await expectSignedAndLogged(database.db, keys, JSON.parse(row.text) as SignedEnvelope);
  });

  it('no natural person data: no ID or mobile numbers, no person hashes, no personal fields, no tiers', async () => {
    // GB 11643-1999 ID numbers (18 characters, check character 0-9/X) and mainland mobile numbers.
    // A decimal fraction (a ticket like 0.0321948657917163…) is not an ID number.
    const idNumbers = /(?<![0-9A-Za-z.])\d{17}[0-9X](?![0-9A-Za-z])/g;
    const birthShape = /^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[0-9X]$/;
    const mobiles = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
    const personHashes = rowsOf<{ person_hash: string }>(await database.db.execute(sql`select distinct person_hash from related_parties`)).map((row) => row.person_hash);
    expect(personHashes.length).toBeGreaterThan(0);
    for (const { kind, text } of published) {
      // Digests, salts and signatures are random hex or base64 and may hold digit runs by chance.
      const texts = leafTexts(JSON.parse(text)).filter((value) => !/^[0-9a-f]{16,}$/.test(value) && !/^[A-Za-z0-9+/]{40,}={0,2}$/.test(value));
      for (const value of texts) {
        const idLike = [...value.matchAll(idNumbers)].map((match) => match[0]).filter((candidate) => (birthShape.test(candidate) || isResidentIdNumber(candidate)) && !parseCreditCode(candidate).ok);
        expect(idLike, `${kind}: ${value}`).toEqual([]);
        expect(value.match(mobiles), `${kind}: ${value}`).toBeNull();
      }
      for (const hash of personHashes) expect(text.includes(hash), `${kind} holds a person hash`).toBe(false);
      expect(text).not.toMatch(/"(personId|personHash|idNumber|phone|mobile|address|bankAccount|legalRepresentative|tier)"/);
    }
  });

  it('sole traders on a list by business name and credit code, with nothing about the owner', async () => {
    const soleTraders = new Set(rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from enterprises where entity_type = 'sole_trader'`)).map((row) => row.credit_code));
    const entries = published
      .filter((row) => row.kind === 'list_edition')
      .flatMap((row) => (JSON.parse(row.text) as SignedEnvelope<{ entries: Record<string, string>[] }>).record.entries)
      .filter((entry) => soleTraders.has(entry['creditCode']!));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(['creditCode', 'entryDate', 'expiry', 'legalBasis', 'name', 'reason']);
  });

  it('its sealed draw reveals no tier: the public record and commitment give totals and policies only, and every selected enterprise could be in two strata or more (draw/v1.1 section 7.1)', async () => {
    const taskCode = summary.draw?.taskCode as string;
    const record = (JSON.parse((await findPublicEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawRecord>).record;
    const commitment = (JSON.parse((await findCommitmentEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawCommitment>).record;
    expect(record.visibility).toBe('sealed');
    for (const document of [record, commitment]) expect(JSON.stringify(document.strata)).not.toMatch(/"(N|k|threshold|thresholdCode|salt)"/);
    expect(inferTiers(record, commitment).possibleStrata.length).toBeGreaterThanOrEqual(2);
  });
});


describe('the demo tier lists (issue 17)', () => {
  it('approves a January list from the run as of the end of 2025, then an adjustment with its reason, both before its task is frozen from the current version', async () => {
    const versions = await listTierLists(database.db, { year: 2026 });
    expect(versions.map((row) => [row.version, row.asOf])).toEqual([
      [2, '2026-11-01'],
      [1, '2025-12-31'],
    ]);
    expect(versions[1]!.approvedAt.toISOString()).toBe('2026-01-20T02:00:00.000Z');
    expect(versions[0]!.reason).toContain('动态调整');
    expect(versions[0]!.policies.length).toBeGreaterThan(0);
    expect(summary.tierList?.version).toBe(2);
    const task = await findTask(database.db, summary.draw!.taskCode);
    expect(task).toMatchObject({ tierListVersion: 2, tierListOverrideReason: null });
    for (const row of versions) expect(row.approvedAt.getTime()).toBeLessThan(new Date(task!.frozenAt!).getTime());
  });
});

describe('the demo departments (issue 17)', () => {
  it('has the county plan\'s seven departments and a joint task of two of them sharing one test result, published with the batch', async () => {
    const names = rowsOf<{ name_zh: string }>(await database.db.execute(sql`select name_zh from departments order by code`)).map((row) => row.name_zh);
    expect(names.sort()).toEqual(['交通运输', '农业农村', '城管', '市场监管', '应急管理', '文化市场', '生态环境'].sort());
    const task = await findTask(database.db, summary.draw!.taskCode);
    expect(task?.departments.map((entry) => entry.department)).toEqual(['SCJG', 'NYNC']);
    const shared = summary.publication?.sharedTestResult;
    expect(shared?.enteredBy).toBe('SCJG');
    const agriculture = { code: 'NYNC', nameZh: '农业农村', nameEn: 'Agriculture and rural affairs' };
    const seen = await listTaskTestResults(database.db, task!.code, agriculture);
    expect(seen.ok && seen.value.map((row) => [row.creditCode, row.reportNumber, row.enteredByDepartment])).toEqual([[shared!.creditCode, shared!.reportNumber, 'SCJG']]);
    const batch = published.filter((row) => row.kind === 'results_batch').map((row) => JSON.parse(row.text) as SignedEnvelope<ResultsBatchRecord>).find((envelope) => envelope.record.task === task!.code)!;
    expect(batch.record.testResults).toEqual([expect.objectContaining({ creditCode: shared!.creditCode, reportNumber: shared!.reportNumber, conclusion: 'qualified' })]);
    expect(new Set(batch.record.results.map((result) => `${result.department}/${result.departmentName}`))).toEqual(new Set(['SCJG/市场监管']));
  });
});

describe('the demo corrections, statements and three lists (issue 17)', () => {
  it('corrects one published result after its enterprise stated its case and staff answered, and cites the three lists from penalties', async () => {
    const corrected = summary.corrections?.corrected;
    expect(summary.corrections).toMatchObject({ listEntries: 5, citingPenalties: 3, corrected: { correction: 1 } });
    const [row] = rowsOf<{ envelope: string }>(await database.db.execute(sql`select envelope from result_corrections where number = 1`));
    const envelope = JSON.parse(row!.envelope) as SignedEnvelope<{ original: { creditCode: string }; approvedBy: string[] }>;
    await expectSignedAndLogged(database.db, keys, envelope);
    expect(envelope.record.original.creditCode).toBe(corrected?.creditCode);
    const statements = rowsOf<{ credit_code: string; answer: string | null }>(await database.db.execute(sql`select credit_code, answer from result_statements`));
    expect(statements).toEqual([{ credit_code: corrected?.creditCode, answer: expect.stringContaining('经复核') }]);
    const citing = rowsOf<{ entry: string; list: string }>(
      await database.db.execute(sql`select data ->> 'leniencyEntry' as entry, data ->> 'leniencyList' as list from credit_records where kind = 'penalty' and data ? 'leniencyEntry' order by 1`),
    );
    expect(citing).toEqual([
      { entry: 'CQ-001', list: 'lighter' },
      { entry: 'JQ-001', list: 'mitigated' },
      { entry: 'MY-001', list: 'exempt' },
    ]);
  });
});

describe('the demo self-inspection by commitment (issue 17)', () => {
  it('draws a self-inspection task for tier A, accepts its reports (one returned, then resubmitted), draws the on-site follow-up from the accepted reports with its own seed, and publishes the 自查 results', async () => {
    const demo = summary.selfInspection!;
    expect(demo.accepted.length).toBe(4);
    expect(demo.notReported.length).toBeGreaterThan(0);
    const reports = await listReports(database.db, { taskCode: demo.taskCode });
    expect(reports.filter((report) => report.creditCode === demo.returned).map((report) => report.status)).toEqual(['returned', 'accepted']);
    expect(new Set(reports.filter((report) => report.status === 'accepted').map((report) => report.creditCode))).toEqual(new Set(demo.accepted));
    expect((await loadPoolMembers(database.db, demo.followUpCode)).map((member) => member.code).sort()).toEqual([...demo.accepted].sort());
    const seeds = new Set<string>();
    for (const task of [demo.taskCode, demo.followUpCode, summary.draw!.taskCode]) {
      seeds.add((JSON.parse((await findPublicEnvelopeText(database.db, task))!) as SignedEnvelope<DrawRecord>).record.seed);
      const report = await verifyPublishedDraw(database.db, keys, task);
      expect(report?.filter((check) => check.status === 'failed'), task).toEqual([]);
    }
    expect(seeds.size).toBe(3);
    const batch = published.filter((row) => row.kind === 'results_batch').map((row) => JSON.parse(row.text) as SignedEnvelope<ResultsBatchRecord>).find((envelope) => envelope.record.task === demo.taskCode)!;
    expect(batch.record.method).toBe('self_inspection');
    expect(batch.record.results.map((result) => result.creditCode).sort()).toEqual([...demo.accepted].sort());
  });
});
