/**
 * `suiji codes check [CODE ...]`: validates unified social credit codes (GB 32100-2015), from
 * the arguments or, without any, one per line on standard input. Exit 1 if any is invalid.
 */
import readline from 'node:readline';
import { describeCreditCodeIssue, parseCreditCode } from '../../core/credit-code.ts';
import type { CliRunner, CliIo } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { parsePositionals } from './positionals.ts';

/**
 * The report line for one code in the CLI's language: `<CODE> valid (authority, entity type)`
 * with any GB 11714 warning, or `<CODE> invalid: <reason>`.
 *
 * @example describeCodeCheck('91440300708461136T') // '91440300708461136T valid (市场监督管理（工商）, 企业)' (in English)
 */
export function describeCodeCheck(input: string): { readonly valid: boolean; readonly line: string } {
  const parsed = parseCreditCode(input);
  if (!parsed.ok) {
    const shown = input.trim() === '' ? "''" : input.trim();
    const reason = describeCreditCodeIssue(parsed.error, cliLanguage());
    return { valid: false, line: say(`${shown} 无效：${reason}`, `${shown} invalid: ${reason}`) };
  }
  const code = parsed.value;
  const warnings = code.warnings.map((warning) =>
    say(
      `；注意：组织机构代码校验码（GB 11714）是“${warning.actual}”，应为“${warning.expected}”`,
      `; warning: organisation code check character (GB 11714) is '${warning.actual}', expected '${warning.expected}'`,
    ),
  );
  const names = `${code.registrationAuthority.name}, ${code.entityType.name}`;
  return { valid: true, line: `${say(`${code.value} 有效（${names}）`, `${code.value} valid (${names})`)}${warnings.join('')}` };
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
        io.stdout.write(result.valid ? `${result.line}\n` : say(`${result.line}（标准输入第 ${line} 行）\n`, `${result.line} (stdin line ${line})\n`));
      }
    }
    return invalid > 0 ? 1 : 0;
  },
};
