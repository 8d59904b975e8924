import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { YEAR, type World } from '../integration/draw-world.ts';
import { createPolicyWorldDatabase } from '../integration/policy-world.ts';
import { signIn } from '../support/session.ts';
import { createTestAppWithKeys } from './fixtures.ts';
import { englishIn } from '../support/english-text.ts';

let database: DatabaseHandle;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;

beforeEach(async () => {
  ({ database, seeded: world } = await createPolicyWorldDatabase());
  ({ database, app, bearer } = await createTestAppWithKeys({ database, fourEyes: false }));
});

afterEach(async () => {
  await database.close();
});

function post(role: CredentialRole, path: string, form: Record<string, string | string[]>) {
  return supertest(app).post(path).set('Authorization', bearer[role]).set('Accept', 'text/html').type('form').send(form);
}

const tiers = (ratios: readonly [string, string, string, string]) => ({
  'A.ratio': ratios[0], 'A.minimum': '1', 'A.frequency': '1',
  'B.ratio': ratios[1], 'B.minimum': '1', 'B.frequency': '2',
  'C.ratio': ratios[2], 'C.minimum': '1', 'C.frequency': '2',
  'D.ratio': ratios[3], 'D.minimum': '1', 'D.frequency': '2',
});

async function policiesOf(item: string): Promise<{ version: number; overrideReason: string | null; tiers: { A: { ratio: string } } }[]> {
  return (await supertest(app).get(`/api/sampling-policies?item=${item}&year=${YEAR}`).set('Authorization', bearer.staff)).body;
}

describe('console plan page', () => {
  it('answers staff with items, current policies and tasks, and sends the public to the login page', async () => {
    const page = await supertest(app).get(`/console/plan?year=${YEAR}`).set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<code>G1</code>');
    expect(page.text).toContain('企业信息公示暂行条例');
    expect(page.text).toMatch(/<td>v1/);
    const anonymous = await supertest(app).get('/console/plan').set('Accept', 'text/html');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fconsole%2Fplan');
    expect((await post('staff', '/console/plan/items', {})).status).toBe(400);
    expect((await supertest(app).post('/console/plan/items').type('form').send({ code: 'X1' })).status).toBe(303);
  });

  it('adds an item, and refuses a policy out of risk order with the rule next to the tiers until an override reason is given', async () => {
    const item = await post('staff', '/console/plan/items', { code: 'TS-01', name: '特种设备安全', department: '特设科', category: 'special_equipment', legalBasis: '特种设备安全法', keyArea: 'true' });
    expect(item.status).toBe(303);
    expect((await supertest(app).get('/console/plan').set('Authorization', bearer.staff)).text).toContain('特种设备安全');

    const base = { itemCode: 'TS-01', year: String(YEAR), annualCap: '2' };
    const reversed = await post('staff', '/console/plan/policies', { ...base, ...tiers(['0.3', '0.2', '0.1', '0.05']) });
    expect(reversed.status).toBe(400);
    expect(reversed.text).toMatch(/<p class="field-error" id="policy-tiers-error">[^<]*D ≥ C ≥ B ≥ A/);
    expect(reversed.text).toContain('value="0.3"');
    expect(await policiesOf('TS-01')).toEqual([]);

    const badRatio = await post('staff', '/console/plan/policies', { ...base, ...tiers(['abc', '0.2', '0.3', '0.4']) });
    expect(badRatio.status).toBe(400);
    expect(badRatio.text).toContain('id="policy-tiers-error"');

    const overridden = await post('staff', '/console/plan/policies', { ...base, ...tiers(['0.3', '0.2', '0.1', '0.05']), overrideReason: '上级部署：低风险企业专项核查' });
    expect(overridden.status).toBe(303);
    const saved = await policiesOf('TS-01');
    expect(saved).toEqual([expect.objectContaining({ version: 1, overrideReason: '上级部署：低风险企业专项核查', tiers: expect.objectContaining({ A: expect.objectContaining({ ratio: '0.3' }) }) })]);
  });

  it('creates a joint task from the form, and shows the task errors next to their fields', async () => {
    const form = {
      code: '2027-ZH-09',
      name: '综合查一次（表单）',
      year: String(YEAR),
      round: '1',
      items: ['G1'],
      department0: '信用科',
      teamSize0: '1',
      department1: '食品科',
      teamSize1: '1',
      trigger: 'planned',
      evaluationRunId: String(world.runId),
      visibility: '',
      qualification: '行政执法',
      entropyKind: 'public-event',
      entropyDescription: 'dice rolled at the public meeting',
      entropyAt: '2027-03-02T10:00:00+08:00',
      regions: '350102',
      flags: ['food'],
    };
    const missing = await post('staff', '/console/plan/tasks', { ...form, items: [] });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/id="task-items-error">[^<]*一个任务至少检查一个事项/);
    expect(missing.text).toContain('value="综合查一次（表单）"');
    const noTime = await post('staff', '/console/plan/tasks', { ...form, entropyAt: '2027-03-02 10:00' });
    expect(noTime.status).toBe(400);
    expect(noTime.text).toMatch(/id="task-entropy-at-error">[^<]*ISO 8601 time with its offset/);
    const lateRound = await post('staff', '/console/plan/tasks', { ...form, round: '9' });
    expect(lateRound.status).toBe(400);
    expect(lateRound.text).toMatch(/id="task-round-error">[^<]*的计划只有 2 轮/);

    const saved = await post('staff', '/console/plan/tasks', form);
    expect(saved.status).toBe(303);
    const task = (await supertest(app).get('/api/tasks/2027-ZH-09').set('Authorization', bearer.staff)).body;
    expect(task).toMatchObject({
      items: ['G1'],
      departments: [
        { department: '信用科', teamSize: 1 },
        { department: '食品科', teamSize: 1 },
      ],
      visibility: 'sealed',
      evaluationRunId: world.runId,
      conditions: { regions: ['350102'], flags: ['food'] },
      entropySource: { kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' },
      status: 'planned',
    });
    const drand = await post('staff', '/console/plan/tasks', { ...form, code: '2027-ZH-10', entropyKind: 'drand-quicknet', entropyRound: '1234567' });
    expect(drand.status).toBe(303);
    expect((await supertest(app).get('/api/tasks/2027-ZH-10').set('Authorization', bearer.staff)).body.entropySource).toEqual({ kind: 'drand-quicknet', round: 1234567 });
    const page = await supertest(app).get(`/console/plan?year=${YEAR}`).set('Authorization', bearer.staff);
    expect(page.text).toContain('href="/console/tasks/2027-ZH-09"');
  });

  it('loads a plan file pasted as JSON, all or nothing', async () => {
    const bad = await post('staff', '/console/plan/load', { document: JSON.stringify({ items: [{ code: 'N1', name: '新事项', legalBasis: '条例', department: '科', category: 'c' }], policies: [{ itemCode: 'NOPE', year: YEAR, tiers: { A: { ratio: '0.1', minimum: 0, frequency: 1 }, B: { ratio: '0.1', minimum: 0, frequency: 1 }, C: { ratio: '0.1', minimum: 0, frequency: 1 }, D: { ratio: '0.1', minimum: 0, frequency: 1 } }, annualCap: 1 }] }) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('policies[0].itemCode：没有检查事项 NOPE');
    expect((await supertest(app).get('/console/plan').set('Authorization', bearer.staff)).text).not.toContain('新事项');
    const notJson = await post('staff', '/console/plan/load', { document: '{ nope' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('id="plan-document-error"');
    const good = await post('staff', '/console/plan/load', { document: JSON.stringify({ items: [{ code: 'N1', name: '新事项', legalBasis: '条例', department: '科', category: 'c' }] }) });
    expect(good.status).toBe(200);
    expect(good.text).toContain('role="status"');
    expect(good.text).toContain('新事项');
  });

  it('reports each problem of a loaded plan file with its line, as suiji plan load does', async () => {
    const tiersOf = (ratio: string) => `{ "ratio": "${ratio}", "minimum": 0, "frequency": 1 }`;
    const unknownItem = [
      '{',
      '  "policies": [',
      '    {',
      `      "itemCode": "NOPE", "year": ${YEAR}, "annualCap": 1,`,
      `      "tiers": { "A": ${tiersOf('0.1')}, "B": ${tiersOf('0.1')}, "C": ${tiersOf('0.1')}, "D": ${tiersOf('0.1')} }`,
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const english = await post('staff', '/console/plan/load?lang=en', { document: unknownItem });
    expect(english.status).toBe(400);
    expect(english.text).toContain('line 4: policies[0].itemCode: no inspection item NOPE');
    // A missing field is reported at the line of the object that lacks it.
    const missingField = ['{', '  "items": [', '    { "code": "N1", "name": "新事项",', '      "department": "科", "category": "c" }', '  ]', '}'].join('\n');
    const chinese = await post('staff', '/console/plan/load', { document: missingField });
    expect(chinese.status).toBe(400);
    expect(chinese.text).toContain('第 3 行：items[0].legalBasis：必填，但缺少');
    const notJson = await post('staff', '/console/plan/load', { document: '{\n  "items": [\n    { "code": "N1",, }\n  ]\n}' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toMatch(/第 3 行第 \d+ 列：不是有效的 JSON/);
  });

  it('reports a plan file\'s problems in Chinese on the Chinese page: zod\'s, the schema\'s and the checks\'', async () => {
    const document = JSON.stringify(
      {
        plan: { year: 1999, name: '', roundsPerYear: 'two' },
        items: [{ code: '!', name: '事项', legalBasis: '条例', department: '科', category: 'c', extra: 1 }],
        conflicts: [{ badge: 'NOBODY', creditCode: '91350100M000100Y43', reason: '亲属' }],
      },
      null,
      2,
    );
    const response = await post('staff', '/console/plan/load', { document });
    expect(response.status).toBe(400);
    const problems = [...response.text.matchAll(/第 \d+ 行：[^<]*/g)].map((match) => match[0]);
    expect(problems.length).toBeGreaterThan(3);
    expect(englishIn(problems.map((problem) => `<p>${problem}</p>`).join(''))).toEqual([]);
    for (const problem of problems) expect(problem.replace(/^第 \d+ 行：[^：]*：/, '')).toMatch(/[\u3400-\u9fff]/);
  });

  it('derives a policy for staff, refuses adoption by staff with 403 and adopts it for an admin', async () => {
    const derivation = { itemCode: 'G1', year: String(YEAR), evaluationRunId: String(world.runId), inspections: '60' };
    const derived = await post('staff', '/console/plan/derive', derivation);
    expect(derived.status).toBe(200);
    expect(derived.text).toContain('id="derivation"');
    // The explanation in the page's language: Chinese lines, none of the derivation's English ones.
    expect(derived.text).toMatch(/<li>检查力量：每年 60 户次。<\/li>/);
    expect(derived.text).not.toMatch(/<li>(Capacity|Tier [ABCD]|Frequency|Draws|Expected|Priority)/);
    expect(derived.text).toMatch(/id="adopt" disabled/);
    const hash = /name="derivationHash" value="([0-9a-f]{64})"/.exec(derived.text)?.[1];
    expect(hash).toBeDefined();
    expect((await post('staff', '/console/plan/adopt', { ...derivation, derivationHash: hash! })).status).toBe(403);
    expect((await policiesOf('G1')).map((policy) => policy.version)).toEqual([1]);
    const adopted = await post('admin', '/console/plan/adopt', { ...derivation, derivationHash: hash! });
    expect(adopted.status).toBe(303);
    expect((await policiesOf('G1')).map((policy) => policy.version)).toEqual([2, 1]);
    expect((await supertest(app).get('/api/public/policies?item=G1')).body.items).toHaveLength(1);
  });

  it('takes a plan file upload through a signed-in session, with the CSRF token in the form action', async () => {
    const staff = await signIn(app, database, 'staff');
    const page = await staff.agent.get('/console/plan').set('Accept', 'text/html');
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.text)?.[1];
    expect(action).toBe(`/console/plan/load?_csrf=${encodeURIComponent(staff.csrfToken)}`);
    const file = Buffer.from(JSON.stringify({ items: [{ code: 'UP-1', name: '上传事项', legalBasis: '条例', department: '科', category: 'c' }] }), 'utf8');
    expect((await staff.agent.post('/console/plan/load').attach('file', file, 'plan.json')).status).toBe(403);
    const loaded = await staff.agent.post(action!.replaceAll('&amp;', '&')).attach('file', file, 'plan.json');
    expect(loaded.status).toBe(200);
    expect(loaded.text).toContain('上传事项');
  });
});
