/** Issue 13: every change made from the command line is in the activity log, with actor `cli:<os user>`. */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivity } from '../../src/application/activity-log.ts';
import { withConfiguredDatabase } from '../../src/cli/configured-database.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';

const cli = useTemporaryCliDatabase('cli_activity');
const operator = `cli:${os.userInfo().username}`;
const recent = () => withConfiguredDatabase(async (database) => (await listActivity(database.db, { limit: 10 })).items);

describe('changes from the command line', () => {
  beforeAll(() => cli.create());
  afterAll(() => cli.dispose());

  it('are recorded with actor cli:<os user>, the command and its arguments', async () => {
    const created = await runSuiji('token', 'create', '--role', 'staff', '--label', 'import robot');
    expect(created.exitCode).toBe(0);
    const file = path.join(cli.workDir, 'plan.json');
    writeFileSync(file, JSON.stringify({ plan: { year: 2027, name: '2027 年度计划', roundsPerYear: 2 } }));
    expect((await runSuiji('plan', 'load', file)).exitCode).toBe(0);
    const entries = (await recent()).map((entry) => [entry.actorKind, entry.actorLabel, entry.action, entry.subject, entry.details]);
    expect(entries).toEqual([
      ['cli', operator, 'cli', 'plan load', { args: [file] }],
      ['cli', operator, 'cli', 'token create', { args: ['--role', 'staff', '--label', 'import robot'] }],
    ]);
  }, 240_000);

  it('are not recorded when the command fails or only reads, and plan load --adopt needs FOUR_EYES=off', async () => {
    const before = (await recent()).length;
    expect((await runSuiji('token', 'list')).exitCode).toBe(0);
    expect((await runSuiji('freeze', 'NO-SUCH-TASK')).exitCode).toBe(1);
    const file = path.join(cli.workDir, 'plan.json');
    const adopt = await runSuiji('plan', 'load', file, '--adopt');
    expect(adopt.exitCode).toBe(2);
    expect(adopt.stderr).toContain('FOUR_EYES=off');
    expect((await recent()).length).toBe(before);
  }, 240_000);
});
