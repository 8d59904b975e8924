/**
 * Small charts as inline SVG, built on the server from numbers (no script, no library):
 * horizontal bars, one group per category, each bar with its value written beside it and a
 * `<title>` tooltip, so nothing depends on colour or hovering. Every chart is `role="img"`
 * with a `<title>` and `<desc>`; pages put a table with the same numbers next to it. Colours
 * come from classes in suiji.css (the CSP forbids inline styles).
 */
import { html, type SafeHtml } from './html.ts';

export interface ChartBar {
  readonly value: number;
  /** A class from suiji.css, e.g. `chart-bar-pool` or `chart-bar-sample`. */
  readonly className: string;
  /** The bar's tooltip, e.g. "A: pool 1,080". */
  readonly title: string;
}

export interface ChartCategory {
  readonly label: string;
  readonly bars: readonly ChartBar[];
}

export interface BarChartInput {
  /** Unique in the page: the ids of the chart's title and description derive from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly categories: readonly ChartCategory[];
  /** One entry per bar of a category, in the same order. */
  readonly legend: readonly { readonly label: string; readonly className: string }[];
  /** Writes a value (thousands separators, language). */
  readonly format: (value: number) => string;
}

const WIDTH = 480;
const LABEL_WIDTH = 70;
const VALUE_ROOM = 60;
const BAR_HEIGHT = 18;
const BAR_GAP = 3;
const GROUP_GAP = 12;
const LEGEND_HEIGHT = 28;

/**
 * Horizontal grouped bars on one linear scale from 0 to the largest value. A value above 0
 * always gets at least a 2-unit bar, so a small stratum beside a large one stays visible.
 *
 * @example
 * horizontalBarChart({ id: 'strata', title: 'Pool and sample per stratum', description: '…',
 *   categories: [{ label: 'A', bars: [{ value: 1080, className: 'chart-bar-pool', title: 'A: pool 1,080' }] }],
 *   legend: [{ label: 'Pool', className: 'chart-bar-pool' }], format: String })
 */
export function horizontalBarChart(input: BarChartInput): SafeHtml {
  const barsPerGroup = Math.max(1, ...input.categories.map((category) => category.bars.length));
  const groupHeight = barsPerGroup * BAR_HEIGHT + (barsPerGroup - 1) * BAR_GAP;
  const height = LEGEND_HEIGHT + input.categories.length * (groupHeight + GROUP_GAP) + 4;
  const largest = Math.max(0, ...input.categories.flatMap((category) => category.bars.map((bar) => bar.value)));
  const span = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  const lengthOf = (value: number): number => (largest === 0 || value <= 0 ? 0 : Math.max(2, Math.round((value / largest) * span)));

  const legend = input.legend.map((entry, index) => {
    const x = LABEL_WIDTH + index * 120;
    return html`<rect class="${entry.className}" x="${x}" y="6" width="14" height="14"></rect><text class="chart-label" x="${x + 20}" y="18">${entry.label}</text>`;
  });

  const groups = input.categories.map((category, categoryIndex) => {
    const top = LEGEND_HEIGHT + categoryIndex * (groupHeight + GROUP_GAP);
    const bars = category.bars.map((bar, barIndex) => {
      const y = top + barIndex * (BAR_HEIGHT + BAR_GAP);
      const length = lengthOf(bar.value);
      return html`<rect class="${bar.className}" x="${LABEL_WIDTH}" y="${y}" width="${length}" height="${BAR_HEIGHT}"><title>${bar.title}</title></rect><text class="chart-label" x="${LABEL_WIDTH + length + 6}" y="${y + BAR_HEIGHT - 4}">${input.format(bar.value)}</text>`;
    });
    return html`<g><text class="chart-label" x="${LABEL_WIDTH - 8}" y="${top + groupHeight / 2 + 4}" text-anchor="end">${category.label}</text>${bars}</g>`;
  });

  const axisBottom = height - 4;
  return html`<svg class="chart" role="img" aria-labelledby="${input.id}-title ${input.id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${input.id}-title">${input.title}</title><desc id="${input.id}-desc">${input.description}</desc>${legend}<line class="chart-axis" x1="${LABEL_WIDTH}" y1="${LEGEND_HEIGHT - 2}" x2="${LABEL_WIDTH}" y2="${axisBottom}"></line>${groups}</svg>`;
}
