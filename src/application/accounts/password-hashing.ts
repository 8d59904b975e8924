/**
 * Password hashing: scrypt with a per-user salt, stored with the cost parameters used so the
 * cost can be raised later, and the constant-time comparison of a presented password.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { StoredPassword } from '../../persistence/account-repository.ts';
import type { PasswordParameters } from '../../persistence/schema/index.ts';

/**
 * The cost of new password hashes: 2^15 × 8 × 128 bytes = 32 MiB and ~50–100 ms per hash.
 * The default of every use case that hashes; the server's composition never passes less
 * (only tests inject a cheaper cost, through `SiteSettings.passwordParameters`).
 */
export const PASSWORD_PARAMETERS: PasswordParameters = { algorithm: 'scrypt', n: 2 ** 15, r: 8, p: 1, keyLength: 32 };

function scryptAsync(password: string, salt: Buffer, parameters: PasswordParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.n,
    r: parameters.r,
    p: parameters.p,
    // Node's default (32 MiB) is exactly the need at N=2^15, r=8: leave headroom.
    maxmem: 256 * parameters.n * parameters.r + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, parameters.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a password with a fresh salt.
 *
 * @example const stored = await hashPassword('correct horse battery') // { passwordHash: 'base64…', passwordSalt: 'base64…', passwordParameters: { n: 32768, … } }
 */
export async function hashPassword(password: string, parameters: PasswordParameters = PASSWORD_PARAMETERS): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, parameters);
  return { passwordHash: key.toString('base64'), passwordSalt: salt.toString('base64'), passwordParameters: parameters };
}

/** Whether `password` matches the stored hash, compared in constant time. */
export async function passwordMatches(password: string, stored: StoredPassword): Promise<boolean> {
  const expected = Buffer.from(stored.passwordHash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(stored.passwordSalt, 'base64'), stored.passwordParameters);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
