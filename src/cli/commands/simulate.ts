/**
 * `suiji simulate --item ITEM --year Y --run RUN [--policy VERSION | --proposed FILE.json]
 * --years N [--seed S] [--transitions FILE.json] [--team-size T] [--json]`: what-if for an
 * item's policy over its pool. The seed is printed: the same command with it prints the same
 * report.
 *
 * A proposed policy file is `{"A": {"ratio": "0.02", "minimum": 0, "frequency": 1}, "B": …}`;
 * a transitions file is `{"A": {"A": 0.9, "B": 0.1, "C": 0, "D": 0}, "B": …}` (rows sum to 1).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeSimulationIssue, simulateItemPolicy, type ItemSimulation, type SimulationRequest } from '../../application/policy-simulation.ts';
import { loadConfig } from '../../config.ts';
import { TIER_NAMES, TIERS } from '../../core/policy/tier.ts';
import { openDatabase } from '../../persistence/database.ts';
import { argumentError, UsageError, type CliRunner } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { readJsonFile, wholeNumber } from './policy.ts';

const perTier = <Schema extends z.ZodType>(schema: Schema) => z.strictObject({ A: schema, B: schema, C: schema, D: schema });
const proposedFileSchema = perTier(z.strictObject({ ratio: z.string(), minimum: z.number().int().min(0), frequency: z.number().int().min(0) }));
const transitionsFileSchema = perTier(perTier(z.number().min(0).max(1)));

const percent = (value: number | null): string => (value === null ? '–' : `${(100 * value).toFixed(1)}%`);
const decimal = (value: number | null): string => (value === null ? '–' : value.toFixed(1));

/**
 * A simulation report as lines of text for staff.
 *
 * @example describeItemSimulation(simulated) // ['Item G1, 2027: version 1 over 85 enterprises, 10 years, seed what-if', …]
 */
export function describeItemSimulation(simulated: ItemSimulation): string[] {
  const { report, policy, transitions, inspectors } = simulated;
  return [
    `Item ${simulated.itemCode}, ${simulated.year}: ${policy.source === 'proposed' ? 'proposed policy' : `version ${policy.version}`} over ${report.enterprises} enterprises, ${report.years} years of ${report.roundsPerYear} rounds, ${report.annualCap === null ? 'no annual cap' : `annual cap ${report.annualCap}`}, seed ${report.seed}`,
    `  transitions: ${transitions.source === 'history' ? `estimated from runs ${transitions.runPairs.map(([from, to]) => `${from}→${to}`).join(', ')}` : transitions.source === 'given' ? 'given' : 'none (every enterprise keeps its tier)'}`,
    `  ${'tier'.padEnd(20)}${'planned/yr'.padStart(11)}${'sim/yr'.padStart(9)}${'2 yrs running'.padStart(14)}${'uninspected'.padStart(12)}${'problems found'.padStart(15)}${'rate'.padStart(8)}`,
    ...TIERS.map((tier) => {
      const entry = report.tiers[tier];
      const rate = simulated.problemRates[tier];
      return `  ${`${tier} ${TIER_NAMES[tier]}`.padEnd(20)}${String(entry.plannedInspectionsPerYear).padStart(11)}${decimal(entry.inspectionsPerYear).padStart(9)}${percent(entry.inspectedInConsecutiveYears).padStart(14)}${percent(entry.uninspectedForYear).padStart(12)}${percent(entry.shareOfProblemsFound).padStart(15)}${`${(100 * rate.rate).toFixed(1)}%`.padStart(8)} ${rate.source}`;
    }),
    `  a D-tier enterprise goes a whole year uninspected with probability ${percent(report.tiers.D.uninspectedForYear)}`,
    `  inspections per round: mean ${decimal(report.rounds.meanInspections)}, peak ${report.rounds.peakInspections}; ` +
      (report.rounds.meanLoadPerInspector === null
        ? `no active inspectors in ${inspectors.department}`
        : `per inspector (${inspectors.inspectors} in ${inspectors.department}, teams of ${inspectors.teamSize}): mean ${decimal(report.rounds.meanLoadPerInspector)}, peak ${decimal(report.rounds.peakLoadPerInspector)}`),
    `  share of problems found: ${percent(report.shareOfProblemsFound)}`,
  ];
}

export const simulateCommand: CliRunner = {
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        allowPositionals: false,
        strict: true,
        options: {
          item: { type: 'string' },
          year: { type: 'string' },
          run: { type: 'string' },
          policy: { type: 'string' },
          proposed: { type: 'string' },
          years: { type: 'string' },
          seed: { type: 'string' },
          transitions: { type: 'string' },
          'team-size': { type: 'string' },
          json: { type: 'boolean' },
        },
      }));
    } catch (error) {
      throw argumentError(error);
    }
    const year = wholeNumber(values.year, '--year', 2000);
    const runId = wholeNumber(values.run, '--run', 1);
    const years = wholeNumber(values.years, '--years', 1);
    if (values.item === undefined || year === undefined || runId === undefined || years === undefined) throw new UsageError(say('请给出 --item、--year、--run 和 --years', 'give --item, --year, --run and --years'));
    if (values.policy !== undefined && values.proposed !== undefined) throw new UsageError(say('--policy 和 --proposed 只能给一个', 'give --policy or --proposed, not both'));
    const teamSize = wholeNumber(values['team-size'], '--team-size', 1);
    const policyVersion = wholeNumber(values.policy, '--policy', 1);
    const request: SimulationRequest = {
      itemCode: values.item,
      year,
      evaluationRunId: runId,
      years,
      ...(values.seed === undefined ? {} : { seed: values.seed }),
      ...(policyVersion === undefined ? {} : { policyVersion }),
      ...(values.proposed === undefined ? {} : { proposed: readJsonFile(values.proposed, proposedFileSchema) }),
      ...(values.transitions === undefined ? {} : { transitions: readJsonFile(values.transitions, transitionsFileSchema) }),
      ...(teamSize === undefined ? {} : { teamSize }),
    };
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    let simulated;
    try {
      simulated = await simulateItemPolicy(database.db, request);
    } finally {
      await database.close();
    }
    if (!simulated.ok) {
      io.stderr.write(`${describeSimulationIssue(simulated.error, cliLanguage())}\n`);
      return 1;
    }
    io.stdout.write(values.json ? `${JSON.stringify(simulated.value, null, 2)}\n` : `${describeItemSimulation(simulated.value).join('\n')}\n`);
    return 0;
  },
};
