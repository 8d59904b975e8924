/**
 * The published draws (抽查公示): the list, and one draw's detail: the task, the commitment
 * and the seed, the pool per stratum and per exclusion reason, the selected enterprises with
 * their tickets, and the files to verify it. Only what the public record holds is shown: a
 * sealed record names its strata and their sizes but never which enterprise is in which.
 */
import type { Request, Response, Router } from 'express';
import type { NameBook } from '../../application/public-plan.ts';
import { findPublishedDraw, type DrawSummaryLine, type PublishedDraw } from '../../application/public-portal.ts';
import type { DrawCommitment } from '../../core/draw/commitment.ts';
import { describeEntropySource, describeNotice } from '../../core/draw/entropy-source.ts';
import type { DrawRecord } from '../../core/draw/record.ts';
import { publishedTotals } from '../../core/draw/stratum-commitment.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { NotFoundError, parseRequestPart } from '../../http/problem.ts';
import { drawIdParamsSchema } from '../../http/schemas/draw.ts';
import { horizontalBarChart } from '../charts.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatNumber, pageContext, sendPage, sendSharedPage, tr, type PageContext } from '../page.ts';
import { departmentNames, formatTime, hexCode, itemNames, ticketCode } from './format.ts';
import { EXCLUSION_REASONS, labelOf, TRIGGERS } from './labels.ts';
import { methodNote } from './plan.ts';
import { findTaskMethod, type TaskMethod } from '../../application/self-inspection.ts';

/** Where a draw's public files are, for links and for the verifier page. */
export function drawFileUrls(taskCode: string) {
  const id = encodeURIComponent(taskCode);
  return {
    record: `/api/public/draws/${id}`,
    commitment: `/api/public/draws/${id}/commitment`,
    logProof: `/api/public/draws/${id}/log-proof`,
    keys: '/.well-known/suiji-keys.json',
    serverReport: `/api/public/draws/${id}/verify`,
    page: `/draws/${id}`,
    verifyPage: `/draws/${id}/verify`,
  };
}

function statusText(context: PageContext, status: string): string {
  return status === 'drawn' ? tr(context, '已抽取', 'Drawn') : tr(context, '已冻结，待抽取', 'Frozen, draw to come');
}

function visibilityText(context: PageContext, visibility: string): string {
  return visibility === 'open'
    ? tr(context, '公开（列出对象库全部企业）', 'Open (every pool member is listed)')
    : tr(context, '密封（分层情况不公开，企业凭回执核对）', 'Sealed (who is in which stratum is not published; enterprises check their receipts)');
}

/** The draws table, shared with the home page: items and departments by name; one card per draw on a phone. */
export function drawsTable(context: PageContext, lines: readonly DrawSummaryLine[]): SafeHtml {
  if (lines.length === 0) return html`<p>${tr(context, '还没有公示的抽取。', 'No draw has been published yet.')}</p>`;
  const count = (value: number | null) => (value === null ? '–' : formatNumber(context, value));
  const heading = {
    task: tr(context, '任务编号', 'Task'),
    title: tr(context, '名称', 'Title'),
    date: tr(context, '抽取日期', 'Date'),
    items: tr(context, '抽查事项', 'Items'),
    departments: tr(context, '参与部门', 'Departments'),
    pool: tr(context, '对象库', 'Pool'),
    sample: tr(context, '抽取数', 'Sample'),
  };
  return html`<div class="table-scroll"><table class="draws stacked">
<caption class="visually-hidden">${tr(context, '已公示的抽取', 'Published draws')}</caption>
<thead><tr><th scope="col">${heading.task}</th><th scope="col">${heading.title}</th><th scope="col">${heading.date}</th><th scope="col">${heading.items}</th><th scope="col">${heading.departments}</th><th scope="col" class="number">${heading.pool}</th><th scope="col" class="number">${heading.sample}</th></tr></thead>
<tbody>${lines.map(
    (line) =>
      html`<tr data-task="${line.taskCode}"><td data-label="${heading.task}"><a href="${drawFileUrls(line.taskCode).page}">${line.taskCode}</a></td><td data-label="${heading.title}">${line.name}${line.status === 'drawn' ? '' : html` <span class="tag">${statusText(context, line.status)}</span>`}</td><td data-label="${heading.date}">${formatTime(line.drawnAt ?? line.frozenAt).slice(0, 10)}</td><td data-label="${heading.items}">${itemNames(context, line.items)}</td><td data-label="${heading.departments}">${departmentNames(context, line.departments)}</td><td class="number" data-label="${heading.pool}">${count(line.poolSize)}</td><td class="number" data-label="${heading.sample}">${count(line.selectedCount ?? line.sampleSize)}</td></tr>`,
  )}</tbody></table></div>`;
}

async function drawListPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const lines = await deps.publishedDraws.summaries();
  const title = tr(context, '抽查公示', 'Published draws');
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '每次抽取前公布对象库承诺和随机数承诺，抽取后公布种子、签号和抽中企业。任何人都可以核验。',
      'Before each draw the pool and nonce commitments are published; after it, the seed, the tickets and the selected enterprises. Anyone can verify them.',
    )}</p>
${drawsTable(context, lines)}`,
  });
}

type Stratum = DrawCommitment['strata'][number];

/**
 * A sealed draw's strata (draw/v1.1 section 7.1): the policy of each and the totals, never a
 * stratum's N or k, which could tell the tier of the enterprises selected from it.
 */
function sealedStrataSection(context: PageContext, strata: readonly Stratum[], totals: { poolSize: number; sampleSize: number }, drawn: boolean): SafeHtml {
  const format = (value: number) => formatNumber(context, value);
  return html`<h2 id="strata">${tr(context, '分层抽取比例与抽取总数', 'Stratum policies and the total sample')}</h2>
<p>${tr(
    context,
    '本次抽取为密封抽取：各层企业数和抽取数只公布其承诺值，不公布数字，以免推知被抽中企业所在的层（分层结果不公开）。每家企业可凭回执核对本层的数字；审计机关核对全部分层。',
    "This draw is sealed: each stratum's size and sample are published only as commitments, never as numbers, so that nobody can infer which stratum a selected enterprise is in (strata are not public). Each enterprise checks its own stratum's numbers with its receipt; auditors check every stratum.",
  )}${drawn ? '' : tr(context, ' 抽取尚未进行。', ' The draw is still to come.')}</p>
<div class="table-scroll"><table id="strata-table">
<thead><tr><th scope="col">${tr(context, '层', 'Stratum')}</th><th scope="col" class="number">${tr(context, '比例', 'Ratio')}</th><th scope="col" class="number">${tr(context, '最低数量', 'Minimum')}</th></tr></thead>
<tbody>${strata.map(
    (stratum) => html`<tr data-stratum="${stratum.label}"><th scope="row">${stratum.label}</th><td class="number">${stratum.ratio}</td><td class="number">${format(stratum.minimum)}</td></tr>`,
  )}</tbody></table></div>
<dl class="facts" id="sealed-totals"><dt>${tr(context, '对象库合计', 'Pool in all')}</dt><dd>${format(totals.poolSize)}</dd><dt>${tr(context, '抽取合计', 'Sample in all')}</dt><dd>${format(totals.sampleSize)}</dd></dl>`;
}

function strataSection(context: PageContext, strata: readonly (Stratum & { N: number; k: number })[], drawn: boolean): SafeHtml {
  const format = (value: number) => formatNumber(context, value);
  const chart = horizontalBarChart({
    id: 'strata-chart',
    title: tr(context, '各层对象库与抽取数', 'Pool and sample per stratum'),
    description: strata.map((stratum) => tr(context, `第 ${stratum.label} 层：对象库 ${format(stratum.N)}，抽取 ${format(stratum.k)}`, `Stratum ${stratum.label}: pool ${format(stratum.N)}, sample ${format(stratum.k)}`)).join(tr(context, '；', '; ')),
    legend: [
      { label: tr(context, '对象库', 'Pool'), className: 'chart-bar-pool' },
      { label: tr(context, '抽取数', 'Sample'), className: 'chart-bar-sample' },
    ],
    categories: strata.map((stratum) => ({
      label: stratum.label,
      bars: [
        { value: stratum.N, className: 'chart-bar-pool', title: tr(context, `${stratum.label} 层对象库：${format(stratum.N)}`, `${stratum.label}: pool ${format(stratum.N)}`) },
        { value: stratum.k, className: 'chart-bar-sample', title: tr(context, `${stratum.label} 层抽取：${format(stratum.k)}`, `${stratum.label}: sample ${format(stratum.k)}`) },
      ],
    })),
    format,
  });
  const totalN = strata.reduce((sum, stratum) => sum + stratum.N, 0);
  const totalK = strata.reduce((sum, stratum) => sum + stratum.k, 0);
  return html`<h2 id="strata">${tr(context, '分层与抽取数量', 'Strata and sample sizes')}</h2>
<p>${tr(
    context,
    '抽取数量 k = max(⌈N × 比例⌉, min(最低数量, N))，按整数计算。',
    'Sample size k = max(⌈N × ratio⌉, min(minimum, N)), in integers.',
  )}${drawn ? '' : tr(context, ' 抽取尚未进行。', ' The draw is still to come.')}</p>
<figure class="chart">${chart}<figcaption>${tr(context, '各层对象库与抽取数（数字见下表）', 'Pool and sample per stratum (numbers in the table below)')}</figcaption></figure>
<div class="table-scroll"><table id="strata-table">
<thead><tr><th scope="col">${tr(context, '层', 'Stratum')}</th><th scope="col" class="number">${tr(context, '对象库 N', 'Pool N')}</th><th scope="col" class="number">${tr(context, '比例', 'Ratio')}</th><th scope="col" class="number">${tr(context, '最低数量', 'Minimum')}</th><th scope="col" class="number">${tr(context, '抽取数 k', 'Sample k')}</th></tr></thead>
<tbody>${strata.map(
    (stratum) =>
      html`<tr data-stratum="${stratum.label}"><th scope="row">${stratum.label}</th><td class="number">${format(stratum.N)}</td><td class="number">${stratum.ratio}</td><td class="number">${format(stratum.minimum)}</td><td class="number">${format(stratum.k)}</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">${tr(context, '合计', 'Total')}</th><td class="number">${format(totalN)}</td><td></td><td></td><td class="number">${format(totalK)}</td></tr></tfoot>
</table></div>`;
}

function exclusionsSection(context: PageContext, exclusions: readonly { reason: string; count: number }[]): SafeHtml {
  const total = exclusions.reduce((sum, entry) => sum + entry.count, 0);
  return html`<h2 id="exclusions">${tr(context, '排除出对象库的企业', 'Enterprises excluded from the pool')}</h2>
${
  exclusions.length === 0
    ? html`<p>${tr(context, '没有企业被排除。', 'No enterprise was excluded.')}</p>`
    : html`<div class="table-scroll"><table id="exclusions-table"><thead><tr><th scope="col">${tr(context, '排除原因', 'Reason')}</th><th scope="col" class="number">${tr(context, '企业数', 'Enterprises')}</th></tr></thead>
<tbody>${exclusions.map((entry) => html`<tr data-reason="${entry.reason}"><td>${labelOf(EXCLUSION_REASONS, entry.reason, context.lang)} <code>${entry.reason}</code></td><td class="number">${formatNumber(context, entry.count)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row">${tr(context, '合计', 'Total')}</th><td class="number">${formatNumber(context, total)}</td></tr></tfoot></table></div>`
}`;
}

function selectedSection(context: PageContext, record: DrawRecord): SafeHtml {
  const showStratum = record.selected.some((member) => member.stratum !== undefined);
  const heading = {
    code: tr(context, '统一社会信用代码', 'Credit code'),
    name: tr(context, '企业名称', 'Name'),
    stratum: tr(context, '层', 'Stratum'),
    ticket: tr(context, '签号', 'Ticket'),
  };
  return html`<h2 id="selected">${tr(context, `抽中企业（${formatNumber(context, record.selected.length)} 家）`, `Selected enterprises (${formatNumber(context, record.selected.length)})`)}</h2>
<p>${tr(
    context,
    '按签号从小到大排列。签号 = 种子与统一社会信用代码的 SHA-256，每层签号最小的 k 家被抽中。签号共 78 位数字，此处只显示前几位，点击可展开完整签号。个体工商户只列信用代码。',
    'In ticket order. A ticket is the SHA-256 of the seed and the credit code; the k smallest tickets of each stratum are selected. A ticket has 78 digits: the first few are shown, click one for the full value. Sole traders are listed by credit code only.',
  )}</p>
<div class="table-scroll"><table id="selected-table" class="stacked">
<thead><tr><th scope="col" class="number">#</th><th scope="col">${heading.code}</th><th scope="col">${heading.name}</th>${showStratum ? html`<th scope="col">${heading.stratum}</th>` : ''}<th scope="col">${heading.ticket}</th></tr></thead>
<tbody>${record.selected.map(
    (member, index) =>
      html`<tr data-code="${member.code}"><td class="number" data-label="#">${index + 1}</td><td data-label="${heading.code}"><code class="credit-code">${member.code}</code></td><td data-label="${heading.name}">${member.name ?? ''}</td>${showStratum ? html`<td data-label="${heading.stratum}">${member.stratum ?? ''}</td>` : ''}<td data-label="${heading.ticket}">${ticketCode(context, member.ticket)}</td></tr>`,
  )}</tbody></table></div>`;
}

function downloads(context: PageContext, taskCode: string, drawn: boolean): SafeHtml {
  const urls = drawFileUrls(taskCode);
  return html`<ul class="downloads">
${drawn ? html`<li><a href="${urls.record}" download="${taskCode}-record.json">${tr(context, '签名的抽取记录（JSON）', 'Signed draw record (JSON)')}</a></li>` : ''}
<li><a href="${urls.commitment}" download="${taskCode}-commitment.json">${tr(context, '冻结承诺（JSON）', 'Freeze commitment (JSON)')}</a></li>
<li><a href="${urls.keys}" download="suiji-keys.json">${tr(context, '登记机关公钥（JSON）', "The bureau's public keys (JSON)")}</a></li>
${drawn ? html`<li><a href="${urls.serverReport}">${tr(context, '服务器的核验报告（JSON）', "The server's verification report (JSON)")}</a></li>` : ''}
</ul>`;
}

/** draw/v1.1: when the entropy was taken and the notice the freeze kept (absent in records made before). */
function entropyTimeFacts(context: PageContext, entropyAt: string | undefined, notice: number | undefined): [string, string][] {
  if (entropyAt === undefined || notice === undefined) return [];
  return [
    [tr(context, '公开熵产生时间', 'Entropy taken at'), formatTime(entropyAt)],
    [tr(context, '提前公告时长（冻结至公开熵的最短间隔）', 'Notice (minimum time from freeze to entropy)'), describeNotice(notice, context.lang)],
  ];
}

/** The title and body of a draw's page, from its published documents. */
function drawDetailContent(context: PageContext, id: string, draw: PublishedDraw, names: NameBook, method: TaskMethod | undefined): { title: string; body: SafeHtml } {
  const record = draw.envelope?.record;
  const commitment = draw.commitment?.record;
  const task = record?.task ?? commitment?.task ?? { code: id };
  const strata: readonly Stratum[] = record?.strata ?? commitment?.strata ?? [];
  const exclusions = record?.exclusions ?? commitment?.exclusions ?? [];
  const urls = drawFileUrls(id);
  const title = task.name ?? task.code;
  const facts: [string, SafeHtml | string][] = [
    [tr(context, '任务编号', 'Task code'), html`<code>${task.code}</code>`],
    [tr(context, '状态', 'Status'), statusText(context, record ? 'drawn' : 'frozen')],
    ...(task.year === undefined ? [] : [[tr(context, '年度与轮次', 'Year and round'), tr(context, `${task.year} 年第 ${task.round ?? 1} 轮`, `${task.year}, round ${task.round ?? 1}`)] as [string, string]]),
    ...(task.trigger === undefined ? [] : [[tr(context, '类型', 'Kind'), labelOf(TRIGGERS, task.trigger, context.lang)] as [string, string]]),
    ...(method && (method.mode !== 'on_site' || method.follows) ? [[tr(context, '检查方式', 'Method'), methodNote(context, method)] as [string, SafeHtml | string]] : []),
    [tr(context, '抽查事项', 'Inspection items'), itemNames(context, (task.items ?? []).map(names.item))],
    [tr(context, '参与部门', 'Departments'), departmentNames(context, (task.departments ?? []).map(names.department))],
    [tr(context, '公开方式', 'Visibility'), visibilityText(context, record?.visibility ?? commitment?.visibility ?? 'sealed')],
    [tr(context, '冻结时间', 'Frozen at'), formatTime(record?.frozenAt ?? commitment?.frozenAt)],
    ...(record?.drawnAt ? [[tr(context, '抽取时间', 'Drawn at'), formatTime(record.drawnAt)] as [string, string]] : []),
  ];
  const seedFacts: [string, SafeHtml | string][] = [
    [tr(context, '对象库承诺（Merkle 根）', 'Pool commitment (Merkle root)'), hexCode(record?.poolRoot ?? commitment?.poolRoot)],
    [tr(context, '随机数承诺 sha256(随机数)', 'Nonce commitment sha256(nonce)'), hexCode(record?.nonceCommitment ?? commitment?.nonceCommitment)],
    [tr(context, '公开熵来源（冻结时公布）', 'Source of public entropy (announced at freeze)'), describeEntropySource(record?.entropySource ?? commitment?.entropySource ?? '', context.lang)],
    ...entropyTimeFacts(context, record?.entropyAt ?? commitment?.entropyAt, record?.notice ?? commitment?.notice),
    ...(record
      ? ([
          [tr(context, '公开熵', 'Public entropy'), html`<code>${record.entropy ?? ''}</code>`],
          [tr(context, '随机数（抽取时揭示）', 'Nonce (revealed at the draw)'), hexCode(record.nonce)],
          [tr(context, '种子 = 随机数-公开熵', 'Seed = nonce-entropy'), hexCode(record.seed)],
          [tr(context, '记录哈希', 'Record hash'), hexCode(draw.envelope?.recordHash)],
          [tr(context, '签名公钥编号', 'Signing key id'), html`<code>${draw.envelope?.signature.keyId ?? ''}</code>`],
        ] as [string, SafeHtml | string][])
      : []),
  ];
  const visibility = record?.visibility ?? commitment?.visibility ?? 'sealed';
  const totals = publishedTotals(record ?? commitment ?? { strata });
  const poolSize = totals.poolSize;
  return {
    title,
    body: html`<h1>${title}</h1>
<p class="actions">${record ? html`<a class="button" id="verify-link" href="${urls.verifyPage}">${tr(context, '在浏览器中核验', 'Verify in your browser')}</a> ` : ''}<a class="button secondary" href="/receipt?draw=${encodeURIComponent(id)}">${tr(context, '企业：核对我的回执', 'Enterprises: check my receipt')}</a></p>
<dl class="facts" id="task-facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
<h2 id="seed">${tr(context, '种子与承诺', 'Seed and commitments')}</h2>
<p>${tr(
      context,
      '冻结时先公布对象库承诺和随机数承诺，此时种子还不存在；抽取时录入事先公布来源的公开熵，并揭示随机数。',
      'At freeze the pool and nonce commitments are published, before the seed exists; at the draw the public entropy from the announced source is entered and the nonce revealed.',
    )}</p>
<dl class="facts" id="seed-facts">${seedFacts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
<h2 id="pool">${tr(context, `对象库：${formatNumber(context, poolSize)} 家企业`, `Pool: ${formatNumber(context, poolSize)} enterprises`)}</h2>
${exclusionsSection(context, exclusions)}
${visibility === 'sealed' ? sealedStrataSection(context, strata, totals, record !== undefined) : strataSection(context, strata as (Stratum & { N: number; k: number })[], record !== undefined)}
${record ? selectedSection(context, record) : html`<p>${tr(context, '抽取尚未进行，抽中名单将在抽取后公示。', 'Not drawn yet: the selected enterprises are published after the draw.')}</p>`}
<h2 id="files">${tr(context, '下载与核验', 'Files to verify')}</h2>
${downloads(context, id, record !== undefined)}`,
  };
}

async function drawDetailPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const { id } = parseRequestPart(drawIdParamsSchema, request.params);
  // Once drawn, the page shows the record, its commitment, the task's method and the item and
  // department names as they are now: kept per record (its ETag) and version of the names, so
  // a renamed department shows at once (or, renamed elsewhere, within seconds), and no kept
  // page needs the database. The method is fixed at freeze, like the records.
  const [record, names] = [await deps.publishedDraws.record(id), await deps.publishedDraws.names()];
  const key = record && `draw:${id}:${record.etag}:${names.version}`;
  await sendSharedPage(request, response, context, deps.publicCache, key, async () => {
    const { draw, method } = await deps.database.readPublic(async (db) => ({ draw: await findPublishedDraw(db, id, deps.publishedDraws.texts), method: await findTaskMethod(db, id) }));
    if (!draw || (!draw.envelope && !draw.commitment)) throw new NotFoundError(tr(context, `没有任务 ${id} 的公示抽取。`, `Task ${id} has no published draw.`));
    return drawDetailContent(context, id, draw, names, method);
  });
}

export function registerDrawPages(router: Router, deps: ServedDependencies): void {
  router.get('/draws', (request, response) => drawListPage(request, response, deps));
  router.get('/draws/:id', (request, response) => drawDetailPage(request, response, deps));
}
