import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { type BureauKeys } from '../../src/application/bureau-keys.ts';
import { importCreditRecords } from '../../src/application/import-credit-records.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { binary, firstWorksheet, headingsAndFrozenRow } from '../support/downloads.ts';
import { approveAsSecondAdmin, creditCodeFor, enterpriseSeed, insertEnterprises, createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let bearer: Record<CredentialRole, string>;
const penalised = creditCodeFor('350102', 1);
const soleTrader = creditCodeFor('350102', 2);
const honoured = creditCodeFor('350102', 3);
const awkwardName = '厦门"好运",贸易有限公司';

beforeEach(async () => {
  ({ database, keys, app, bearer } = await createTestAppWithKeys());
  await insertEnterprises(database, [
    enterpriseSeed({ creditCode: penalised, name: '示例食品有限公司' }),
    enterpriseSeed({ creditCode: soleTrader, name: '思明区张记小吃店', entityType: 'sole_trader' }),
    enterpriseSeed({ creditCode: honoured, name: awkwardName }),
  ]);
  const records = [
    { kind: 'penalty', creditCode: penalised, source: '案件系统', decisionNumber: '思市监罚〔2026〕7号', date: '2026-06-15', violation: '经营超过保质期食品', severity: 'heavy', firstViolationExempt: false, minorViolationExempt: false },
    { kind: 'serious_dishonesty_listing', creditCode: soleTrader, source: '公示系统', listedDate: '2025-02-10', reason: '提交虚假材料', decidingAuthority: '思明区市场监督管理局' },
    ...[2023, 2024, 2025].map((year) => ({ kind: 'annual_report', creditCode: honoured, source: '公示系统', year, filedDate: `${year + 1}-04-01` })),
    { kind: 'honour', creditCode: honoured, source: '公示系统', type: 'contract_honouring', date: '2025-05-01', fulfilled: true },
  ];
  const imported = await importCreditRecords(database, { content: new TextEncoder().encode(JSON.stringify(records)), format: 'json' });
  if (!imported.applied) throw new Error(JSON.stringify(imported.rejected));
});

afterEach(async () => {
  await database.close();
});

const as = (role: CredentialRole) => ({ Authorization: bearer[role] });

async function computeAndPublish(list: 'red' | 'black', from: string, to: string) {
  const computed = await supertest(app).post(`/api/lists/${list}/editions`).set(as('staff')).send({ from, to });
  expect(computed.status).toBe(201);
  const proposed = await supertest(app).post(`/api/lists/editions/${computed.body.edition}/publish`).set(as('admin'));
  expect(proposed.status).toBe(202);
  const approved = await approveAsSecondAdmin(app, database, proposed.body.approval.id);
  expect(approved.status).toBe(200);
  return approved.body.outcome;
}

describe('black list editions', () => {
  it('are computed by staff, reviewed with recorded removals, and published by an admin only', async () => {
    const computed = await supertest(app).post('/api/lists/black/editions').set(as('staff')).send({ from: '2026-05-01', to: '2026-10-31' });
    expect(computed.body).toEqual({ edition: 'black-2026-10-31', entries: 2 });
    const removed = await supertest(app).post('/api/lists/editions/black-2026-10-31/removals').set(as('staff')).send({ creditCode: penalised, reason: '处罚决定已被行政复议撤销' });
    expect(removed.status).toBe(201);
    const review = await supertest(app).get('/api/lists/editions/black-2026-10-31').set(as('staff'));
    expect(review.body.entries.find((entry: { creditCode: string }) => entry.creditCode === penalised)).toMatchObject({ removedReason: '处罚决定已被行政复议撤销' });

    expect((await supertest(app).post('/api/lists/editions/black-2026-10-31/publish').set(as('staff'))).status).toBe(403);
    expect((await supertest(app).post('/api/lists/editions/black-2026-10-31/publish')).status).toBe(401);
    // Four eyes: one admin proposes, the proposer cannot approve, another admin does.
    const proposed = await supertest(app).post('/api/lists/editions/black-2026-10-31/publish').set(as('admin'));
    expect(proposed.status).toBe(202);
    expect(proposed.body.approval).toMatchObject({ kind: 'list_publication', subject: 'black-2026-10-31', status: 'pending', proposedBy: 'test admin (token 3)' });
    expect((await supertest(app).get('/api/public/lists/black/editions')).body.items).toEqual([]);
    const ownApproval = await supertest(app).post(`/api/approvals/${proposed.body.approval.id}/approve`).set(as('admin'));
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.body.code).toBe('approval_own_proposal');
    const approved = await approveAsSecondAdmin(app, database, proposed.body.approval.id);
    expect(approved.status).toBe(200);
    const published = { body: approved.body.outcome };
    await expectSignedAndLogged(database.db, keys, published.body.envelope);
    expect(published.body.envelope.record).toMatchObject({ format: 'suiji.list-edition/1', list: 'black', edition: 'black-2026-10-31', criteria: 'black-list/1', approvedBy: ['test admin (token 3)', 'second admin (token 5)'], fourEyes: true });
    // A sole trader: its business name and credit code, the list's own reason and dates, nothing about its owner.
    expect(published.body.envelope.record.entries).toEqual([
      { name: '思明区张记小吃店', creditCode: soleTrader, reason: '列入严重违法失信名单', legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条', entryDate: '2025-02-10', expiry: '2028-02-10' },
    ]);
    expect((await supertest(app).post('/api/lists/editions/black-2026-10-31/removals').set(as('staff')).send({ creditCode: soleTrader, reason: 'x' })).status).toBe(409);
  });

  it('end an entry by credit repair only after the minimum period, and the next edition leaves it out', async () => {
    await computeAndPublish('black', '2026-05-01', '2026-10-31');
    const early = await supertest(app).post('/api/lists/black/exit-notices').set(as('admin')).send({ creditCode: soleTrader, cause: 'credit_repair', exitDate: '2026-02-09', repairDecision: '思市监信修〔2026〕2号' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('2026-02-10 at the earliest');
    expect((await supertest(app).post('/api/lists/black/exit-notices').set(as('staff')).send({ creditCode: soleTrader, cause: 'expiry', exitDate: '2028-02-10' })).status).toBe(403);

    const notice = await supertest(app).post('/api/lists/black/exit-notices').set(as('admin')).send({ creditCode: soleTrader, cause: 'credit_repair', exitDate: '2026-11-20', repairDecision: '思市监信修〔2026〕2号' });
    expect(notice.status).toBe(201);
    await expectSignedAndLogged(database.db, keys, notice.body.envelope);
    expect(notice.body.envelope.record).toMatchObject({ format: 'suiji.exit-notice/1', creditCode: soleTrader, cause: 'credit_repair', repairDecision: '思市监信修〔2026〕2号', entryDate: '2025-02-10' });

    expect((await supertest(app).get('/api/public/lists/black')).body.items.map((entry: { creditCode: string }) => entry.creditCode)).toEqual([penalised]);
    const next = await computeAndPublish('black', '2026-11-01', '2026-12-31');
    expect(next.envelope.record.entries.map((entry: { creditCode: string }) => entry.creditCode)).toEqual([penalised]);
    const notices = await supertest(app).get('/api/public/exit-notices?list=black');
    expect(notices.body.items).toHaveLength(1);
    const history = await supertest(app).get('/api/public/lists/black/editions?limit=1');
    expect(history.body.items[0].record.edition).toBe('black-2026-12-31');
    const older = await supertest(app).get(`/api/public/lists/black/editions?limit=1&cursor=${history.body.nextCursor}`);
    expect(older.body.items[0].record.edition).toBe('black-2026-10-31');
  });
});

describe('public lists', () => {
  it('export CSV with a UTF-8 BOM and RFC 4180 quoting, by ?format=csv or Accept: text/csv', async () => {
    await computeAndPublish('red', '2026-01-01', '2026-10-31');
    const byQuery = await supertest(app).get('/api/public/lists/red?format=csv').buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(byQuery.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = byQuery.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      `企业名称,统一社会信用代码,列入事由,设定依据,列入日期,有效期至\r\n"厦门""好运"",贸易有限公司",${honoured},三年内无处罚、无异常名录、无查实投诉，年报按时公示，守合同重信用或履行信用承诺,《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）,2026-10-31,2027-10-31\r\n`,
    );
    const byAccept = await supertest(app).get('/api/public/lists/red').set('Accept', 'text/csv');
    expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((await supertest(app).get('/api/public/lists/red')).body.items).toEqual([expect.objectContaining({ name: awkwardName })]);
  });

  it('export the current list as xlsx with Chinese headings, a frozen heading row and date cells', async () => {
    await computeAndPublish('red', '2026-01-01', '2026-10-31');
    const exported = await binary(supertest(app).get('/api/public/lists/red?format=xlsx'));
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="red-list.xlsx"');
    const sheet = await firstWorksheet(exported.body as Buffer);
    expect(headingsAndFrozenRow(sheet)).toEqual({ headings: ['企业名称', '统一社会信用代码', '列入事由', '设定依据', '列入日期', '有效期至'], frozen: true });
    expect(sheet.getCell('A2').value).toBe(awkwardName);
    expect(sheet.getCell('E2').value).toEqual(new Date('2026-10-31T00:00:00Z'));
    expect(sheet.getCell('F2').value).toEqual(new Date('2027-10-31T00:00:00Z'));
    expect(sheet.getCell('F2').numFmt).toBe('yyyy-mm-dd');
  });

  it('answer 304 to If-None-Match with the strong ETag, and 200 once the list changed', async () => {
    const empty = await supertest(app).get('/api/public/lists/black');
    expect(empty.body).toEqual({ list: 'black', edition: null, items: [] });
    const etag = empty.headers['etag'] as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect((await supertest(app).get('/api/public/lists/black').set('If-None-Match', etag)).status).toBe(304);
    await computeAndPublish('black', '2026-05-01', '2026-10-31');
    const changed = await supertest(app).get('/api/public/lists/black').set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers['etag']).not.toBe(etag);
  });

  it('page by cursor', async () => {
    await computeAndPublish('black', '2026-05-01', '2026-10-31');
    const first = await supertest(app).get('/api/public/lists/black?limit=1');
    expect(first.body.items.map((entry: { creditCode: string }) => entry.creditCode)).toEqual([penalised]);
    const second = await supertest(app).get(`/api/public/lists/black?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((entry: { creditCode: string }) => entry.creditCode)).toEqual([soleTrader]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await supertest(app).get('/api/public/lists/black?cursor=bogus')).status).toBe(400);
  });
});
