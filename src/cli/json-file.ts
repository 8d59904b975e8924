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
