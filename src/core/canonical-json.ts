/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): sorted keys, no white space, ECMAScript
 * number and string serialisation. Records are hashed and signed in this form, so any
 * JCS implementation in any language reproduces `recordHash`.
 */
import canonicalize from 'canonicalize';

/**
 * The RFC 8785 text of a JSON value. Throws on values JSON cannot carry (undefined, NaN,
 * Infinity), which are bugs in whoever built the record.
 *
 * @example canonicalizeJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalizeJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON form');
  return text;
}
