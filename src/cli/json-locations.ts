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
