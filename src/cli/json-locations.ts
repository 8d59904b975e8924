/**
 * JSON files read by commands, and the lines of the values in a JSON text, by path
 * (`tasks[2].departments[0].teamSize`), so a command can point staff at the line of their
 * file that a problem is about.
 */
import fs from 'node:fs';

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text[index] === '\n') line++;
  return line;
}

/**
 * Reads and parses a JSON file, keeping its text for line numbers. Errors name the file (and
 * the line of a syntax error).
 *
 * @example const { text, value } = readJsonDocument('plan-2027.json')
 */
export function readJsonDocument(file: string): { text: string; value: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    throw new Error(`${position ? `${file}:${lineAt(text, Number(position[1]))}` : file}: not valid JSON: ${message}`, { cause: error });
  }
}

/**
 * Maps every value's path to its 1-based line. Assumes valid JSON (parse it first).
 *
 * @example locateJsonPaths('{\n "a": [1,\n 2]\n}').get('a[1]') // 3
 */
export function locateJsonPaths(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let index = 0;
  let line = 1;
  const skipSpace = () => {
    while (index < text.length && /\s/.test(text[index] as string)) {
      if (text[index] === '\n') line++;
      index++;
    }
  };
  const readString = (): string => {
    let value = '';
    index++;
    while (index < text.length && text[index] !== '"') {
      if (text[index] === '\\') {
        value += text.slice(index, index + 2);
        index += 2;
      } else {
        value += text[index];
        index++;
      }
    }
    index++;
    return JSON.parse(`"${value}"`) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    lines.set(path, line);
    const character = text[index];
    if (character === '{') {
      index++;
      skipSpace();
      if (text[index] === '}') {
        index++;
        return;
      }
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        index++; // ':'
        readValue(path === '' ? key : `${path}.${key}`);
        skipSpace();
        if (text[index++] === '}') return;
      }
    } else if (character === '[') {
      index++;
      skipSpace();
      if (text[index] === ']') {
        index++;
        return;
      }
      for (let position = 0; ; position++) {
        readValue(`${path}[${position}]`);
        skipSpace();
        if (text[index++] === ']') return;
      }
    } else if (character === '"') {
      readString();
    } else {
      while (index < text.length && !/[\s,\]}]/.test(text[index] as string)) index++;
    }
  };
  readValue('');
  return lines;
}

/**
 * The line of a path, or of its nearest ancestor that exists (a missing field is reported
 * at the object that lacks it).
 *
 * @example lineOfPath(locations, 'tasks[0].round') // 12
 */
export function lineOfPath(locations: ReadonlyMap<string, number>, path: string): number | undefined {
  let current = path;
  for (;;) {
    const found = locations.get(current);
    if (found !== undefined) return found;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    if (cut <= 0) return locations.get('');
    current = current.slice(0, cut);
  }
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
  const emit = (text: string): void => {
    pending += text;
    if (pending.length >= JSON_CHUNK_CHARACTERS) {
      write(pending);
      pending = '';
    }
  };
  const visit = (item: unknown, indent: string): void => {
    if (Array.isArray(item)) {
      if (item.length === 0) return emit('[]');
      const inner = `${indent}  `;
      emit('[');
      item.forEach((element, index) => {
        emit(`${index === 0 ? '' : ','}\n${inner}`);
        // As JSON.stringify: undefined, functions and symbols in arrays become null.
        if (element === undefined || typeof element === 'function' || typeof element === 'symbol') emit('null');
        else visit(element, inner);
      });
      return emit(`\n${indent}]`);
    }
    if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item).filter(([, field]) => field !== undefined && typeof field !== 'function' && typeof field !== 'symbol');
      if (entries.length === 0) return emit('{}');
      const inner = `${indent}  `;
      emit('{');
      entries.forEach(([key, field], index) => {
        emit(`${index === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
        visit(field, inner);
      });
      return emit(`\n${indent}}`);
    }
    emit(JSON.stringify(item));
  };
  visit(value, '');
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
