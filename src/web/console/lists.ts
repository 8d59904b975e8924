/**
 * Staff console: red and black lists (守信红榜 / 失信黑榜). Staff compute a candidate edition
 * for a period and review it: every member with its reason, legal basis and dates, and a
 * removal with its reason (kept). Publishing an edition and issuing exit notices are an
 * admin's: staff see those buttons disabled with the reason, and the server refuses a staff
 * POST with 403. The same use cases as the API (src/application/red-black-lists.ts).
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import { roleSatisfies } from '../../application/api-tokens.ts';
import { describeApprovalIssue, requestAct, statusOfApprovalIssue } from '../../application/approvals.ts';
import {
  computeCandidateEdition,
  currentList,
  describeListIssue,
  issueExitNotice,
  LIST_KINDS,
  listExitNotices,
  removeCandidateEntry,
  type ListIssue,
  type ListKind,
} from '../../application/red-black-lists.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import type { AppDependencies } from '../../http/app.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { ConflictError, NotFoundError } from '../../http/problem.ts';
import { listEditionSummaries } from '../../persistence/console-cycle-queries.ts';
import { findEdition, listEditionEntries } from '../../persistence/list-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { errorsOf, errorSummary, fieldError, formText, groupErrors, inputField, keysMissingNotice, NO_ERRORS, selectField, successNotice, type FieldErrors } from './cycle-forms.ts';
import { isCalendarDate } from '../../core/calendar-date.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';
import { assertBureauKeys } from '../../http/bureau-key-guard.ts';

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'fourEyes'>;

const ENTRIES_PER_PAGE = 200;
const EXIT_NOTICES_SHOWN = 20;

function listLabel(context: PageContext, list: ListKind): string {
  return list === 'red' ? tr(context, '守信红榜', 'red list') : tr(context, '失信黑榜', 'black list');
}

function editionPath(code: string): string {
  return `/console/lists/${encodeURIComponent(code)}`;
}

function issueErrors(issue: ListIssue): FieldErrors {
  const detail = describeListIssue(issue);
  switch (issue.code) {
    case 'invalid_period':
      return groupErrors([{ field: 'to', reason: detail }]);
    case 'reason_required':
      return groupErrors([{ field: 'reason', reason: detail }]);
    case 'not_listed':
    case 'already_exited':
      return groupErrors([{ field: 'creditCode', reason: detail }]);
    case 'exit_refused':
      return groupErrors([{ field: 'exitDate', reason: detail }]);
    default:
      return groupErrors([{ reason: detail }]);
  }
}

function requireKeys(deps: Deps): NonNullable<Deps['bureauKeys']> {
  assertBureauKeys(deps.bureauKeys, 'publish');
  return deps.bureauKeys;
}

interface ListsPageState {
  readonly status?: number;
  readonly form?: 'compute' | 'exit';
  readonly errors?: FieldErrors;
  readonly values?: Readonly<Record<string, string>>;
}

async function renderListsPage(deps: Deps, request: Request, response: Response, state: ListsPageState = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const isAdmin = roleSatisfies(context.principal.role, 'admin');
  const editions = await listEditionSummaries(db);
  const current = await Promise.all(LIST_KINDS.map(async (list) => ({ list, page: await currentList(db, list, { limit: 1 }) })));
  const notices = await listExitNotices(db, undefined, { limit: EXIT_NOTICES_SHOWN });
  const errorsFor = (form: ListsPageState['form']) => (state.form === form ? (state.errors ?? NO_ERRORS) : NO_ERRORS);
  const value = (form: ListsPageState['form'], name: string, fallback = '') => (state.form === form ? (state.values?.[name] ?? fallback) : fallback);
  const today = shanghaiDate(new Date());
  const notice = request.query.done === 'exit' ? successNotice(tr(context, '退出公告已签名公开。', 'The exit notice is signed and published.')) : '';

  sendPage(response, context, {
    status: state.status ?? 200,
    title: tr(context, '红黑榜审核', 'List review'),
    body: html`<h1>${tr(context, '红黑榜审核与公布', 'Red and black lists: review and publication')}</h1>
<p class="lead">${tr(
      context,
      '工作人员按认定标准生成候选名单并审核（移出须写明理由）；管理员公布名单、发布退出公告。只公开企业信息，不公开自然人信息和信用风险等级。',
      'Staff compute a candidate edition from the criteria and review it (a removal needs a reason); an administrator publishes editions and exit notices. Only enterprise data is published, never anything about natural persons, never a tier.',
    )}</p>
${notice}
${deps.bureauKeys ? '' : keysMissingNotice(context)}
<section aria-labelledby="current-heading">
<h2 id="current-heading">${tr(context, '当前公布的名单', 'Currently published')}</h2>
<ul>${current.map(
      ({ list, page }) =>
        html`<li>${listLabel(context, list)}：${
          page.edition
            ? html`<a href="${editionPath(page.edition.code)}"><code>${page.edition.code}</code></a> (${page.edition.period.from} – ${page.edition.period.to}) · <a href="/lists">${tr(context, '公示页面', 'public page')}</a> · <a id="${list}-list-xlsx" href="/api/public/lists/${list}?format=xlsx" download>Excel (.xlsx)</a> · <a href="/api/public/lists/${list}?format=csv" download>CSV</a>`
            : tr(context, '尚未公布', 'none published yet')
        }</li>`,
    )}</ul>
</section>
<section aria-labelledby="compute-heading">
<h2 id="compute-heading">${tr(context, '生成候选名单', 'Compute a candidate edition')}</h2>
<p class="hint">${tr(context, '同一名单同一截止日的候选名单会被重新计算（审核移出也会清除）；已公布的不能改变。', 'A candidate of the same list and period end is recomputed (its review removals are cleared); a published edition never changes.')}</p>
${errorSummary(context, errorsFor('compute'))}
<form method="post" action="/console/lists/compute" class="stack">
${csrfField(context)}
${selectField({ name: 'list', id: 'compute-list', label: tr(context, '名单', 'List'), value: value('compute', 'list', 'black'), choices: LIST_KINDS.map((list) => ({ value: list, label: listLabel(context, list) })), errors: errorsOf(errorsFor('compute'), 'list') })}
${inputField({ name: 'from', id: 'compute-from', type: 'date', label: tr(context, '期间起', 'Period from'), value: value('compute', 'from'), required: true, errors: errorsOf(errorsFor('compute'), 'from') })}
${inputField({ name: 'to', id: 'compute-to', type: 'date', label: tr(context, '期间止', 'Period to'), value: value('compute', 'to', today), required: true, errors: errorsOf(errorsFor('compute'), 'to') })}
<div><button type="submit">${tr(context, '生成', 'Compute')}</button></div>
</form>
</section>
<section aria-labelledby="editions-heading">
<h2 id="editions-heading">${tr(context, '各期名单', 'Editions')}</h2>
${
  editions.length === 0
    ? html`<p>${tr(context, '还没有名单。', 'No editions yet.')}</p>`
    : html`<div class="table-scroll"><table id="editions">
<thead><tr><th scope="col">${tr(context, '期次', 'Edition')}</th><th scope="col">${tr(context, '名单', 'List')}</th><th scope="col">${tr(context, '期间', 'Period')}</th><th scope="col">${tr(context, '状态', 'State')}</th><th scope="col" class="number">${tr(context, '在列', 'Entries')}</th><th scope="col" class="number">${tr(context, '审核移出', 'Removed')}</th><th scope="col">${tr(context, '时间', 'When')}</th></tr></thead>
<tbody>${editions.map(
        (edition) => html`<tr><td><a href="${editionPath(edition.code)}"><code>${edition.code}</code></a></td><td>${listLabel(context, edition.list)}</td><td>${edition.periodFrom} – ${edition.periodTo}</td><td>${
          edition.status === 'candidate' ? html`<span class="tag">${tr(context, '候选，待审核', 'candidate, in review')}</span>` : html`<span class="tag">${tr(context, '已公布', 'published')}</span>`
        }</td><td class="number">${formatNumber(context, edition.entries)}</td><td class="number">${formatNumber(context, edition.removed)}</td><td>${edition.publishedAt ?? edition.computedAt}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section aria-labelledby="exit-heading">
<h2 id="exit-heading">${tr(context, '退出公告', 'Exit notices')}</h2>
${
  notices.length === 0
    ? html`<p>${tr(context, '暂无退出公告。', 'No exit notices yet.')}</p>`
    : html`<div class="table-scroll"><table id="exit-notices">
<thead><tr><th scope="col">${tr(context, '名单', 'List')}</th><th scope="col">${tr(context, '企业', 'Enterprise')}</th><th scope="col">${tr(context, '列入日期', 'Entered')}</th><th scope="col">${tr(context, '退出日期', 'Exit')}</th><th scope="col">${tr(context, '原因', 'Cause')}</th></tr></thead>
<tbody>${notices.map(({ envelope }) => {
        const record = envelope.record;
        return html`<tr><td>${listLabel(context, record.list)}</td><td><code>${record.creditCode}</code> ${record.name}</td><td>${record.entryDate}</td><td>${record.exitDate}</td><td>${
          record.cause === 'expiry' ? tr(context, '期满', 'expiry') : html`${tr(context, '信用修复', 'credit repair')} ${record.repairDecision ?? ''}`
        }</td></tr>`;
      })}</tbody></table></div>`
}
<h3>${tr(context, '发布退出公告', 'Issue an exit notice')}</h3>
${isAdmin ? '' : html`<p class="hint" id="exit-hint">${tr(context, '发布退出公告需要管理员角色。', 'Issuing an exit notice needs the admin role.')}</p>`}
${errorSummary(context, errorsFor('exit'))}
<form method="post" action="/console/lists/exit-notices" class="stack">
${csrfField(context)}
${selectField({ name: 'list', id: 'exit-list', label: tr(context, '名单', 'List'), value: value('exit', 'list', 'black'), choices: LIST_KINDS.map((list) => ({ value: list, label: listLabel(context, list) })) })}
${inputField({ name: 'creditCode', id: 'exit-code', label: tr(context, '统一社会信用代码', 'Credit code'), value: value('exit', 'creditCode'), required: true, errors: errorsOf(errorsFor('exit'), 'creditCode') })}
${selectField({
  name: 'cause',
  id: 'exit-cause',
  label: tr(context, '退出原因', 'Cause'),
  value: value('exit', 'cause', 'expiry'),
  choices: [
    { value: 'expiry', label: tr(context, '期满', 'expiry') },
    { value: 'credit_repair', label: tr(context, '信用修复', 'credit repair') },
  ],
  errors: errorsOf(errorsFor('exit'), 'cause'),
})}
${inputField({ name: 'exitDate', id: 'exit-date', type: 'date', label: tr(context, '退出日期', 'Exit date'), value: value('exit', 'exitDate', today), required: true, errors: errorsOf(errorsFor('exit'), 'exitDate') })}
${inputField({ name: 'repairDecision', id: 'exit-decision', label: tr(context, '信用修复决定书文号（信用修复时必填）', 'Credit repair decision reference (for credit repair)'), value: value('exit', 'repairDecision'), errors: errorsOf(errorsFor('exit'), 'repairDecision') })}
<div><button type="submit"${isAdmin && deps.bureauKeys ? '' : html` disabled`}${isAdmin ? '' : html` aria-describedby="exit-hint"`}>${tr(context, '发布退出公告', 'Issue the exit notice')}</button></div>
</form>
</section>`,
  });
}

interface EditionPageState {
  readonly status?: number;
  readonly notice?: SafeHtml;
  /** Removal errors of one entry. */
  readonly removal?: { readonly creditCode: string; readonly reason: string; readonly errors: FieldErrors };
}

async function renderEditionPage(deps: Deps, request: Request, response: Response, code: string, state: EditionPageState = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const edition = await findEdition(db, code);
  if (!edition) throw new NotFoundError(`No list edition ${code}. 没有名单 ${code}。`);
  const after = typeof request.query.after === 'string' ? request.query.after : undefined;
  const rows = await listEditionEntries(db, edition.id, { includeRemoved: true, after, limit: ENTRIES_PER_PAGE + 1 });
  const entries = rows.slice(0, ENTRIES_PER_PAGE);
  const summary = (await listEditionSummaries(db)).find((row) => row.code === code);
  const isAdmin = roleSatisfies(context.principal.role, 'admin');
  const candidate = edition.status === 'candidate';
  let notice = state.notice;
  if (!notice && request.query.done === 'computed') notice = successNotice(tr(context, '候选名单已生成，请审核。', 'The candidate edition is computed; please review it.'));
  if (!notice && request.query.done === 'removed') notice = successNotice(tr(context, '已移出，理由已记录。', 'Removed; the reason is kept.'));
  if (!notice && request.query.done === 'proposed') {
    notice = successNotice(tr(context, '已提交公布申请：须由另一位管理员在“待批准”中批准后才公布（四眼原则）。', 'Proposed for publication: another admin approves it under "Pending approvals" before it is published (four eyes).'));
  }
  if (!notice && request.query.done === 'published') notice = successNotice(tr(context, '名单已签名公布并写入公示日志。', 'The edition is signed, published and in the publication log.'));

  const removalForm = (creditCode: string, index: number): SafeHtml => {
    const mine = state.removal?.creditCode === creditCode ? state.removal : undefined;
    const errors = mine ? errorsOf(mine.errors, 'reason') : [];
    const id = `remove-reason-${index}`;
    return html`<form method="post" action="${editionPath(code)}/removals" class="removal">
${csrfField(context)}<input type="hidden" name="creditCode" value="${creditCode}">
<label for="${id}" class="visually-hidden">${tr(context, `移出 ${creditCode} 的理由`, `Reason to remove ${creditCode}`)}</label>
<input type="text" id="${id}" name="reason" value="${mine?.reason ?? ''}" placeholder="${tr(context, '移出理由', 'Reason')}"${errors.length > 0 ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
<button type="submit" class="secondary">${tr(context, '移出', 'Remove')}</button>
${fieldError(id, errors)}
</form>`;
  };

  sendPage(response, context, {
    status: state.status ?? 200,
    title: `${tr(context, '名单', 'Edition')} ${edition.code}`,
    body: html`<p><a href="/console/lists">← ${tr(context, '红黑榜审核', 'List review')}</a></p>
<h1>${listLabel(context, edition.list)} <code>${edition.code}</code> <span class="tag">${candidate ? tr(context, '候选，待审核', 'candidate, in review') : tr(context, '已公布', 'published')}</span></h1>
${notice ?? ''}
${state.removal && !state.removal.errors.has('reason') ? errorSummary(context, state.removal.errors) : ''}
${state.removal && state.removal.errors.has('reason') ? errorSummary(context, state.removal.errors, tr(context, '未移出：', 'Not removed:')) : ''}
<dl class="facts">
<dt>${tr(context, '期间', 'Period')}</dt><dd>${edition.periodFrom} – ${edition.periodTo}</dd>
<dt>${tr(context, '认定标准', 'Criteria')}</dt><dd><code>${edition.criteriaKey}</code></dd>
<dt>${tr(context, '在列 / 审核移出', 'Entries / removed')}</dt><dd>${formatNumber(context, summary?.entries ?? 0)} / ${formatNumber(context, summary?.removed ?? 0)}</dd>
${edition.publishedAt ? html`<dt>${tr(context, '公布时间', 'Published')}</dt><dd>${summary?.publishedAt ?? ''} · <code>${edition.recordHash ?? ''}</code></dd>` : ''}
</dl>
${
  candidate
    ? html`<section aria-labelledby="publish-heading">
<h2 id="publish-heading">${tr(context, '公布', 'Publish')}</h2>
${deps.bureauKeys ? '' : keysMissingNotice(context)}
<p class="hint" id="publish-hint">${
        isAdmin
          ? tr(context, '公布后名单签名并写入公示日志，不能再修改。', 'Once published the edition is signed and logged, and never changes.')
          : tr(context, '公布名单需要管理员角色：请审核完毕后交管理员公布。', 'Publishing needs the admin role: when the review is done, ask an administrator to publish.')
      }</p>
<form method="post" action="${editionPath(code)}/publish">${csrfField(context)}<button type="submit" id="publish"${isAdmin && deps.bureauKeys ? '' : html` disabled`} aria-describedby="publish-hint">${tr(context, '签名公布本期名单', 'Sign and publish this edition')}</button></form>
</section>`
    : ''
}
<section aria-labelledby="members-heading">
<h2 id="members-heading">${tr(context, '名单成员', 'Members')}</h2>
${
  entries.length === 0
    ? html`<p>${tr(context, '本期没有成员。', 'This edition has no members.')}</p>`
    : html`<div class="table-scroll"><table id="members">
<thead><tr><th scope="col">${tr(context, '企业名称', 'Name')}</th><th scope="col">${tr(context, '统一社会信用代码', 'Credit code')}</th><th scope="col">${tr(context, '列入事由', 'Reason')}</th><th scope="col">${tr(context, '设定依据', 'Legal basis')}</th><th scope="col">${tr(context, '列入日期', 'Entered')}</th><th scope="col">${tr(context, '有效期至', 'Expires')}</th><th scope="col">${tr(context, '审核', 'Review')}</th></tr></thead>
<tbody>${entries.map(
        (entry, index) => html`<tr${entry.removedReason ? html` class="removed"` : ''}><td>${entry.name}</td><td><code>${entry.creditCode}</code></td><td>${entry.reason}</td><td>${entry.legalBasis}</td><td>${entry.entryDate}</td><td>${entry.expiry}</td><td>${
          entry.removedReason
            ? html`<strong>${tr(context, '已移出：', 'Removed: ')}</strong>${entry.removedReason}`
            : candidate
              ? removalForm(entry.creditCode, index)
              : tr(context, '在列', 'listed')
        }</td></tr>`,
      )}</tbody></table></div>
${rows.length > ENTRIES_PER_PAGE ? html`<p class="pager"><a href="${editionPath(code)}?after=${encodeURIComponent(entries[entries.length - 1]!.creditCode)}">${tr(context, '下一页', 'Next page')} →</a></p>` : ''}`
}
</section>`,
  });
}

function editionOf(request: Request): string {
  const code = request.params.edition;
  if (typeof code !== 'string' || code === '') throw new NotFoundError('No edition given.');
  return code;
}

/** GET /console/lists, GET /console/lists/:edition and the review, publication and exit POST routes. */
export function registerListPages(router: Router, deps: Deps): void {
  const { db } = deps.database;
  const staff = requirePageRole('staff');
  const admin = requirePageRole('admin');

  router.get('/console/lists', staff, async (request, response) => {
    await renderListsPage(deps, request, response);
  });

  router.post('/console/lists/compute', staff, async (request, response) => {
    const values = { list: formText(request, 'list'), from: formText(request, 'from'), to: formText(request, 'to') };
    const list = (LIST_KINDS as readonly string[]).includes(values.list) ? (values.list as ListKind) : undefined;
    if (!list) {
      await renderListsPage(deps, request, response, { status: 400, form: 'compute', values, errors: groupErrors([{ field: 'list', reason: 'choose the red or the black list' }]) });
      return;
    }
    const computed = await computeCandidateEdition(deps.database, { list, from: values.from, to: values.to });
    if (!computed.ok) {
      await renderListsPage(deps, request, response, { status: computed.error.code === 'edition_published' ? 409 : 400, form: 'compute', values, errors: issueErrors(computed.error) });
      return;
    }
    response.redirect(303, `${editionPath(computed.value.edition)}?done=computed`);
  });

  router.post('/console/lists/exit-notices', admin, async (request, response) => {
    const values = { list: formText(request, 'list'), creditCode: normaliseCreditCode(formText(request, 'creditCode')), cause: formText(request, 'cause'), exitDate: formText(request, 'exitDate'), repairDecision: formText(request, 'repairDecision') };
    const list = (LIST_KINDS as readonly string[]).includes(values.list) ? (values.list as ListKind) : 'black';
    const cause = values.cause === 'credit_repair' ? 'credit_repair' : 'expiry';
    if (!isCalendarDate(values.exitDate)) {
      await renderListsPage(deps, request, response, { status: 400, form: 'exit', values, errors: groupErrors([{ field: 'exitDate', reason: tr(pageContext(request, response), '须为真实日期（年-月-日）', 'must be a real date YYYY-MM-DD') }]) });
      return;
    }
    const issued = await issueExitNotice(deps.database, requireKeys(deps), { list, creditCode: values.creditCode, cause, exitDate: values.exitDate, ...(values.repairDecision ? { repairDecision: values.repairDecision } : {}) });
    if (!issued.ok) {
      await renderListsPage(deps, request, response, { status: issued.error.code === 'not_listed' ? 404 : 409, form: 'exit', values, errors: issueErrors(issued.error) });
      return;
    }
    response.redirect(303, '/console/lists?done=exit');
  });

  router.get('/console/lists/:edition', staff, async (request, response) => {
    await renderEditionPage(deps, request, response, editionOf(request));
  });

  router.post('/console/lists/:edition/removals', staff, async (request, response) => {
    const code = editionOf(request);
    const creditCode = normaliseCreditCode(formText(request, 'creditCode'));
    const reason = formText(request, 'reason');
    const removed = await removeCandidateEntry(db, code, creditCode, reason, principalOf(response).tokenId);
    if (removed.ok) {
      response.redirect(303, `${editionPath(code)}?done=removed`);
      return;
    }
    if (removed.error.code === 'unknown_edition') throw new NotFoundError(describeListIssue(removed.error));
    const status = removed.error.code === 'reason_required' ? 400 : removed.error.code === 'no_such_entry' ? 404 : 409;
    await renderEditionPage(deps, request, response, code, { status, removal: { creditCode, reason, errors: issueErrors(removed.error) } });
  });

  router.post('/console/lists/:edition/publish', admin, requireReauthentication(db), async (request, response) => {
    const code = editionOf(request);
    const requested = await requestAct(deps.database, requireKeys(deps), { kind: 'list_publication', edition: code }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
    if (requested.ok) {
      markActivityRecorded(response);
      response.redirect(303, `${editionPath(code)}?done=${requested.value.status === 'proposed' ? 'proposed' : 'published'}`);
      return;
    }
    const detail = describeApprovalIssue(requested.error, pageContext(request, response).lang);
    if (statusOfApprovalIssue(requested.error) === 404) throw new NotFoundError(detail);
    throw new ConflictError(detail);
  });
}
