import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestAct, decideApproval, type ActOutcome } from '../../src/application/approvals.ts';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { importCreditRecords } from '../../src/application/import-credit-records.ts';
import { findLeniencyLists, importLeniencyLists, saveLeniencyEntry } from '../../src/application/leniency-lists.ts';
import { findPortalResults } from '../../src/application/public-portal.ts';
import { findCorrectionsOf, type CorrectionRequest } from '../../src/application/result-corrections.ts';
import { answerStatement, findStatements, submitStatement } from '../../src/application/result-statements.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { findConsistencyViolations } from '../../src/persistence/consistency-check.ts';
import { checkCorrectionLink } from '../../src/core/result-correction.ts';
import { listEnterpriseRecords } from '../../src/persistence/credit-record-store.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { findResultsBatch } from '../../src/persistence/results-repository.ts';
import { testDatabaseKind } from '../support/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { publishTwoResults, PUBLISHED_TASK } from '../support/published-results.ts';
import { createWorldDatabase, type World } from './draw-world.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;
let selected: string[];
let notSelected: string;
const li = { actorKind: 'user', actorId: '1', actorLabel: 'li.admin', role: 'admin' } as const;
const wang = { actorKind: 'user', actorId: '2', actorLabel: 'wang.admin', role: 'admin' } as const;
const now = new Date('2026-10-20T02:00:00Z');

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  keys = createEphemeralBureauKeys();
  ({ selected, notSelected } = await publishTwoResults(database, keys, world));
});

afterEach(async () => {
  await database.close();
});

const change = (creditCode: string): CorrectionRequest => ({
  taskCode: PUBLISHED_TASK,
  creditCode,
  itemCode: 'F1',
  kind: 'change',
  reason: '复核发现检查记录有误',
  corrected: { outcome: 'problem_corrected', summary: '发现未按规定公示，已责令改正。', correctiveOrder: '责令于 10 日内改正' },
});

function correctionOf(outcome: ActOutcome | undefined): Extract<ActOutcome, { kind: 'result_correction' }> {
  if (outcome?.kind !== 'result_correction') throw new Error(`not a correction: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe(`corrections of published results on ${testDatabaseKind}`, () => {
  it('with four eyes, a correction waits for a second admin, then is a signed, logged record linked to the batch it corrects, and the original is marked corrected', async () => {
    const proposed = await requestAct(database, keys, { kind: 'result_correction', correction: change(selected[0]!) }, li, { fourEyes: true, now });
    if (!proposed.ok || proposed.value.status !== 'proposed') throw new Error(JSON.stringify(proposed));
    expect(await findCorrectionsOf(database.db, { taskCode: PUBLISHED_TASK, creditCode: selected[0]!, itemCode: 'F1' })).toEqual([]);

    expect(await decideApproval(database, keys, proposed.value.approval.id, 'approve', li, { now })).toMatchObject({ ok: false, error: { code: 'approval_own_proposal' } });
    const approved = await decideApproval(database, keys, proposed.value.approval.id, 'approve', wang, { now });
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    const { envelope, number } = correctionOf(approved.value.outcome);

    expect(envelope.record).toMatchObject({ format: 'suiji.result-correction/1', number: 1, kind: 'change', approvedBy: ['li.admin', 'wang.admin'], fourEyes: true, reason: '复核发现检查记录有误' });
    await expectSignedAndLogged(database.db, keys, envelope);
    const batch = await findResultsBatch(database.db, PUBLISHED_TASK, 1);
    expect(checkCorrectionLink(envelope.record, JSON.parse(batch!.envelope))).toEqual({ ok: true, value: undefined });
    const portal = await findPortalResults(database.db, { taskCode: PUBLISHED_TASK, limit: 10 });
    expect(portal.items.find((item) => item.creditCode === selected[0])).toMatchObject({ outcome: 'no_problem', corrections: [{ number, kind: 'change', recordHash: envelope.recordHash }] });
    expect(portal.items.find((item) => item.creditCode === selected[1])?.corrections).toBeUndefined();
  });

  it('a change rewrites the credit record with the corrected outcome, a revocation removes it, and a revoked result cannot be corrected again', async () => {
    const changed = await requestAct(database, keys, { kind: 'result_correction', correction: change(selected[0]!) }, li, { fourEyes: false, now });
    expect(changed).toMatchObject({ ok: true, value: { status: 'done', outcome: { envelope: { record: { approvedBy: ['li.admin'], fourEyes: false } } } } });
    const recordsAfterChange = (await listEnterpriseRecords(database.db, selected[0]!)).filter(({ record }) => record.kind === 'inspection_result');
    expect(recordsAfterChange.map(({ record }) => record)).toEqual([expect.objectContaining({ itemCode: 'F1', outcome: 'problem_corrected', source: '检查结果更正 第1号' })]);

    const revocation: CorrectionRequest = { taskCode: PUBLISHED_TASK, creditCode: selected[0]!, itemCode: 'F1', kind: 'revocation', reason: '检查对象错误，撤销该结果' };
    const revoked = await requestAct(database, keys, { kind: 'result_correction', correction: revocation }, li, { fourEyes: false, now });
    expect(correctionOf(revoked.ok && revoked.value.status === 'done' ? revoked.value.outcome : undefined).envelope.record).not.toHaveProperty('corrected');
    expect((await listEnterpriseRecords(database.db, selected[0]!)).filter(({ record }) => record.kind === 'inspection_result')).toEqual([]);

    expect(await requestAct(database, keys, { kind: 'result_correction', correction: change(selected[0]!) }, li, { fourEyes: false, now })).toMatchObject({
      ok: false,
      error: { code: 'result_correction_refused', issue: { code: 'result_revoked', number: 2 } },
    });
    // Every correction is stored with its log leaf, and every correction leaf with its record (the
    // draw world's seeded evaluation run is a violation of its own, not one of this test's).
    expect((await findConsistencyViolations(database.db, nodeSha256)).filter((violation) => violation.includes('correction'))).toEqual([]);
  });

  it('refuses to correct a result that was never published, a change without the corrected result, and a reason carrying personal data', async () => {
    const refused = async (correction: CorrectionRequest) => {
      const requested = await requestAct(database, keys, { kind: 'result_correction', correction }, li, { fourEyes: true, now });
      return requested.ok ? undefined : requested.error.code === 'result_correction_refused' ? requested.error.issue.code : requested.error.code;
    };
    expect(await refused({ ...change(notSelected) })).toBe('result_not_published');
    expect(await refused({ ...change(selected[0]!), corrected: undefined })).toBe('corrected_result_required');
    expect(await refused({ ...change(selected[0]!), kind: 'revocation' })).toBe('revocation_has_no_result');
    expect(await refused({ ...change(selected[0]!), reason: '当事人电话 13800138000' })).toBe('personal_data');
    expect(await refused({ ...change(selected[0]!), corrected: { outcome: 'problem_corrected', summary: '已责令改正' } })).toBe('corrective_order_required');
  });
});

describe(`statements and defence on ${testDatabaseKind}`, () => {
  it('an enterprise states its case on its own published result; staff answer once; the enterprise reads the answer', async () => {
    const submitted = await submitStatement(database, { taskCode: PUBLISHED_TASK, creditCode: selected[0]!, itemCode: 'F1', statement: '检查当日我司已公示相关信息。' }, now);
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    expect(submitted.value).toMatchObject({ submittedBy: selected[0], answer: null });
    expect((await findStatements(database.db, { unanswered: true })).map((row) => row.id)).toEqual([submitted.value.id]);

    const answered = await answerStatement(database, submitted.value.id, { answer: '经复核，维持原结果。', answeredBy: 'zhang.staff' }, new Date('2026-10-21T02:00:00Z'));
    expect(answered).toMatchObject({ ok: true, value: { answer: '经复核，维持原结果。', answeredBy: 'zhang.staff', answeredAt: new Date('2026-10-21T02:00:00Z') } });
    expect(await answerStatement(database, submitted.value.id, { answer: '再次答复', answeredBy: 'zhang.staff' }, now)).toMatchObject({ ok: false, error: { code: 'statement_answered' } });
    expect(await answerStatement(database, 999, { answer: '答复', answeredBy: 'zhang.staff' }, now)).toMatchObject({ ok: false, error: { code: 'statement_not_found' } });
    expect(await findStatements(database.db, { unanswered: true })).toEqual([]);
    expect(await findStatements(database.db, { creditCode: selected[0]! })).toEqual([expect.objectContaining({ answer: '经复核，维持原结果。', statement: '检查当日我司已公示相关信息。' })]);
    expect(await findStatements(database.db, { creditCode: selected[1]! })).toEqual([]);
  });

  it('refuses a statement on a result that is not published for that enterprise, and an empty one', async () => {
    expect(await submitStatement(database, { taskCode: PUBLISHED_TASK, creditCode: notSelected, itemCode: 'F1', statement: '异议' }, now)).toMatchObject({ ok: false, error: { code: 'result_not_published' } });
    expect(await submitStatement(database, { taskCode: PUBLISHED_TASK, creditCode: selected[0]!, itemCode: 'F1', statement: '   ' }, now)).toMatchObject({ ok: false, error: { code: 'text_required', field: 'statement' } });
  });
});

const LISTS_CSV = `编号,清单,违法行为,法律依据,适用条件,首违不罚
CQ-001,从轻处罚,未按规定标注食品生产日期,《食品安全法》第一百二十五条,主动消除危害后果,否
JQ-001,减轻处罚,超范围经营,《行政处罚法》第三十二条,配合查处且违法所得较少,否
MY-001,免予处罚,未按时公示年度报告,《行政处罚法》第三十三条,首次违法且及时改正,是
`;

describe(`the three lists (三张清单) on ${testDatabaseKind}`, () => {
  it('imports the lists from a CSV with Chinese headings, and reports a bad file line by line without saving any of it', async () => {
    expect(await importLeniencyLists(database, { content: new TextEncoder().encode(LISTS_CSV), format: 'csv' }, 'li.admin')).toMatchObject({ totalRows: 3, saved: 3, applied: true });
    expect((await findLeniencyLists(database.db)).map((entry) => [entry.code, entry.list, entry.firstViolation])).toEqual([
      ['MY-001', 'exempt', true],
      ['CQ-001', 'lighter', false],
      ['JQ-001', 'mitigated', false],
    ]);
    const bad = `code,list,item,legal_basis,conditions,first_violation\nX-1,从轻,a,b,c,否\nX-2,从轻,a,b,c,是\nX-3,其他,a,b,c,否\nX-1,减轻,a,b,c,否\n`;
    const report = await importLeniencyLists(database, { content: new TextEncoder().encode(bad), format: 'csv' }, 'li.admin');
    expect(report).toMatchObject({ applied: false, saved: 0 });
    expect(report.rejected.map((row) => [row.line, row.field])).toEqual([
      [3, 'first_violation'],
      [4, 'list'],
      [5, 'code'],
    ]);
    expect(await findLeniencyLists(database.db)).toHaveLength(3);
  });

  it('a penalty cites an entry on import: an unknown entry is rejected with its line, the 免予处罚 list’s first-violation entry marks it 首违不罚', async () => {
    await saveLeniencyEntry(database, { code: 'MY-001', list: '免予处罚', item: '未按时公示年度报告', legalBasis: '《行政处罚法》第三十三条', conditions: '首次违法且及时改正', firstViolation: '是' }, 'li.admin');
    await saveLeniencyEntry(database, { code: 'CQ-001', list: '从轻', item: '标签瑕疵', legalBasis: '《食品安全法》第一百二十五条', conditions: '主动改正', firstViolation: '否' }, 'li.admin');
    const code = world.codes[0]!;
    const penalties = (rows: string) =>
      importCreditRecords(database, { content: new TextEncoder().encode(`统一社会信用代码,来源,处罚决定书文号,处罚决定日期,违法行为,处罚种类,首违不罚,适用清单事项\n${rows}`), format: 'csv', kind: 'penalty' });

    const refused = await penalties(`${code},案件系统,J-1,2026-03-01,未公示年报,警告,否,NO-SUCH\n${code},案件系统,J-2,2026-03-02,标签瑕疵,罚款,是,CQ-001\n`);
    expect(refused.applied).toBe(false);
    expect(refused.rejected.map((row) => [row.line, row.field, row.reason.includes('NO-SUCH') || row.reason.includes('首违不罚')])).toEqual([
      [2, '适用清单事项', true],
      [3, '适用清单事项', true],
    ]);

    expect(await penalties(`${code},案件系统,J-3,2026-03-03,未公示年报,警告,否,MY-001\n${code},案件系统,J-4,2026-03-04,标签瑕疵,罚款,否,CQ-001\n`)).toMatchObject({ applied: true, inserted: 2 });
    const stored = (await listEnterpriseRecords(database.db, code)).map(({ record }) => record).filter((record) => record.kind === 'penalty');
    expect(stored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ decisionNumber: 'J-3', leniencyEntry: 'MY-001', leniencyList: 'exempt', firstViolationExempt: true }),
        expect.objectContaining({ decisionNumber: 'J-4', leniencyEntry: 'CQ-001', leniencyList: 'lighter', firstViolationExempt: false }),
      ]),
    );
  });
});
