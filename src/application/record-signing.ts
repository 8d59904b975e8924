/**
 * Signing records with the bureau's Ed25519 key (node:crypto). Keys are stored as PKCS#8
 * PEM; the public half is published raw (32 bytes, base64) in the key set served at
 * `/.well-known/suiji-keys.json`, and its keyId is the first 16 hex characters of the
 * SHA-256 of those 32 bytes, so a key names itself.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalizeJson } from '../core/canonical-json.ts';
import { computeRecordHash, encodeBase64, SIGNATURE_ALGORITHM, type PublicKeyEntry, type PublicKeySet, type SignedEnvelope } from '../core/signature.ts';
import { nodeSha256 } from './node-hash.ts';

export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** Raw 32-byte public key. */
  readonly publicKey: Uint8Array;
}

function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

/**
 * A signing key from its PKCS#8 PEM text.
 *
 * @example loadSigningKey(fs.readFileSync('data/signing-key.pem', 'utf8'))
 */
export function loadSigningKey(pkcs8Pem: string): SigningKey {
  const privateKey = createPrivateKey(pkcs8Pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`signing key is ${privateKey.asymmetricKeyType}, expected ed25519`);
  const publicKey = rawPublicKey(privateKey);
  return { keyId: createHash('sha256').update(publicKey).digest('hex').slice(0, 16), privateKey, publicKey };
}

/**
 * A fresh Ed25519 key and its PKCS#8 PEM text (to store in DATA_DIR with mode 0600).
 *
 * @example const { key, pkcs8Pem } = generateSigningKey();
 */
export function generateSigningKey(): { key: SigningKey; pkcs8Pem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pkcs8Pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: loadSigningKey(pkcs8Pem), pkcs8Pem };
}

/**
 * The key-set entry of a signing key.
 *
 * @example publicKeySetOf([key]) // { keys: [{ keyId, algorithm: 'Ed25519', publicKey: 'base64' }] }
 */
export function publicKeyEntryOf(key: SigningKey): PublicKeyEntry {
  return { keyId: key.keyId, algorithm: SIGNATURE_ALGORITHM, publicKey: encodeBase64(key.publicKey) };
}

/** The `/.well-known/suiji-keys.json` document for these keys (current and retired). */
export function publicKeySetOf(keys: readonly SigningKey[]): PublicKeySet {
  return { keys: keys.map(publicKeyEntryOf) };
}

/**
 * Wraps a record in its signed envelope (spec section 9).
 *
 * @example signRecord(publicRecord, key) // { record, recordHash, signature: { keyId, algorithm: 'Ed25519', value } }
 */
export function signRecord<R>(record: R, key: SigningKey): SignedEnvelope<R> {
  const canonical = canonicalizeJson(record);
  const value = sign(null, Buffer.from(canonical, 'utf8'), key.privateKey);
  return {
    record,
    recordHash: computeRecordHash(record, nodeSha256),
    signature: { keyId: key.keyId, algorithm: SIGNATURE_ALGORITHM, value: value.toString('base64') },
  };
}
