/**
 * The embedded data directory holds password, session, token and receipt-code hashes and
 * the key that hashes personal data: only the account running Suiji may read it. Our files
 * get 0600 and directories 0700 through the process umask. PGlite's in-WASM file system
 * chmods what it creates to 0666 regardless, so the database opener tightens the tree at
 * start (with a log line when an older directory was open), after PGlite has created its
 * files, and at close; in between, the 0700 directories keep other users out.
 */
import fs from 'node:fs';
import path from 'node:path';

const PRIVATE_UMASK = 0o077;

/**
 * Sets the umask so every file this process creates is private to its owner. Worker threads
 * cannot change the umask; they inherit the process's.
 */
export function usePrivateUmask(): void {
  if (typeof process.umask === 'function') {
    try {
      process.umask(PRIVATE_UMASK);
    } catch {
      // In a worker thread: the main thread's umask applies.
    }
  }
}

/**
 * Removes group and other permissions from `dataDir` and everything under it (symbolic links
 * are left alone), returning how many entries were changed.
 *
 * @example restrictDataDir('./data') // 968 on a directory made before this rule, then 0
 */
export function restrictDataDir(dataDir: string): number {
  let changed = 0;
  const visit = (entry: string): void => {
    const stats = fs.lstatSync(entry);
    if (stats.isSymbolicLink()) return;
    const mode = stats.mode & 0o777;
    if ((mode & PRIVATE_UMASK) !== 0) {
      fs.chmodSync(entry, mode & ~PRIVATE_UMASK);
      changed++;
    }
    if (stats.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dataDir);
  return changed;
}
