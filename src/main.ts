/**
 * Composition root: configuration, logger, database, HTTP app, listening socket.
 * `npm start` runs this file; `suiji serve` and the demo reuse `startServer`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureFirstAdminSetupLink, setupPath } from './application/accounts.ts';
import { recordActivity, systemActor } from './application/activity-log.ts';
import { loadBureauKeys } from './application/bureau-keys.ts';
import { failOrphanedRuns } from './application/evaluate-all.ts';
import { createJobRunner } from './application/job-runner.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './http/app.ts';
import { createLogger, type Logger } from './logger.ts';
import { DataDirLockedError } from './persistence/data-dir-lock.ts';
import { openDatabase, type Database } from './persistence/database.ts';

export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000` (the real port when 0 was asked for). */
  readonly url: string;
  /** On a server without an administrator: the one-time link that creates the first one (also printed). */
  readonly setupLink?: string;
  /** Stops accepting, lets requests in flight finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Opens the database (taking the data directory's lock, so a second server on the same
 * `DATA_DIR` fails with `DataDirLockedError`), then serves the app.
 *
 * @example const server = await startServer({ ...loadConfig(), port: 0 }, { logger })
 * // server.url === 'http://127.0.0.1:40123'; later: await server.close()
 */
export async function startServer(
  config: Config,
  options: { logger: Logger; /** Where the first-start setup link is printed (default stderr). */ stderr?: { write(text: string): unknown } },
): Promise<RunningServer> {
  const { logger } = options;
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, databaseReadUrl: config.databaseReadUrl, onNotice: (message) => logger.warn(message) });
  // Runs a killed process left `running` would block their date; a live process's runs stay.
  const orphanedRuns = await failOrphanedRuns(database).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  if (orphanedRuns.length > 0) logger.warn({ runIds: orphanedRuns }, 'evaluation runs left running by a stopped process were marked failed');
  const site = { sessionLimits: config.sessionLimits, reauthenticationWindowMs: config.reauthenticationWindowMs, ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}) };
  const jobs = createJobRunner(database, logger);
  const server = http.createServer(createApp({ database, logger, bureauKeys: loadBureauKeys(config), trustProxy: config.trustProxy, site, entropyNoticeSeconds: config.entropyNoticeSeconds, fourEyes: config.fourEyes, noticeFontPath: config.noticeFontPath, jobs }));
  try {
    // Jobs a stopped process left unfinished are resumed or failed before anyone polls them.
    await jobs.start();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await jobs.close();
    await database.close();
    throw error;
  }
  const url = urlOf(server.address() as AddressInfo);
  logger.info({ url, database: database.client.kind }, `Suiji listening on ${url}`);
  let setupLink: string | undefined;
  try {
    setupLink = await printFirstAdminSetupLink(database.db, config.publicOrigin?.origin ?? url, logger, options.stderr ?? process.stderr);
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    await jobs.close();
    await database.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      await jobs.close();
      await database.close();
      logger.info('Suiji stopped');
    })();
    return closing;
  };
  return { url, ...(setupLink === undefined ? {} : { setupLink }), close };
}

/**
 * No default password: while no administrator exists, every start makes a new one-time
 * link (24 hours) that creates one, and prints it for whoever started the server.
 */
async function printFirstAdminSetupLink(db: Database, url: string, logger: Logger, stderr: { write(text: string): unknown }): Promise<string | undefined> {
  const token = await ensureFirstAdminSetupLink(db);
  if (token === undefined) return undefined;
  const link = `${url}${setupPath(token)}`;
  await recordActivity(db, systemActor, { action: 'setup_link_created', details: { purpose: 'create_user', role: 'admin', firstStart: true } });
  // The link is a credential: it goes to the terminal only, never into the JSON log.
  logger.warn('No administrator account yet: a one-time setup link was printed on the terminal (valid 24 hours)');
  stderr.write(`\n尚无管理员账户。请在 24 小时内用此一次性链接创建（再次启动会生成新链接，旧链接随之失效）：\nNo administrator account exists yet. Create one with this one-time link (valid 24 hours; the next start makes a new one and this one stops working):\n\n  ${link}\n\n`);
  return link;
}

/**
 * Serves until SIGINT or SIGTERM, then shuts down gracefully. Resolves once closed.
 *
 * @example await serveUntilSignal(loadConfig(), logger)
 */
export async function serveUntilSignal(config: Config, logger: Logger, onListening?: (url: string) => void): Promise<void> {
  const server = await startServer(config, { logger });
  onListening?.(server.url);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const logger = createLogger(config.logLevel);
  try {
    await serveUntilSignal(config, logger);
    return 0;
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

const executedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (executedDirectly) process.exitCode = await main();
