/**
 * The plan page's inspection items (抽查事项清单) section: every item with its current sampling
 * policy version for the year (earlier versions folded away, adoption shown per version),
 * and the form that adds or changes an item.
 */
import type { Router } from 'express';
import { saveInspectionItem } from '../../../application/inspection-plan.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr, type PageContext } from '../../page.ts';
import { errorsOf, errorSummary, formText, inputField, textareaField } from '../cycle-forms.ts';
import { adoptionCell } from './policies.ts';
import { fromPlanIssues, refusal, TIER_LABELS, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

function tierCell(context: PageContext, tier: { ratio: string; minimum: number; frequency: number } | null | undefined): SafeHtml {
  if (!tier) return html`<td>—</td>`;
  return html`<td>${tier.ratio}<br><span class="hint">${tr(context, '最少', 'min')} ${tier.minimum} · ${tr(context, '每年', 'per year')} ${tier.frequency}</span></td>`;
}

/** The items table with each item's current policy, and the item form. */
export function renderItemsSection(view: PlanView): SafeHtml {
  const { context, year, items, versions, isAdmin } = view;
  const form = view.form('item');
  return html`<section aria-labelledby="items-heading">
<h2 id="items-heading">${tr(context, '抽查事项与抽查比例', 'Inspection items and sampling policies')}</h2>
<p class="hint">${tr(context, `抽查比例为 ${year} 年度的当前版本；每次保存新增一个版本，旧版本保留。冻结只使用管理员采纳的最新版本。`, `Policies are the current ${year} versions; every save adds a version and keeps the old ones. A freeze uses the newest version an admin adopted.`)}</p>
${
  items.length === 0
    ? html`<p>${tr(context, '还没有抽查事项。', 'No inspection items yet.')}</p>`
    : html`<div class="table-scroll"><table id="items">
<thead><tr><th scope="col">${tr(context, '编码', 'Code')}</th><th scope="col">${tr(context, '名称', 'Name')}</th><th scope="col">${tr(context, '部门', 'Department')}</th><th scope="col">${tr(context, '设定依据', 'Legal basis')}</th><th scope="col">${tr(context, '版本', 'Version')}</th>${TIER_LABELS.map(
        (tier) => html`<th scope="col">${tier}</th>`,
      )}<th scope="col">${tr(context, '不分层', 'Untiered')}</th><th scope="col" class="number">${tr(context, '年度上限', 'Cap')}</th></tr></thead>
<tbody>${items.map((item) => {
        const itemVersions = versions.get(item.code) ?? [];
        const current = itemVersions[0];
        return html`<tr><th scope="row"><code>${item.code}</code></th><td>${item.name}${item.keyArea ? html` <span class="tag">${tr(context, '重点领域', 'key area')}</span>` : ''}<br><span class="hint">${item.category}</span></td><td>${item.department}</td><td>${item.legalBasis}</td><td>${
          current
            ? html`v${current.version} ${adoptionCell(context, current, isAdmin)}${current.overrideReason ? html`<br><span class="hint">${tr(context, '例外理由：', 'override: ')}${current.overrideReason}</span>` : ''}${
                itemVersions.length > 1
                  ? html`<details><summary>${tr(context, `历史版本（${itemVersions.length - 1}）`, `${itemVersions.length - 1} earlier`)}</summary><ul class="plain">${itemVersions
                      .slice(1)
                      .map((old) => html`<li>v${old.version}: ${TIER_LABELS.map((tier) => `${tier} ${old.tiers[tier].ratio}`).join(' · ')}</li>`)}</ul></details>`
                  : ''
              }`
            : tr(context, '无', 'none')
        }</td>${TIER_LABELS.map((tier) => tierCell(context, current?.tiers[tier]))}${tierCell(context, current?.untiered)}<td class="number">${current?.annualCap ?? '—'}</td></tr>`;
      })}</tbody></table></div>`
}
<details${form.refused ? html` open` : ''}><summary>${tr(context, '新增或修改抽查事项', 'Add or change an inspection item')}</summary>
${errorSummary(context, form.errors)}
<form method="post" action="/console/plan/items" class="stack">
${csrfField(context)}
${inputField({ name: 'code', id: 'item-code', label: tr(context, '事项编码', 'Item code'), value: form.value('code'), required: true, hint: tr(context, '字母、数字、“.”“_”“-”，例如 SP-01；已有编码则修改该事项', 'Letters, digits, ".", "_", "-", e.g. SP-01; an existing code changes that item'), errors: errorsOf(form.errors, 'code') })}
${inputField({ name: 'name', id: 'item-name', label: tr(context, '事项名称', 'Name'), value: form.value('name'), required: true, errors: errorsOf(form.errors, 'name') })}
${inputField({ name: 'department', id: 'item-department', label: tr(context, '实施部门', 'Department'), value: form.value('department'), required: true, errors: errorsOf(form.errors, 'department') })}
${inputField({ name: 'category', id: 'item-category', label: tr(context, '类别', 'Category'), value: form.value('category'), required: true, hint: tr(context, '本年度已接受联合检查（综合查一次）的企业，参加该次联合检查的部门不再就同一类别单独计划抽查；同一计划的后续轮次和投诉、转办、上级交办任务照常', 'An enterprise jointly inspected this year is not drawn again for the same category by a planned task of a department that took part; later rounds of the same planned series and complaint, referral or superior-assigned tasks still apply'), errors: errorsOf(form.errors, 'category') })}
${textareaField({ name: 'legalBasis', id: 'item-legal-basis', label: tr(context, '设定依据', 'Legal basis'), value: form.value('legalBasis'), required: true, rows: 2, errors: errorsOf(form.errors, 'legalBasis') })}
<div class="field"><input type="checkbox" id="item-key-area" name="keyArea" value="true"${form.value('keyArea') === 'true' ? html` checked` : ''}> <label for="item-key-area" class="inline-label">${tr(context, '重点领域（食品、药品、特种设备等）', 'Key area (food, drugs, special equipment…)')}</label></div>
<div><button type="submit">${tr(context, '保存事项', 'Save the item')}</button></div>
</form></details>
</section>`;
}

/** POST /console/plan/items (staff): adds an item, or changes the item with that code. */
export function registerItemRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const { db } = deps.database;
  router.post('/console/plan/items', requirePageRole('staff'), async (request, response) => {
    const saved = await saveInspectionItem(db, {
      code: formText(request, 'code'),
      name: formText(request, 'name'),
      legalBasis: formText(request, 'legalBasis'),
      department: formText(request, 'department'),
      category: formText(request, 'category'),
      keyArea: formText(request, 'keyArea') === 'true',
    });
    if (!saved.ok) return renderPage(request, response, refusal('item', request, fromPlanIssues(saved.error, pageContext(request, response).lang)));
    response.redirect(303, `/console/plan?done=item`);
  });
}
