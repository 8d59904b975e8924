/**
 * The built CLI (issue 16): `npm ci` builds dist/ with scripts/build-cli.mjs; here the same
 * build goes into a folder of its own (so the test sees these sources, not an older dist/)
 * and runs as a whole process. `suiji help` and `suiji verify` must not load mathjs,
 * drizzle, PGlite or express: every command's code loads only when it runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_ROLE_NAMES, USER_ROLE_NAMES } from '../../src/cli/commands.ts';
import { CREDENTIAL_ROLES } from '../../src/persistence/schema/accounts.ts';
import { USER_ROLES } from '../../src/persistence/schema/users.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
// Inside the project (test-results/ is ignored), so the bundle finds node_modules.
const outdir = path.join(projectRoot, 'test-results', `cli-build-${process.pid}`);
const fixture = (name: string): string => path.join(projectRoot, 'test', 'fixtures', 'draw', name);
const heavyPackages = ['mathjs', 'drizzle-orm', '@electric-sql/pglite', 'express', 'postgres'];

beforeAll(async () => {
  const { buildCli } = await import('../../scripts/build-cli.mjs');
  await buildCli(outdir);
  return () => fs.rmSync(outdir, { recursive: true, force: true });
});

/**
 * Runs the built CLI with `args` (and `env` over this process's environment); returns its exit
 * code, output and the packages it loaded.
 */
function runBuilt(args: string[], env: Record<string, string | undefined> = {}): { status: number | null; stdout: string; stderr: string; packages: Set<string> } {
  const log = path.join(outdir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const runner = `const { runCli } = await import(${JSON.stringify(path.join(outdir, 'main.js'))}); process.exitCode = await runCli(${JSON.stringify(args)}, process);`;
  const result = spawnSync(process.execPath, ['--import', path.join(projectRoot, 'test/support/log-loaded-modules.mjs'), '--input-type=module', '-e', runner], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env, SUIJI_LOADED_MODULES: log },
  });
  const urls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n') : [];
  const packages = new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.slice(1, 2) ?? []));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, packages };
}

describe('the built CLI (dist/)', () => {
  it('prints help without loading mathjs, drizzle, PGlite, express or postgres', () => {
    const run = runBuilt(['help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('verify');
    expect(heavyPackages.filter((name) => run.packages.has(name))).toEqual([]);
  });

  it('verifies the golden record loading the verifier (@noble/hashes) but none of mathjs, drizzle, PGlite, express or postgres', () => {
    const run = runBuilt(['verify', fixture('golden-record.json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.packages.has('@noble/hashes')).toBe(true);
    expect(heavyPackages.filter((name) => run.packages.has(name))).toEqual([]);
  });

  it('draws the golden pool into the golden record, without loading the database', () => {
    const out = path.join(outdir, 'golden-out.json');
    const run = runBuilt(['draw', '--pool', fixture('golden-pool.json'), '--seed', fs.readFileSync(fixture('golden-seed.txt'), 'utf8'), '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(JSON.parse(fs.readFileSync(fixture('golden-record.json'), 'utf8')));
    expect(heavyPackages.filter((name) => run.packages.has(name))).toEqual([]);
  });

  it('ends quietly with status 0 when the reader of its output goes away (suiji help | head)', async () => {
    const runner = path.join(outdir, 'run-process.mjs');
    fs.writeFileSync(runner, `const { runCliProcess } = await import(${JSON.stringify(path.join(outdir, 'main.js'))}); await runCliProcess();\n`);
    const child = spawn(process.execPath, [runner, 'help'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader closes before the first line, as `head` does after its lines: every write then fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('loads mathjs and drizzle for a command that needs them (the log sees package loads)', () => {
    // Without --as-of, evaluate stops at its usage check, after its module has loaded.
    const run = runBuilt(['evaluate']);
    expect(run.status).toBe(2);
    expect(run.packages.has('mathjs')).toBe(true);
    expect(run.packages.has('drizzle-orm')).toBe(true);
  });
});

describe('the language of the built CLI (SUIJI_LANG, else LC_ALL, LC_MESSAGES, LANG)', () => {
  /** The locale alone decides: the test environment's SUIJI_LANG=en (vitest.config.ts) removed. */
  const locale = (lang: string) => ({ SUIJI_LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: lang });

  it('prints the help in Chinese under LANG=zh_CN.UTF-8', () => {
    const run = runBuilt(['help'], locale('zh_CN.UTF-8'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('用法：suiji <命令> [选项]');
    expect(run.stdout).toContain('  verify RECORD.json [--receipt RECEIPT.json]');
    expect(run.stdout).toContain('核验抽取记录、回执和检查人员替换');
    expect(run.stdout).not.toContain('check a draw record');
  });

  it('prints the help in English under LANG=C, as before', () => {
    const run = runBuilt(['help'], locale('C'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: suiji <command> \[options\]\n\nCommands:\n/);
    expect(run.stdout).toContain('  codes check [CODE ...]  validate credit codes (one per line on stdin when no CODE is given)\n');
    expect(run.stdout).not.toContain('核验抽取记录');
  });

  it('reports a usage mistake in Chinese under LANG=zh_CN.UTF-8 and in English under LANG=C', () => {
    const chinese = runBuilt(['draw'], locale('zh_CN.UTF-8'));
    expect(chinese.status).toBe(2);
    expect(chinese.stderr).toBe('suiji draw: 请给出 --pool POOL.json --seed SEED，或任务编号 TASK\n用法：suiji draw --pool POOL.json --seed SEED [--out RECORD.json]\n');
    const english = runBuilt(['draw'], locale('C'));
    expect(english.status).toBe(2);
    expect(english.stderr).toBe('suiji draw: give --pool POOL.json --seed SEED, or a TASK code\nUsage: suiji draw --pool POOL.json --seed SEED [--out RECORD.json]\n');
  });

  it("translates node's own argument errors and unknown commands", () => {
    const option = runBuilt(['codes', 'check', '--verbose'], locale('zh_CN.UTF-8'));
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("suiji codes check: 没有选项 --verbose\n用法：suiji codes check [CODE ...]");
    const command = runBuilt(['frobnicate'], { ...locale('C'), SUIJI_LANG: 'zh' });
    expect(command.status).toBe(2);
    expect(command.stderr).toBe('suiji: 没有命令“frobnicate”。运行 suiji help 查看命令列表。\n');
  });
});

describe('help lines spelled without the database schema', () => {
  it('lists the roles of token create and user setup-link as the schema defines them', () => {
    expect(CREDENTIAL_ROLE_NAMES).toBe(CREDENTIAL_ROLES.join('|'));
    expect(USER_ROLE_NAMES).toBe(USER_ROLES.join('|'));
  });
});
