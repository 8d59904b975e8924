/**
 * Pieces the staff console's credit pages share: tier names, the tier-distribution table
 * and its inline SVG chart, and how runs' durations read. Tiers are internal: these are
 * staff and auditor pages only.
 */
import { TIERS, type Tier } from '../../core/scoring/model.ts';
import type { RunRow, TierCounts } from '../../persistence/evaluation-store.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatNumber, tr, type PageContext } from '../page.ts';

/**
 * A tier with its meaning, e.g. 'A 类（信用风险低）' / 'A (low risk)'.
 *
 * @example tierLabel(context, 'D') // 'D 类（信用风险高）'
 */
export function tierLabel(context: Pick<PageContext, 'lang'>, tier: Tier): string {
  const meaning: Record<Tier, [string, string]> = {
    A: ['信用风险低', 'low risk'],
    B: ['信用风险一般', 'moderate risk'],
    C: ['信用风险较高', 'elevated risk'],
    D: ['信用风险高', 'high risk'],
  };
  const [chinese, english] = meaning[tier];
  return tr(context, `${tier} 类（${chinese}）`, `${tier} (${english})`);
}

/** @example formatDuration(context, 83_400) // '1 分 23.4 秒' */
export function formatDuration(context: Pick<PageContext, 'lang'>, milliseconds: number | null): string {
  if (milliseconds === null) return '—';
  const seconds = milliseconds / 1000;
  if (seconds < 60) return tr(context, `${seconds.toFixed(1)} 秒`, `${seconds.toFixed(1)} s`);
  const minutes = Math.floor(seconds / 60);
  const rest = (seconds - minutes * 60).toFixed(1);
  return tr(context, `${minutes} 分 ${rest} 秒`, `${minutes} min ${rest} s`);
}

/** A run's status in words (never by colour alone). */
export function runStatusLabel(context: Pick<PageContext, 'lang'>, status: RunRow['status']): string {
  switch (status) {
    case 'running':
      return tr(context, '进行中', 'running');
    case 'completed':
      return tr(context, '已完成', 'completed');
    case 'failed':
      return tr(context, '失败', 'failed');
  }
}

/**
 * An instant as a person reads it in the page's language, in Beijing time, to the minute.
 *
 * @example formatLocalTime({ lang: 'zh' }, new Date('2026-10-20T02:00:00Z')) // '2026/10/20 10:00'
 */
export function formatLocalTime(context: Pick<PageContext, 'lang'>, at: Date): string {
  return at.toLocaleString(context.lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
}

/** A UTC timestamp from the store, shown in Beijing time to the second. */
export function formatInstant(iso: string | null): string {
  if (iso === null) return '—';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Date(instant.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The completed run before `run` (lower id), the one its changes are measured against. */
export function previousCompletedRun(runs: readonly RunRow[], run: RunRow): RunRow | undefined {
  return runs.filter((other) => other.status === 'completed' && other.id < run.id).sort((left, right) => right.id - left.id)[0];
}

function signed(context: Pick<PageContext, 'lang'>, value: number): string {
  if (value === 0) return '0';
  return `${value > 0 ? '+' : '−'}${formatNumber(context, Math.abs(value))}`;
}

/**
 * The tier distribution of `counts`, with the change from `previous` when there is one:
 * a table (the data) and a bar chart (the picture). Both carry the numbers in text.
 */
export function tierDistribution(
  context: Pick<PageContext, 'lang'>,
  counts: TierCounts,
  previous?: { counts: TierCounts; label: string },
  options: { caption?: string } = {},
): SafeHtml {
  const total = TIERS.reduce((sum, tier) => sum + counts[tier], 0);
  const percent = (value: number) => (total === 0 ? '0.0' : ((value / total) * 100).toFixed(1));
  const rows = TIERS.map(
    (tier) => html`<tr>
<th scope="row">${tierLabel(context, tier)}</th>
<td class="number">${formatNumber(context, counts[tier])}</td>
<td class="number">${percent(counts[tier])}%</td>
${previous ? html`<td class="number">${formatNumber(context, previous.counts[tier])}</td><td class="number">${signed(context, counts[tier] - previous.counts[tier])}</td>` : ''}
</tr>`,
  );
  return html`<div class="table-scroll"><table class="tier-distribution">
<caption>${options.caption ?? tr(context, '风险分类分布', 'Tier distribution')}</caption>
<thead><tr><th scope="col">${tr(context, '分类', 'Tier')}</th><th scope="col" class="number">${tr(context, '企业数', 'Enterprises')}</th><th scope="col" class="number">${tr(context, '占比', 'Share')}</th>${
    previous
      ? html`<th scope="col" class="number">${tr(context, '上次', 'Previous')} (${previous.label})</th><th scope="col" class="number">${tr(context, '变化', 'Change')}</th>`
      : ''
  }</tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">${tr(context, '合计', 'Total')}</th><td class="number">${formatNumber(context, total)}</td><td class="number">100%</td>${
    previous ? html`<td class="number">${formatNumber(context, TIERS.reduce((sum, tier) => sum + previous.counts[tier], 0))}</td><td></td>` : ''
  }</tr>
<tr><th scope="row">${tr(context, '其中观察期', 'Of which in observation')}</th><td class="number">${formatNumber(context, counts.observation)}</td><td></td>${
    previous ? html`<td class="number">${formatNumber(context, previous.counts.observation)}</td><td class="number">${signed(context, counts.observation - previous.counts.observation)}</td>` : ''
  }</tr></tfoot>
</table></div>
${tierChart(context, counts, previous)}`;
}

/**
 * Grouped bars per tier: this run, and the previous one beside it when given. Built from
 * numbers only, so it needs no escaping beyond what `html` does; every bar has its value
 * written above it.
 */
function tierChart(context: Pick<PageContext, 'lang'>, counts: TierCounts, previous?: { counts: TierCounts; label: string }): SafeHtml {
  const width = 520;
  const height = 240;
  const top = 28;
  const bottom = 40;
  const left = 12;
  const plotHeight = height - top - bottom;
  const groupWidth = (width - left * 2) / TIERS.length;
  const barWidth = previous ? groupWidth * 0.34 : groupWidth * 0.5;
  const largest = Math.max(1, ...TIERS.map((tier) => counts[tier]), ...(previous ? TIERS.map((tier) => previous.counts[tier]) : []));
  const bar = (tier: Tier, value: number, x: number, kind: 'current' | 'previous') => {
    const barHeight = (value / largest) * plotHeight;
    const y = top + plotHeight - barHeight;
    return html`<rect class="chart-bar-${kind}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}"><title>${tier}: ${formatNumber(context, value)}</title></rect>
<text class="chart-label" x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 6).toFixed(1)}" text-anchor="middle">${formatNumber(context, value)}</text>`;
  };
  const groups = TIERS.map((tier, index) => {
    const groupLeft = left + index * groupWidth;
    const center = groupLeft + groupWidth / 2;
    const bars = previous
      ? [bar(tier, previous.counts[tier], center - barWidth - 2, 'previous'), bar(tier, counts[tier], center + 2, 'current')]
      : [bar(tier, counts[tier], center - barWidth / 2, 'current')];
    return html`<g>${bars}<text class="chart-label" x="${center.toFixed(1)}" y="${(height - bottom + 18).toFixed(1)}" text-anchor="middle">${tier}</text></g>`;
  });
  const caption = previous
    ? tr(context, `各分类企业数：浅色为上次（${previous.label}），深色为本次。`, `Enterprises per tier: light bars the previous run (${previous.label}), dark bars this run.`)
    : tr(context, '各分类企业数。', 'Enterprises per tier.');
  return html`<figure class="chart tier-chart">
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${caption}" xmlns="http://www.w3.org/2000/svg">
<line class="chart-axis" x1="${left}" y1="${top + plotHeight}" x2="${width - left}" y2="${top + plotHeight}"></line>
${groups}
</svg>
<figcaption>${caption}</figcaption>
</figure>`;
}
