/**
 * Signed records, draw/v1 section 9. A record R travels as
 * `{record: R, recordHash: sha256hex(canonical(R)), signature: {keyId, algorithm: 'Ed25519', value}}`
 * where `value` is base64 of the Ed25519 signature over the UTF-8 bytes of canonical(R)
 * (RFC 8785), made with the bureau key whose public half is served at
 * `/.well-known/suiji-keys.json` as a `PublicKeySet`.
 *
 * Verification is here (pure, @noble/ed25519, runs in the browser); signing needs the
 * private key and lives in src/application/record-signing.ts.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { canonicalizeJson } from './canonical-json.ts';
import { utf8Bytes, type Sha256 } from './hash.ts';
import { err, ok, type Result } from './result.ts';

// @noble/ed25519 v3 ships without a hash; its synchronous API needs SHA-512 set once.
ed.hashes.sha512 = sha512;

export const SIGNATURE_ALGORITHM = 'Ed25519';

export interface RecordSignature {
  readonly keyId: string;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** Base64 of the 64-byte signature. */
  readonly value: string;
}

export interface SignedEnvelope<R = unknown> {
  readonly record: R;
  readonly recordHash: string;
  readonly signature: RecordSignature;
}

export interface PublicKeyEntry {
  readonly keyId: string;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  readonly publicKey: string;
}

/** The document at `/.well-known/suiji-keys.json`. */
export interface PublicKeySet {
  readonly keys: readonly PublicKeyEntry[];
}

/**
 * recordHash = sha256hex(canonical(record)).
 *
 * @example computeRecordHash({ a: 1 }, nobleSha256) // sha256hex('{"a":1}')
 */
export function computeRecordHash(record: unknown, hash: Sha256): string {
  return hash.hex(canonicalizeJson(record));
}

/**
 * Base64 (RFC 4648, with padding) of bytes; no Buffer, so it runs in the browser.
 *
 * @example encodeBase64(new Uint8Array([1, 2, 3])) // 'AQID'
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Bytes of a base64 string, or undefined when it is not base64.
 *
 * @example decodeBase64('AQID') // Uint8Array [1, 2, 3]
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const binary = atob(text);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

export type SignatureIssue =
  | { readonly code: 'unsupported_algorithm'; readonly algorithm: string }
  | { readonly code: 'unknown_key'; readonly keyId: string }
  | { readonly code: 'malformed_key'; readonly keyId: string }
  | { readonly code: 'malformed_signature' }
  | { readonly code: 'bad_signature'; readonly keyId: string };

/**
 * Checks an envelope's Ed25519 signature over canonical(record) against a key set.
 *
 * @example verifyEnvelopeSignature(envelope, keySet) // ok(entry) or err({ code: 'bad_signature', … })
 */
export function verifyEnvelopeSignature(envelope: SignedEnvelope, keys: PublicKeySet): Result<PublicKeyEntry, SignatureIssue> {
  const { signature } = envelope;
  if (signature.algorithm !== SIGNATURE_ALGORITHM) return err({ code: 'unsupported_algorithm', algorithm: String(signature.algorithm) });
  const entry = keys.keys.find((key) => key.keyId === signature.keyId && key.algorithm === SIGNATURE_ALGORITHM);
  if (!entry) return err({ code: 'unknown_key', keyId: signature.keyId });
  const publicKey = decodeBase64(entry.publicKey);
  if (!publicKey || publicKey.length !== 32) return err({ code: 'malformed_key', keyId: entry.keyId });
  const value = decodeBase64(signature.value);
  if (!value || value.length !== 64) return err({ code: 'malformed_signature' });
  let valid: boolean;
  try {
    valid = ed.verify(value, utf8Bytes(canonicalizeJson(envelope.record)), publicKey);
  } catch {
    // noble throws on points that do not decode: an invalid key or signature, not a bug here.
    valid = false;
  }
  return valid ? ok(entry) : err({ code: 'bad_signature', keyId: entry.keyId });
}

/** A one-line English reason for a signature issue. */
export function describeSignatureIssue(issue: SignatureIssue): string {
  switch (issue.code) {
    case 'unsupported_algorithm':
      return `signature algorithm ${issue.algorithm} is not ${SIGNATURE_ALGORITHM}`;
    case 'unknown_key':
      return `no public key with keyId ${issue.keyId} in the key set`;
    case 'malformed_key':
      return `public key ${issue.keyId} is not 32 bytes of base64`;
    case 'malformed_signature':
      return 'the signature value is not 64 bytes of base64';
    case 'bad_signature':
      return `the Ed25519 signature does not match the canonical record under key ${issue.keyId}`;
  }
}
