/**
 * 自查报告 on /enterprise (issue 17): for each self-inspection task that selected the
 * signed-in enterprise, a form (per item: what it checked, 符合 or 发现问题已整改 and what it
 * corrected; the commitment 承诺书 to accept) and its reports with their status and receipt
 * (the SHA-256 of the submitted content). Reports are not published.
 */
import type { Request } from 'express';
import type { OwnSelfInspection, ReportSubmission, SelfInspectionReportRow } from '../../application/self-inspection.ts';
import { SELF_INSPECTION_COMMITMENTS, SELF_INSPECTION_FINDINGS, CURRENT_COMMITMENT_VERSION, type SelfInspectionFindingCode } from '../../core/self-inspection.ts';
import { formText, selectField, successNotice, textareaField } from '../console/cycle-forms.ts';
import { formatLocalTime } from '../console/shared.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, tr, type PageContext } from '../page.ts';
import type { Bilingual } from '../public/labels.ts';

/** 符合 / 发现问题已整改, for forms and review pages. */
export const FINDING_LABELS: Record<SelfInspectionFindingCode, Bilingual> = {
  compliant: ['符合', 'Compliant'],
  corrected: ['发现问题已整改', 'Problem found and corrected'],
};

/** The review state of a report version. */
export const REPORT_STATUS_LABELS: Record<SelfInspectionReportRow['status'], Bilingual> = {
  submitted: ['待审核', 'Waiting for review'],
  accepted: ['已受理', 'Accepted'],
  returned: ['已退回', 'Returned'],
};

export const SELF_INSPECTION_FORM_PATH = '/enterprise/self-inspection';

const label = (context: PageContext, pair: Bilingual) => tr(context, pair[0], pair[1]);
const fieldId = (task: string, item: string, field: string) => `${field}-${task}-${item}`.replace(/[^0-9A-Za-z_-]/g, '_');

/** The submission a form post makes (the credit code comes from the sign-in). */
export function readReportForm(request: Request, task: { readonly code: string; readonly items: readonly { readonly code: string }[] }, creditCode: string): ReportSubmission {
  return {
    taskCode: task.code,
    creditCode,
    findings: task.items.map((item) => {
      const finding: SelfInspectionFindingCode = formText(request, `finding-${item.code}`) === 'corrected' ? 'corrected' : 'compliant';
      const corrected = formText(request, `corrected-${item.code}`);
      return { itemCode: item.code, checked: formText(request, `checked-${item.code}`), finding, ...(finding === 'corrected' ? { corrected } : {}) };
    }),
    commitmentAccepted: formText(request, 'commitment') === CURRENT_COMMITMENT_VERSION,
  };
}

function reportList(context: PageContext, reports: readonly SelfInspectionReportRow[]): SafeHtml | '' {
  if (reports.length === 0) return '';
  return html`<ol class="plain reports">${reports.map(
    (report) => html`<li data-report="${String(report.id)}" data-status="${report.status}"><p><strong>${tr(context, `第 ${report.version} 版`, `Version ${report.version}`)}</strong> · ${label(context, REPORT_STATUS_LABELS[report.status])} <span class="hint">${report.submittedAt}</span></p>
<p>${tr(context, '提交回执（SHA-256）：', 'Receipt of submission (SHA-256): ')}<code class="mono receipt-digest">${report.contentHash}</code></p>
${report.returnReason ? html`<p class="answer"><strong>${tr(context, '退回理由：', 'Returned because: ')}</strong>${report.returnReason} <span class="hint">${report.reviewedAt ? formatLocalTime(context, report.reviewedAt) : ''}</span></p>` : ''}
</li>`,
  )}</ol>`;
}

function reportForm(context: PageContext, task: OwnSelfInspection): SafeHtml {
  const commitment = SELF_INSPECTION_COMMITMENTS[CURRENT_COMMITMENT_VERSION];
  return html`<form method="post" action="${SELF_INSPECTION_FORM_PATH}/${encodeURIComponent(task.code)}" id="${fieldId(task.code, 'form', 'report')}" class="self-inspection-form">${csrfField(context)}
${task.items.map(
  (item) => html`<fieldset><legend>${item.name} <span class="hint">${item.code}</span></legend>
${textareaField({ name: `checked-${item.code}`, id: fieldId(task.code, item.code, 'checked'), label: tr(context, '自查内容（检查了什么）', 'What you checked'), required: true, rows: 3 })}
${selectField({ name: `finding-${item.code}`, id: fieldId(task.code, item.code, 'finding'), label: tr(context, '自查结果', 'What you found'), choices: SELF_INSPECTION_FINDINGS.map((finding) => ({ value: finding, label: label(context, FINDING_LABELS[finding]) })) })}
${textareaField({ name: `corrected-${item.code}`, id: fieldId(task.code, item.code, 'corrected'), label: tr(context, '整改情况（发现问题时填写）', 'What you corrected (when you found a problem)'), rows: 3 })}
</fieldset>`,
)}
<fieldset class="commitment"><legend>${tr(context, '承诺书', 'Commitment')} <span class="hint">${CURRENT_COMMITMENT_VERSION}</span></legend>
<blockquote lang="zh">${commitment.zh}</blockquote>
<blockquote lang="en">${commitment.en}</blockquote>
<p><input type="checkbox" id="${fieldId(task.code, 'commitment', 'accept')}" name="commitment" value="${CURRENT_COMMITMENT_VERSION}" required> <label for="${fieldId(task.code, 'commitment', 'accept')}" class="inline-label">${tr(context, '本企业已阅读并作出上述承诺', 'We have read and make this commitment')}</label></p>
</fieldset>
<button type="submit">${tr(context, '提交自查报告', 'Submit the self-inspection report')}</button>
</form>`;
}

/**
 * The section of the enterprise's page: nothing when no self-inspection task selected it.
 *
 * @example selfInspectionSection(context, await findOwnSelfInspections(db, code, today), { submitted: true })
 */
export function selfInspectionSection(context: PageContext, tasks: readonly OwnSelfInspection[], state: { readonly submitted?: boolean; readonly error?: string | undefined }): SafeHtml | '' {
  if (tasks.length === 0) return '';
  return html`<h2 id="self-inspection">${tr(context, '自查报告（承诺式检查）', 'Self-inspection reports (inspection by commitment)')}</h2>
<p class="hint">${tr(
    context,
    '贵企业被以下自查任务抽中：请在截止日期前按事项逐项自查，填写自查情况并作出承诺。提交后显示的回执是所提交内容的 SHA-256 摘要。登记机关审核后可能退回，退回后请修改并重新提交。自查报告不公开；受理后的结果以“自查”方式公示。',
    'Your enterprise was selected by these self-inspection tasks: by the due date, check each item, report what you found and make the commitment. The receipt shown after submission is the SHA-256 digest of what you submitted. The bureau may return a report; then correct and resubmit it. Reports are not published; once accepted, the results are published with the method “self-inspection”.',
  )}</p>
${state.submitted ? successNotice(tr(context, '已提交，请保存回执。', 'Submitted; keep the receipt.')) : ''}
${state.error ? html`<div class="notice error" role="alert"><p>${state.error}</p></div>` : ''}
${tasks.map(
  (task) => html`<section class="self-inspection" data-task="${task.code}"><h3>${task.code} · ${task.name}</h3>
<p>${tr(context, `提交截止：${task.reportDue}（含当日）`, `Due by ${task.reportDue} (inclusive)`)}</p>
${reportList(context, task.reports)}
${task.open ? reportForm(context, task) : ''}
</section>`,
)}`;
}
