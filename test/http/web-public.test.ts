/**
 * The public portal's pages on the demo county (a drawn sealed task, published results and
 * red/black lists): content in Chinese and English, every selected enterprise and stratum
 * count on the draw page, nothing tiered or personal on any page, the no-JavaScript receipt
 * check, list search and paging, and the verifier page's wiring.
 */
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { loadDemoCounty } from '../../src/application/demo.ts';
import { loadNameBook } from '../../src/application/public-plan.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { computeKeySetFingerprint, formatFingerprint } from '../../src/core/key-set-fingerprint.ts';
import type { PublicKeySet, SignedEnvelope } from '../../src/core/signature.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { signIn } from '../support/session.ts';
import { englishIn } from '../support/english-text.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';

const TASK = '2026-ZH-01';
const PUBLIC_PAGES = ['/', '/draws', `/draws/${TASK}`, `/draws/${TASK}/verify`, '/verify', '/receipt', '/lists', '/lists/red', '/lists/black', '/results', `/results?task=${TASK}`, '/log', '/plan', '/plan/2026'];

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let record: DrawRecord;
let recordHash: string;

beforeAll(async () => {
  database = await createTestDatabase();
  keys = createEphemeralBureauKeys();
  await loadDemoCounty(database, { seed: 'suiji-demo-county', enterprises: 1500, asOf: '2026-11-01', bureauKeys: keys });
  app = createApp({ database, logger: createLogger('silent'), bureauKeys: keys });
  const envelope = (await supertest(app).get(`/api/public/draws/${TASK}`)).body as SignedEnvelope<DrawRecord>;
  record = envelope.record;
  recordHash = envelope.recordHash;
}, 600_000);

afterAll(async () => {
  await database.close();
});

function page(path: string, lang: 'zh' | 'en' = 'zh') {
  return supertest(app).get(path).query({ lang }).set('Accept', 'text/html');
}

/** The receipt form as a browser without JavaScript sends it. */
function postReceipt(fields: { draw: string; code: string; receiptCode: string }, lang: 'zh' | 'en' = 'zh') {
  return supertest(app).post('/receipt').query({ lang }).set('Accept', 'text/html').type('form').send(fields);
}

/** The visible text and attributes of a page, without the markup. */
function textOf(markup: string): string {
  return markup.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('public pages', () => {
  it('answer 200 in Chinese and English, under a CSP without inline scripts or styles', async () => {
    for (const path of PUBLIC_PAGES) {
      for (const lang of ['zh', 'en'] as const) {
        const response = await page(path, lang);
        expect(response.status, `${path} ${lang}`).toBe(200);
        expect(response.type).toBe('text/html');
        expect(response.text).toContain(`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`);
        expect(response.text.match(/<h1[ >]/g), `${path} has one h1`).toHaveLength(1);
        expect(response.text).not.toMatch(/ style="|<style|<script(?![^>]*\bsrc=)| on[a-z]+="/);
        const csp = response.headers['content-security-policy'] as string;
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
      }
    }
  });

  it('the home page says what Suiji is, lists the latest draw and charts the sample by year', async () => {
    const zh = await page('/');
    expect(zh.text).toContain('双随机、一公开');
    expect(zh.text).toContain(`href="/draws/${TASK}"`);
    for (const href of ['/verify', '/receipt', '/lists', '/log']) expect(zh.text).toContain(`href="${href}"`);
    expect(zh.text).toMatch(/<svg class="chart" role="img" aria-labelledby="years-chart-title years-chart-desc"/);
    expect(zh.text).toContain('<title id="years-chart-title">历年抽查数量</title>');
    // The joint task, the self-inspection task and its follow-up were all drawn in 2026.
    const [drawn] = rowsOf<{ sample: number }>(await database.db.execute(sql`select sum(selected_count)::int as sample from draw_records`));
    const sample = drawn!.sample;
    expect(sample).toBeGreaterThan(record.sampleSize as number);
    expect(zh.text).toMatch(new RegExp(`<th scope="row">2026</th><td class="number">[\\d,]+</td><td class="number">${sample}</td>`));
    const en = await page('/', 'en');
    expect(en.text).toContain('double-random, one-public');
    expect(en.text).toContain('Sample size over the years');
  });

  it('the demo plan page lists its tasks before and after the draws with item names, department names and draw times (issue 17)', async () => {
    const response = await page('/plan/2026');
    const row = response.text.match(new RegExp(`<tr data-task="${TASK}">[\\s\\S]*?</tr>`))?.[0] ?? '';
    expect(row).toContain('营业执照（登记证）规范使用情况检查；企业年度报告公示信息情况检查');
    expect(row).toContain('市场监管、农业农村');
    expect(row).toContain('<time datetime="2026-11-05T10:00:00+08:00">2026-11-05 10:00</time>');
    expect(response.text).toMatch(/<tr data-task="2026-SP-02">[\s\S]*?待抽取/);
    const items = await page('/plan', 'en');
    expect(items.text).toContain('Market regulation');
  });

  it('the draw list shows the task, its items and departments by name (not by code), pool and sample (issue 18)', async () => {
    const names = await loadNameBook(database.db);
    const response = await page('/draws', 'en');
    const row = response.text.match(new RegExp(`<tr data-task="${TASK}">.*?</tr>`))?.[0] ?? '';
    const cell = (label: string) => row.match(new RegExp(`<td data-label="${label}">(.*?)</td>`))?.[1] ?? '';
    const pool = record.poolSize as number;
    const items = record.task.items ?? [];
    const departments = (record.task.departments ?? []).map(names.department);
    expect(items.length).toBeGreaterThan(0);
    expect(row).toContain(record.task.name as string);
    expect(cell('Items')).toBe(items.map((code) => names.item(code).name).join('; '));
    for (const code of items) expect(cell('Items')).not.toContain(code);
    expect(cell('Departments')).toBe(departments.map((department) => department.nameEn).join(', '));
    for (const department of departments) expect(department.nameEn).not.toBe(department.code);
    const zh = (await page('/draws')).text.match(new RegExp(`<tr data-task="${TASK}">.*?</tr>`))?.[0] ?? '';
    expect(zh).toContain(`<td data-label="参与部门">${departments.map((department) => department.nameZh).join('、')}</td>`);
    expect(row).toContain(`<td class="number" data-label="Pool">${pool.toLocaleString('en-US')}</td>`);
    expect(row).toContain(`<td class="number" data-label="Sample">${record.selected.length}</td>`);
  });

  it('a department the records do not know (a legacy free-text department) is shown as stored (issue 18)', async () => {
    const names = await loadNameBook(database.db);
    expect(names.department('食品安全科')).toEqual({ code: '食品安全科', nameZh: '食品安全科', nameEn: '食品安全科' });
    expect(names.item('NO-SUCH-ITEM')).toEqual({ code: 'NO-SUCH-ITEM', name: 'NO-SUCH-ITEM' });
  });

  it('the draw page names the items and departments and shortens each ticket, the full ticket one click away without JavaScript (issue 18)', async () => {
    const names = await loadNameBook(database.db);
    const text = (await page(`/draws/${TASK}`)).text;
    const facts = text.match(/<dl class="facts" id="task-facts">.*?<\/dl>/)?.[0] ?? '';
    expect(facts).toContain(`<dt>抽查事项</dt><dd>${(record.task.items ?? []).map((code) => names.item(code).name).join('；')}</dd>`);
    expect(facts).toContain(`<dt>参与部门</dt><dd>${(record.task.departments ?? []).map((reference) => names.department(reference).nameZh).join('、')}</dd>`);
    for (const member of record.selected) {
      expect(member.ticket.length).toBeGreaterThan(70);
      expect(text).toContain(`<details class="ticket"><summary><code class="mono" title="${member.ticket}">${member.ticket.slice(0, 12)}…</code>`);
      expect(text).toContain(`<code class="mono ticket">${member.ticket}</code></details>`);
    }
  });

  it('the draw page of a sealed draw shows every selected code with its ticket, the policy per stratum, the totals, the counts per exclusion reason, the seed and its commitments, and no count per stratum', async () => {
    const response = await page(`/draws/${TASK}`);
    const text = response.text;
    expect(record.selected.length).toBeGreaterThan(0);
    for (const member of record.selected) {
      expect(text).toContain(`<tr data-code="${member.code}">`);
      expect(text).toContain(member.ticket);
      if (member.name) expect(text).toContain(member.name);
    }
    // draw/v1.1 section 7.1: a sealed record publishes commitments, not N and k, per stratum.
    expect(record.visibility).toBe('sealed');
    for (const stratum of record.strata) {
      expect(stratum.N).toBeUndefined();
      expect(text).toMatch(new RegExp(`<tr data-stratum="${stratum.label}"><th scope="row">${stratum.label}</th><td class="number">${stratum.ratio}</td><td class="number">${stratum.minimum}</td></tr>`));
    }
    expect(text).not.toContain('chart-bar-pool');
    expect(text).toMatch(new RegExp(`<dl class="facts" id="sealed-totals"><dt>对象库合计</dt><dd>${(record.poolSize as number).toLocaleString('zh-CN')}</dd><dt>抽取合计</dt><dd>${record.sampleSize}</dd></dl>`));
    for (const exclusion of record.exclusions ?? []) expect(text).toMatch(new RegExp(`<tr data-reason="${exclusion.reason}">.*?<td class="number">${exclusion.count.toLocaleString('zh-CN')}</td>`));
    for (const value of [record.poolRoot, record.nonceCommitment, record.nonce, record.seed, record.entropy, recordHash]) expect(text).toContain(value as string);
    for (const href of [`/api/public/draws/${TASK}`, `/api/public/draws/${TASK}/commitment`, '/.well-known/suiji-keys.json', `/draws/${TASK}/verify`]) expect(text).toContain(`href="${href}"`);
    expect(text).toContain('在浏览器中核验');
    expect((await page(`/draws/${TASK}`, 'en')).text).toContain('Verify in your browser');
  });

  it('the demo draw page gives its entropy time and notice and says its dates are simulated, in Chinese and English (draw/v1.1)', async () => {
    const chinese = (await page(`/draws/${TASK}`)).text;
    expect(chinese).toContain('演示县模拟日程');
    expect(chinese).toContain('公开熵产生时间');
    expect(chinese).toContain('2026-11-05 10:00');
    expect(chinese).toContain('24 小时');
    const english = (await page(`/draws/${TASK}`, 'en')).text;
    expect(english).toContain('demo county, simulated calendar');
    expect(english).toContain('Entropy taken at');
    expect(english).toContain('24 h');
  });

  it('never show a credit tier, a score or a natural person on any public page', async () => {
    const inspectorNames = rowsOf<{ name: string }>(await database.db.execute(sql`select name from inspectors`)).map((row) => row.name);
    expect(inspectorNames.length).toBeGreaterThan(0);
    const tierWords = /tier|risk|score|信用风险|风险等级|风险低|风险高|风险一般|风险较高|信用等级|评分|分值/i;
    const idNumbers = /(?<![0-9A-Za-z.])[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[0-9X](?![0-9A-Za-z])/;
    const mobiles = /(?<![\d.])1[3-9]\d{9}(?!\d)/;
    for (const path of PUBLIC_PAGES) {
      for (const lang of ['zh', 'en'] as const) {
        const text = textOf((await page(path, lang)).text);
        expect(text, `${path} ${lang}`).not.toMatch(tierWords);
        expect(text, `${path} ${lang}`).not.toMatch(idNumbers);
        expect(text, `${path} ${lang}`).not.toMatch(mobiles);
        for (const name of inspectorNames) expect(text, `${path} ${lang}`).not.toContain(name);
      }
    }
  });

  it('an unknown draw is a 404 page in the visitor\'s language', async () => {
    for (const path of ['/draws/NO-SUCH-TASK', '/draws/NO-SUCH-TASK/verify']) {
      const zh = await page(path);
      expect(zh.status).toBe(404);
      expect(zh.type).toBe('text/html');
      expect(zh.text).toContain('页面不存在');
      expect((await page(path, 'en')).text).toContain('Page not found');
    }
  });
});

/**
 * The server's verdict on the demo record: all passed, or, for a record without entropyAt
 * (before draw/v1.1, issue 11), only the order of commitment and entropy unproven.
 */
function expectVerdictOfDemoRecord(text: string, passedVerdict: string): void {
  if ('entropyAt' in record) expect(text).toContain(passedVerdict);
  else expect([...text.matchAll(/data-check-id="([^"]+)" data-status="failed"/g)].map((match) => match[1])).toEqual(['commitment-log']);
}

describe('the verifier page', () => {
  it('loads the verify script and names the files it checks; without JavaScript it explains the CLI', async () => {
    const response = await page(`/draws/${TASK}/verify`);
    expect(response.text).toContain('<script type="module" src="/assets/verify.js"></script>');
    expect(response.text).toContain(`<div id="verifier" data-draw="${TASK}" data-record-url="/api/public/draws/${TASK}" data-commitment-url="/api/public/draws/${TASK}/commitment" data-keys-url="/.well-known/suiji-keys.json" data-draw-log-proof-url="/api/public/draws/${TASK}/log-proof" data-log-proof-url="/api/public/log/proof/inclusion">`);
    for (const id of ['verdict', 'checks', 'verify-status', 'record-file', 'commitment-file', 'keys-file', 'log-proof-file', 'verify-files']) expect(response.text).toContain(`id="${id}"`);
    expect(response.text).toContain('<noscript>');
    expect(response.text).toContain(`--log-proof log-proof.json --require-signature --require-log`);
    expect(response.text).toContain(`/api/public/draws/${TASK}/log-proof`);
    expect(response.text).toContain(`proof/inclusion?hash=${recordHash}`);
    const index = await page('/verify', 'en');
    expect(index.text).toContain(`href="/draws/${TASK}/verify"`);
    expect(index.text).toContain('Verify files you saved');
  });

  it('the record\'s log proof is public at the URL the page gives the script', async () => {
    const proof = await supertest(app).get('/api/public/log/proof/inclusion').query({ hash: recordHash });
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({ recordHash, leafIndex: expect.any(Number), rootHash: expect.any(String) });
  });

  it('the scripts are served as JavaScript', async () => {
    for (const name of ['verify', 'receipt']) {
      const response = await supertest(app).get(`/assets/${name}.js`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.text).toContain('suiji.draw-record/1');
    }
  });
});

describe('was I drawn fairly (without JavaScript)', () => {
  it('prefills the draw and the credit code from the query; the form posts, so the receipt code stays out of URLs', async () => {
    const code = record.selected[0]!.code;
    const response = await page(`/receipt?draw=${TASK}&code=${code}`);
    expect(response.text).toContain('<form id="receipt-form" class="stack" method="post" action="/receipt"');
    expect(response.text).toContain(`<option value="${TASK}" selected>`);
    expect(response.text).toContain(`id="code" name="code" value="${code}"`);
    expect(response.text).toContain('<script type="module" src="/assets/receipt.js"></script>');
  });

  it('verifies a selected enterprise\'s receipt on the server and says it had to be selected', async () => {
    const code = record.selected[0]!.code;
    const receiptCode = deriveReceiptCode(keys, TASK, code);
    const response = await postReceipt({ draw: TASK, code, receiptCode }, 'en');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<dl class="facts" id="receipt-summary" data-selected="true">');
    expect(response.text).toContain('Yes, your enterprise was selected');
    expect(response.text).toContain('ticket ≤ threshold: had to be selected');
    const { ticket } = record.selected[0]!;
    expect(response.text).toContain(`<dd><details class="ticket"><summary><code class="mono" title="${ticket}">${ticket.slice(0, 12)}…</code>`);
    expectVerdictOfDemoRecord(response.text, '<div id="verdict" class="verdict passed" data-verdict="passed" role="alert">✔ All checks passed</div>');
    expect(response.text).toMatch(/<li class="passed" data-check-id="receipt" data-status="passed">/);
    expect(response.text).toMatch(/<li class="passed" data-check-id="log-inclusion" data-status="passed">/);
    expect(response.text).not.toContain(receiptCode);
  });

  it('verifies a pool member that was not selected', async () => {
    const selected = new Set(record.selected.map((member) => member.code));
    const [member] = (await loadPoolMembers(database.db, TASK)).map((entry) => entry.code).filter((code) => !selected.has(code));
    const response = await postReceipt({ draw: TASK, code: member as string, receiptCode: deriveReceiptCode(keys, TASK, member as string) });
    expect(response.text).toContain('data-selected="false"');
    expect(response.text).toContain('否，贵企业未被抽中');
    expectVerdictOfDemoRecord(response.text, 'class="verdict passed"');
  });

  it('answers a wrong receipt code and a code outside the pool alike', async () => {
    const code = record.selected[0]!.code;
    const wrong = await postReceipt({ draw: TASK, code, receiptCode: 'AAAA-BBBB-CCCC-DDDD' });
    const notInPool = '91350100MA00000001';
    const outside = await postReceipt({ draw: TASK, code: notInPool, receiptCode: deriveReceiptCode(keys, TASK, notInPool) });
    const errorOf = (markup: string) => markup.match(/<p class="notice error" role="alert" id="receipt-error">.*?<\/p>/)?.[0];
    expect(errorOf(wrong.text)).toBeDefined();
    expect(errorOf(wrong.text)).toBe(errorOf(outside.text));
    expect(wrong.text).not.toContain('receipt-summary');
  });
});

describe('red and black lists', () => {
  it('show the current edition with its CSV and search by name or credit code', async () => {
    const full = await page('/lists/red');
    expect(full.text).toContain('href="/api/public/lists/red?format=csv"');
    const codes = [...full.text.matchAll(/<tr data-code="([0-9A-Z]{18})">/g)].map((match) => match[1] as string);
    expect(codes.length).toBeGreaterThan(1);
    const byCode = await page('/lists/red').query({ q: codes[1]!.toLowerCase() });
    expect([...byCode.text.matchAll(/<tr data-code="([0-9A-Z]{18})">/g)].map((match) => match[1])).toEqual([codes[1]]);

    const name = full.text.match(new RegExp(`<tr data-code="${codes[0]}"><td data-label="[^"]*">([^<]+)</td>`))?.[1] as string;
    const fragment = name.slice(0, 4);
    const byName = await page('/lists/red').query({ q: fragment });
    const rows = [...byName.text.matchAll(/<tr data-code="[0-9A-Z]{18}"><td data-label="[^"]*">([^<]+)<\/td>/g)].map((match) => match[1] as string);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(fragment);
    const none = await page('/lists/red', 'en').query({ q: 'NO SUCH ENTERPRISE' });
    expect(none.text).toContain('No enterprise matches.');
  });

  it('page through the whole list, 50 entries a page', async () => {
    const all = (await supertest(app).get('/api/public/lists/red').query({ limit: 1000 })).body as { items: { creditCode: string }[] };
    const seen: string[] = [];
    let next: string | undefined = '/lists/red';
    while (next) {
      const response = await page(next.replace(/&amp;/g, '&'));
      seen.push(...[...response.text.matchAll(/<tr data-code="([0-9A-Z]{18})">/g)].map((match) => match[1] as string));
      next = response.text.match(/<a href="([^"]+)" rel="next">/)?.[1];
    }
    expect(all.items.length).toBeGreaterThan(50);
    expect(seen).toEqual(all.items.map((item) => item.creditCode));
  });

  it('an unknown list is a 404 page', async () => {
    expect((await page('/lists/green')).status).toBe(404);
  });
});

describe('results and the log', () => {
  it('results by task and by enterprise; a sole trader appears by credit code only', async () => {
    const api = (await supertest(app).get('/api/public/results').query({ task: TASK, limit: 1 })).body as { items: { creditCode: string; name: string }[] };
    const { creditCode, name } = api.items[0]!;
    const byTask = await page('/results').query({ task: TASK });
    expect(byTask.text).toContain(`<tr data-code="${creditCode}">`);
    expect(byTask.text).toContain(name);
    const byCode = await page('/results', 'en').query({ code: creditCode.toLowerCase() });
    const codes = new Set([...byCode.text.matchAll(/<tr data-code="([0-9A-Z]{18})">/g)].map((match) => match[1]));
    expect([...codes]).toEqual([creditCode]);

    await database.db.execute(sql`update enterprises set entity_type = 'sole_trader' where credit_code = ${creditCode}`);
    const soleTrader = await page('/results').query({ code: creditCode });
    expect(soleTrader.text).toContain(`<tr data-code="${creditCode}">`);
    expect(soleTrader.text).not.toContain(name);
    const soleTraderApi = await supertest(app).get('/api/public/results').query({ code: creditCode });
    expect(soleTraderApi.body.items.map((item: { name: string }) => item.name)).toEqual(soleTraderApi.body.items.map(() => ''));
    expect(soleTraderApi.body.items.length).toBeGreaterThan(0);
    await database.db.execute(sql`update enterprises set entity_type = 'company' where credit_code = ${creditCode}`);
  });

  it('results read as one card per row on a phone: every cell carries its column heading (issue 18)', async () => {
    const text = (await page('/results', 'en').query({ task: TASK })).text;
    const table = text.match(/<table id="results-table" class="stacked">.*?<\/table>/s)?.[0] ?? '';
    const headings = [...(table.match(/<thead>.*?<\/thead>/s)?.[0] ?? '').matchAll(/<th scope="col">(.*?)<\/th>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Task', 'Credit code', 'Name', 'Item', 'Department', 'Date', 'Outcome', 'Summary']);
    const rows = [...table.matchAll(/<tr data-code="[0-9A-Z]{18}">(.*?)<\/tr>/gs)].map((match) => match[1] as string);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([...row.matchAll(/<td data-label="([^"]*)"/g)].map((match) => match[1])).toEqual(headings);
  });

  it('the verification and log instructions name this site (the request\'s origin, or PUBLIC_ORIGIN), not a placeholder (issue 18)', async () => {
    const verify = await page(`/draws/${TASK}/verify`);
    expect(verify.text).toMatch(new RegExp(`curl -o record.json http://127\\.0\\.0\\.1:\\d+/api/public/draws/${TASK}\n`));
    expect(verify.text).not.toMatch(/\bORIGIN\b/);
    const behindProxy = createApp({ database, logger: createLogger('silent'), bureauKeys: keys, site: { publicOrigin: new URL('https://suiji.example.gov.cn') } });
    const proxied = (await supertest(behindProxy).get('/log').set('Accept', 'text/html')).text;
    expect(proxied).toContain('log head --server https://suiji.example.gov.cn &gt; old.json');
    expect(proxied).not.toMatch(/\bORIGIN\b/);
    expect((await supertest(behindProxy).get('/verify').set('Accept', 'text/html')).text).toContain('curl -o record.json https://suiji.example.gov.cn/api/public/draws/TASK\n');
  });

  it('the log page shows the latest signed tree head and the newest leaves with their kinds', async () => {
    const head = (await supertest(app).get('/api/public/log/tree-head')).body as { treeSize: number; rootHash: string; signature: { keyId: string; value: string } };
    const response = await page('/log', 'en');
    expect(response.text).toContain(`data-tree-size="${head.treeSize}"`);
    for (const value of [head.rootHash, head.signature.keyId, head.signature.value]) expect(response.text).toContain(value);
    expect(response.text).toContain(`<tr data-leaf-index="${head.treeSize - 1}"`);
    expect(response.text).toMatch(/<tr data-leaf-index="\d+" data-kind="draw_record"><td class="number">\d+<\/td><td>Draw record<\/td><td><a href="\/draws\/2026-ZH-01">/);
    expect(response.text).toContain('log check old.json new.json');
  });

  it('the log page shows the fingerprint of the key set, as pinned in the latest tree head', async () => {
    const head = (await supertest(app).get('/api/public/log/tree-head')).body as { keySetFingerprint: string };
    const keySet = (await supertest(app).get('/.well-known/suiji-keys.json')).body as PublicKeySet;
    const fingerprint = formatFingerprint(computeKeySetFingerprint(keySet, nodeSha256));
    expect(formatFingerprint(head.keySetFingerprint)).toBe(fingerprint);
    const response = await page('/log', 'zh');
    expect(response.text).toContain(`<code class="mono" id="key-set-fingerprint">${fingerprint}</code>`);
    expect(response.text).toContain('纸质公告');
  });
});

describe('self-inspection by commitment on the portal (issue 17)', () => {
  it('the plan and the results name the method 自查, and the follow-up draw page names the self-inspection task it follows', async () => {
    const plan = (await page('/plan/2026')).text;
    expect(plan.match(/<tr data-task="2026-ZC-01">.*?<\/tr>/s)?.[0]).toContain('自查（承诺式检查）');
    expect(plan.match(/<tr data-task="2026-ZC-02">.*?<\/tr>/s)?.[0]).toContain('自查后现场核查');
    const followUp = (await page('/draws/2026-ZC-02')).text;
    expect(followUp).toMatch(/<dt>检查方式<\/dt><dd><span class="method">自查后现场核查：从自查任务<a href="\/draws\/2026-ZC-01">[^<]+<\/a>中已受理的自查报告抽取<\/span><\/dd>/);
    expect((await page('/draws/2026-ZC-02', 'en')).text).toContain('On-site follow-up of self-inspection task ');
    const results = (await page('/results?task=2026-ZC-01')).text;
    expect(results).toContain('<span class="hint method">自查（承诺式检查）</span>');
    expect((await page(`/results?task=${TASK}`)).text).not.toContain('class="hint method"');
    const api = (await supertest(app).get('/api/public/results?task=2026-ZC-01')).body as { items: { method: string }[] };
    expect(new Set(api.items.map((item) => item.method))).toEqual(new Set(['self_inspection']));
  });
});

describe('every page in Chinese (issues 14 and 18)', () => {
  it('shows no English sentence, property name or internal code on the portal or the console in lang=zh', async () => {
    const admin = await signIn(app, database, 'admin', { username: 'zh.walker' });
    const get = (path: string) => admin.agent.get(path).set('Accept', 'text/html');
    const linkFrom = async (path: string, pattern: RegExp) => pattern.exec((await get(path)).text)?.[1];
    const runPage = await linkFrom('/console/evaluations', /href="(\/console\/evaluations\/\d+)"/);
    const pages = [
      ...PUBLIC_PAGES,
      '/lists/leniency',
      '/console',
      '/console/imports',
      '/console/evaluations',
      runPage,
      runPage && `${runPage}/enterprises/${rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from evaluations where observation limit 1`))[0]?.credit_code}`,
      '/console/tier-lists',
      await linkFrom('/console/tier-lists', /href="(\/console\/tier-lists\/\d+\/\d+)"/),
      '/console/observation',
      '/console/plan',
      // The inspector and conflict forms filled from their edit links.
      (await linkFrom('/console/plan', /href="(\/console\/plan\?[^"#]*edit=inspector[^"#]*)/))?.replaceAll('&amp;', '&'),
      (await linkFrom('/console/plan', /href="(\/console\/plan\?[^"#]*edit=conflict[^"#]*)/))?.replaceAll('&amp;', '&'),
      '/console/tasks',
      `/console/tasks/${TASK}`,
      `/console/tasks/${TASK}/notices`,
      '/console/results',
      '/console/lists',
      await linkFrom('/console/lists', /href="(\/console\/lists\/[^"?#]+)"/),
      '/console/statements',
      '/console/self-inspection',
      '/console/self-inspection/2026-ZC-01',
      '/draws/2026-ZC-01',
      '/draws/2026-ZC-02',
      '/results?task=2026-ZC-01',
      '/console/corrections',
      '/console/leniency-lists',
      '/console/models',
      '/console/admin/users',
      '/console/admin/departments',
      '/console/activity',
      '/console/approvals',
      '/account/password',
    ];
    expect(pages.map((path, index) => (path === undefined ? index : -1)).filter((index) => index >= 0)).toEqual([]);
    const found: Record<string, string[]> = {};
    for (const path of pages as string[]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      const english = englishIn(response.text);
      if (english.length) found[path] = [...new Set(english)];
    }
    expect(found).toEqual({});
  });

  it('would catch an English reason, a code or a property name', () => {
    expect(englishIn('<p>the task is not drawn yet</p><td>deregistered</td><span>amount_fen</span>')).toEqual(['the task is not drawn yet', 'deregistered', 'amount_fen']);
    expect(englishIn('<p>公开抽取会现场掷骰子 / the dice rolled at the meeting</p><code>suiji verify record.json --keys keys.json</code>')).toEqual([]);
  });
});
