/**
 * `suiji codes check [CODE ...]`: validates unified social credit codes (GB 32100-2015), from
 * the arguments or, without any, one per line on standard input. Exit 1 if any is invalid.
 */
import readline from 'node:readline';
import { describeCreditCodeIssue, parseCreditCode } from '../../core/credit-code.ts';
import type { CliRunner, CliIo } from '../command.ts';
import { parsePositionals } from './positionals.ts';

/**
 * The report line for one code: `<CODE> valid (authority, entity type)` with any GB 11714
 * warning, or `<CODE> invalid: <reason>`.
 *
 * @example describeCodeCheck('91440300708461136T') // '91440300708461136T valid (市场监督管理（工商）, 企业)'
 */
export function describeCodeCheck(input: string): { readonly valid: boolean; readonly line: string } {
  const parsed = parseCreditCode(input);
  if (!parsed.ok) {
    const shown = input.trim() === '' ? "''" : input.trim();
    return { valid: false, line: `${shown} invalid: ${describeCreditCodeIssue(parsed.error)}` };
  }
  const code = parsed.value;
  const warnings = code.warnings.map(
    (warning) => `; warning: organisation code check character (GB 11714) is '${warning.actual}', expected '${warning.expected}'`,
  );
  return { valid: true, line: `${code.value} valid (${code.registrationAuthority.name}, ${code.entityType.name})${warnings.join('')}` };
}

async function* readCodeLines(stdin: CliIo['stdin']): AsyncGenerator<{ code: string; line: number }> {
  const lines = readline.createInterface({ input: stdin, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() !== '') yield { code: text, line };
  }
}

export const codesCheckCommand: CliRunner = {
  async run(args, io) {
    const positionals = parsePositionals(args);
    let invalid = 0;
    if (positionals.length > 0) {
      for (const code of positionals) {
        const result = describeCodeCheck(code);
        if (!result.valid) invalid++;
        io.stdout.write(`${result.line}\n`);
      }
    } else {
      for await (const { code, line } of readCodeLines(io.stdin)) {
        const result = describeCodeCheck(code);
        if (!result.valid) invalid++;
        // Long lists come from files: say which line to fix.
        io.stdout.write(result.valid ? `${result.line}\n` : `${result.line} (stdin line ${line})\n`);
      }
    }
    return invalid > 0 ? 1 : 0;
  },
};
