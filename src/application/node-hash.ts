/**
 * SHA-256 for Node: the core's own compression (`coreSha256`) where many short texts share a
 * prefix (tickets, pool leaves: one compression per member after the midstate, about 4x a
 * node:crypto hash object per member), and node:crypto for single texts, where its native
 * speed on long inputs (a record's canonical JSON) pays for the call.
 */
import { createHash } from 'node:crypto';
import { coreSha256, type Sha256 } from '../core/hash.ts';

/** Below this many bytes the native call's overhead exceeds the pure compression's time. */
const NATIVE_FROM_BYTES = 512;

/**
 * A `Sha256` for Node callers.
 *
 * @example drawOfflinePool(pool, seed, nodeSha256)
 */
export const nodeSha256: Sha256 = {
  hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  bytes: (data) => (data.length < NATIVE_FROM_BYTES ? coreSha256.bytes(data) : createHash('sha256').update(data).digest()),
  prefixed: coreSha256.prefixed,
  prefixedWords: coreSha256.prefixedWords,
  ...(coreSha256.prefixedBytesWords ? { prefixedBytesWords: coreSha256.prefixedBytesWords } : {}),
  // Merkle nodes: 65 bytes each, written in place without an allocation per node.
  ...(coreSha256.bytesInto ? { bytesInto: coreSha256.bytesInto } : {}),
};
