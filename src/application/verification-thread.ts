/**
 * The worker thread of `VerificationWorker`: verifies published records with the native
 * SHA-256, one message at a time, and answers each with its checks (or the error thrown).
 */
import { parentPort } from 'node:worker_threads';
import { verifyRecord } from '../core/verify/index.ts';
import type { PublishedDrawVerificationInput } from './draw-publication.ts';
import { nodeSha256 } from './node-hash.ts';

/** A request to the thread, answered by a `VerificationReply` with the same id. */
export interface VerificationRequest {
  readonly id: number;
  readonly input: PublishedDrawVerificationInput;
}

export type VerificationReply = { readonly id: number; readonly checks: ReturnType<typeof verifyRecord> } | { readonly id: number; readonly error: string };

parentPort?.on('message', ({ id, input }: VerificationRequest) => {
  let reply: VerificationReply;
  try {
    reply = { id, checks: verifyRecord({ ...input, hash: nodeSha256 }) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(reply);
});
