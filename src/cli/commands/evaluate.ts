/**
 * `suiji evaluate --as-of YYYY-MM-DD [--model ID[/VERSION]]`: evaluates every enterprise and
 * prints the run's tier distribution. A progress bar on a terminal, plain lines otherwise.
 * Running the same date and model again prints the completed run.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { evaluateAll, type EvaluationProgress, type EvaluationRunSummary } from '../../application/evaluate-all.ts';
import { loadConfig } from '../../config.ts';
import { TIER_NAMES, TIERS } from '../../core/scoring/model.ts';
import { openDatabase } from '../../persistence/database.ts';
import { UsageError, type CliCommand, type CliIo } from '../command.ts';

const PLAIN_PROGRESS_EVERY = 100_000;

function progressReporter(io: CliIo): { update: (progress: EvaluationProgress) => void; stop: () => void } {
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: io.stderr, format: 'evaluating [{bar}] {percentage}% | {value}/{total} enterprises | {eta_formatted} left', etaBuffer: 20 },
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
      io.stderr.write(`evaluate: ${progress.evaluated} of ${progress.total} enterprises\n`);
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
  return [...TIERS.map((tier) => line(`${tier} (${TIER_NAMES[tier]})`, counts[tier])), line('observation', counts.observation)];
}

export const evaluateCommand: CliCommand = {
  path: ['evaluate'],
  recordsActivity: true,
  usage: '--as-of YYYY-MM-DD [--model ID[/VERSION]]   evaluate every enterprise (default model: latest credit-risk) and print the tier distribution',
  async run(args, io) {
    let values: { 'as-of'?: string; model?: string };
    try {
      ({ values } = parseArgs({ args, options: { 'as-of': { type: 'string' }, model: { type: 'string' } }, allowPositionals: false, strict: true }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const asOf = values['as-of'];
    if (asOf === undefined) throw new UsageError('give the evaluation date: --as-of YYYY-MM-DD');
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
      if (result.error.code === 'invalid_date') throw new UsageError(result.error.message);
      io.stderr.write(`evaluate: ${result.error.message}\n`);
      return 1;
    }
    const run = result.value;
    const how = run.timings ? `evaluated in ${((run.durationMs ?? 0) / 1000).toFixed(1)} s` : 'already evaluated';
    io.stdout.write(`Run ${run.id}: ${run.modelKey} as of ${run.asOf}, ${run.evaluated} enterprises, ${how}\n`);
    for (const line of describeTierDistribution(run)) io.stdout.write(`${line}\n`);
    return 0;
  },
};
