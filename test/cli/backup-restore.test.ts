/**
 * `suiji backup` of a running server's database (issue 12 section 4) and `suiji restore`
 * elsewhere: the restored server publishes the same draw, which `suiji verify` passes with its
 * key set and log proof; the old signed tree head is a prefix of the restored log (RFC 6962
 * consistency, `suiji log check`), and the enterprise's receipt code still opens its receipt.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';
import { testDatabaseKind } from '../support/database.ts';

const cli = useTemporaryCliDatabase('backup');
const originalEnvironment = { DATA_DIR: process.env.DATA_DIR as string, DATABASE_URL: process.env.DATABASE_URL };
const restoredEnvironment = {
  DATA_DIR: path.join(cli.workDir, 'restored-data'),
  DATABASE_URL: originalEnvironment.DATABASE_URL?.replace(/\/([^/?]+)(\?|$)/, '/$1_restored$2'),
};
const repository = new URL('../..', import.meta.url).pathname;

/** `suiji ARGS` in its own process, as an operator would run it beside the server. */
async function runSuijiProcess(environment: { DATA_DIR: string; DATABASE_URL: string | undefined }, ...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: environment.DATA_DIR, DATABASE_URL: environment.DATABASE_URL ?? '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(repository, 'src/cli/main.ts'), ...args], { env, cwd: repository });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function start(environment: { DATA_DIR: string; DATABASE_URL: string | undefined }): Promise<RunningServer> {
  const config = parseConfig({ DATA_DIR: environment.DATA_DIR, DATABASE_URL: environment.DATABASE_URL, PORT: '0', LOG_LEVEL: 'silent' });
  return startServer(config, { logger: createLogger('silent'), stderr: { write: () => true } });
}

async function getJson(server: RunningServer, route: string): Promise<unknown> {
  const response = await fetch(`${server.url}${route}`);
  expect(response.status, route).toBe(200);
  return response.json();
}

async function adminStatement(statement: string): Promise<void> {
  if (!originalEnvironment.DATABASE_URL) return;
  const admin = postgres(originalEnvironment.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(statement);
  await admin.end();
}
const restoredDatabaseName = restoredEnvironment.DATABASE_URL && new URL(restoredEnvironment.DATABASE_URL).pathname.slice(1);

describe(`suiji backup and restore on ${testDatabaseKind}`, () => {
  const backupDir = path.join(cli.workDir, 'backup');
  const saved = (name: string, content: unknown): string => {
    const file = path.join(cli.workDir, name);
    fs.writeFileSync(file, JSON.stringify(content, null, 2));
    return file;
  };
  let task: string;
  let creditCode: string;
  let receiptCode: string;
  let oldHead: string;
  let oldRecord: unknown;

  beforeAll(async () => {
    await cli.create();
    await adminStatement(`create database ${restoredDatabaseName}`);
    const demo = await runSuiji('demo', '--enterprises', '150');
    expect(demo.exitCode, demo.stderr).toBe(0);
    task = /draw: task (\S+)/.exec(demo.stdout)?.[1] as string;

    const server = await start(originalEnvironment);
    try {
      const record = (await getJson(server, `/api/public/draws/${task}`)) as { record: { selected: { code: string }[] } };
      oldRecord = record;
      creditCode = record.record.selected[0]?.code as string;
      oldHead = saved('old-head.json', await getJson(server, '/api/public/log/tree-head'));
      // The backup is taken by another process while the server holds DATA_DIR.
      const backup = await runSuijiProcess(originalEnvironment, 'backup', backupDir);
      expect(backup.exitCode, backup.stderr).toBe(0);
    } finally {
      await server.close();
    }
    const notification = await runSuiji('receipt', task, creditCode, '--notification');
    receiptCode = (JSON.parse(notification.stdout) as { receiptCode: string }).receiptCode;
  }, 300_000);
  afterAll(async () => {
    await adminStatement(`drop database if exists ${restoredDatabaseName} with (force)`);
    await cli.dispose();
  });

  it('keeps the key files private in the backup, beside the database and its manifest', () => {
    const mode = (name: string) => fs.statSync(path.join(backupDir, name)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    expect(mode('keys')).toBe(0o700);
    expect(mode('keys/signing-key.pem')).toBe(0o600);
    expect(mode('keys/server-secret')).toBe(0o600);
    expect(fs.readdirSync(backupDir).sort()).toEqual([testDatabaseKind === 'pglite' ? 'database.tar.gz' : 'database.dump', 'keys', 'suiji-backup.json'].sort());
  });

  it('refuses to restore over a data directory or database that is in use, and to back up into a non-empty directory', async () => {
    const restoreOver = await runSuiji('restore', backupDir);
    const backupInto = await runSuiji('backup', backupDir);

    expect(restoreOver.exitCode).toBe(1);
    expect(restoreOver.stderr).toMatch(testDatabaseKind === 'pglite' ? /is not empty/ : /already has \d+ tables/);
    expect(backupInto.exitCode).toBe(1);
    expect(backupInto.stderr).toContain(`${backupDir} 不是空目录`);
  });

  it('restores elsewhere a server whose draw verifies, whose log extends the old head, and whose receipt codes are unchanged', async () => {
    const restored = await runSuijiProcess(restoredEnvironment, 'restore', backupDir);
    expect(restored.exitCode, restored.stderr).toBe(0);

    const server = await start(restoredEnvironment);
    let verified: Awaited<ReturnType<typeof runSuiji>>;
    let logCheck: Awaited<ReturnType<typeof runSuiji>>;
    let receiptStatus: number;
    let record: unknown;
    try {
      record = await getJson(server, `/api/public/draws/${task}`);
      const files = {
        record: saved('record.json', record),
        commitment: saved('commitment.json', await getJson(server, `/api/public/draws/${task}/commitment`)),
        keys: saved('keys.json', await getJson(server, '/.well-known/suiji-keys.json')),
        proof: saved('log-proof.json', await getJson(server, `/api/public/draws/${task}/log-proof`)),
        newHead: saved('new-head.json', await getJson(server, '/api/public/log/tree-head')),
      };
      verified = await runSuiji('verify', files.record, '--commitment', files.commitment, '--keys', files.keys, '--log-proof', files.proof, '--require-signature', '--require-log');
      logCheck = await runSuiji('log', 'check', oldHead, files.newHead, '--server', server.url);
      receiptStatus = (await fetch(`${server.url}/api/public/draws/${task}/receipts/${creditCode}?receiptCode=${encodeURIComponent(receiptCode)}`)).status;
    } finally {
      await server.close();
    }

    expect(record).toEqual(oldRecord);
    expect(verified.stdout).not.toContain('FAIL');
    expect(verified.exitCode, verified.stdout).toBe(0);
    expect(logCheck.stdout).toContain('PASS the log of');
    expect(logCheck.exitCode).toBe(0);
    expect(receiptStatus).toBe(200);
    expect(fs.statSync(path.join(restoredEnvironment.DATA_DIR, 'keys', 'server-secret')).mode & 0o777).toBe(0o600);
  }, 120_000);
});
