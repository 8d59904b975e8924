/**
 * `suiji model check FILE.json`: validates a scoring model file without saving it. Exit 0
 * with a summary, or exit 1 with every problem, each as `FILE:LINE: message` naming the
 * formula concerned.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TIER_NAMES, validateModel, modelKey, type ScoringModel } from '../../core/scoring/model.ts';
import { UsageError, type CliRunner, type CliIo } from '../command.ts';

/**
 * Line numbers of the values in a JSON text, by path (`formulas.2.expression`), so a
 * problem can point at its line. Assumes the text is valid JSON.
 */
function locateJsonPaths(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let position = 0;
  let line = 1;
  const skipSpace = (): void => {
    while (position < text.length && /\s/.test(text[position]!)) {
      if (text[position] === '\n') line++;
      position++;
    }
  };
  const readString = (): string => {
    const start = position;
    position++;
    while (text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
    position++;
    return JSON.parse(text.slice(start, position)) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    lines.set(path, line);
    const character = text[position];
    if (character === '{' || character === '[') {
      const isObject = character === '{';
      position++;
      let index = 0;
      for (;;) {
        skipSpace();
        if (text[position] === '}' || text[position] === ']') {
          position++;
          return;
        }
        let key = String(index++);
        if (isObject) {
          key = readString();
          skipSpace();
          position++;
        }
        readValue(path ? `${path}.${key}` : key);
        skipSpace();
        if (text[position] === ',') position++;
      }
    } else if (character === '"') {
      readString();
    } else {
      while (position < text.length && !/[\s,\]}]/.test(text[position]!)) position++;
    }
  };
  readValue('');
  return lines;
}

/** The line of `path`, or of its nearest ancestor that has one. */
function lineOf(lines: Map<string, number>, path: string): number {
  for (let current = path; ; current = current.includes('.') ? current.slice(0, current.lastIndexOf('.')) : '') {
    const found = lines.get(current);
    if (found !== undefined) return found;
    if (current === '') return 1;
  }
}

function lineOfPosition(text: string, message: string): number {
  const match = /position (\d+)/.exec(message);
  if (!match) return 1;
  return text.slice(0, Number(match[1])).split('\n').length;
}

function writeSummary(io: CliIo, file: string, model: ScoringModel): void {
  const out = (text: string): void => void io.stdout.write(`${text}\n`);
  out(`${file}: ok: ${modelKey(model)}`);
  out(`  ${model.description}`);
  out(`  indicators (${model.indicators.length}):`);
  for (const indicator of model.indicators) out(`    ${indicator.name} [${indicator.family}] ${indicator.function}: ${indicator.description}`);
  out(`  formulas (${model.formulas.length}):`);
  for (const formula of model.formulas) out(`    ${formula.name}${formula.name === model.score ? ' (score)' : ''} = ${formula.expression}`);
  const { A, B, C } = model.tiers;
  out(`  tiers: A (${TIER_NAMES.A}) >= ${A}, B (${TIER_NAMES.B}) >= ${B}, C (${TIER_NAMES.C}) >= ${C}, D (${TIER_NAMES.D}) below ${C}`);
  out(`  rules (${model.rules.length}):`);
  for (const rule of model.rules) out(`    ${rule.id}: when ${rule.when} then at least ${rule.atLeast}`);
  out(`  observation: flag ${model.observation.flag}, registered less than ${model.observation.years} years before the evaluation date`);
}

/**
 * Reads and validates a model file; on failure prints every problem as `FILE:LINE: message`
 * and returns undefined. Shared with `model add`.
 *
 * @example const model = await readValidModelFile(io, 'credit-risk-2.json'); if (!model) return 1;
 */
export async function readValidModelFile(io: CliIo, file: string): Promise<ScoringModel | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    io.stderr.write(`${file}:${lineOfPosition(text, message)}: not valid JSON: ${message}\n`);
    return undefined;
  }
  const checked = validateModel(json);
  if (!checked.ok) {
    const lines = locateJsonPaths(text);
    for (const issue of checked.error) io.stderr.write(`${file}:${lineOf(lines, issue.path)}: ${issue.message}\n`);
    io.stderr.write(`${file}: ${checked.error.length} problem${checked.error.length === 1 ? '' : 's'}\n`);
    return undefined;
  }
  return checked.value;
}

/** The one FILE.json argument of `model check` and `model add`. */
export function modelFileArgument(args: readonly string[]): string {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length) throw new UsageError('expects exactly one model file');
  return file;
}

export const modelCheckCommand: CliRunner = {
  async run(args, io) {
    const file = modelFileArgument(args);
    const model = await readValidModelFile(io, file);
    if (!model) return 1;
    writeSummary(io, file, model);
    return 0;
  },
};
