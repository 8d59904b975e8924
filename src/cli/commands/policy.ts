/**
 * `suiji policy derive ITEM --year Y --run RUN (--capacity N [--per year|round] |
 * --per-inspector K --team-size T) [--bounds FILE.json] [--floor RATIO] [--item-results-only]
 * [--adopt [--annual-cap N] [--override-reason TEXT]] [--json]`: derives an item's ratios and
 * frequencies and prints them with their explanation; with `--adopt` (a bureau decision:
 * run it as leadership) stores the result as the item's next policy version and publishes the
 * signed `suiji.policy/1` record in the log.
 *
 * A bounds file is `{"A": {"minRatio": "0", "maxRatio": "0.05"}, "B": …, "C": …, "D": …}`.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { cliActor } from '../../application/activity-log.ts';
import { describeApprovalIssue, requestAct } from '../../application/approvals.ts';
import { deriveItemPolicy, describePolicyIssue, type CapacityRequest, type DerivationRequest, type ItemDerivation } from '../../application/policy-derivation.ts';
import { loadConfig } from '../../config.ts';
import { explainDerivation } from '../../core/policy/derivation-explanation.ts';
import { TIER_NAMES, TIERS } from '../../core/policy/tier.ts';
import { openDatabase } from '../../persistence/database.ts';
import { withBureauSession } from '../bureau-session.ts';
import { argumentError, unexpectedArgument, notOneOf, UsageError, type CliRunner } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { lineOfPath, locateJsonPaths } from '../../core/json-locations.ts';
import { readJsonDocument } from '../json-file.ts';

/**
 * Reads a JSON file and checks it with a schema; problems name the file, line and path.
 *
 * @example readJsonFile('bounds.json', boundsFileSchema) // { A: { minRatio: '0', maxRatio: '0.05' }, … }
 */
export function readJsonFile<Schema extends z.ZodType>(file: string, schema: Schema): z.output<Schema> {
  const { text, value } = readJsonDocument(file);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const locations = locateJsonPaths(text);
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
    return `${file}:${lineOfPath(locations, path) ?? 1}: ${path || '(root)'}: ${issue.message}`;
  });
  throw new Error(problems.join('\n'));
}

const perTier = <Schema extends z.ZodType>(schema: Schema) => z.strictObject({ A: schema, B: schema, C: schema, D: schema });
const boundsFileSchema = perTier(z.strictObject({ minRatio: z.string(), maxRatio: z.string() }));

/** Parses a whole number flag, or throws a usage error naming it. */
export function wholeNumber(value: string | undefined, flag: string, minimum = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < minimum || !Number.isSafeInteger(Number(value))) throw new UsageError(say(`${flag} 须为不小于 ${minimum} 的整数，而不是 ${value}`, `${flag} must be a whole number of at least ${minimum}, got ${value}`));
  return Number(value);
}

function capacityOf(values: { capacity?: string | undefined; per?: string | undefined; 'per-inspector'?: string | undefined; 'team-size'?: string | undefined }): CapacityRequest {
  if (values['per-inspector'] !== undefined) {
    if (values.capacity !== undefined) throw new UsageError(say('--capacity 与 --per-inspector 只能给一个', 'give --capacity or --per-inspector, not both'));
    const teamSize = wholeNumber(values['team-size'], '--team-size', 1);
    if (teamSize === undefined) throw new UsageError(say('--per-inspector 须同时给 --team-size', '--per-inspector needs --team-size'));
    return { per: 'inspectors', inspectionsPerInspectorPerRound: wholeNumber(values['per-inspector'], '--per-inspector') as number, teamSize };
  }
  const inspections = wholeNumber(values.capacity, '--capacity');
  if (inspections === undefined) throw new UsageError(say('请给出 --capacity N（每年检查次数）或 --per-inspector K --team-size T', 'give --capacity N (inspections a year) or --per-inspector K --team-size T'));
  const per = values.per ?? 'year';
  if (per !== 'year' && per !== 'round') throw new UsageError(notOneOf('--per', ['year', 'round'], per));
  return { per, inspections };
}

/**
 * The derivation as lines of text for staff.
 *
 * @example describeItemDerivation(derived) // ['Item G1, 2027 (2 rounds), evaluation run 3 as of 2027-01-01', …]
 */
export function describeItemDerivation(derived: ItemDerivation): string[] {
  const { basis, derivation } = derived;
  const pool = basis.pool;
  const lines = [
    `Item ${basis.itemCode}, ${basis.year} (${basis.roundsPerYear} rounds), evaluation run ${basis.evaluationRun.id} as of ${basis.evaluationRun.asOf}`,
    `  pool (${pool.conditionsFrom === 'tasks' ? `conditions of task(s) ${pool.tasks.join(', ')}` : pool.conditionsFrom === 'request' ? 'conditions given' : 'whole directory'}): ${pool.members} of ${pool.candidates} candidates` +
      (pool.exclusions.length > 0 ? `; excluded ${pool.exclusions.map((entry) => `${entry.reason} ${entry.count}`).join(', ')}` : ''),
    `  ${'tier'.padEnd(20)}${'members'.padStart(8)}${'ratio'.padStart(8)}${'min'.padStart(5)}${'freq'.padStart(6)}${'per round'.padStart(11)}${'a year'.padStart(8)}  weight`,
    ...TIERS.map((tier) => {
      const entry = derivation.tiers[tier];
      const weight = `${entry.weight.numerator}/${entry.weight.denominator} ${entry.weight.source}`;
      return `  ${`${tier} ${TIER_NAMES[tier]}`.padEnd(20)}${String(entry.members).padStart(8)}${entry.ratio.padStart(8)}${String(entry.minimum).padStart(5)}${String(entry.frequency).padStart(6)}${String(entry.sampleSize).padStart(11)}${String(entry.expectedInspections).padStart(8)}  ${weight}`;
    }),
    derivation.feasible
      ? `  capacity ${derivation.totals.capacityGiven} a year: ${derivation.totals.capacityUsed} used, ${derivation.totals.capacityUnused} unused; per round ${derivation.totals.inspectionsPerRound.join(' / ')}`
      : `  INFEASIBLE (${derivation.reason}): ${derivation.shortfall} inspections a year short`,
    ...explainDerivation(derivation, cliLanguage()).map((line) => `  ${line}`),
    `  derivation hash ${derived.derivationHash}`,
  ];
  return lines;
}

export const policyDeriveCommand: CliRunner = {
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          year: { type: 'string' },
          run: { type: 'string' },
          capacity: { type: 'string' },
          per: { type: 'string' },
          'per-inspector': { type: 'string' },
          'team-size': { type: 'string' },
          bounds: { type: 'string' },
          floor: { type: 'string' },
          'item-results-only': { type: 'boolean' },
          adopt: { type: 'boolean' },
          'annual-cap': { type: 'string' },
          'override-reason': { type: 'string' },
          json: { type: 'boolean' },
        },
      });
    } catch (error) {
      throw argumentError(error);
    }
    const { values, positionals } = parsed;
    const [itemCode, ...rest] = positionals;
    if (itemCode === undefined) throw new UsageError(say('请给出检查事项编号 ITEM', 'give the ITEM code'));
    if (rest.length > 0) throw new UsageError(unexpectedArgument(rest[0]));
    const year = wholeNumber(values.year, '--year', 2000);
    const runId = wholeNumber(values.run, '--run', 1);
    if (year === undefined || runId === undefined) throw new UsageError(say('请给出 --year 和 --run', 'give --year and --run'));
    if (!values.adopt && (values['annual-cap'] !== undefined || values['override-reason'] !== undefined)) throw new UsageError(say('--annual-cap 和 --override-reason 须与 --adopt 一起用', '--annual-cap and --override-reason go with --adopt'));
    const request: DerivationRequest = {
      itemCode,
      year,
      evaluationRunId: runId,
      capacity: capacityOf(values),
      ...(values.bounds === undefined ? {} : { bounds: readJsonFile(values.bounds, boundsFileSchema) }),
      ...(values.floor === undefined ? {} : { floorRatio: values.floor }),
      ...(values['item-results-only'] ? { resultsOfItemOnly: true } : {}),
    };

    if (!values.adopt) {
      const config = loadConfig();
      const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      let derived;
      try {
        derived = await deriveItemPolicy(database.db, request);
      } finally {
        await database.close();
      }
      if (!derived.ok) {
        io.stderr.write(`${describePolicyIssue(derived.error, cliLanguage())}\n`);
        return 1;
      }
      io.stdout.write(values.json ? `${JSON.stringify(derived.value, null, 2)}\n` : `${describeItemDerivation(derived.value).join('\n')}\n`);
      return derived.value.derivation.feasible ? 0 : 1;
    }

    const annualCap = wholeNumber(values['annual-cap'], '--annual-cap', 1);
    const adopted = await withBureauSession(async (database, keys, config) => {
      const derived = await deriveItemPolicy(database.db, request);
      if (!derived.ok) return { derived, requested: undefined };
      const derivation = {
        ...request,
        derivationHash: derived.value.derivationHash,
        ...(annualCap === undefined ? {} : { annualCap }),
        ...(values['override-reason'] === undefined ? {} : { overrideReason: values['override-reason'] }),
      };
      // Four eyes: with FOUR_EYES on this proposes, and another admin approves in the console.
      const requested = await requestAct(database, keys, { kind: 'policy_adoption', derivation }, cliActor(os.userInfo().username), { fourEyes: config.fourEyes });
      return { derived, requested };
    });
    if (!adopted.derived.ok) {
      io.stderr.write(`${describePolicyIssue(adopted.derived.error, cliLanguage())}\n`);
      return 1;
    }
    if (!values.json) io.stdout.write(`${describeItemDerivation(adopted.derived.value).join('\n')}\n`);
    const requested = adopted.requested;
    if (!requested?.ok) {
      io.stderr.write(`未采纳 / not adopted: ${requested ? `${describeApprovalIssue(requested.error, 'zh')} / ${describeApprovalIssue(requested.error, 'en')}` : 'no derivation'}\n`);
      return 1;
    }
    if (requested.value.status === 'proposed') {
      const { id, proposedBy } = requested.value.approval;
      io.stdout.write(`已提交采纳申请 ${id}，须另一位管理员批准（四眼原则）/ Proposed for adoption as ${id} by ${proposedBy}: another admin approves it in the console (four eyes)\n`);
      return 0;
    }
    if (requested.value.outcome.kind !== 'policy_derivation') throw new Error('a derivation adoption adopted something else');
    const adoption = { ok: true, value: requested.value.outcome.adoption } as const;
    const { policy, envelope, leafIndex } = adoption.value;
    io.stdout.write(
      values.json
        ? `${JSON.stringify(adoption.value, null, 2)}\n`
        : say(
            `已采纳为 ${policy.itemCode} ${policy.year} 年第 ${policy.version} 版；公示记录 ${envelope.recordHash}，日志叶序号 ${leafIndex}\n`,
            `Adopted as ${policy.itemCode} ${policy.year} version ${policy.version}; published record ${envelope.recordHash} at log leaf ${leafIndex}\n`,
          ),
    );
    return 0;
  },
};
