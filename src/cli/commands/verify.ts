/**
 * `suiji verify RECORD.json [--receipt RECEIPT.json] [--commitment COMMITMENT.json] [--keys KEYS.json]
 * [--require-signature | --no-signature] [--log-proof PROOF.json] [--tree-head STH.json]
 * [--old-tree-head OLD_STH.json --consistency-proof PROOF.json] [--commitment-log-proof PROOF.json]
 * [--require-log] [--substitution SUBSTITUTION.json …]`: runs every check of draw/v1 section 10
 * with the same code as the browser verifier, prints one line per check, and exits 0 only when
 * none failed. Each `--substitution` (in number order) is checked against the record too, the
 * ones given before it serving as its earlier substitutions (draw/v1.1 section 8.2).
 *
 * It fetches nothing: without `--keys`, a published record's signature is "not checked" and
 * fails, unless `--no-signature` says so on purpose (an offline record's is simply not
 * applicable). `--log-proof` takes a proof of `suiji log proof` or the draw's
 * `/api/public/draws/TASK/log-proof` document (the record's and the commitment's proofs).
 */
import { parseArgs } from 'node:util';
import { nodeSha256 } from '../../application/node-hash.ts';
import { computeKeySetFingerprint, formatFingerprint } from '../../core/key-set-fingerprint.ts';
import type { PublicKeySet } from '../../core/signature.ts';
import { allChecksPassed, verifyRecord, verifySubstitution, type CheckStatus } from '../../core/verify/index.ts';
import { argumentError, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';
import { parseJsonDocument, readFileBytes, readJsonDocument } from '../json-file.ts';
import { scanOpenRecord } from '../../core/verify/record-bytes.ts';

const marks: Record<CheckStatus, string> = { passed: 'PASS', failed: 'FAIL', not_applicable: 'N/A ' };

/** A draw's log-proof document holds the record's and the commitment's proofs; a plain proof is the record's. */
function splitLogProofs(document: unknown): { record?: unknown; commitment?: unknown } {
  const isBundle = typeof document === 'object' && document !== null && !('leafIndex' in document) && ('record' in document || 'commitment' in document);
  if (!isBundle) return { record: document };
  const bundle = document as { record?: unknown; commitment?: unknown };
  return { record: bundle.record, commitment: bundle.commitment };
}

const options = {
  receipt: { type: 'string' },
  commitment: { type: 'string' },
  keys: { type: 'string' },
  'require-signature': { type: 'boolean' },
  'no-signature': { type: 'boolean' },
  'log-proof': { type: 'string' },
  'tree-head': { type: 'string' },
  'old-tree-head': { type: 'string' },
  'consistency-proof': { type: 'string' },
  'commitment-log-proof': { type: 'string' },
  'require-log': { type: 'boolean' },
  substitution: { type: 'string', multiple: true },
} as const;

export const verifyCommand: CliRunner = {
  async run(args, io) {
    let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true }>>;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw argumentError(error);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(say('请只给一个记录文件 RECORD.json', 'give exactly one RECORD.json'));
    if (values['require-signature'] && values['no-signature']) throw new UsageError(say('--require-signature 与 --no-signature 互相矛盾', '--require-signature and --no-signature contradict each other'));
    const file = positionals[0] as string;
    const optional = (name: keyof typeof options, what: string): unknown => {
      const path = values[name];
      return typeof path === 'string' ? readJsonDocument(path, what).value : undefined;
    };
    const keys = optional('keys', 'key set');
    const proofs = splitLogProofs(optional('log-proof', 'log proof'));
    // A bare open record checked on its own is read from its bytes (members as offsets, no object
    // or string per member); with anything to check it against, or a record the byte reader does
    // not take, it is parsed as text.
    const alone = (['receipt', 'commitment', 'log-proof', 'tree-head', 'old-tree-head', 'consistency-proof', 'commitment-log-proof', 'substitution'] as const).every((name) => values[name] === undefined);
    const bytes = readFileBytes(file, 'record');
    const record = (alone ? scanOpenRecord(bytes) : undefined) ?? parseJsonDocument(file, bytes.toString('utf8'), 'record').value;
    const checks = verifyRecord({
      record,
      receipt: optional('receipt', 'receipt'),
      commitment: optional('commitment', 'commitment'),
      keys,
      logInclusion: proofs.record,
      treeHead: optional('tree-head', 'tree head'),
      oldTreeHead: optional('old-tree-head', 'saved tree head'),
      consistencyProof: optional('consistency-proof', 'consistency proof'),
      commitmentLogInclusion: optional('commitment-log-proof', 'commitment log proof') ?? proofs.commitment,
      requireSignature: values['require-signature'] === true,
      skipSignature: values['no-signature'] === true,
      requireLogInclusion: values['require-log'] === true,
      hash: nodeSha256,
    });
    if (keys !== undefined && Array.isArray((keys as { keys?: unknown }).keys)) {
      // Compare with the fingerprint printed on the bureau's paper notices and on its log page.
      io.stdout.write(`公钥指纹 / key set fingerprint: ${formatFingerprint(computeKeySetFingerprint(keys as PublicKeySet, nodeSha256))}\n`);
    }
    for (const entry of checks) io.stdout.write(`${marks[entry.status]} ${entry.id}: ${entry.reason}\n`);
    const substitutions = (values.substitution ?? []).map((substitutionFile) => readJsonDocument(substitutionFile, 'substitution').value);
    const substitutionChecks = substitutions.flatMap((substitution, index) =>
      verifySubstitution({ record, substitution, earlier: substitutions.slice(0, index), ...(keys === undefined ? {} : { keys }), hash: nodeSha256 }),
    );
    for (const entry of substitutionChecks) io.stdout.write(`${marks[entry.status]} ${entry.id}: ${entry.reason}\n`);
    const passed = allChecksPassed(checks) && substitutionChecks.every((entry) => entry.status !== 'failed');
    io.stdout.write(passed ? say(`${file}: 核验通过\n`, `${file}: verified\n`) : say(`${file}: 核验未通过\n`, `${file}: VERIFICATION FAILED\n`));
    return passed ? 0 : 1;
  },
};
