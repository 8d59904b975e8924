/**
 * A background job's page in the console (后台作业): its kind, state, progress while it runs
 * (the page refreshes itself every two seconds until the job ends), counts, the link to its
 * outcome, or the reason it failed in the reader's language.
 */
import type { Router } from 'express';
import { progressFraction, type JobKind, type JobState } from '../../core/jobs.ts';
import type { AppDependencies } from '../../http/app.ts';
import { NotFoundError, parseRequestPart } from '../../http/problem.ts';
import { jobParamsSchema } from '../../http/schemas/jobs.ts';
import { findJob } from '../../persistence/job-repository.ts';
import { html } from '../html.ts';
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

function named(context: PageContext, [zh, en]: readonly [string, string]): string {
  return tr(context, zh, en);
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
</section>`
    : ''
}
${
  job.counts
    ? html`<dl class="facts" id="job-counts">${Object.entries(job.counts).map(([name, count]) => html`<dt>${name}</dt><dd>${formatNumber(context, count)}</dd>`)}</dl>`
    : ''
}
${job.resultLink ? html`<p><a id="job-result" href="${job.resultLink}">${tr(context, '查看结果', 'See the outcome')}</a></p>` : ''}
${job.error ? html`<p class="notice error" role="alert" id="job-error">${tr(context, '作业失败：', 'The job failed: ')}${tr(context, job.error.zh, job.error.en)}</p>` : ''}`,
    });
  });
}
