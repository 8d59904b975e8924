/**
 * `suiji demo [--serve]`: loads the demo county into the configured database (embedded by
 * default), creates a staff API token to explore the staff endpoints with, and with
 * `--serve` starts the service and prints its URL.
 */
import { parseArgs } from 'node:util';
import { createApiToken } from '../../application/api-tokens.ts';
import { loadBureauKeys } from '../../application/bureau-keys.ts';
import { DEFAULT_DEMO_OPTIONS, loadDemoCounty } from '../../application/demo.ts';
import { demoCalendar } from '../../core/synthetic/inspection-plan.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { serveUntilSignal } from '../../main.ts';
import { openDatabase } from '../../persistence/database.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { describeTierDistribution } from './evaluate.ts';

export const demoCommand: CliCommand = {
  path: ['demo'],
  recordsActivity: true,
  usage: '[--serve] [--enterprises N] [--seed SEED]: load the demo county (and serve it)',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { serve: { type: 'boolean' }, enterprises: { type: 'string' }, seed: { type: 'string' } },
      allowPositionals: false,
    });
    const enterprises = values.enterprises === undefined ? DEFAULT_DEMO_OPTIONS.enterprises : Number(values.enterprises);
    if (!Number.isInteger(enterprises) || enterprises < 1 || enterprises > 10_000_000) {
      throw new UsageError('--enterprises must be a whole number from 1 to 10000000');
    }
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    let token: string;
    try {
      io.stdout.write(`Loading the demo county (${enterprises} enterprises) into ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}...\n`);
      const summary = await loadDemoCounty(database, {
        ...DEFAULT_DEMO_OPTIONS,
        enterprises,
        seed: values.seed ?? DEFAULT_DEMO_OPTIONS.seed,
        bureauKeys: loadBureauKeys(config),
        onProgress: (step, progress) => {
          if (!progress) io.stdout.write(`  ${step}\n`);
        },
      });
      io.stdout.write(
        `  directory: ${summary.directory.inserted} new, ${summary.directory.updated} updated enterprises\n` +
          `  credit records: ${summary.records.inserted} new, ${summary.records.updated} updated\n` +
          `  evaluation run ${summary.evaluation.id} (${summary.evaluation.modelKey} as of ${summary.evaluation.asOf}, internal):\n${describeTierDistribution(summary.evaluation).join('\n')}\n`,
      );
      if (summary.draw) {
        const drawn = summary.draw.summary;
        const calendar = demoCalendar(Number(String(summary.evaluation.asOf).slice(0, 4)));
        io.stdout.write(
          `  draw: task ${summary.draw.taskCode} ${drawn ? `drawn now, ${drawn.selected} of ${drawn.poolSize} selected` : 'was drawn by an earlier run'}` +
            ` (public record: /api/public/draws/${summary.draw.taskCode}, verification: /api/public/draws/${summary.draw.taskCode}/verify)\n` +
            `  模拟日程 / simulated calendar: frozen ${calendar.frozenAt}, dice at ${calendar.entropyAt}, drawn ${calendar.drawnAt} (演示日期均为模拟 / the demo's dates are simulated)\n`,
        );
      }
      if (summary.policy) {
        const { derivation, simulation } = summary.policy;
        const tiers = derivation.derivation.tiers;
        io.stdout.write(
          `  derivation for item ${derivation.basis.itemCode} (not adopted; internal): ${derivation.derivation.feasible ? `${derivation.derivation.totals.capacityUsed} of ${derivation.derivation.totals.capacityGiven} inspections a year` : `infeasible, ${derivation.derivation.shortfall} a year short`}; ` +
            `ratios A ${tiers.A.ratio}, B ${tiers.B.ratio}, C ${tiers.C.ratio}, D ${tiers.D.ratio} (suiji policy derive ${derivation.basis.itemCode} --year ${derivation.basis.year} --run ${derivation.basis.evaluationRun.id} ...)\n` +
            `  simulation of its version ${simulation.policy.version} over ${simulation.report.years} years (seed ${simulation.report.seed}): ` +
            `D uninspected for a year ${((simulation.report.tiers.D.uninspectedForYear ?? 0) * 100).toFixed(1)}%, problems found ${((simulation.report.shareOfProblemsFound ?? 0) * 100).toFixed(1)}%, ` +
            `${simulation.report.rounds.meanInspections.toFixed(1)} inspections a round\n`,
        );
      }
      if (summary.publication) {
        const { resultsPublished, editions } = summary.publication;
        io.stdout.write(
          `  results: ${resultsPublished} published (/api/public/results?task=${summary.draw?.taskCode ?? ''}); lists: ${editions.map((edition) => `${edition.edition} (${edition.entries} entries)`).join(', ') || 'published by an earlier run'} (/api/public/lists/black, /api/public/lists/red)\n`,
        );
      }
      token = (await createApiToken(database.db, { label: 'demo', role: 'staff' })).token;
    } finally {
      await database.close();
    }
    io.stdout.write(`Staff API token (shown once): ${token}\n`);
    if (!values.serve) return 0;
    const logger = createLogger(config.logLevel);
    await serveUntilSignal(config, logger, (url) => {
      io.stdout.write(
        `\nSuiji is serving the demo county at ${url}\n` +
          `  curl ${url}/healthz\n` +
          `  curl -H 'Authorization: Bearer ${token}' '${url}/api/enterprises?limit=5'\n` +
          'Stop with Ctrl-C.\n',
      );
    });
    return 0;
  },
};
