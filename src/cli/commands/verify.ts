/**
 * `suiji verify RECORD.json [--receipt RECEIPT.json] [--commitment COMMITMENT.json] [--keys KEYS.json] [--require-signature] [--no-signature]
 * [--log-proof PROOF.json] [--require-log] [--substitution SUBSTITUTION.json …]`: runs every check of draw/v1 section 10 with
 * the same code as the browser verifier, prints one line per check, and exits 0 only when
 * none failed (not-applicable checks, such as an offline record's signature, do not fail
 * unless required). Each `--substitution` (in number order) is checked against the record
 * too, the ones given before it serving as its earlier substitutions (draw/v1.1 section 8.2).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeSha256 } from '../../application/node-hash.ts';
import { allChecksPassed, verifyRecord, verifySubstitution, type CheckStatus } from '../../core/verify/index.ts';
import { UsageError, type CliCommand } from '../command.ts';

const marks: Record<CheckStatus, string> = { passed: 'PASS', failed: 'FAIL', not_applicable: 'N/A ' };

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new Error(`${file}${line === undefined ? '' : `:${line}`}: ${what} is not valid JSON: ${message}`, { cause: error });
  }
}

export const verifyCommand: CliCommand = {
  path: ['verify'],
  usage: 'RECORD.json [--receipt RECEIPT.json] [--commitment COMMITMENT.json] [--keys KEYS.json] [--require-signature] [--no-signature] [--log-proof PROOF.json] [--require-log] [--substitution SUBSTITUTION.json …]  check a draw record, its receipt (signed unless --no-signature) and its inspector substitutions',
  async run(args, io) {
    let values: { receipt?: string; commitment?: string; keys?: string; 'require-signature'?: boolean; 'no-signature'?: boolean; 'log-proof'?: string; 'require-log'?: boolean; substitution?: string[] };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: {
          receipt: { type: 'string' },
          commitment: { type: 'string' },
          keys: { type: 'string' },
          'require-signature': { type: 'boolean' },
          'no-signature': { type: 'boolean' },
          'log-proof': { type: 'string' },
          'require-log': { type: 'boolean' },
          substitution: { type: 'string', multiple: true },
        },
        allowPositionals: true,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one RECORD.json');
    const file = positionals[0] as string;
    const record = readJson(file, 'record');
    const keys = values.keys === undefined ? undefined : readJson(values.keys, 'key set');
    const checks = verifyRecord({
      record,
      ...(values.receipt === undefined ? {} : { receipt: readJson(values.receipt, 'receipt') }),
      ...(values.commitment === undefined ? {} : { commitment: readJson(values.commitment, 'commitment') }),
      ...(keys === undefined ? {} : { keys }),
      ...(values['log-proof'] === undefined ? {} : { logInclusion: readJson(values['log-proof'], 'log proof') }),
      requireSignature: values['require-signature'] === true,
      skipSignature: values['no-signature'] === true,
      requireLogInclusion: values['require-log'] === true,
      hash: nodeSha256,
    });
    for (const entry of checks) io.stdout.write(`${marks[entry.status]} ${entry.id}: ${entry.reason}\n`);
    const substitutions = (values.substitution ?? []).map((substitutionFile) => readJson(substitutionFile, 'substitution'));
    const substitutionChecks = substitutions.flatMap((substitution, index) =>
      verifySubstitution({ record, substitution, earlier: substitutions.slice(0, index), ...(keys === undefined ? {} : { keys }), hash: nodeSha256 }),
    );
    for (const entry of substitutionChecks) io.stdout.write(`${marks[entry.status]} ${entry.id}: ${entry.reason}\n`);
    const passed = allChecksPassed(checks) && substitutionChecks.every((entry) => entry.status !== 'failed');
    io.stdout.write(passed ? `${file}: verified\n` : `${file}: VERIFICATION FAILED\n`);
    return passed ? 0 : 1;
  },
};
