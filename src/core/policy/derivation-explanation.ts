/**
 * The derivation's explanation in the reader's language. The English sentences are part of
 * the derivation (and so of the signed policy record and its `derivationHash`): they stay as
 * they are. The Chinese ones are told here from the same numbers and decisions, so a Chinese
 * page never shows the English text, and no published hash changes.
 */
import type { Derivation, TierDerivation } from './derivation.ts';
import { computeSampleSize, parseRatio } from './ratio.ts';
import { TIER_NAMES, TIERS, type Tier } from './tier.ts';

/**
 * Every line of the explanation, overall lines first and then each tier's, in `lang`.
 *
 * @example explainDerivation(derivation, 'zh')[0] // '检查力量：每年 240 户次。'
 */
export function explainDerivation(derivation: Derivation, lang: 'zh' | 'en'): readonly string[] {
  if (lang === 'en') return [...derivation.explanation, ...TIERS.flatMap((tier) => derivation.tiers[tier].explanation)];
  return [...overallInChinese(derivation), ...TIERS.flatMap((tier) => tierInChinese(derivation, tier))];
}

function overallInChinese(derivation: Derivation): string[] {
  const { totals } = derivation;
  const header = [
    `检查力量：每年 ${totals.capacityGiven} 户次。`,
    `各等级取比例下限需每年 ${totals.lowerBoundInspections} 户次；全池 ${totals.members} 户的总体下限需 ${totals.floorInspections} 户次；各等级取比例上限每年最多 ${totals.maximumInspections} 户次。`,
  ];
  if (!derivation.feasible) {
    return [
      ...header,
      derivation.reason === 'floor_above_upper_bounds'
        ? `不可行：即使各等级都取比例上限，全年也只有 ${totals.maximumInspections} 户次，比总体下限少 ${derivation.shortfall} 户次。请提高比例上限或降低总体下限。`
        : `不可行：比例下限和总体下限共需每年 ${totals.requiredInspections} 户次，而检查力量只有 ${totals.capacityGiven} 户次，缺 ${derivation.shortfall} 户次。下表为比例下限允许的最小方案。`,
    ];
  }
  return [...header, leftoverInChinese(derivation)];
}

function leftoverInChinese(derivation: Derivation & { readonly feasible: true }): string {
  const unused = derivation.totals.capacityUnused;
  if (unused === 0) return '检查力量已全部用完。';
  // The first tier in priority order below its upper bound is the one the rest could not pay for.
  const blocked = TIERS.map((tier) => derivation.tiers[tier])
    .filter((tier) => tier.priority !== null)
    .sort((left, right) => (left.priority as number) - (right.priority as number))
    .find((tier) => tier.ratio !== tier.bounds.maxRatio);
  if (blocked === undefined) return `各等级均已取比例上限，每年尚余 ${unused} 户次未用。`;
  return `每年尚余 ${unused} 户次未用：不够让 ${tierName(blocked.tier)} 的比例再提高万分之一（在其 ${blocked.frequency} 轮中各多抽），优先级更低的等级不会越过它。`;
}

function tierName(tier: Tier): string {
  return `${tier} 级（${TIER_NAMES[tier]}）`;
}

function tierInChinese(derivation: Derivation, tier: Tier): string[] {
  const stratum = derivation.tiers[tier];
  const { roundsPerYear, floorInspections } = derivation.totals;
  return [
    `${tierName(tier)}：${ratioInChinese(stratum, floorInspections)}`,
    frequencyInChinese(stratum, roundsPerYear),
    sampleInChinese(stratum),
    `每年预计检查 ${stratum.sampleSize} × ${stratum.frequency} = ${stratum.expectedInspections} 户次。`,
    priorityInChinese(stratum),
  ];
}

function ratioInChinese(stratum: TierDerivation, floorInspections: number): string {
  const { ratio, bounds } = stratum;
  switch (stratum.decisions.ratio) {
    case 'triggers_only':
      return `频次为 0，只在投诉举报等触发时检查（无事不扰）；比例保持下限 ${ratio}，供触发时抽取。`;
    case 'empty_tier':
      return `本抽取池中没有该等级的企业；比例保持下限 ${ratio}。`;
    case 'upper_bound':
      return `比例 ${ratio} 已达上限（范围 ${bounds.minRatio}–${bounds.maxRatio}）。`;
    case 'lower_bound':
      return `比例 ${ratio} 为下限（范围 ${bounds.minRatio}–${bounds.maxRatio}）：优先级更高的等级已用完检查力量。`;
    case 'floor':
      return `为满足每年至少 ${floorInspections} 户次的总体下限，比例由下限 ${bounds.minRatio} 提高到 ${ratio}。`;
    case 'capacity':
      return `比例由下限 ${bounds.minRatio} 提高到 ${ratio}，检查力量至此用完（上限 ${bounds.maxRatio}）。`;
  }
}

function frequencyInChinese(stratum: TierDerivation, roundsPerYear: number): string {
  if (stratum.frequency === 0) return `频次 0（全年共 ${roundsPerYear} 轮）：其频次上限为 0。`;
  const rounds = `第 ${stratum.rounds.join('、')} 轮`;
  return stratum.decisions.frequency === 'rounds_per_year'
    ? `频次 ${stratum.frequency}（${rounds}）：频次上限超过全年 ${roundsPerYear} 轮，按 ${roundsPerYear} 轮计。`
    : `频次 ${stratum.frequency}（全年 ${roundsPerYear} 轮中的${rounds}）：即其频次上限。`;
}

function sampleInChinese(stratum: TierDerivation): string {
  const parsed = parseRatio(stratum.ratio);
  const byRatio = parsed.ok ? computeSampleSize(stratum.members, parsed.value, 0) : stratum.sampleSize;
  const computed = `⌈${stratum.members} × ${stratum.ratio}⌉ = ${byRatio}`;
  return stratum.decisions.sampleSize === 'minimum'
    ? `每轮从 ${stratum.members} 户中抽取 ${stratum.sampleSize} 户：按比例 ${computed}，低于最少 ${stratum.minimum} 户，按最少数抽取。`
    : `每轮从 ${stratum.members} 户中抽取 ${stratum.sampleSize} 户：${computed}${stratum.minimum > 0 ? `，不少于最少 ${Math.min(stratum.minimum, stratum.members)} 户` : ''}。`;
}

function priorityInChinese(stratum: TierDerivation): string {
  const { weight } = stratum;
  const value = `${weight.numerator}/${weight.denominator}`;
  const source = weight.source === 'observed' ? `以往 ${weight.results} 条检查结果中发现问题的比率` : `配置的权重，因以往检查结果只有 ${weight.results} 条，不足以计算`;
  if (stratum.priority === null) return `风险权重 ${value}（${source}）；不占用计划检查力量。`;
  return `分配剩余检查力量的优先级为第 ${stratum.priority} 位：风险权重 ${value}（${source}）。`;
}
