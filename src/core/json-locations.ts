/**
 * Lines and columns in a JSON text: where a syntax error is, and the line of each value by
 * path (`tasks[2].departments[0].teamSize`), so a command or a page can point staff at the
 * line of their file that a problem is about. Pure: reading the file is the caller's job.
 */
import { err, ok, type Result } from './result.ts';

/** A text that is not JSON; line and column (1-based) when the parser said where. */
export interface JsonSyntaxIssue {
  readonly code: 'invalid_json';
  readonly line?: number;
  readonly column?: number;
  /** The parser's own words (English, from the JavaScript engine). */
  readonly message: string;
}

/**
 * 1-based line of a character offset.
 *
 * @example lineAt('{\n "a": 1\n}', 4) // 2
 */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text[index] === '\n') line++;
  return line;
}

/**
 * Parses a JSON text; a syntax error comes back with its line and column.
 *
 * @example parseJsonText('{\n "a": 1,\n}') // err({ code: 'invalid_json', line: 3, column: 1, message: '…' })
 */
export function parseJsonText(text: string): Result<unknown, JsonSyntaxIssue> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /position (\d+)/.exec(error.message);
    if (!position) return err({ code: 'invalid_json', message: error.message });
    const offset = Math.min(Number(position[1]), text.length);
    return err({ code: 'invalid_json', line: lineAt(text, offset), column: offset - text.lastIndexOf('\n', offset - 1), message: error.message });
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
