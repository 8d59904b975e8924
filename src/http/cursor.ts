/**
 * Opaque page cursors: clients pass back what they were given and never build one. The
 * version tag lets the format change without misreading old cursors.
 */
const cursorPrefix = 'k1:';

/** @example encodeCursor('91350100M000100Y43') // 'azE6OTEzNTAxMDBNMDAwMTAwWTQz' */
export function encodeCursor(afterKey: string): string {
  return Buffer.from(cursorPrefix + afterKey, 'utf8').toString('base64url');
}

/**
 * The key a cursor continues after, or undefined when it is not one of ours.
 *
 * @example decodeCursor(encodeCursor('91350100M000100Y43')) // '91350100M000100Y43'
 */
export function decodeCursor(cursor: string, keyPattern: RegExp): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(cursorPrefix)) return undefined;
  const key = text.slice(cursorPrefix.length);
  return keyPattern.test(key) ? key : undefined;
}
