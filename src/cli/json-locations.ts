/**
 * Lines of the values in a JSON text, by path (`tasks[2].departments[0].teamSize`), so a
 * command can point staff at the line of their file that a problem is about.
 */

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
