/**
 * `suiji receipt TASK CODE --notification` prints a signed receipt that `suiji verify
 * record.json --receipt receipt.json --keys keys.json` accepts as it is (draw/v1.1 section
 * 7.2); without keys the receipt's signature is not checked, which fails unless the user
 * passes --no-signature. PGlite, or PostgreSQL when DATABASE_URL is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBureauKeys } from '../../src/application/bureau-keys.ts';
import { bureauKeySet, findPublicEnvelopeText } from '../../src/application/draw-publication.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { withBureauSession } from '../../src/cli/bureau-session.ts';
import { loadConfig } from '../../src/config.ts';
import { WORLD_CALENDAR } from '../http/fixtures.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';
import { loadTasks, seedWorld, worldTasks } from '../integration/draw-world.ts';

const cli = useTemporaryCliDatabase('cli_receipt');
const task = worldTasks(0).food.code;
let member = '';
const file = (name: string) => path.join(cli.workDir, name);

describe('suiji receipt --notification, then suiji verify --receipt', () => {
  beforeAll(async () => {
    await cli.create();
    member = await withBureauSession(async (database) => {
      const world = await seedWorld(database, { enterprises: 40 });
      await loadTasks(database, [worldTasks(world.runId).food]);
      return world.codes[0] as string;
    });
    expect((await runSuiji('freeze', task)).exitCode).toBe(0);
    // The CLI's draw reads the real clock, which is before the world's entropy time (draw/v1.1):
    // draw through the use case at the world's draw time; receipt and verify are the CLI's.
    const drawn = await withBureauSession((database, keys) => drawTask(database, keys, task, '3.6.1.5.2.4', { now: WORLD_CALENDAR.drawnAt }));
    expect(drawn.ok).toBe(true);
    const record = await withBureauSession((database) => findPublicEnvelopeText(database.db, task));
    fs.writeFileSync(file('record.json'), record as string);
    fs.writeFileSync(file('keys.json'), JSON.stringify(bureauKeySet(loadBureauKeys(loadConfig()))));
    const printed = await runSuiji('receipt', task, member, '--notification');
    expect(printed.exitCode, printed.stderr).toBe(0);
    fs.writeFileSync(file('receipt.json'), printed.stdout);
  });
  afterAll(async () => {
    await cli.dispose();
  });

  it('prints a notification with the receipt in its signed envelope', () => {
    const notification = JSON.parse(fs.readFileSync(file('receipt.json'), 'utf8')) as { receiptCode: string; receipt: { record: { format: string; stratumSalt?: string }; signature: unknown } };
    expect(notification.receiptCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(notification.receipt.record.format).toBe('suiji.receipt/1');
    expect(notification.receipt.record.stratumSalt).toMatch(/^[0-9a-f]{32}$/);
    expect(notification.receipt.signature).toBeDefined();
  });

  it('is accepted as it is by suiji verify with the key set', async () => {
    const result = await runSuiji('verify', file('record.json'), '--receipt', file('receipt.json'), '--keys', file('keys.json'));
    expect(result.stdout).toMatch(/PASS receipt: .*signed by key/);
    expect(result.stdout).not.toContain('FAIL');
    expect(result.exitCode).toBe(0);
  });

  it("fails the receipt without a key set unless --no-signature, and fails an edited receipt's signature", async () => {
    const withoutKeys = await runSuiji('verify', file('record.json'), '--receipt', file('receipt.json'));
    expect(withoutKeys.stdout).toMatch(/FAIL receipt: no key set given/);
    expect(withoutKeys.exitCode).toBe(1);
    const skipped = await runSuiji('verify', file('record.json'), '--receipt', file('receipt.json'), '--no-signature');
    expect(skipped.stdout).toMatch(/PASS receipt: /);

    const notification = JSON.parse(fs.readFileSync(file('receipt.json'), 'utf8')) as { receipt: { record: { selected: boolean } } };
    notification.receipt.record.selected = !notification.receipt.record.selected;
    fs.writeFileSync(file('edited.json'), JSON.stringify(notification));
    const edited = await runSuiji('verify', file('record.json'), '--receipt', file('edited.json'), '--keys', file('keys.json'));
    expect(edited.stdout).toMatch(/FAIL receipt: the canonical receipt hashes to/);
    expect(edited.exitCode).toBe(1);
  });
});
