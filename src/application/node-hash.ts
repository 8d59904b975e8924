/**
 * The native SHA-256 of Node for the core's bulk paths (tickets, Merkle trees): about 1.5x
 * faster than the pure-JS one, and the same digests.
 */
import { createHash } from 'node:crypto';
import type { Sha256 } from '../core/hash.ts';

/**
 * A `Sha256` backed by `node:crypto`.
 *
 * @example drawOfflinePool(pool, seed, nodeSha256)
 */
export const nodeSha256: Sha256 = {
  hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  bytes: (data) => createHash('sha256').update(data).digest(),
  prefixed(prefix) {
    // Hashing the prefix once and copying the state measured no faster than hashing the
    // concatenation natively (the copy allocates a new hash object as well).
    return (text) => createHash('sha256').update(prefix + text, 'utf8').digest();
  },
};
