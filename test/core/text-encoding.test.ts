import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, detectTextEncoding, detectTextEncodingOfPrefix, isWellFormedUtf8 } from '../../src/core/text-encoding.ts';
import { encodeGb18030 } from '../support/gb18030.ts';

const sample = '统一社会信用代码,企业名称\n91350100M000100Y43,福州示例有限公司';

describe('text encoding detection', () => {
  it('detects UTF-8 without a byte order mark', () => {
    const bytes = new TextEncoder().encode(sample);
    expect(detectTextEncoding(bytes)).toEqual({ encoding: 'utf-8', byteOrderMarkLength: 0 });
    expect(decodeText(bytes).text).toBe(sample);
  });

  it('detects and strips a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(sample)]);
    expect(detectTextEncoding(bytes)).toEqual({ encoding: 'utf-8', byteOrderMarkLength: 3 });
    expect(decodeText(bytes).text).toBe(sample);
  });

  it('takes bytes that are not UTF-8 as GB18030 (GB 18030-2005) and decodes them', () => {
    const bytes = encodeGb18030(sample);
    expect(detectTextEncoding(bytes).encoding).toBe('gb18030');
    expect(decodeText(bytes)).toEqual({ encoding: 'gb18030', text: sample });
  });

  it('decodes with the encoding asked for, whatever detection says', () => {
    expect(decodeText(new TextEncoder().encode('abc'), 'gb18030')).toEqual({ encoding: 'gb18030', text: 'abc' });
  });

  it('rejects overlong encodings, surrogates and truncated sequences (RFC 3629)', () => {
    expect(isWellFormedUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(false);
    expect(isWellFormedUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(false);
    expect(isWellFormedUtf8(new Uint8Array([0xe4, 0xbc]))).toBe(false);
    expect(isWellFormedUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(false);
  });

  it('agrees with a strict UTF-8 decoder on any bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(isWellFormedUtf8(bytes)).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts any text encoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(isWellFormedUtf8(new TextEncoder().encode(text))).toBe(true);
      }),
    );
  });
});

describe('detectTextEncodingOfPrefix', () => {
  const utf8 = new TextEncoder().encode('统一社会信用代码,企业名称');

  it('takes a UTF-8 prefix that ends inside a character as UTF-8 when the file goes on', () => {
    for (let cut = 1; cut < utf8.length; cut++) expect(detectTextEncodingOfPrefix(utf8.subarray(0, cut), false).encoding).toBe('utf-8');
  });

  it('takes the same cut text as GB18030 when it is the whole file', () => {
    expect(detectTextEncodingOfPrefix(utf8.subarray(0, 2), true).encoding).toBe('gb18030');
  });

  it('takes GB18030 bytes as GB18030', () => {
    expect(detectTextEncodingOfPrefix(encodeGb18030('统一社会信用代码,企业名称'), false).encoding).toBe('gb18030');
  });
});
