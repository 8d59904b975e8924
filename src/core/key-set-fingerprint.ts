/**
 * The fingerprint of the bureau's key set (公钥指纹), so the key set can be pinned: it is in
 * every signed tree head, on the portal's log page and printed on paper notices, and anyone
 * compares it with the fingerprint of the key set they downloaded.
 *
 * Definition: `sha256hex(canonical({"keys": [{"algorithm", "keyId", "publicKey"}, …]}))`, the
 * RFC 8785 form of the key set as published at `/.well-known/suiji-keys.json`, keys in their
 * published order and with only those three fields.
 */
import { canonicalizeJson } from './canonical-json.ts';
import type { Sha256 } from './hash.ts';
import type { PublicKeySet } from './signature.ts';

/**
 * The key set's fingerprint, 64 lowercase hex characters.
 *
 * @example computeKeySetFingerprint({ keys: [{ keyId: 'ab12…', algorithm: 'Ed25519', publicKey: 'base64' }] }, nobleSha256) // '5c1e…'
 */
export function computeKeySetFingerprint(keys: PublicKeySet, hash: Sha256): string {
  return hash.hex(canonicalizeJson({ keys: keys.keys.map((key) => ({ keyId: key.keyId, algorithm: key.algorithm, publicKey: key.publicKey })) }));
}

/**
 * A fingerprint in groups of four, as printed on paper and on the portal, so a person can
 * compare it group by group.
 *
 * @example formatFingerprint('5c1e09ab…') // '5c1e 09ab …'
 */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
}
