/**
 * The one JSON file reader of the CLI: reads a file and parses it, keeping its text for line
 * numbers. Errors name the file, and the line and column of a syntax error.
 */
import fs from 'node:fs';
import { CREDIT_CODE_LENGTH } from '../core/credit-code.ts';
import { CodeList } from '../core/draw/code-list.ts';
import { parseJsonText } from '../core/json-locations.ts';

/**
 * Reads and parses a JSON file; `what` names it in errors (`old tree head`).
 *
 * @example const { text, value } = readJsonDocument('plan-2027.json')
 */
export function readJsonDocument(file: string, what?: string): { text: string; value: unknown } {
  return parseJsonDocument(file, readFileBytes(file, what).toString('utf8'), what);
}

/**
 * Reads a file's bytes, with `readJsonDocument`'s error when it cannot (a big pool or record
 * is scanned as bytes first, and parsed as text only when the scanner does not handle it).
 *
 * @example const bytes = readFileBytes('pool.json')
 */
export function readFileBytes(file: string, what?: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read${what === undefined ? '' : ` ${what}`}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Parses the text of `file` (already read) as `readJsonDocument` does.
 *
 * @example parseJsonDocument('pool.json', bytes.toString('utf8')).value
 */
export function parseJsonDocument(file: string, text: string, what?: string): { text: string; value: unknown } {
  const parsed = parseJsonText(text);
  if (parsed.ok) return { text, value: parsed.value };
  const { line, column, message } = parsed.error;
  const where = line === undefined ? file : `${file}:${line}`;
  const subject = what === undefined ? 'not valid JSON' : `${what} is not valid JSON`;
  throw new Error(`${where}: ${subject}${column === undefined ? '' : ` (line ${line}, column ${column})`}: ${message}`);
}

/** Pieces of JSON text are gathered up to this many characters before each write. */
const JSON_CHUNK_CHARACTERS = 1 << 20;

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` followed by a newline, in pieces of
 * about a megabyte, so a record of a million members never exists as one string (plain data
 * only: no `toJSON`, no cycles). A `CodeList` (members still in a pool file's bytes) is written
 * as the array of `{"code": …}` objects it stands for, copied byte for byte into byte chunks.
 *
 * @example writeJsonChunks(record, (chunk) => fs.writeSync(fd, chunk))
 */
export function writeJsonChunks(value: unknown, write: (chunk: string | Uint8Array) => void): void {
  let pending = '';
  // `"key": ` per key and "\n" + indentation per depth, built once: a million members share them.
  const keyTexts = new Map<string, string>();
  const breaks: string[] = ['\n'];
  const breakAt = (depth: number): string => (breaks[depth] ??= `\n${'  '.repeat(depth)}`);
  const flushIfFull = (): void => {
    if (pending.length >= JSON_CHUNK_CHARACTERS) {
      write(pending);
      pending = '';
    }
  };
  const visit = (item: unknown, depth: number): void => {
    if (item instanceof CodeList) {
      if (item.length === 0) {
        pending += '[]';
        return;
      }
      write(pending);
      pending = breakAt(depth) + ']';
      writeCodeMembers(item, breakAt(depth + 1), breakAt(depth + 2), write);
      return;
    }
    if (typeof item === 'string') {
      pending += JSON.stringify(item);
      return;
    }
    if (Array.isArray(item)) {
      if (item.length === 0) {
        pending += '[]';
        return;
      }
      const inner = breakAt(depth + 1);
      pending += '[';
      for (let index = 0; index < item.length; index++) {
        const element: unknown = item[index];
        pending += index === 0 ? inner : `,${inner}`;
        // As JSON.stringify: undefined, functions and symbols in arrays become null.
        if (element === undefined || typeof element === 'function' || typeof element === 'symbol') pending += 'null';
        else visit(element, depth + 1);
        flushIfFull();
      }
      pending += breakAt(depth);
      pending += ']';
      return;
    }
    if (typeof item === 'object' && item !== null) {
      const inner = breakAt(depth + 1);
      let first = true;
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        const field = (item as Record<string, unknown>)[key];
        if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
        let keyText = keyTexts.get(key);
        if (keyText === undefined) keyTexts.set(key, (keyText = `${JSON.stringify(key)}: `));
        pending += first ? `{${inner}${keyText}` : `,${inner}${keyText}`;
        first = false;
        visit(field, depth + 1);
      }
      pending += first ? '{}' : `${breakAt(depth)}}`;
      return;
    }
    pending += JSON.stringify(item);
  };
  visit(value, 0);
  write(`${pending}\n`);
}

const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));

/**
 * `[` and the elements of a member list, `{"code": "…"}` each, as `JSON.stringify(…, null, 2)`
 * lays them out at this depth (`outer` and `inner`: the line breaks of the element and of its field).
 */
function writeCodeMembers(list: CodeList, outer: string, inner: string, write: (chunk: Uint8Array) => void): void {
  const before = asciiBytes(`,${outer}{${inner}"code": "`);
  const after = asciiBytes(`"${outer}}`);
  const elementBytes = before.length + CREDIT_CODE_LENGTH + after.length;
  const perChunk = Math.max(1, Math.floor(JSON_CHUNK_CHARACTERS / elementBytes));
  for (let first = 0; first < list.length; first += perChunk) {
    const last = Math.min(list.length, first + perChunk);
    // A new chunk each time: a stream's write may keep the buffer until it is flushed.
    const chunk = new Uint8Array((first === 0 ? 1 : 0) + (last - first) * elementBytes);
    let at = 0;
    if (first === 0) chunk[at++] = 0x5b; // [
    for (let index = first; index < last; index++) {
      // Byte by byte: a subarray per member would be a million small objects. The first element has no comma before it.
      for (let from = index === 0 ? 1 : 0; from < before.length; from++) chunk[at++] = before[from] as number;
      const start = list.starts[index] as number;
      for (let from = start; from < start + CREDIT_CODE_LENGTH; from++) chunk[at++] = list.bytes[from] as number;
      for (let from = 0; from < after.length; from++) chunk[at++] = after[from] as number;
    }
    write(chunk.subarray(0, at));
  }
}

/**
 * Writes `value` to `file` as `writeJsonChunks` does (the file's previous content replaced).
 *
 * @example writeJsonFile('record.json', record)
 */
export function writeJsonFile(file: string, value: unknown): void {
  const descriptor = fs.openSync(file, 'w');
  try {
    writeJsonChunks(value, (chunk) => (typeof chunk === 'string' ? fs.writeSync(descriptor, chunk) : fs.writeSync(descriptor, chunk)));
  } finally {
    fs.closeSync(descriptor);
  }
}
