/** `suiji substitute`: an inspector leaves a team, assign/v1 draws the replacement, and `suiji verify --substitution` checks it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bureauKeySet, findPublicEnvelopeText } from '../../src/application/draw-publication.ts';
import { withConfiguredDatabase } from '../../src/cli/configured-database.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { loadTasks, seedWorld, worldTasks } from '../integration/draw-world.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { withBureauSession } from '../../src/cli/bureau-session.ts';
import { WORLD_CALENDAR } from '../http/fixtures.ts';
import { loadBureauKeys } from '../../src/application/bureau-keys.ts';
import { loadConfig } from '../../src/config.ts';

const cli = useTemporaryCliDatabase('cli_substitute');

describe('suiji substitute', () => {
  let directory: string;
  beforeAll(async () => {
    await cli.create();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-substitute-'));
  });
  afterAll(async () => {
    fs.rmSync(directory, { recursive: true, force: true });
    await cli.dispose();
  });

  it('replaces an inspector by assign/v1, writes the signed record, which verify accepts; refuses one not on the team', async () => {
    const task = await withConfiguredDatabase(async (database) => {
      const world = await seedWorld(database);
      const food = worldTasks(world.runId).food;
      await loadTasks(database, [food]);
      return food;
    });
    expect((await runSuiji('freeze', task.code)).exitCode).toBe(0);
    // The CLI's draw reads the real clock, before the world's entropy time (draw/v1.1): draw at the world's draw time.
    const drawn = await withBureauSession((database, keys) => drawTask(database, keys, task.code, '3.6.1.5.2.4', { now: WORLD_CALENDAR.drawnAt }));
    expect(drawn.ok).toBe(true);
    const envelopeText = (await withConfiguredDatabase((database) => findPublicEnvelopeText(database.db, task.code)))!;
    const recordFile = path.join(directory, 'record.json');
    fs.writeFileSync(recordFile, envelopeText);
    const assignment = (JSON.parse(envelopeText) as { record: DrawRecord }).record.assignments![0]!;
    const leaving = assignment.team[0]!.badge;

    const out = path.join(directory, 'substitution.json');
    const substituted = await runSuiji('substitute', task.code, assignment.code, '--leaving', leaving, '--reason', 'illness', '--out', out);
    expect(substituted.exitCode).toBe(0);
    expect(substituted.stdout).toContain(`由`);
    expect(substituted.stdout).toContain(`replaces ${leaving} on the team of ${assignment.code}`);
    const keysFile = path.join(directory, 'keys.json');
    fs.writeFileSync(keysFile, JSON.stringify(bureauKeySet(loadBureauKeys(loadConfig()))));
    const verified = await runSuiji('verify', recordFile, '--keys', keysFile, '--substitution', out);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toContain('PASS substitution-replacement:');

    const refused = await runSuiji('substitute', task.code, assignment.code, '--leaving', 'XY-1', '--reason', 'recusal');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`XY-1 不在 ${assignment.code} 的检查组中 / XY-1 is not on the team of ${assignment.code}`);
  });
});
