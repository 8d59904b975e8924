/** Records written in pieces (issue 16): the same text as JSON.stringify(value, null, 2), never one giant string. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJsonChunks, writeJsonFile } from '../../src/cli/json-file.ts';

/** A chunk as text (byte chunks are ASCII JSON). */
const asText = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));

const golden = JSON.parse(fs.readFileSync(new URL('../fixtures/draw/golden-record.json', import.meta.url), 'utf8')) as unknown;

describe('writeJsonChunks', () => {
  it('writes exactly JSON.stringify(value, null, 2) and a newline for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        let text = '';
        writeJsonChunks(value, (chunk) => (text += asText(chunk)));
        expect(text).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out undefined fields and writes undefined array elements as null, as JSON.stringify does', () => {
    const value = { a: undefined, b: [undefined, 1], c: {} };
    let text = '';
    writeJsonChunks(value, (chunk) => (text += asText(chunk)));
    expect(text).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('writes a large record in several pieces of about a megabyte, together the whole text', () => {
    const members = Array.from({ length: 100_000 }, (_, index) => ({ code: `91350100${String(index).padStart(10, '0')}` }));
    const chunks: string[] = [];
    writeJsonChunks({ strata: [{ label: 'A', members }] }, (chunk) => chunks.push(asText(chunk)));
    expect(chunks.length).toBeGreaterThan(2);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(2 ** 20 + 200);
    expect(chunks.join('')).toBe(`${JSON.stringify({ strata: [{ label: 'A', members }] }, null, 2)}\n`);
  });

  it('writes the golden record to a file as JSON.stringify would', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-json-')), 'record.json');
    writeJsonFile(file, golden);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(golden, null, 2)}\n`);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
