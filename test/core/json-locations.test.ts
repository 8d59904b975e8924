import { describe, expect, it } from 'vitest';
import { lineAt, lineOfPath, locateJsonPaths, parseJsonText } from '../../src/core/json-locations.ts';

describe('parseJsonText', () => {
  it('parses a JSON text', () => {
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('gives the line and column of a syntax error', () => {
    const parsed = parseJsonText('{\n  "a": 1,\n  b: 2\n}');
    expect(parsed).toMatchObject({ ok: false, error: { code: 'invalid_json', line: 3, column: 3 } });
  });

  it('gives no line for a text that ends too early, where the parser names no position', () => {
    const parsed = parseJsonText('{"a": ');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe('invalid_json');
  });
});

describe('locateJsonPaths and lineOfPath', () => {
  const text = '{\n  "tasks": [\n    {\n      "round": 1\n    }\n  ]\n}';

  it('maps each value to its line by path', () => {
    const lines = locateJsonPaths(text);
    expect(lines.get('tasks')).toBe(2);
    expect(lines.get('tasks[0]')).toBe(3);
    expect(lines.get('tasks[0].round')).toBe(4);
  });

  it('reports a missing field at the object that lacks it', () => {
    expect(lineOfPath(locateJsonPaths(text), 'tasks[0].teamSize')).toBe(3);
  });

  it('counts lines up to an offset', () => {
    expect(lineAt(text, text.indexOf('"round"'))).toBe(4);
  });
});
