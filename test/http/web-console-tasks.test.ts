import type { Express } from 'express';
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { drawState, loadTasks, createWorldDatabase, worldTasks, type World } from '../integration/draw-world.ts';
import { signIn } from '../support/session.ts';
import { createTestAppWithKeys, WORLD_CALENDAR, type TestClock } from './fixtures.ts';

let database: DatabaseHandle;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;
let clock: TestClock;

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  ({ database, app, bearer, clock } = await createTestAppWithKeys({ database }));
  await loadTasks(database, [worldTasks(world.runId).food]);
});

afterEach(async () => {
  await database.close();
});

const code = '2027-SP-01';

function staffGet(path: string) {
  return supertest(app).get(path).set('Authorization', bearer.staff).set('Accept', 'text/html');
}

function staffPost(path: string, form: Record<string, string> = {}) {
  return supertest(app).post(path).set('Authorization', bearer.staff).set('Accept', 'text/html').type('form').send(form);
}

async function selectedCodes(): Promise<string[]> {
  const rows = rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from draw_selections where task_code = ${code} order by credit_code`));
  return rows.map((row) => row.credit_code);
}

/** The text of the table with `id` (the whole element). */
function tableOf(page: string, id: string): string {
  const match = new RegExp(`<table id="${id}">[\\s\\S]*?</table>`).exec(page);
  if (!match) throw new Error(`no table #${id}`);
  return match[0];
}

describe('console task pages', () => {
  it('answer staff with 200 and send the public to the login page', async () => {
    for (const path of ['/console/tasks', `/console/tasks/${code}`]) {
      const page = await staffGet(path);
      expect(page.status).toBe(200);
      expect(page.type).toBe('text/html');
      const anonymous = await supertest(app).get(path).set('Accept', 'text/html');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await supertest(app).get('/console/tasks').set('Authorization', bearer.auditor).set('Accept', 'text/html')).status).toBe(403);
    expect((await supertest(app).post(`/console/tasks/${code}/freeze`).set('Accept', 'text/html')).status).toBe(303);
    expect(await drawState(database, code)).toEqual([expect.objectContaining({ status: 'planned' })]);
  });

  it('list the planned task and show what freezing fixes, with the freeze button', async () => {
    const list = await staffGet('/console/tasks');
    expect(list.text).toContain(`href="/console/tasks/${code}"`);
    const page = await staffGet(`/console/tasks/${code}`);
    expect(page.text).toContain('id="freeze"');
    expect(page.text).toContain('dice rolled at the public meeting');
    expect(page.text).toContain(`<time id="entropy-at" datetime="${WORLD_CALENDAR.entropyAt}">`);
    expect(page.text).toMatch(/id="notice-rule">规则：公开随机数须在冻结后至少 24 小时才产生[^<]*最晚须在 2027-03-01T10:00:00\+08:00 前冻结/);
    expect(page.text).not.toContain('id="entropy"');
  });

  it('refuse a freeze later than the notice allows, in Chinese and English, and keep the task planned (draw/v1.1)', async () => {
    clock.set(new Date('2027-03-01T03:00:00Z'));
    const page = await staffGet(`/console/tasks/${code}?lang=en`);
    expect(page.text).toMatch(/id="notice-rule" role="alert">Rule: the entropy must come at least 24 h after the freeze[^<]*That time has passed/);
    const refused = await staffPost(`/console/tasks/${code}/freeze`);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('不能在 2027-03-01T11:00:00+08:00 冻结：公开随机数在 2027-03-02T10:00:00+08:00 产生，距冻结不足 24 小时');
    const english = await staffPost(`/console/tasks/${code}/freeze?lang=en`);
    expect(english.text).toContain('cannot be frozen at 2027-03-01T11:00:00+08:00: its entropy comes at 2027-03-02T10:00:00+08:00, less than the notice of 24 h later');
    expect(await drawState(database, code)).toEqual([expect.objectContaining({ status: 'planned' })]);
  });

  it('freeze, refuse a wrong entropy with its field error and no change, draw, show the selection and assignment, and refuse a second draw', async () => {
    const frozen = await staffPost(`/console/tasks/${code}/freeze`);
    expect(frozen.status).toBe(303);
    expect(frozen.headers.location).toBe(`/console/tasks/${code}?done=frozen`);
    const task = (await supertest(app).get(`/api/tasks/${code}`).set('Authorization', bearer.staff)).body;
    const afterFreeze = await staffGet(frozen.headers.location as string);
    expect(afterFreeze.text).toContain(task.poolRoot);
    expect(afterFreeze.text).toContain(task.nonceCommitment);
    expect(afterFreeze.text).toMatch(/<label for="entropy">/);
    expect(afterFreeze.text).toContain('id="draw"');
    expect(afterFreeze.text).toContain(`/api/public/draws/${code}/commitment`);

    expect(afterFreeze.text).toContain(`<time id="entropy-at" datetime="${WORLD_CALENDAR.entropyAt}">`);
    expect(afterFreeze.text).toContain('id="entropy-not-yet"');

    const before = await drawState(database, code);
    const early = await staffPost(`/console/tasks/${code}/draw`, { entropy: '3.6.1.5.2.4' });
    expect(early.status).toBe(409);
    expect(early.text).toMatch(/<p class="field-error" id="entropy-error">[^<]*2027-03-02T10:00:00\+08:00 才产生/);
    const earlyEnglish = await staffPost(`/console/tasks/${code}/draw?lang=en`, { entropy: '3.6.1.5.2.4' });
    expect(earlyEnglish.text).toMatch(/<p class="field-error" id="entropy-error">[^<]*entropy comes at 2027-03-02T10:00:00\+08:00/);
    expect(await drawState(database, code)).toEqual(before);

    clock.set(WORLD_CALENDAR.drawnAt);
    const wrong = await staffPost(`/console/tasks/${code}/draw`, { entropy: '3 6 1 5' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/<p class="field-error" id="entropy-error">[^<]*可打印 ASCII/);
    const english = await staffPost(`/console/tasks/${code}/draw?lang=en`, { entropy: '3 6 1 5' });
    expect(english.text).toMatch(/<p class="field-error" id="entropy-error">[^<]*printable ASCII/);
    expect(wrong.text).toContain('aria-invalid="true"');
    expect(wrong.text).toContain('role="alert"');
    expect(wrong.text).toContain('value="3 6 1 5"');
    expect(await drawState(database, code)).toEqual(before);

    const drawn = await staffPost(`/console/tasks/${code}/draw`, { entropy: '3.6.1.5.2.4' });
    expect(drawn.status).toBe(303);
    const result = await staffGet(drawn.headers.location as string);
    expect(result.status).toBe(200);
    const selected = tableOf(result.text, 'selected');
    const codes = await selectedCodes();
    expect(codes.length).toBeGreaterThan(0);
    for (const selectedCode of codes) expect(selected).toContain(selectedCode);
    const assignment = tableOf(result.text, 'assignment');
    for (const selectedCode of codes) expect(assignment).toContain(selectedCode);
    expect(assignment).toMatch(/食品科: <code>SP-\d<\/code>/);
    expect(result.text).toContain(`href="/draws/${code}"`);
    // The enterprise SP-1 declared a conflict with is shown as a recusal where it was selected.
    if (codes.includes(world.codes[0]!)) expect(assignment).toContain('近亲属任职');

    const stateAfterDraw = await drawState(database, code);
    const again = await staffPost(`/console/tasks/${code}/draw`, { entropy: '1.1.1.1.1.1' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('本任务已经抽取过');
    expect(again.text).toContain('id="selected"');
    expect(await drawState(database, code)).toEqual(stateAfterDraw);
  });

  it("shows a drand task's round, refuses a signature that is not the round's in Chinese and English, and draws from a relay's JSON (draw/v1.1)", async () => {
    // drand quicknet round 657413 (League of Entropy), published 2023-09-15T19:00:03+08:00.
    const round = 657413;
    const signature = 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b';
    const drand = { ...worldTasks(world.runId).food, code: '2027-SP-09', entropySource: { kind: 'drand-quicknet' as const, round } };
    await loadTasks(database, [drand]);
    clock.set(new Date('2023-09-14T04:00:00Z'));
    expect((await staffPost(`/console/tasks/${drand.code}/freeze`)).status).toBe(303);
    const frozen = await staffGet(`/console/tasks/${drand.code}`);
    expect(frozen.text).toContain(`<code id="drand-round">${round}</code>`);
    expect(frozen.text).toContain('<time id="entropy-at" datetime="2023-09-15T19:00:03+08:00">');
    expect(frozen.text).toMatch(/<textarea id="entropy" name="entropy"/);

    clock.set(new Date('2023-09-15T11:05:00Z'));
    const before = await drawState(database, drand.code);
    // A valid G1 point (the generator) that is not the round's signature.
    const notTheRound = '97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb';
    const refused = await staffPost(`/console/tasks/${drand.code}/draw`, { entropy: notTheRound });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="entropy-error">[^<]*不是 drand quicknet 第 657413 轮的签名/);
    const english = await staffPost(`/console/tasks/${drand.code}/draw?lang=en`, { entropy: notTheRound });
    expect(english.text).toMatch(/id="entropy-error">[^<]*not drand quicknet.{1,6}s signature for round 657413/);
    expect(await drawState(database, drand.code)).toEqual(before);

    const drawn = await staffPost(`/console/tasks/${drand.code}/draw`, { entropy: JSON.stringify({ round, signature }) });
    expect(drawn.status).toBe(303);
    const record = (await supertest(app).get(`/api/public/draws/${drand.code}`)).body.record;
    expect(record.entropy).toBe(`drand-quicknet.${round}.${signature}`);
  });

  it('freeze and draw through a signed-in session with its CSRF token', async () => {
    const staff = await signIn(app, database, 'staff');
    const forged = await staff.agent.post(`/console/tasks/${code}/freeze`).set('Accept', 'text/html').type('form').send({});
    expect(forged.status).toBe(403);
    expect(await drawState(database, code)).toEqual([expect.objectContaining({ status: 'planned' })]);
    const page = await staff.agent.get(`/console/tasks/${code}`).set('Accept', 'text/html');
    expect(page.text).toContain(`name="_csrf" value="${staff.csrfToken}"`);
    const frozen = await staff.agent.post(`/console/tasks/${code}/freeze`).type('form').send({ _csrf: staff.csrfToken });
    expect(frozen.status).toBe(303);
    clock.set(WORLD_CALENDAR.drawnAt);
    const drawn = await staff.agent.post(`/console/tasks/${code}/draw`).type('form').send({ _csrf: staff.csrfToken, entropy: '6.5.4.3.2.1' });
    expect(drawn.status).toBe(303);
    const result = await staff.agent.get(drawn.headers.location as string).set('Accept', 'text/html');
    for (const selectedCode of await selectedCodes()) expect(tableOf(result.text, 'selected')).toContain(selectedCode);
  });

  it('explain that freezing needs the bureau key when the server has none', async () => {
    const keyless = createApp({ database, logger: createLogger('silent') });
    const page = await supertest(keyless).get(`/console/tasks/${code}`).set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(page.text).toContain('未配置机关签名密钥');
    expect(page.text).toMatch(/id="freeze" disabled/);
    const refused = await supertest(keyless).post(`/console/tasks/${code}/freeze`).set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(refused.status).toBe(503);
    expect(refused.type).toBe('text/html');
    expect(refused.text).toContain('本服务器未配置机关密钥，不能冻结或抽取。');
    expect(await drawState(database, code)).toEqual([expect.objectContaining({ status: 'planned' })]);
  });
});
