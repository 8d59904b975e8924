/**
 * Secrets of accounts: the random values handed out once (session cookies, setup-link
 * tokens) and the SHA-256 under which they are stored, so the database never holds one.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The stored form of a handed-out secret. @example sha256Hex('abc') // 'ba7816bf…' */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** 32 random bytes in base64url (43 characters). @example newSecret() // 'Zk3…' */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
