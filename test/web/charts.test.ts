import { describe, expect, it } from 'vitest';
import { horizontalBarChart, type BarChartInput } from '../../src/web/charts.ts';

const input: BarChartInput = {
  id: 'strata',
  title: 'Pool and sample per stratum',
  description: 'A: pool 1,000, sample 20; <B>: pool 10, sample 0',
  legend: [
    { label: 'Pool', className: 'chart-bar-pool' },
    { label: 'Sample', className: 'chart-bar-sample' },
  ],
  categories: [
    { label: 'A', bars: [{ value: 1000, className: 'chart-bar-pool', title: 'A: pool 1,000' }, { value: 20, className: 'chart-bar-sample', title: 'A: sample 20' }] },
    { label: '<B>', bars: [{ value: 10, className: 'chart-bar-pool', title: '<B>: pool 10' }, { value: 0, className: 'chart-bar-sample', title: '<B>: sample 0' }] },
  ],
  format: (value) => value.toLocaleString('en-US'),
};

const widths = (svg: string) => [...svg.matchAll(/<rect class="chart-bar-[a-z]+" x="70" y="\d+" width="(\d+)" height="18"/g)].map((match) => Number(match[1]));

describe('horizontalBarChart', () => {
  it('is an accessible image with a title, a description and a text label for every bar', () => {
    const svg = horizontalBarChart(input).toString();
    expect(svg).toMatch(/^<svg class="chart" role="img" aria-labelledby="strata-title strata-desc" viewBox="0 0 480 \d+"/);
    expect(svg).toContain('<title id="strata-title">Pool and sample per stratum</title>');
    expect(svg).toContain('<desc id="strata-desc">A: pool 1,000, sample 20; &lt;B&gt;: pool 10, sample 0</desc>');
    for (const title of ['A: pool 1,000', 'A: sample 20', '&lt;B&gt;: pool 10', '&lt;B&gt;: sample 0']) expect(svg).toContain(`<title>${title}</title>`);
    for (const value of ['1,000', '20', '10', '0']) expect(svg).toMatch(new RegExp(`<text class="chart-label"[^>]*>${value}</text>`));
    expect(svg).toContain('text-anchor="end">&lt;B&gt;</text>');
  });

  it('draws bars on one linear scale, keeps small values visible and zero empty', () => {
    expect(widths(horizontalBarChart(input).toString())).toEqual([350, 7, 4, 0]);
    const tiny = horizontalBarChart({ ...input, categories: [{ label: 'A', bars: [{ value: 100000, className: 'chart-bar-pool', title: '' }, { value: 1, className: 'chart-bar-sample', title: '' }] }] });
    expect(widths(tiny.toString())).toEqual([350, 2]);
  });

  it('uses classes, never inline styles, and draws an empty chart for no data', () => {
    expect(horizontalBarChart(input).toString()).not.toMatch(/style=/);
    const empty = horizontalBarChart({ ...input, categories: [] }).toString();
    expect(empty).toContain('role="img"');
    expect(widths(empty)).toEqual([]);
  });
});
