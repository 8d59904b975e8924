/**
 * Text encodings of imported files. Registration systems export UTF-8 (often with a byte
 * order mark, which Excel needs) or GB18030 (国家标准 GB 18030, the superset of GBK/GB2312
 * that older Chinese government systems still write). Detection is pure byte logic so the
 * browser can run it; decoding uses `TextDecoder`, present in Node and every browser.
 */

export type TextEncodingName = 'utf-8' | 'gb18030';

export interface DetectedEncoding {
  readonly encoding: TextEncodingName;
  /** Bytes of the byte order mark to skip (3 for a UTF-8 BOM, else 0). */
  readonly byteOrderMarkLength: number;
}

/**
 * True when the bytes are well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most
 * U+10FFFF). A GB18030 file with any Chinese text almost never passes: its lead bytes
 * 0x81-0xFE are followed by bytes that do not form UTF-8 continuation sequences.
 *
 * @example isWellFormedUtf8(new Uint8Array([0xe4, 0xbc, 0x81])) // true ('企')
 */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let index = 0;
  while (index < length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let needed: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) lower = 0xa0; // overlong
      if (lead === 0xed) upper = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) lower = 0x90; // overlong
      if (lead === 0xf4) upper = 0x8f; // above U+10FFFF
    } else return false;
    const second = bytes[index + 1];
    if (second === undefined || second < lower || second > upper) return false;
    for (let offset = 2; offset <= needed; offset++) {
      const next = bytes[index + offset];
      if (next === undefined || next < 0x80 || next > 0xbf) return false;
    }
    index += needed + 1;
  }
  return true;
}

/**
 * Picks the encoding of an imported file: a UTF-8 byte order mark wins, then well-formed
 * UTF-8, and anything else is taken as GB18030.
 *
 * @example detectTextEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) // { encoding: 'utf-8', byteOrderMarkLength: 3 }
 */
export function detectTextEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', byteOrderMarkLength: 3 };
  }
  return { encoding: isWellFormedUtf8(bytes) ? 'utf-8' : 'gb18030', byteOrderMarkLength: 0 };
}

/**
 * Decodes a file's bytes, detecting the encoding unless one is given. Invalid sequences
 * become U+FFFD rather than failing the whole file; rows that contain one are rejected
 * by row validation, with their line.
 *
 * @example decodeText(gb18030Bytes, 'auto') // { encoding: 'gb18030', text: '统一社会信用代码,…' }
 */
export function decodeText(
  bytes: Uint8Array,
  encoding: TextEncodingName | 'auto' = 'auto',
): { readonly encoding: TextEncodingName; readonly text: string } {
  const detected = detectTextEncoding(bytes);
  const chosen = encoding === 'auto' ? detected.encoding : encoding;
  // A UTF-8 BOM is skipped whichever encoding was asked for: it is never content.
  const body = detected.byteOrderMarkLength > 0 ? bytes.subarray(detected.byteOrderMarkLength) : bytes;
  const text = new TextDecoder(chosen, { ignoreBOM: true }).decode(body);
  return { encoding: chosen, text };
}

/**
 * Picks the encoding from the first bytes of a file read as a stream: as
 * `detectTextEncoding`, except that a multi-byte character cut off at the end of the
 * prefix still counts as UTF-8 when the file goes on (`complete` false). A GB18030 export
 * shows its first Chinese character within a few hundred bytes, so a prefix of a few
 * megabytes decides as well as the whole file does; a file that is ASCII that far and
 * GB18030 later is read as UTF-8, and its rows with U+FFFD are rejected with their line.
 *
 * @example detectTextEncodingOfPrefix(new Uint8Array([0x61, 0xe4, 0xbc]), false) // { encoding: 'utf-8', byteOrderMarkLength: 0 }
 */
export function detectTextEncodingOfPrefix(prefix: Uint8Array, complete: boolean): DetectedEncoding {
  const detected = detectTextEncoding(prefix);
  if (complete || detected.encoding === 'utf-8') return detected;
  // Up to three trailing bytes may be the start of a character the prefix cut off.
  for (let cut = 1; cut <= 3 && cut <= prefix.length; cut++) {
    const lead = prefix[prefix.length - cut] as number;
    if (lead < 0x80) break;
    if (lead >= 0xc0) return isWellFormedUtf8(prefix.subarray(0, prefix.length - cut)) ? { encoding: 'utf-8', byteOrderMarkLength: 0 } : detected;
  }
  return detected;
}
