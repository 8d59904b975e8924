/**
 * `suiji backup DIR` and `suiji restore DIR`: the database and the bureau's key files
 * together, because records signed with another key and receipt codes derived from another
 * secret would no longer match what was published.
 *
 * A backup directory holds `suiji-backup.json` (format, database kind, time, the SHA-256 of
 * every file), the database (`database.tar.gz`, PGlite's dump, or `database.dump`, `pg_dump
 * -Fc`) and `keys/signing-key.pem`, `keys/server-secret` (0600 in a 0700 directory).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../core/result.ts';
import { dumpEmbeddedDatabase, loadEmbeddedDatabase, NoEmbeddedDatabaseError } from '../persistence/embedded-backup.ts';
import { countUserTables, dumpPostgresDatabase, restorePostgresDatabase, type ToolOutcome } from '../persistence/postgres-backup.ts';
import { bureauKeyFiles, type BureauKeyConfig } from './bureau-keys.ts';

export interface BackupConfig extends BureauKeyConfig {
  readonly databaseUrl: string | undefined;
}

type DatabaseKind = 'pglite' | 'postgres';

const manifestName = 'suiji-backup.json';
const manifestFormat = 'suiji.backup/1';
const databaseFileOf: Record<DatabaseKind, string> = { pglite: 'database.tar.gz', postgres: 'database.dump' };
const keyFileNames = { signingKeyFile: 'keys/signing-key.pem', serverSecretFile: 'keys/server-secret' } as const;

interface Manifest {
  readonly format: typeof manifestFormat;
  readonly database: DatabaseKind;
  readonly createdAt: string;
  /** SHA-256 hex of each file, by its path in the backup directory. */
  readonly files: Readonly<Record<string, string>>;
}

export type BackupIssue =
  | { readonly code: 'directory_not_empty'; readonly directory: string }
  | { readonly code: 'no_database'; readonly dataDir: string }
  | { readonly code: 'key_file_missing'; readonly file: string }
  | { readonly code: 'tool_missing'; readonly tool: string }
  | { readonly code: 'tool_failed'; readonly tool: string; readonly stderr: string }
  | { readonly code: 'not_a_backup'; readonly directory: string }
  | { readonly code: 'database_kind_differs'; readonly backup: DatabaseKind; readonly configured: DatabaseKind }
  | { readonly code: 'file_damaged'; readonly file: string }
  | { readonly code: 'database_not_empty'; readonly tables: number }
  | { readonly code: 'key_file_differs'; readonly file: string };

export interface BackupSummary {
  readonly directory: string;
  readonly database: DatabaseKind;
  readonly files: readonly string[];
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isEmptyOrAbsent(directory: string): boolean {
  try {
    return fs.readdirSync(directory).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** Writes a private file (0600) in a private directory (0700), whatever the umask. */
function writePrivateFile(file: string, content: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
}

function toolIssue(outcome: Exclude<ToolOutcome, { kind: 'done' }>): BackupIssue {
  return outcome.kind === 'missing' ? { code: 'tool_missing', tool: outcome.tool } : { code: 'tool_failed', tool: outcome.tool, stderr: outcome.stderr };
}

/**
 * Backs up the configured database and the key files into `directory` (absent or empty).
 * On PGlite the running server (or whichever process holds DATA_DIR) makes the dump, so the
 * server keeps running; on PostgreSQL `pg_dump` must be on PATH.
 *
 * @example await backUp(loadConfig(), '/backups/2027-03-02') // ok({ database: 'pglite', files: [...] })
 */
export async function backUp(config: BackupConfig, directory: string): Promise<Result<BackupSummary, BackupIssue>> {
  if (!isEmptyOrAbsent(directory)) return err({ code: 'directory_not_empty', directory });
  const keyFiles = bureauKeyFiles(config);
  const keys: [string, Uint8Array][] = [];
  for (const [name, file] of Object.entries(keyFiles) as [keyof typeof keyFileNames, string][]) {
    if (!fs.existsSync(file)) return err({ code: 'key_file_missing', file });
    keys.push([keyFileNames[name], fs.readFileSync(file)]);
  }
  const database: DatabaseKind = config.databaseUrl ? 'postgres' : 'pglite';
  const databaseFile = path.join(directory, databaseFileOf[database]);
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  fs.chmodSync(directory, 0o700);
  if (config.databaseUrl) {
    const outcome = await dumpPostgresDatabase(config.databaseUrl, databaseFile);
    if (outcome.kind !== 'done') return err(toolIssue(outcome));
    fs.chmodSync(databaseFile, 0o600);
  } else {
    let dump: Uint8Array;
    try {
      dump = await dumpEmbeddedDatabase(config.dataDir);
    } catch (error) {
      if (error instanceof NoEmbeddedDatabaseError) return err({ code: 'no_database', dataDir: config.dataDir });
      throw error;
    }
    writePrivateFile(databaseFile, dump);
  }
  for (const [name, content] of keys) writePrivateFile(path.join(directory, name), content);
  const files = Object.fromEntries([databaseFileOf[database], ...keys.map(([name]) => name)].map((name) => [name, sha256Hex(fs.readFileSync(path.join(directory, name)))]));
  const manifest: Manifest = { format: manifestFormat, database, createdAt: new Date().toISOString(), files };
  writePrivateFile(path.join(directory, manifestName), new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return ok({ directory, database, files: Object.keys(files) });
}

function readManifest(directory: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, manifestName), 'utf8')) as Partial<Manifest>;
    if (manifest.format !== manifestFormat || (manifest.database !== 'pglite' && manifest.database !== 'postgres') || typeof manifest.files !== 'object') return undefined;
    return manifest as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * Restores a `backUp` directory: the database into an empty DATA_DIR (PGlite) or an empty
 * database (PostgreSQL, with `pg_restore`), and the key files where the configuration
 * expects them. Every file is checked against the manifest first; nothing is overwritten.
 *
 * @example await restore(loadConfig(), '/backups/2027-03-02') // ok({ database: 'pglite', … })
 */
export async function restore(config: BackupConfig, directory: string): Promise<Result<BackupSummary, BackupIssue>> {
  const manifest = readManifest(directory);
  if (!manifest) return err({ code: 'not_a_backup', directory });
  const configured: DatabaseKind = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database !== configured) return err({ code: 'database_kind_differs', backup: manifest.database, configured });
  for (const [name, hash] of Object.entries(manifest.files)) {
    const file = path.join(directory, name);
    if (!fs.existsSync(file) || sha256Hex(fs.readFileSync(file)) !== hash) return err({ code: 'file_damaged', file });
  }
  if (config.databaseUrl) {
    const tables = await countUserTables(config.databaseUrl);
    if (tables > 0) return err({ code: 'database_not_empty', tables });
  } else if (!isEmptyOrAbsent(config.dataDir)) {
    return err({ code: 'directory_not_empty', directory: config.dataDir });
  }
  const keyTargets = bureauKeyFiles(config);
  for (const [name, target] of Object.entries(keyTargets) as [keyof typeof keyFileNames, string][]) {
    // A key file kept outside DATA_DIR may already be in place; a different one is refused.
    if (fs.existsSync(target) && !fs.readFileSync(target).equals(fs.readFileSync(path.join(directory, keyFileNames[name])))) return err({ code: 'key_file_differs', file: target });
  }
  const databaseFile = path.join(directory, databaseFileOf[manifest.database]);
  if (config.databaseUrl) {
    const outcome = await restorePostgresDatabase(config.databaseUrl, databaseFile);
    if (outcome.kind !== 'done') return err(toolIssue(outcome));
  } else {
    await loadEmbeddedDatabase(config.dataDir, new Uint8Array(fs.readFileSync(databaseFile)));
  }
  for (const [name, target] of Object.entries(keyTargets) as [keyof typeof keyFileNames, string][]) {
    if (!fs.existsSync(target)) writePrivateFile(target, fs.readFileSync(path.join(directory, keyFileNames[name])));
  }
  return ok({ directory, database: manifest.database, files: Object.keys(manifest.files) });
}

/**
 * Words for a backup issue, in Chinese or English.
 *
 * @example describeBackupIssue({ code: 'tool_missing', tool: 'pg_dump' }, 'zh')
 */
export function describeBackupIssue(issue: BackupIssue, lang: 'zh' | 'en' = 'en'): string {
  switch (issue.code) {
    case 'directory_not_empty':
      return lang === 'zh' ? `${issue.directory} 不是空目录：备份与恢复从不覆盖已有文件，请指定一个空目录` : `${issue.directory} is not empty: backups and restores never overwrite files; give an empty directory`;
    case 'no_database':
      return lang === 'zh' ? `${issue.dataDir} 中没有内嵌数据库` : `${issue.dataDir} holds no embedded database`;
    case 'key_file_missing':
      return lang === 'zh' ? `密钥文件 ${issue.file} 不存在：没有它，备份无法恢复出相同的签名和回执码` : `the key file ${issue.file} does not exist: without it a restored server would sign with another key and derive other receipt codes`;
    case 'tool_missing':
      return lang === 'zh'
        ? `找不到 ${issue.tool}：请安装与服务器版本相同的 PostgreSQL 客户端工具，或自行运行 pg_dump -Fc / pg_restore，并把 DATA_DIR/keys（或 SIGNING_KEY_FILE、SERVER_SECRET_FILE）一并保存`
        : `${issue.tool} is not on PATH: install the PostgreSQL client tools of the server's version, or run pg_dump -Fc / pg_restore yourself and keep DATA_DIR/keys (or SIGNING_KEY_FILE, SERVER_SECRET_FILE) with the dump`;
    case 'tool_failed':
      return lang === 'zh' ? `${issue.tool} 失败：${issue.stderr}` : `${issue.tool} failed: ${issue.stderr}`;
    case 'not_a_backup':
      return lang === 'zh' ? `${issue.directory} 不是 suiji backup 生成的备份（缺少或无法读取 ${manifestName}）` : `${issue.directory} is not a backup made by suiji backup (${manifestName} is missing or unreadable)`;
    case 'database_kind_differs':
      return lang === 'zh'
        ? `备份来自${issue.backup === 'pglite' ? '内嵌数据库' : ' PostgreSQL'}，当前配置的是${issue.configured === 'pglite' ? '内嵌数据库' : ' PostgreSQL'}`
        : `the backup is of ${issue.backup === 'pglite' ? 'an embedded database' : 'PostgreSQL'}, the configuration names ${issue.configured === 'pglite' ? 'an embedded database' : 'PostgreSQL'}`;
    case 'file_damaged':
      return lang === 'zh' ? `备份文件 ${issue.file} 缺失或与清单中的 SHA-256 不符` : `the backup file ${issue.file} is missing or does not match its SHA-256 in the manifest`;
    case 'database_not_empty':
      return lang === 'zh' ? `目标数据库已有 ${issue.tables} 张表：只能恢复到空数据库` : `the target database already has ${issue.tables} tables: restore only into an empty database`;
    case 'key_file_differs':
      return lang === 'zh' ? `${issue.file} 已存在且与备份中的密钥不同：恢复不会覆盖它` : `${issue.file} exists and differs from the backup's key: a restore does not overwrite it`;
  }
}
