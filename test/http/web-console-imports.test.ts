import supertest from 'supertest';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countEnterprises } from '../../src/persistence/evaluation-store.ts';
import { testDatabaseKind } from '../support/database.ts';
import { creditCode, csvBytes, importTestDirectory } from '../support/credit-fixtures.ts';
import { signIn } from '../support/session.ts';
import { createTestApp, createTestAppWithJobs, creditCodeFor, type TestApp, type TestAppWithJobs } from './fixtures.ts';
import { englishIn } from '../support/english-text.ts';

const header = '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记';

function directoryRow(serial: number, date = '2020/1/2'): string {
  return [creditCodeFor('350102', serial), `福州示例${serial}有限公司`, '350102', 'F5211', date, '有限责任公司', '存续', '食品'].join(',');
}

/** Three rows; the one on line 3 has an impossible registration date. */
const directoryWithOneBadRow = Buffer.from(csvBytes(header, directoryRow(1), directoryRow(2, '2020-13-45'), directoryRow(3)));

/**
 * The console answers an upload with its import job's page (303); this follows it until the
 * job has ended (the page stops refreshing itself) and answers that page.
 */
async function jobPageOf(app: TestApp['app'], uploaded: supertest.Response, authorization: (test: supertest.Test) => supertest.Test): Promise<supertest.Response> {
  expect(uploaded.status).toBe(303);
  const location = uploaded.headers['location'] as string;
  expect(location).toMatch(/^\/console\/jobs\/\d+/);
  for (;;) {
    const page = await authorization(supertest(app).get(location));
    if (page.status !== 200 || !page.text.includes('http-equiv="refresh"')) return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`console imports on ${testDatabaseKind}`, () => {
  let context: TestAppWithJobs;
  // Each test starts from an empty directory, so counts after an import are its own.
  beforeEach(async () => {
    await context.database.db.execute(sql`truncate enterprises cascade`);
  });
  beforeAll(async () => {
    context = await createTestAppWithJobs();
  });
  afterAll(async () => {
    await context.close();
  });

  const request = () => supertest(context.app);
  const asStaff = (test: supertest.Test) => test.set('Authorization', context.bearer.staff);

  it.each([
    ['get', '/console'],
    ['get', '/console/imports'],
    ['post', '/console/imports/enterprises'],
    ['post', '/console/imports/records'],
  ] as const)('sends the public from %s %s to the login page (303)', async (method, path) => {
    const response = await request()[method](path).set('Accept', 'text/html');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it('refuses the console to an auditor (403)', async () => {
    const response = await request().get('/console/imports').set('Authorization', context.bearer.auditor).set('Accept', 'text/html');
    expect(response.status).toBe(403);
  });

  it('shows staff the dashboard with the directory size and the cycle in order', async () => {
    await importTestDirectory(context.database, [{ n: 1 }, { n: 2 }]);
    const response = await request().get('/console').set('Authorization', context.bearer.staff);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/<p class="big-number" id="enterprise-count">2<\/p>/);
    const steps = ['/console/imports', '/console/evaluations', '/console/plan', '/console/tasks', '/console/results', '/console/lists'];
    const positions = steps.map((href) => response.text.indexOf(`href="${href}"`, response.text.indexOf('class="cycle-steps"')));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((left, right) => left - right)).toEqual(positions);
  });

  it('lets an admin in too (admin counts as staff)', async () => {
    const response = await request().get('/console').set('Authorization', context.bearer.admin);
    expect(response.status).toBe(200);
  });

  it('shows the import forms with the CSRF token in the action and a hidden field', async () => {
    const response = await request().get('/console/imports').set('Authorization', context.bearer.staff);
    expect(response.status).toBe(200);
    expect(response.text).toContain('enctype="multipart/form-data"');
    expect(response.text).toContain('name="_csrf"');
    expect(response.text).toContain('<label for="enterprises-file">');
    expect(response.text).toContain('<label for="records-kind">');
  });

  it('imports as a job and its page reports the bad row by line, field and reason, having imported nothing (all or nothing)', async () => {
    const uploaded = await request()
      .post('/console/imports/enterprises')
      .set('Authorization', context.bearer.staff)
      .field('mode', 'all')
      .field('encoding', 'auto')
      .attach('file', directoryWithOneBadRow, '名录.csv');
    const response = await jobPageOf(context.app, uploaded, asStaff);

    expect(response.status).toBe(200);
    expect(response.text).toContain('id="job-error"');
    expect(response.text).toContain('名录.csv');
    expect(response.text).toContain('id="nothing-imported"');
    expect(response.text).toContain('没有导入任何行');
    const rejected = /<table id="rejected-rows"[\s\S]*?<\/table>/.exec(response.text)?.[0] ?? '';
    expect(rejected).toMatch(/<tr data-line="3"><td class="number">3<\/td><td>成立日期<\/td><td>[^<]+<\/td>/);
    expect(rejected.match(/data-line=/g)).toHaveLength(1);
    expect(await countEnterprises(context.database.db)).toBe(0);
  });

  it('gives the rejected rows\' reasons in Chinese on the Chinese page and in English on the English one', async () => {
    const directory = Buffer.from(csvBytes(header, directoryRow(1, '2020-13-45'), directoryRow(2).replace('有限责任公司', 'plc'), '"unclosed,x'));
    // The report is on the import job's page, in that page's language.
    const upload = async (lang: 'zh' | 'en') =>
      jobPageOf(context.app, await asStaff(request().post('/console/imports/enterprises')).field('mode', 'all').attach('file', directory, '名录.csv'), (test) => asStaff(test).query({ lang }));
    const chinese = await upload('zh');
    const rejected = /<table id="rejected-rows"[\s\S]*?<\/table>/.exec(chinese.text)?.[0] ?? '';
    expect(rejected.match(/data-line=/g)).toHaveLength(3);
    expect(rejected).toContain('“2020-13-45”不是真实存在的日期');
    expect(englishIn(rejected)).toEqual([]);
    const english = await upload('en');
    expect(english.text).toContain('2020-13-45&#39; is not a real calendar date');
  });

  it('imports the good rows in partial mode and still lists the bad one', async () => {
    const uploaded = await request()
      .post('/console/imports/enterprises?lang=en')
      .set('Authorization', context.bearer.staff)
      .field('mode', 'partial')
      .attach('file', directoryWithOneBadRow, 'directory.csv');
    expect(uploaded.headers['location']).toMatch(/\?lang=en$/);
    const response = await jobPageOf(context.app, uploaded, asStaff);

    expect(response.status).toBe(200);
    expect(response.text).toContain('<dd data-count="rowsRead">3</dd>');
    expect(response.text).toContain('<dd data-count="rowsRejected">1</dd>');
    expect(response.text).toContain('<td class="number" data-count="inserted">2</td>');
    expect(response.text).toContain('<td class="number" data-count="rejected">1</td>');
    expect(response.text).toContain('data-line="3"');
    expect(response.text).not.toContain('id="nothing-imported"');
    expect(await countEnterprises(context.database.db)).toBe(2);

    const again = await jobPageOf(
      context.app,
      await request().post('/console/imports/enterprises?lang=en').set('Authorization', context.bearer.staff).field('mode', 'partial').attach('file', directoryWithOneBadRow, 'directory.csv'),
      asStaff,
    );
    expect(again.text).toContain('<td class="number" data-count="unchanged">2</td>');
  });

  it('shows a rejected row without the columns it does not keep, nor a related person\'s ID number', async () => {
    const directory = Buffer.from(csvBytes(`法定代表人,${header},联系电话`, `张三,${directoryRow(1, '2020-13-45')},13800138000`));
    const enterprises = await jobPageOf(context.app, await request().post('/console/imports/enterprises').set('Authorization', context.bearer.staff).field('mode', 'all').attach('file', directory, '名录.csv'), asStaff);
    expect(enterprises.text).toContain('id="nothing-imported"');
    expect(enterprises.text).toContain(`<code class="raw-row">,${directoryRow(1, '2020-13-45')},</code>`);
    expect(enterprises.text).not.toMatch(/张三|13800138000/);

    await importTestDirectory(context.database, [{ n: 1 }]);
    const idNumber = '11010519491231002X'; // GB 11643-1999's published example, not a real person's
    const links = Buffer.from(csvBytes('统一社会信用代码,身份证号,职务,任职日期,来源', `${creditCode(1)},${idNumber},董事长,2020-01-01,登记系统`));
    const records = await jobPageOf(context.app, await request().post('/console/imports/records').set('Authorization', context.bearer.staff).field('kind', 'related_party_link').attach('file', links, '关联.csv'), asStaff);
    expect(records.text).toContain('id="nothing-imported"');
    expect(records.text).toContain(`<code class="raw-row">${creditCode(1)},,董事长,2020-01-01,登记系统</code>`);
    expect(records.text).not.toContain(idNumber);
  });

  it('asks for a file, and for the kind of a CSV of credit records, next to the field', async () => {
    const noFile = await request().post('/console/imports/enterprises').set('Authorization', context.bearer.staff).field('mode', 'all');
    expect(noFile.status).toBe(400);
    expect(noFile.text).toContain('id="enterprises-file-error"');

    const penalties = Buffer.from(csvBytes('统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源', `${creditCode(1)},A-1,2025-03-01,未按规定标明价格,罚款,案件系统`));
    const noKind = await request().post('/console/imports/records').set('Authorization', context.bearer.staff).attach('file', penalties, 'penalties.csv');
    expect(noKind.status).toBe(400);
    expect(noKind.text).toContain('id="records-kind-error"');
    expect(noKind.text).toContain('aria-invalid="true"');
  });

  it('imports credit records of the chosen kind', async () => {
    await importTestDirectory(context.database, [{ n: 1 }]);
    const penalties = Buffer.from(csvBytes('统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源', `${creditCode(1)},A-1,2025-03-01,未按规定标明价格,罚款,案件系统`));
    const uploaded = await request()
      .post('/console/imports/records')
      .set('Authorization', context.bearer.staff)
      .field('kind', 'penalty')
      .attach('file', penalties, '处罚.csv');
    const response = await jobPageOf(context.app, uploaded, asStaff);
    expect(response.status).toBe(200);
    expect(response.text).toContain('<td class="number" data-count="inserted">1</td>');
    expect(response.text).toContain('处罚.csv');
  });

  it('imports through a signed-in session, with the CSRF token in the form action of a multipart upload', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    const page = await staff.agent.get('/console/imports').set('Accept', 'text/html');
    const action = /<form class="stack" method="post" action="([^"]+)" enctype="multipart\/form-data">/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    expect(action).toBe(`/console/imports/enterprises?_csrf=${encodeURIComponent(staff.csrfToken)}`);

    const forged = await staff.agent.post('/console/imports/enterprises').set('Accept', 'text/html').field('mode', 'partial').attach('file', directoryWithOneBadRow, 'directory.csv');
    expect(forged.status).toBe(403);
    expect(await countEnterprises(context.database.db)).toBe(0);

    const uploaded = await staff.agent.post(action!).set('Accept', 'text/html').field('_csrf', staff.csrfToken).field('mode', 'partial').attach('file', directoryWithOneBadRow, 'directory.csv');
    const response = await jobPageOf(context.app, uploaded, asStaff);
    expect(response.status).toBe(200);
    expect(response.text).toContain('data-line="3"');
    expect(await countEnterprises(context.database.db)).toBe(2);
  });

  it('refuses a file over the upload limit with 413', async () => {
    const small = await createTestApp({ importBodyLimitBytes: 100 });
    try {
      const response = await supertest(small.app)
        .post('/console/imports/enterprises')
        .set('Authorization', small.bearer.staff)
        .set('Accept', 'text/html')
        .attach('file', directoryWithOneBadRow, 'directory.csv');
      expect(response.status).toBe(413);
    } finally {
      await small.database.close();
    }
  });
});
