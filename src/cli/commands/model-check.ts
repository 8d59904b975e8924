/**
 * `suiji model check FILE.json`: validates a scoring model file without saving it. Exit 0
 * with a summary, or exit 1 with every problem, each as `FILE:LINE: message` naming the
 * formula concerned.
 */
import { lineOfPath, locateJsonPaths } from '../../core/json-locations.ts';
import { describeObservation } from '../../core/scoring/evaluate.ts';
import { describeModelIssue, TIER_NAMES, validateModel, modelKey, type ScoringModel } from '../../core/scoring/model.ts';
import { UsageError, type CliRunner, type CliIo } from '../command.ts';
import { readJsonDocument } from '../json-file.ts';
import { cliLanguage, say } from '../language.ts';
import { parsePositionals } from './positionals.ts';

/** A model issue's path (`formulas.2.expression`) in the bracket form `locateJsonPaths` uses (`formulas[2].expression`). */
function bracketPath(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]').replace(/^(\d+)(?=\.|\[|$)/, '[$1]');
}

function writeSummary(io: CliIo, file: string, model: ScoringModel): void {
  const out = (text: string): void => void io.stdout.write(`${text}\n`);
  const lang = cliLanguage();
  out(say(`${file}：有效：${modelKey(model)}`, `${file}: ok: ${modelKey(model)}`));
  out(`  ${lang === 'zh' ? (model.descriptionZh ?? model.description) : model.description}`);
  out(say(`  指标（${model.indicators.length} 个）：`, `  indicators (${model.indicators.length}):`));
  for (const indicator of model.indicators) {
    const description = lang === 'zh' ? (indicator.descriptionZh ?? indicator.description) : indicator.description;
    out(`    ${indicator.name} [${indicator.family}] ${indicator.function}${lang === 'zh' ? '：' : ': '}${description}`);
  }
  out(say(`  公式（${model.formulas.length} 个）：`, `  formulas (${model.formulas.length}):`));
  for (const formula of model.formulas) out(`    ${formula.name}${formula.name === model.score ? say('（评分）', ' (score)') : ''} = ${formula.expression}`);
  const { A, B, C } = model.tiers;
  out(
    say(
      `  等级：A（${TIER_NAMES.A}）≥ ${A}，B（${TIER_NAMES.B}）≥ ${B}，C（${TIER_NAMES.C}）≥ ${C}，D（${TIER_NAMES.D}）< ${C}`,
      `  tiers: A (${TIER_NAMES.A}) >= ${A}, B (${TIER_NAMES.B}) >= ${B}, C (${TIER_NAMES.C}) >= ${C}, D (${TIER_NAMES.D}) below ${C}`,
    ),
  );
  out(say(`  规则（${model.rules.length} 条）：`, `  rules (${model.rules.length}):`));
  for (const rule of model.rules) out(say(`    ${rule.id}：当 ${rule.when} 时至少为 ${rule.atLeast}`, `    ${rule.id}: when ${rule.when} then at least ${rule.atLeast}`));
  out(say(`  观察期：${describeObservation(model.observation, 'zh')}`, `  observation: ${describeObservation(model.observation, 'en')}`));
}

/**
 * Reads and validates a model file; on failure prints every problem as `FILE:LINE: message`
 * and returns undefined. Shared with `model add`.
 *
 * @example const model = await readValidModelFile(io, 'credit-risk-2.json'); if (!model) return 1;
 */
export async function readValidModelFile(io: CliIo, file: string): Promise<ScoringModel | undefined> {
  let document: { text: string; value: unknown };
  try {
    document = readJsonDocument(file);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return undefined;
  }
  const checked = validateModel(document.value);
  if (!checked.ok) {
    const lines = locateJsonPaths(document.text);
    for (const issue of checked.error) io.stderr.write(`${file}:${lineOfPath(lines, bracketPath(issue.path)) ?? 1}: ${describeModelIssue(issue, cliLanguage())}\n`);
    io.stderr.write(say(`${file}：${checked.error.length} 个问题\n`, `${file}: ${checked.error.length} problem${checked.error.length === 1 ? '' : 's'}\n`));
    return undefined;
  }
  return checked.value;
}

/** The one FILE.json argument of `model check` and `model add`. */
export function modelFileArgument(args: readonly string[]): string {
  const [file, ...extra] = parsePositionals(args);
  if (file === undefined || extra.length) throw new UsageError(say('请只给一个模型文件', 'expects exactly one model file'));
  return file;
}

export const modelCheckCommand: CliRunner = {
  async run(args, io) {
    const file = modelFileArgument(args);
    const model = await readValidModelFile(io, file);
    if (!model) return 1;
    writeSummary(io, file, model);
    return 0;
  },
};
