/**
 * The seed of a draw, draw/v1 section 3. Suiji commits to a secret 32-byte nonce at freeze
 * time (`nonceCommitment = sha256hex(nonceHex)`), staff enter public entropy E at draw time
 * (dice, lottery numbers), and `seed = nonceHex + "-" + E`: neither the bureau nor anyone
 * else can steer it. The nonce itself comes from a CSPRNG outside the core.
 */
import type { Sha256 } from '../hash.ts';
import { err, ok, type Result } from '../result.ts';

export const SEED_MIN_LENGTH = 16;
export const SEED_MAX_LENGTH = 256;
/** 64 hex nonce + "-" leaves this much for the entropy within the seed's 256 characters. */
export const ENTROPY_MAX_LENGTH = SEED_MAX_LENGTH - 65;

/** Printable ASCII 0x21-0x7E: no spaces, no control characters, nothing outside ASCII. */
const printableAscii = /^[\x21-\x7e]*$/;
const nonceHexPattern = /^[0-9a-f]{64}$/;

export type SeedIssue =
  | { readonly code: 'seed_not_printable_ascii' }
  | { readonly code: 'seed_length'; readonly length: number }
  | { readonly code: 'entropy_not_printable_ascii' }
  | { readonly code: 'entropy_length'; readonly length: number }
  | { readonly code: 'invalid_nonce' };

/**
 * Checks a seed: printable ASCII without spaces, 16 to 256 characters.
 *
 * @example validateSeed('01382438112797316654') // ok('01382438112797316654')
 */
export function validateSeed(seed: string): Result<string, SeedIssue> {
  if (!printableAscii.test(seed)) return err({ code: 'seed_not_printable_ascii' });
  if (seed.length < SEED_MIN_LENGTH || seed.length > SEED_MAX_LENGTH) return err({ code: 'seed_length', length: seed.length });
  return ok(seed);
}

/**
 * Checks public entropy: printable ASCII without spaces, 1 to 191 characters.
 *
 * @example validateEntropy('3.6.1.5.2.4') // ok('3.6.1.5.2.4')
 */
export function validateEntropy(entropy: string): Result<string, SeedIssue> {
  if (!printableAscii.test(entropy)) return err({ code: 'entropy_not_printable_ascii' });
  if (entropy.length < 1 || entropy.length > ENTROPY_MAX_LENGTH) return err({ code: 'entropy_length', length: entropy.length });
  return ok(entropy);
}

/**
 * Checks a nonce: 64 lowercase hex characters (32 bytes).
 *
 * @example validateNonce('00'.repeat(32)) // ok(…)
 */
export function validateNonce(nonceHex: string): Result<string, SeedIssue> {
  return nonceHexPattern.test(nonceHex) ? ok(nonceHex) : err({ code: 'invalid_nonce' });
}

/**
 * The commitment published at freeze time: sha256hex of the nonce's hex text.
 *
 * @example computeNonceCommitment('ab'.repeat(32), nobleSha256) // 64 hex characters
 */
export function computeNonceCommitment(nonceHex: string, hash: Sha256): string {
  return hash.hex(nonceHex);
}

/**
 * The seed from the revealed nonce and the public entropy: `nonceHex + "-" + entropy`.
 *
 * @example composeSeed('ab'.repeat(32), '3.6.1.5.2.4') // ok('abab…ab-3.6.1.5.2.4')
 */
export function composeSeed(nonceHex: string, entropy: string): Result<string, SeedIssue> {
  const nonce = validateNonce(nonceHex);
  if (!nonce.ok) return nonce;
  const checked = validateEntropy(entropy);
  if (!checked.ok) return checked;
  return validateSeed(`${nonceHex}-${entropy}`);
}

/** A one-line English reason for a seed issue. */
export function describeSeedIssue(issue: SeedIssue): string {
  switch (issue.code) {
    case 'seed_not_printable_ascii':
      return 'the seed must be printable ASCII (0x21-0x7E) without spaces';
    case 'seed_length':
      return `the seed must be ${SEED_MIN_LENGTH} to ${SEED_MAX_LENGTH} characters, got ${issue.length}`;
    case 'entropy_not_printable_ascii':
      return 'the entropy must be printable ASCII (0x21-0x7E) without spaces, e.g. dice digits joined by "."';
    case 'entropy_length':
      return `the entropy must be 1 to ${ENTROPY_MAX_LENGTH} characters, got ${issue.length}`;
    case 'invalid_nonce':
      return 'the nonce must be 64 lowercase hex characters';
  }
}
