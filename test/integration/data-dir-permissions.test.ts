/**
 * Issue 13: the embedded data directory (hashes of passwords, sessions, tokens and receipt
 * codes; the person-hash key) is private to the account running Suiji.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restrictDataDir } from '../../src/persistence/data-dir-permissions.ts';
import { openDatabase } from '../../src/persistence/database.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function temporaryFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-modes-'));
  folders.push(folder);
  return folder;
}

/** Entries under `root` (itself included) that a group or other users may read, write or enter. */
function openToOthers(root: string): string[] {
  const found: string[] = [];
  const visit = (entry: string): void => {
    const stats = fs.lstatSync(entry);
    if (stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0) found.push(`${path.relative(root, entry) || '.'} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(root);
  return found;
}

describe('restrictDataDir', () => {
  it('removes group and other permissions everywhere and counts what it changed', () => {
    const root = temporaryFolder();
    fs.mkdirSync(path.join(root, 'pglite', 'base'), { recursive: true });
    fs.writeFileSync(path.join(root, 'pglite', 'base', 'table'), 'rows');
    fs.chmodSync(path.join(root, 'pglite', 'base', 'table'), 0o666);
    fs.chmodSync(path.join(root, 'pglite'), 0o777);
    fs.chmodSync(root, 0o755);

    expect(restrictDataDir(root)).toBeGreaterThanOrEqual(3);
    expect(openToOthers(root)).toEqual([]);
    expect(fs.statSync(path.join(root, 'pglite', 'base', 'table')).mode & 0o777).toBe(0o600);
    expect(restrictDataDir(root)).toBe(0);
  });
});

describe('opening the embedded database', () => {
  it('creates a data directory that only its owner can read, and says when it tightened an old one', async () => {
    const root = path.join(temporaryFolder(), 'data');
    fs.mkdirSync(root, { mode: 0o777 });
    fs.chmodSync(root, 0o777);
    fs.writeFileSync(path.join(root, 'left-by-an-older-version'), 'x', { mode: 0o666 });
    fs.chmodSync(path.join(root, 'left-by-an-older-version'), 0o666);
    const notices: string[] = [];

    const database = await openDatabase({ dataDir: root, migrate: false, onNotice: (message) => notices.push(message) });
    await database.db.execute('select 1');
    await database.close();

    expect(openToOthers(root)).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/仅本账户可访问/);
    expect(notices[0]).toMatch(/private to this account/);
  });
});
