/**
 * /console/approvals (admin): the acts waiting for a second admin (four eyes, issue 13), with
 * approve and reject for other admins' proposals and withdraw for one's own.
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import { approverNameOf, decideApproval, describeApprovalIssue, listApprovals, statusOfApprovalIssue, type ApprovalRow, type Decision } from '../../application/approvals.ts';
import type { AppDependencies } from '../../http/app.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';
import { NotFoundError } from '../../http/problem.ts';
import { html } from '../html.ts';
import { csrfField, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { formText, successNotice } from './cycle-forms.ts';
import { formatLocalTime } from './shared.ts';
import { assertBureauKeys } from '../../http/bureau-key-guard.ts';

const APPROVALS_PATH = '/console/approvals';
const DECISIONS: readonly Decision[] = ['approve', 'reject', 'withdraw'];

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'fourEyes' | 'now'>;

function kindLabel(context: PageContext, approval: ApprovalRow): string {
  if (approval.kind === 'list_publication') return tr(context, '公布名单', 'Publish a list edition');
  if (approval.kind === 'result_correction') return tr(context, '更正已公示的检查结果', 'Correct a published inspection result');
  return 'derivation' in approval.payload ? tr(context, '采纳推算的抽查比例并公开', 'Adopt a derived sampling policy and publish it') : tr(context, '采纳已保存的抽查比例版本', 'Adopt a saved sampling-policy version');
}

function decisionButton(context: PageContext, approval: ApprovalRow, decision: Decision): ReturnType<typeof html> {
  const label = { approve: tr(context, '批准', 'Approve'), reject: tr(context, '驳回', 'Reject'), withdraw: tr(context, '撤回', 'Withdraw') }[decision];
  return html`<form method="post" action="${APPROVALS_PATH}/${String(approval.id)}/${decision}" class="inline">${csrfField(context)}<button type="submit" id="${decision}-${String(approval.id)}">${label}</button></form>`;
}

async function approvalsPage(deps: Deps, request: Request, response: Response, state: { status?: number; error?: string } = {}): Promise<void> {
  const context = pageContext(request, response);
  const me = approverNameOf(actorOf(principalOf(response)));
  const pending = await listApprovals(deps.database.db, { status: 'pending', limit: 200 });
  const decided = await listApprovals(deps.database.db, { limit: 20 });
  const title = tr(context, '待批准', 'Pending approvals');
  const done = typeof request.query.done === 'string' && (DECISIONS as readonly string[]).includes(request.query.done) ? request.query.done : undefined;
  const time = (at: Date) => formatLocalTime(context, at);
  sendPage(response, context, {
    ...(state.status ? { status: state.status } : {}),
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '四眼原则：采纳抽查比例和公布红黑榜须由一位管理员提出、另一位管理员批准；批准后立即执行，签名记录载明提出人和批准人（approvedBy）。',
      'Four eyes: adopting a sampling policy and publishing a red or black list are proposed by one admin and approved by another; an approval carries the act out at once and its signed record names both (approvedBy).',
    )}</p>
${deps.fourEyes === false ? html`<p class="notice">${tr(context, '本机关设置 FOUR_EYES=off（单人机关）：管理员直接执行，记录载明 fourEyes: false。', 'This bureau runs with FOUR_EYES=off (one person): admins act alone and the records say fourEyes: false.')}</p>` : ''}
${done ? successNotice(tr(context, '已处理。', 'Done.')) : ''}
${state.error ? html`<div class="notice error" role="alert"><p>${state.error}</p></div>` : ''}
${
  pending.length === 0
    ? html`<p>${tr(context, '没有待批准的申请。', 'Nothing is waiting for approval.')}</p>`
    : html`<div class="table-scroll"><table id="pending-approvals">
<thead><tr><th scope="col">#</th><th scope="col">${tr(context, '事项', 'Act')}</th><th scope="col">${tr(context, '对象', 'Subject')}</th><th scope="col">${tr(context, '提出人', 'Proposed by')}</th><th scope="col">${tr(context, '提出时间', 'Proposed at')}</th><th scope="col">${tr(context, '处理', 'Decide')}</th></tr></thead>
<tbody>${pending.map(
        (approval) => html`<tr><td>${String(approval.id)}</td><td>${kindLabel(context, approval)}</td><td><code>${approval.subject}</code></td><td>${approval.proposedBy}</td><td>${time(approval.proposedAt)}</td><td>${
          approval.proposedBy === me
            ? html`<span class="hint">${tr(context, '您提出的申请须由另一位管理员处理', 'Another admin must decide your proposal')}</span> ${decisionButton(context, approval, 'withdraw')}`
            : html`${decisionButton(context, approval, 'approve')} ${decisionButton(context, approval, 'reject')}`
        }</td></tr>`,
      )}</tbody></table></div>`
}
<h2>${tr(context, '最近的申请', 'Recent proposals')}</h2>
<ul class="plain">${decided.map(
      (approval) => html`<li>#${String(approval.id)} ${kindLabel(context, approval)} <code>${approval.subject}</code>: ${approval.proposedBy} → ${approval.status}${approval.decidedBy ? ` (${approval.decidedBy})` : ''}</li>`,
    )}</ul>`,
  });
}

export function registerApprovalPages(router: Router, deps: Deps): void {
  const admin = requirePageRole('admin');
  router.get(APPROVALS_PATH, admin, (request, response) => approvalsPage(deps, request, response));
  router.post(`${APPROVALS_PATH}/:id/:decision`, admin, requireReauthentication(deps.database.db), async (request, response) => {
    const id = Number(request.params.id);
    const decision = DECISIONS.find((entry) => entry === request.params.decision);
    if (!Number.isSafeInteger(id) || id < 1 || id > 2147483647 || !decision) throw new NotFoundError('No such approval page. 没有此页面。');
    assertBureauKeys(deps.bureauKeys, 'publish');
    const reason = formText(request, 'reason');
    const decided = await decideApproval(deps.database, deps.bureauKeys, id, decision, actorOf(principalOf(response)), { reason: reason === '' ? undefined : reason, ...(deps.now ? { now: deps.now() } : {}) });
    if (!decided.ok) {
      await approvalsPage(deps, request, response, { status: statusOfApprovalIssue(decided.error), error: describeApprovalIssue(decided.error, pageContext(request, response).lang) });
      return;
    }
    markActivityRecorded(response);
    response.redirect(303, `${APPROVALS_PATH}?done=${decision}`);
  });
}
