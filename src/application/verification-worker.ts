/**
 * The server's verification of published records, off the event loop: one worker thread
 * (started on first use, restarted if it dies) runs `verifyRecord`, 80-170 ms of CPU for a
 * county's draw, while the main thread keeps answering requests.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Check } from '../core/verify/index.ts';
import type { PublishedDrawVerificationInput } from './draw-publication.ts';
import type { VerificationReply, VerificationRequest } from './verification-thread.ts';

/**
 * The worker's bootstrap: the sources are TypeScript run through tsx, whose loader a worker
 * does not inherit, so it registers tsx before importing the thread's module.
 */
function bootstrapScript(): string {
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const thread = new URL('./verification-thread.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(thread)}); });`;
}

/** Whatever verifies published records for the server: the worker thread, or a test's stand-in. */
export interface RecordVerifier {
  verify(input: PublishedDrawVerificationInput): Promise<Check[]>;
}

interface Pending {
  resolve(checks: Check[]): void;
  reject(error: Error): void;
}

/** One worker thread and the verifications it was asked for, by message id. */
class VerificationWorker implements RecordVerifier {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** The checks of `verifyRecord` on `input`, computed on the worker thread. */
  verify(input: PublishedDrawVerificationInput): Promise<Check[]> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<Check[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, input } satisfies VerificationRequest);
    });
  }

  /** Stops the thread; verifications still running are rejected. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(bootstrapScript(), { eval: true, execArgv: [] });
    // Idle, it never keeps the process alive (tests, CLI); busy, it does until it answers.
    worker.unref();
    worker.on('message', (reply: VerificationReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!pending) return;
      if ('error' in reply) pending.reject(new Error(`verification thread: ${reply.error}`));
      else pending.resolve(reply.checks);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the verification thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

let shared: VerificationWorker | undefined;

/**
 * The process's verification thread, shared by every app it serves (a pool of one: the
 * machine's other core keeps the event loop).
 *
 * @example const checks = await sharedVerificationWorker().verify(await publishedDrawVerificationInput(db, keys, '2026-ZH-01'))
 */
export function sharedVerificationWorker(): VerificationWorker {
  shared ??= new VerificationWorker();
  return shared;
}
