/**
 * Issue 17 at the command line: `suiji correction list|propose` and `suiji statement
 * list|answer`, for staff without the web console. Proposals follow four eyes as the console
 * does (FOUR_EYES is on here: the configuration is read once per process); changes are in the
 * activity log as `cli:<os user>`; lines follow the CLI language.
 */
import os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listActivity } from '../../src/application/activity-log.ts';
import { decideApproval, listApprovals } from '../../src/application/approvals.ts';
import { submitStatement } from '../../src/application/result-statements.ts';
import { withBureauSession } from '../../src/cli/bureau-session.ts';
import { withConfiguredDatabase } from '../../src/cli/configured-database.ts';
import { seedWorld } from '../integration/draw-world.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';
import { publishTwoResults, PUBLISHED_TASK } from '../support/published-results.ts';

const cli = useTemporaryCliDatabase('cli_correction');
const operator = `cli:${os.userInfo().username}`;
let selected: string[];

describe('suiji correction and suiji statement', () => {
  beforeAll(async () => {
    await cli.create();
    selected = await withBureauSession(async (database, keys) => {
      const published = await publishTwoResults(database, keys, await seedWorld(database));
      const stated = await submitStatement(database, { taskCode: PUBLISHED_TASK, creditCode: published.selected[1]!, itemCode: 'F1', statement: '我司对检查结论有异议。' }, new Date('2026-10-09T02:00:00Z'));
      if (!stated.ok) throw new Error(stated.error.code);
      return published.selected;
    });
  }, 600_000);
  afterAll(() => cli.dispose());
  afterEach(() => {
    process.env.SUIJI_LANG = 'en';
  });

  it('lists the unanswered statements and answers one, once, recording the answer in the activity log', async () => {
    const listed = await runSuiji('statement', 'list');
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain(`No. 1 ${PUBLISHED_TASK}/${selected[1]}/F1`);
    expect(listed.stdout).toContain('我司对检查结论有异议。');
    const answered = await runSuiji('statement', 'answer', '1', '--answer', '经复核，维持原结果。');
    expect([answered.exitCode, answered.stdout]).toEqual([0, 'Statement 1 answered\n']);
    const again = await runSuiji('statement', 'answer', '1', '--answer', '再答');
    expect(again.exitCode).toBe(1);
    expect((await runSuiji('statement', 'list')).stdout).toBe('no statement awaits an answer\n');
    expect((await runSuiji('statement', 'answer', '--answer', 'x')).exitCode).toBe(2);
    const activity = await withConfiguredDatabase(async (database) => (await listActivity(database.db, { limit: 5 })).items);
    expect(activity[0]).toMatchObject({ actorLabel: operator, subject: 'statement answer', details: { args: ['1', '--answer', '经复核，维持原结果。'] } });
  }, 240_000);

  it('a proposed correction waits for another admin (four eyes, the default), who approves it in the console; then it is listed', async () => {
    const proposed = await runSuiji(
      'correction', 'propose', '--task', PUBLISHED_TASK, '--code', selected[0]!, '--item', 'F1',
      '--kind', 'supplement', '--reason', '补正检查结果说明', '--outcome', 'no_problem', '--summary', '经检查，未发现问题（补正：检查地点为经营场所）。',
    );
    expect(proposed.exitCode, proposed.stderr).toBe(0);
    expect(proposed.stdout).toMatch(new RegExp(`^Proposed as \\d+ by ${operator}: another admin approves it in the console`));
    const [pending] = await withConfiguredDatabase((database) => listApprovals(database.db, { status: 'pending', limit: 5 }));
    expect(pending).toMatchObject({ kind: 'result_correction', subject: `${PUBLISHED_TASK}/${selected[0]}/F1`, proposedBy: operator });
    expect((await runSuiji('correction', 'list')).stdout).toBe('no published correction\n');

    const approved = await withBureauSession((database, keys) => decideApproval(database, keys, pending!.id, 'approve', { actorKind: 'user', actorId: '2', actorLabel: 'wang.admin', role: 'admin' }));
    expect(approved.ok).toBe(true);
    // The world's food task has one department (食品科, free text), whose findings its results are.
    const listed = await runSuiji('correction', 'list', '--task', PUBLISHED_TASK);
    expect(listed.stdout).toContain(
      `No. 1 Supplemented ${PUBLISHED_TASK}/${selected[0]}/F1/食品科 (batch 1) → no_problem: 经检查，未发现问题（补正：检查地点为经营场所）。; reason: 补正检查结果说明; approved by ${operator} → wang.admin`,
    );
  }, 240_000);

  it('refuses a correction without the corrected result, and a kind that is not one', async () => {
    const withoutResult = await runSuiji('correction', 'propose', '--task', PUBLISHED_TASK, '--code', selected[1]!, '--item', 'F1', '--kind', 'change', '--reason', '变更');
    expect(withoutResult.exitCode).toBe(1);
    expect(withoutResult.stderr).toContain('a change must give the corrected outcome and summary');
    expect((await runSuiji('correction', 'propose', '--task', PUBLISHED_TASK, '--kind', 'undo')).exitCode).toBe(2);
  }, 240_000);

  it('speaks Chinese under a zh locale', async () => {
    process.env.SUIJI_LANG = 'zh';
    const listed = await runSuiji('correction', 'list');
    expect(listed.stdout).toContain(`第 1 号 补正 ${PUBLISHED_TASK}/${selected[0]}/F1/食品科（第 1 批）`);
    expect(listed.stdout).toContain('理由：补正检查结果说明');
    const refused = await runSuiji('correction', 'propose', '--task', PUBLISHED_TASK, '--code', selected[0]!, '--item', 'F1', '--kind', 'change', '--reason', '变更');
    expect(refused.stderr).toContain('未提出更正');
    expect(refused.stderr).toContain('补正或变更须写明更正后的检查结果和说明');
  }, 240_000);
});
