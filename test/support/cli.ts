/**
 * Running CLI commands in tests. Commands read their configuration from the environment
 * once, so `useTemporaryCliDatabase` points it, before any command runs, at a temporary
 * data directory (PGlite) or, when DATABASE_URL is set, at a temporary database there.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import postgres from 'postgres';
import { runCli } from '../../src/cli/main.ts';

export interface CliDatabase {
  /** A scratch directory for input files. */
  readonly workDir: string;
  create(): Promise<void>;
  dispose(): Promise<void>;
}

/** Call at module level, before any command runs; `create` in beforeAll, `dispose` in afterAll. */
export function useTemporaryCliDatabase(prefix: string): CliDatabase {
  const serverUrl = process.env.DATABASE_URL || undefined;
  const databaseName = `suiji_${prefix}_${randomBytes(6).toString('hex')}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `suiji-${prefix}-`));
  process.env.DATA_DIR = path.join(workDir, 'data');
  if (serverUrl) {
    const target = new URL(serverUrl);
    target.pathname = `/${databaseName}`;
    process.env.DATABASE_URL = target.toString();
  }
  const admin = async (statement: string) => {
    if (!serverUrl) return;
    const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await client.unsafe(statement);
    await client.end();
  };
  return {
    workDir,
    create: () => admin(`create database ${databaseName}`),
    dispose: async () => {
      fs.rmSync(workDir, { recursive: true, force: true });
      // FORCE cannot end an autovacuum worker (a superuser's process) that happens to be in
      // the database; it is gone a moment later, so try again a few times.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin(`drop database if exists ${databaseName} with (force)`);
          return;
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
    },
  };
}

/** Runs `suiji ARGV...` in process, capturing its output. */
export async function runSuiji(...argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const exitCode = await runCli(argv, { stdin: new PassThrough(), stdout, stderr });
  return { exitCode, stdout: out.join(''), stderr: err.join('') };
}
