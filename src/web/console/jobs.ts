/**
 * A background job's page in the console (后台作业): its kind, state, progress while it runs
 * (the page refreshes itself every two seconds until the job ends), counts, the link to its
 * outcome, or the reason it failed in the reader's language. An import job's page shows the
 * rows read, applied and rejected while it runs, and then the import's report (also when the
 * file was refused whole), as the import page used to.
 */
import type { Router } from 'express';
import type { ImportFormat, ImportReport } from '../../application/import-directory.ts';
import type { JobRow } from '../../application/jobs.ts';
import { progressFraction, type JobKind, type JobState } from '../../core/jobs.ts';
import type { AppDependencies } from '../../http/app.ts';
import { NotFoundError, parseRequestPart } from '../../http/problem.ts';
import { jobParamsSchema } from '../../http/schemas/jobs.ts';
import { findJob } from '../../persistence/job-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { importReportSection } from './imports.ts';
import { formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { formatInstant } from './shared.ts';

const KIND_NAMES: Readonly<Record<JobKind, readonly [string, string]>> = {
  evaluation: ['信用风险分类评价', 'Evaluation'],
  freeze: ['冻结检查对象', 'Freeze'],
  draw: ['抽取', 'Draw'],
  results: ['公示检查结果', 'Results publication'],
  list: ['生成红黑名单', 'List building'],
  import: ['导入', 'Import'],
};

const STATE_NAMES: Readonly<Record<JobState, readonly [string, string]>> = {
  queued: ['排队中', 'Queued'],
  running: ['运行中', 'Running'],
  succeeded: ['已完成', 'Succeeded'],
  failed: ['失败', 'Failed'],
};

/** Names of the counts jobs report (others show as stored). */
const COUNT_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  rowsRead: ['已读行数', 'Rows read'],
  rowsApplied: ['已写入行数', 'Rows applied'],
  rowsRejected: ['被拒绝行数', 'Rows rejected'],
  totalRows: ['总行数', 'Rows'],
  inserted: ['新增', 'Inserted'],
  updated: ['更新', 'Updated'],
  rejected: ['拒绝', 'Rejected'],
};

function countName(context: PageContext, name: string): string {
  const names = COUNT_NAMES[name];
  return names ? named(context, names) : name;
}

function named(context: PageContext, [zh, en]: readonly [string, string]): string {
  return tr(context, zh, en);
}

/** The report of an import job that ended: its result, or the report its refusal (422) carries. */
function importReportOf(job: JobRow): ImportReport | undefined {
  if (job.kind !== 'import') return undefined;
  if (job.state === 'succeeded') return job.result as ImportReport;
  return (job.error?.details?.['report'] as ImportReport | undefined) ?? undefined;
}

function importReport(context: PageContext, job: JobRow): SafeHtml | '' {
  const report = importReportOf(job);
  if (!report) return '';
  const input = job.input as { sourceName?: string; format?: ImportFormat };
  return html`${importReportSection(context, input.sourceName ?? '', input.format ?? 'csv', report)}
<p><a href="/console/imports">${tr(context, '再导入一个文件', 'Import another file')}</a></p>`;
}

/**
 * @example registerConsoleJobPages(router, deps) // GET /console/jobs/12
 */
export function registerConsoleJobPages(router: Router, deps: AppDependencies): void {
  router.get('/console/jobs/:id', requirePageRole('staff'), async (request, response) => {
    const context = pageContext(request, response);
    const { id } = parseRequestPart(jobParamsSchema, request.params);
    const job = await findJob(deps.database.db, id);
    if (!job) throw new NotFoundError(tr(context, `没有作业 ${id}。`, `No job ${id}.`));
    const title = tr(context, `作业 ${job.id}：${named(context, KIND_NAMES[job.kind])}`, `Job ${job.id}: ${named(context, KIND_NAMES[job.kind])}`);
    const unfinished = job.state === 'queued' || job.state === 'running';
    const progress = job.progress;
    sendPage(response, context, {
      title,
      body: html`<h1>${title}</h1>
${unfinished ? html`<meta http-equiv="refresh" content="2">` : ''}
<dl class="facts" id="job-facts">
<dt>${tr(context, '状态', 'State')}</dt><dd id="job-state">${named(context, STATE_NAMES[job.state])}</dd>
<dt>${tr(context, '尝试次数', 'Attempts')}</dt><dd>${formatNumber(context, job.attempts)}</dd>
<dt>${tr(context, '提交（北京时间）', 'Queued (Beijing)')}</dt><dd>${formatInstant(job.createdAt.toISOString())}</dd>
<dt>${tr(context, '开始（北京时间）', 'Started (Beijing)')}</dt><dd>${formatInstant(job.startedAt?.toISOString() ?? null)}</dd>
<dt>${tr(context, '结束（北京时间）', 'Finished (Beijing)')}</dt><dd>${formatInstant(job.finishedAt?.toISOString() ?? null)}</dd>
</dl>
${
  progress
    ? html`<section aria-labelledby="job-progress-heading">
<h2 id="job-progress-heading">${tr(context, '进度', 'Progress')}</h2>
<progress id="job-progress-bar" max="1" value="${progressFraction(progress)}">${formatNumber(context, progress.done)} / ${formatNumber(context, progress.total)}</progress>
<p role="status" id="job-progress-text">${formatNumber(context, progress.done)} / ${formatNumber(context, progress.total)}${unfinished ? tr(context, '，页面会自动更新。', '; this page updates itself.') : ''}</p>
${
  progress.counts
    ? html`<dl class="facts" id="job-progress-counts">${Object.entries(progress.counts).map(
        ([name, count]) => html`<dt>${countName(context, name)}</dt><dd data-count="${name}">${formatNumber(context, count)}</dd>`,
      )}</dl>`
    : ''
}
</section>`
    : ''
}
${
  job.counts
    ? html`<dl class="facts" id="job-counts">${Object.entries(job.counts).map(([name, count]) => html`<dt>${countName(context, name)}</dt><dd>${formatNumber(context, count)}</dd>`)}</dl>`
    : ''
}
${job.resultLink ? html`<p><a id="job-result" href="${job.resultLink}">${tr(context, '查看结果', 'See the outcome')}</a></p>` : ''}
${job.error ? html`<p class="notice error" role="alert" id="job-error">${tr(context, '作业失败：', 'The job failed: ')}${tr(context, job.error.zh, job.error.en)}</p>` : ''}
${importReport(context, job)}`,
    });
  });
}
