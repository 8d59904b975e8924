/**
 * `suiji evaluate --as-of YYYY-MM-DD [--model ID[/VERSION]]`: evaluates every enterprise and
 * prints the run's tier distribution. A progress bar on a terminal, plain lines otherwise.
 * Running the same date and model again prints the completed run.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { describeEvaluateAllIssue, evaluateAll, type EvaluationProgress, type EvaluationRunSummary } from '../../application/evaluate-all.ts';
import { loadConfig } from '../../config.ts';
import { TIER_NAMES, TIERS } from '../../core/scoring/model.ts';
import { openDatabase } from '../../persistence/database.ts';
import { argumentError, UsageError, type CliRunner, type CliIo } from '../command.ts';
import { cliLanguage, say } from '../language.ts';

const PLAIN_PROGRESS_EVERY = 100_000;

function progressReporter(io: CliIo): { update: (progress: EvaluationProgress) => void; stop: () => void } {
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: io.stderr, format: say('评价中 [{bar}] {percentage}% | {value}/{total} 户 | 剩余 {eta_formatted}', 'evaluating [{bar}] {percentage}% | {value}/{total} enterprises | {eta_formatted} left'), etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (progress) => {
        if (!started) bar.start(Math.max(progress.total, 1), 0);
        started = true;
        bar.setTotal(Math.max(progress.total, 1));
        bar.update(progress.evaluated);
      },
      stop: () => bar.stop(),
    };
  }
  let next = PLAIN_PROGRESS_EVERY;
  return {
    update: (progress) => {
      if (progress.evaluated < next && progress.evaluated < progress.total) return;
      if (progress.evaluated === 0) return;
      io.stderr.write(say(`evaluate: 已评价 ${progress.evaluated} / ${progress.total} 户\n`, `evaluate: ${progress.evaluated} of ${progress.total} enterprises\n`));
      next = progress.evaluated + PLAIN_PROGRESS_EVERY;
    },
    stop: () => {},
  };
}

/**
 * The tier distribution of a run as lines of text.
 *
 * @example describeTierDistribution(run) // ['A (信用风险低)  17950  89.8%', ...]
 */
export function describeTierDistribution(run: Pick<EvaluationRunSummary, 'counts' | 'evaluated'>): string[] {
  const counts = run.counts;
  if (!counts) return [];
  const total = Math.max(run.evaluated, 1);
  const line = (label: string, count: number) => `  ${label.padEnd(18)}${String(count).padStart(10)}  ${((100 * count) / total).toFixed(1).padStart(5)}%`;
  return [...TIERS.map((tier) => line(`${tier} (${TIER_NAMES[tier]})`, counts[tier])), line(say('观察期', 'observation'), counts.observation)];
}

export const evaluateCommand: CliRunner = {
  async run(args, io) {
    let values: { 'as-of'?: string; model?: string };
    try {
      ({ values } = parseArgs({ args, options: { 'as-of': { type: 'string' }, model: { type: 'string' } }, allowPositionals: false, strict: true }));
    } catch (error) {
      throw argumentError(error);
    }
    const asOf = values['as-of'];
    if (asOf === undefined) throw new UsageError(say('请给出评价日期：--as-of YYYY-MM-DD', 'give the evaluation date: --as-of YYYY-MM-DD'));
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    const progress = progressReporter(io);
    let result: Awaited<ReturnType<typeof evaluateAll>>;
    try {
      result = await evaluateAll(database, { asOf, ...(values.model ? { model: values.model } : {}) }, { onProgress: progress.update });
    } finally {
      progress.stop();
      await database.close();
    }
    if (!result.ok) {
      const reason = describeEvaluateAllIssue(result.error, cliLanguage());
      if (result.error.code === 'invalid_date') throw new UsageError(reason);
      io.stderr.write(`evaluate: ${reason}\n`);
      return 1;
    }
    const run = result.value;
    const seconds = ((run.durationMs ?? 0) / 1000).toFixed(1);
    const how = run.timings ? say(`用时 ${seconds} 秒`, `evaluated in ${seconds} s`) : say('此前已评价', 'already evaluated');
    io.stdout.write(say(`第 ${run.id} 次评价：${run.modelKey}，评价日期 ${run.asOf}，${run.evaluated} 户，${how}\n`, `Run ${run.id}: ${run.modelKey} as of ${run.asOf}, ${run.evaluated} enterprises, ${how}\n`));
    for (const line of describeTierDistribution(run)) io.stdout.write(`${line}\n`);
    return 0;
  },
};
