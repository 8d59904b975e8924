/** The home page (GET /): what Suiji is, the latest draws, where to verify, a chart over years. */
import type { Request, Response, Router } from 'express';
import { totalsByYear, type DrawSummaryLine } from '../../application/public-portal.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { horizontalBarChart } from '../charts.ts';
import { html } from '../html.ts';
import { formatNumber, pageContext, sendSharedPage, tr, type PageContext, type PageOptions } from '../page.ts';
import { drawsTable } from './draws.ts';

const LATEST = 5;

function yearsChart(context: PageContext, years: ReturnType<typeof totalsByYear>) {
  if (years.length === 0) return html``;
  const format = (value: number) => formatNumber(context, value);
  const chart = horizontalBarChart({
    id: 'years-chart',
    title: tr(context, '历年抽查数量', 'Sample size over the years'),
    description: years.map((year) => tr(context, `${year.year} 年：从 ${format(year.pool)} 家中抽取 ${format(year.sample)} 家`, `${year.year}: ${format(year.sample)} drawn from ${format(year.pool)}`)).join(tr(context, '；', '; ')),
    legend: [{ label: tr(context, '抽取数', 'Sample'), className: 'chart-bar-sample' }],
    categories: years.map((year) => ({
      label: String(year.year),
      bars: [{ value: year.sample, className: 'chart-bar-sample', title: tr(context, `${year.year} 年抽取 ${format(year.sample)} 家`, `${year.year}: ${format(year.sample)} drawn`) }],
    })),
    format,
  });
  return html`<h2 id="years">${tr(context, '历年抽查数量', 'Sample size over the years')}</h2>
<figure class="chart">${chart}<figcaption>${tr(context, '每年已抽取任务的抽取总数（数字见下表）', 'Enterprises drawn per year, over drawn tasks (numbers in the table)')}</figcaption></figure>
<div class="table-scroll"><table id="years-table"><thead><tr><th scope="col">${tr(context, '年度', 'Year')}</th><th scope="col" class="number">${tr(context, '对象库合计', 'Pools')}</th><th scope="col" class="number">${tr(context, '抽取数', 'Sample')}</th></tr></thead>
<tbody>${years.map((year) => html`<tr><th scope="row">${year.year}</th><td class="number">${format(year.pool)}</td><td class="number">${format(year.sample)}</td></tr>`)}</tbody></table></div>`;
}

/** A number per draw list read (`summaries()` answers the same array while it is kept): the home page is kept per list. */
const listVersions = new WeakMap<readonly DrawSummaryLine[], number>();
let lastListVersion = 0;

function versionOf(lines: readonly DrawSummaryLine[]): number {
  let version = listVersions.get(lines);
  if (version === undefined) listVersions.set(lines, (version = ++lastListVersion));
  return version;
}

async function homePage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const lines = await deps.publishedDraws.summaries();
  await sendSharedPage(request, response, context, deps.publicCache, `home:${versionOf(lines)}`, () => homeContent(context, lines));
}

function homeContent(context: PageContext, lines: readonly DrawSummaryLine[]): PageOptions {
  const title = tr(context, '随机：看得见、可核验的双随机抽查', 'Suiji: random inspections anyone can check');
  const links = [
    { href: '/plan', title: tr(context, '检查事项与抽查计划', 'Inspection items and plans'), text: tr(context, '抽查前公开的涉企检查事项清单、年度抽查计划、任务和抽取时间。', 'The inspection item list, the annual plans, their tasks and draw times, published before the draws.') },
    { href: '/verify', title: tr(context, '核验抽取', 'Verify a draw'), text: tr(context, '在浏览器中用与命令行相同的代码重算每项核验。', 'Re-run every check in your browser, with the same code as the command line.') },
    { href: '/receipt', title: tr(context, '我被公平抽取了吗', 'Was I drawn fairly?'), text: tr(context, '企业凭回执码核对自己是否在对象库中、是否应当被抽中。', 'Enterprises check with their receipt code that they were in the pool and whether they had to be drawn.') },
    { href: '/lists', title: tr(context, '红黑榜', 'Red and black lists'), text: tr(context, '守信红榜与失信黑榜，可搜索、可下载。', 'The trustworthy and dishonest lists, searchable and downloadable.') },
    { href: '/results', title: tr(context, '检查结果', 'Inspection results'), text: tr(context, '按企业或任务查询已公示的检查结果。', 'Published inspection results by enterprise or task.') },
    { href: '/log', title: tr(context, '公示日志', 'Publication log'), text: tr(context, '所有公示记录的签名 Merkle 日志，历史不能被悄悄改写。', 'The signed Merkle log of everything published: history cannot be quietly rewritten.') },
  ];
  return {
    title,
    body: html`<h1>${title}</h1>
<p class="lead" id="about">${tr(
      context,
      '随机（Suiji）为市场监管部门开展“双随机、一公开”抽查：随机抽取检查对象、随机选派执法检查人员，并公开抽取过程和结果。每次抽取的种子都事先承诺、事后公开，任何人都能重算抽取结果，不必相信任何一方。',
      'Suiji runs a market regulation bureau\'s "double-random, one-public" inspections: enterprises and inspectors are drawn at random, and the draw and its results are published. Every seed is committed to before the draw and revealed after it, so anyone can recompute the draw without trusting anyone.',
    )}</p>
<h2 id="latest">${tr(context, '最近的抽取', 'Latest draws')}</h2>
${drawsTable(context, lines.slice(0, LATEST))}
${lines.length > LATEST ? html`<p><a href="/draws">${tr(context, '全部抽取', 'All draws')}</a></p>` : ''}
<h2 id="check">${tr(context, '自己核对', 'Check for yourself')}</h2>
<div class="cards">${links.map((link) => html`<section class="card"><h3><a href="${link.href}">${link.title}</a></h3><p>${link.text}</p></section>`)}</div>
${yearsChart(context, totalsByYear(lines))}`,
  };
}

export function registerHomePage(router: Router, deps: ServedDependencies): void {
  router.get('/', (request, response) => homePage(request, response, deps));
}
