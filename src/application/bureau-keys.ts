/**
 * The bureau's secrets for draws: the Ed25519 signing key of records, and the server secret
 * from which pool salts (spec section 6: HMAC-SHA256(secret, taskCode + "/" + code), cut to
 * 32 hex) and receipt codes derive. Both are files, given in the configuration or made on
 * first start in DATA_DIR/keys/ with mode 0600.
 *
 * Receipt codes are derived, not stored: HMAC-SHA256(secret, "receipt-code/" + taskCode +
 * "/" + code), shown as 16 characters of an unambiguous alphabet. Only their SHA-256 is in
 * the database, and staff can print a notification again at any time (`suiji receipt
 * TASK CODE --notification`). Task codes contain no "/", so the two derivations never
 * meet.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSigningKey, loadSigningKey, type SigningKey } from './record-signing.ts';

export interface BureauKeys {
  readonly signingKey: SigningKey;
  /** Retired keys stay in the published key set so old records still verify. */
  readonly retiredKeys: readonly SigningKey[];
  readonly serverSecret: Uint8Array;
}

function readOrCreate(file: string, create: () => string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const content = create();
  try {
    // 'wx': if another process made it in the meantime, use theirs.
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8');
  }
}

export interface BureauKeyConfig {
  readonly dataDir: string;
  readonly signingKeyFile: string | undefined;
  readonly serverSecretFile: string | undefined;
}

/**
 * Where the key files are: the configured ones, or the defaults in `dataDir/keys/`.
 *
 * @example bureauKeyFiles({ dataDir: '/var/lib/suiji', signingKeyFile: undefined, serverSecretFile: undefined }).signingKeyFile // '/var/lib/suiji/keys/signing-key.pem'
 */
export function bureauKeyFiles(config: BureauKeyConfig): { readonly signingKeyFile: string; readonly serverSecretFile: string } {
  return {
    signingKeyFile: config.signingKeyFile ?? path.join(config.dataDir, 'keys', 'signing-key.pem'),
    serverSecretFile: config.serverSecretFile ?? path.join(config.dataDir, 'keys', 'server-secret'),
  };
}

/**
 * Loads the keys, creating missing default files in `dataDir/keys/`.
 *
 * @example const keys = loadBureauKeys({ dataDir: '/var/lib/suiji', signingKeyFile: undefined, serverSecretFile: undefined })
 */
export function loadBureauKeys(config: BureauKeyConfig): BureauKeys {
  const { signingKeyFile: keyFile, serverSecretFile: secretFile } = bureauKeyFiles(config);
  const pem = config.signingKeyFile ? fs.readFileSync(keyFile, 'utf8') : readOrCreate(keyFile, () => generateSigningKey().pkcs8Pem);
  const secretHex = (config.serverSecretFile ? fs.readFileSync(secretFile, 'utf8') : readOrCreate(secretFile, () => `${randomBytes(32).toString('hex')}\n`)).trim();
  if (!/^[0-9a-f]{64,}$/.test(secretHex)) throw new Error(`${secretFile} must hold at least 32 bytes as lowercase hex`);
  return { signingKey: loadSigningKey(pem), retiredKeys: [], serverSecret: new Uint8Array(Buffer.from(secretHex, 'hex')) };
}

/**
 * Fresh keys held in memory only (tests, throwaway demos).
 *
 * @example const keys = createEphemeralBureauKeys()
 */
export function createEphemeralBureauKeys(): BureauKeys {
  return { signingKey: generateSigningKey().key, retiredKeys: [], serverSecret: new Uint8Array(randomBytes(32)) };
}

/**
 * A pool member's salt (spec section 6), 32 lowercase hex characters.
 *
 * @example deriveSalt(keys, '2027-JM-003', '91350100M000100Y43') // '3f2a…' (32 hex)
 */
export function deriveSalt(keys: BureauKeys, taskCode: string, creditCode: string): string {
  return createHmac('sha256', keys.serverSecret).update(`${taskCode}/${creditCode}`, 'utf8').digest('hex').slice(0, 32);
}

/**
 * A sealed stratum's salt (draw/v1.1 section 7.1), 32 lowercase hex characters:
 * HMAC-SHA256(secret, taskCode + "/stratum/" + label). A credit code has no "/", so it
 * never meets a member's salt; derived again at the draw, so nothing new is stored.
 *
 * @example deriveStratumSalt(keys, '2027-JM-003', 'C') // '9b04…' (32 hex)
 */
export function deriveStratumSalt(keys: BureauKeys, taskCode: string, label: string): string {
  return deriveSalt(keys, taskCode, `stratum/${label}`);
}

/** Crockford-style alphabet: no I, L, O, U, so codes read aloud and typed by hand survive. */
const receiptAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The receipt code printed on an enterprise's notification, as `XXXX-XXXX-XXXX-XXXX` (80 bits).
 *
 * @example deriveReceiptCode(keys, '2027-JM-003', '91350100M000100Y43') // 'K7QD-3M9X-PA2F-8HZT'
 */
export function deriveReceiptCode(keys: BureauKeys, taskCode: string, creditCode: string): string {
  const digest = createHmac('sha256', keys.serverSecret).update(`receipt-code/${taskCode}/${creditCode}`, 'utf8').digest();
  let code = '';
  for (let index = 0; index < 16; index++) {
    if (index > 0 && index % 4 === 0) code += '-';
    code += receiptAlphabet[(digest[index] as number) % 32];
  }
  return code;
}

/**
 * What the database stores of a receipt code: SHA-256 hex of its normalised form (upper
 * case, no dashes or spaces), so a code typed as `k7qd 3m9x pa2f 8hzt` still matches.
 *
 * @example hashReceiptCode('K7QD-3M9X-PA2F-8HZT') === hashReceiptCode('k7qd3m9xpa2f8hzt') // true
 */
export function hashReceiptCode(receiptCode: string): string {
  const normalised = receiptCode.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
