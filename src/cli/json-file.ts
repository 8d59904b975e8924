/**
 * The one JSON file reader of the CLI: reads a file and parses it, keeping its text for line
 * numbers. Errors name the file, and the line and column of a syntax error.
 */
import fs from 'node:fs';
import { parseJsonText } from '../core/json-locations.ts';

/**
 * Reads and parses a JSON file; `what` names it in errors (`old tree head`).
 *
 * @example const { text, value } = readJsonDocument('plan-2027.json')
 */
export function readJsonDocument(file: string, what?: string): { text: string; value: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read${what === undefined ? '' : ` ${what}`}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
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
 * only: no `toJSON`, no cycles).
 *
 * @example writeJsonChunks(record, (chunk) => fs.writeSync(fd, chunk))
 */
export function writeJsonChunks(value: unknown, write: (chunk: string) => void): void {
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

/**
 * Writes `value` to `file` as `writeJsonChunks` does (the file's previous content replaced).
 *
 * @example writeJsonFile('record.json', record)
 */
export function writeJsonFile(file: string, value: unknown): void {
  const descriptor = fs.openSync(file, 'w');
  try {
    writeJsonChunks(value, (chunk) => fs.writeSync(descriptor, chunk));
  } finally {
    fs.closeSync(descriptor);
  }
}
