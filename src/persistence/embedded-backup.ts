/**
 * Backups of the embedded database (PGlite) while it runs. Only the process holding the data
 * directory's lock may open the database, so a backup is asked of that process: it listens on
 * a Unix socket in the data directory (0700, so only the account running Suiji can connect:
 * the directory's permissions are the authentication, no token or HTTP port needed) and
 * answers with PGlite's own dump (`dumpDataDir`), taken between transactions so the copy holds
 * exactly the committed state. When no process holds the lock, the backup takes it and dumps
 * the database itself.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { restrictDataDir, usePrivateUmask } from './data-dir-permissions.ts';

const socketFileName = 'backup.sock';
/** Linux's sun_path holds 107 bytes and a terminating zero. */
const maximumSocketPathBytes = 107;

/** Where the process holding `dataDir`'s lock answers backups, or undefined when the path is too long for a socket. */
function backupSocketPath(dataDir: string): string | undefined {
  const socketPath = path.join(dataDir, socketFileName);
  return Buffer.byteLength(socketPath) <= maximumSocketPathBytes ? socketPath : undefined;
}

/** The directory's PGlite data, relative to the data directory (what `openDatabase` uses). */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/**
 * Takes a consistent dump: waits until no transaction is open (PGlite serialises them), then
 * tars the data directory under the query lock, so no statement runs while it is read.
 */
async function dumpBetweenTransactions(pglite: PGlite): Promise<Uint8Array> {
  const dump = await pglite._runExclusiveTransaction(() => pglite.dumpDataDir('gzip'));
  return new Uint8Array(await dump.arrayBuffer());
}

export interface BackupListener {
  close(): Promise<void>;
}

/**
 * Called by the lock holder once its database is open: answers each connection on the backup
 * socket with one header line (`{"bytes":N}` or `{"error":"…"}`) and the gzipped tar.
 *
 * @example const listener = await listenForBackups(pglite, '/var/lib/suiji'); … await listener.close()
 */
export async function listenForBackups(pglite: PGlite, dataDir: string): Promise<BackupListener> {
  const socketPath = backupSocketPath(dataDir);
  if (socketPath === undefined) return { close: async () => {} };
  // We hold the lock, so a socket file left here belongs to a killed holder.
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((connection) => {
    connection.on('error', () => {});
    dumpBetweenTransactions(pglite).then(
      (bytes) => {
        connection.write(`${JSON.stringify({ bytes: bytes.byteLength })}\n`);
        connection.end(bytes);
      },
      (error: unknown) => connection.end(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref(); // answering backups never keeps a process alive
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

function parseHeader(line: string): { bytes: number } | { error: string } {
  const header = JSON.parse(line) as { bytes?: unknown; error?: unknown };
  if (typeof header.bytes === 'number') return { bytes: header.bytes };
  return { error: String(header.error) };
}

/** Asks the running lock holder for a dump; undefined when nobody listens. */
function askRunningProcess(socketPath: string): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const connection = net.createConnection(socketPath);
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(error);
    });
    connection.on('end', () => {
      const received = Buffer.concat(chunks);
      const newline = received.indexOf(0x0a);
      if (newline < 0) return reject(new Error('the running Suiji process closed the backup connection without an answer'));
      const header = parseHeader(received.subarray(0, newline).toString('utf8'));
      if ('error' in header) return reject(new Error(`the running Suiji process could not dump its database: ${header.error}`));
      const body = received.subarray(newline + 1);
      if (body.byteLength !== header.bytes) return reject(new Error(`the backup was cut short: ${body.byteLength} of ${header.bytes} bytes`));
      resolve(new Uint8Array(body));
    });
  });
}

export class NoEmbeddedDatabaseError extends Error {
  override readonly name = 'NoEmbeddedDatabaseError';
}

/**
 * A consistent gzipped tar of the embedded database in `dataDir`: from the running process
 * that holds the lock, or, when none does, by taking the lock and dumping it here. Throws
 * `DataDirLockedError` when a live holder does not answer (a version without the socket).
 *
 * @example fs.writeFileSync('backup/pglite.tar.gz', await dumpEmbeddedDatabase('/var/lib/suiji'))
 */
export async function dumpEmbeddedDatabase(dataDir: string): Promise<Uint8Array> {
  const socketPath = backupSocketPath(dataDir);
  const answered = socketPath === undefined ? undefined : await askRunningProcess(socketPath);
  if (answered) return answered;
  if (!fs.existsSync(path.join(embeddedDatabaseDir(dataDir), 'PG_VERSION'))) throw new NoEmbeddedDatabaseError(`${dataDir} holds no embedded database`);
  usePrivateUmask();
  const lock = acquireDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create(embeddedDatabaseDir(dataDir));
    try {
      return await dumpBetweenTransactions(pglite);
    } finally {
      await pglite.close();
      restrictDataDir(dataDir);
    }
  } finally {
    lock.release();
  }
}

/**
 * Loads a dump made by `dumpEmbeddedDatabase` into `dataDir`, which must hold no database yet;
 * takes the lock while it works.
 *
 * @example await loadEmbeddedDatabase('/var/lib/suiji-restored', fs.readFileSync('backup/pglite.tar.gz'))
 */
export async function loadEmbeddedDatabase(dataDir: string, dump: Uint8Array<ArrayBuffer>): Promise<void> {
  usePrivateUmask();
  const lock = acquireDataDirLock(dataDir);
  try {
    const databaseDir = embeddedDatabaseDir(dataDir);
    fs.mkdirSync(databaseDir, { recursive: true });
    const pglite = await PGlite.create({ dataDir: databaseDir, loadDataDir: new Blob([dump]) });
    await pglite.close();
    restrictDataDir(dataDir);
  } finally {
    lock.release();
  }
}
