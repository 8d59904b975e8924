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
import { asUsage, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';
import { describeTierDistribution } from './evaluate.ts';

export const demoCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() =>
      parseArgs({
        args,
        options: { serve: { type: 'boolean' }, enterprises: { type: 'string' }, seed: { type: 'string' } },
        allowPositionals: false,
      }),
    );
    const enterprises = values.enterprises === undefined ? DEFAULT_DEMO_OPTIONS.enterprises : Number(values.enterprises);
    if (!Number.isInteger(enterprises) || enterprises < 1 || enterprises > 10_000_000) {
      throw new UsageError(say('--enterprises 须为 1 至 10000000 的整数', '--enterprises must be a whole number from 1 to 10000000'));
    }
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    let token: string;
    try {
      const target = config.databaseUrl ? 'PostgreSQL' : config.dataDir;
      io.stdout.write(say(`正在将演示县（${enterprises} 户）载入 ${target}……\n`, `Loading the demo county (${enterprises} enterprises) into ${target}...\n`));
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
        say(
          `  名录库：新增 ${summary.directory.inserted} 户，更新 ${summary.directory.updated} 户\n` +
            `  信用记录：新增 ${summary.records.inserted} 条，更新 ${summary.records.updated} 条\n` +
            `  第 ${summary.evaluation.id} 次评价（${summary.evaluation.modelKey}，评价日期 ${summary.evaluation.asOf}，内部）：\n`,
          `  directory: ${summary.directory.inserted} new, ${summary.directory.updated} updated enterprises\n` +
            `  credit records: ${summary.records.inserted} new, ${summary.records.updated} updated\n` +
            `  evaluation run ${summary.evaluation.id} (${summary.evaluation.modelKey} as of ${summary.evaluation.asOf}, internal):\n`,
        ) + `${describeTierDistribution(summary.evaluation).join('\n')}\n`,
      );
      if (summary.tierList) {
        const list = summary.tierList;
        io.stdout.write(`  分级分类监管清单 / tier list: ${list.year} version ${list.version} (run ${list.evaluationRunId} as of ${list.asOf}; January list and adjustment: /console/tier-lists, internal)\n`);
      }
      if (summary.draw) {
        const drawn = summary.draw.summary;
        const calendar = demoCalendar(Number(String(summary.evaluation.asOf).slice(0, 4)));
        io.stdout.write(
          say(
            `  抽取：任务 ${summary.draw.taskCode} ${drawn ? `本次抽取，从 ${drawn.poolSize} 户中抽中 ${drawn.selected} 户` : '已由此前的运行抽取'}` +
              `（公开记录：/api/public/draws/${summary.draw.taskCode}，核验：/api/public/draws/${summary.draw.taskCode}/verify）\n`,
            `  draw: task ${summary.draw.taskCode} ${drawn ? `drawn now, ${drawn.selected} of ${drawn.poolSize} selected` : 'was drawn by an earlier run'}` +
              ` (public record: /api/public/draws/${summary.draw.taskCode}, verification: /api/public/draws/${summary.draw.taskCode}/verify)\n`,
          ) +
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
          say(
            `  检查结果：已公示 ${resultsPublished} 条（/api/public/results?task=${summary.draw?.taskCode ?? ''}）；名单：${editions.map((edition) => `${edition.edition}（${edition.entries} 条）`).join('、') || '已由此前的运行公示'}（/api/public/lists/black、/api/public/lists/red）\n`,
            `  results: ${resultsPublished} published (/api/public/results?task=${summary.draw?.taskCode ?? ''}); lists: ${editions.map((edition) => `${edition.edition} (${edition.entries} entries)`).join(', ') || 'published by an earlier run'} (/api/public/lists/black, /api/public/lists/red)\n`,
          ),
        );
      }
      token = (await createApiToken(database.db, { label: 'demo', role: 'staff' })).token;
    } finally {
      await database.close();
    }
    io.stdout.write(say(`工作人员 API 令牌（只显示一次）：${token}\n`, `Staff API token (shown once): ${token}\n`));
    if (!values.serve) return 0;
    const logger = createLogger(config.logLevel);
    await serveUntilSignal(config, logger, (url) => {
      io.stdout.write(
        say(`\nSuiji 正在 ${url} 提供演示县的服务\n`, `\nSuiji is serving the demo county at ${url}\n`) +
          `  curl ${url}/healthz\n` +
          `  curl -H 'Authorization: Bearer ${token}' '${url}/api/enterprises?limit=5'\n` +
          say('按 Ctrl-C 停止。\n', 'Stop with Ctrl-C.\n'),
      );
    });
    return 0;
  },
};
