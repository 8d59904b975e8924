/**
 * Staff console: the tasks of the annual plans and the two steps of a draw. A planned task's
 * page shows what freezing will fix (the confirm step) and the freeze button; a frozen task's
 * page shows the published commitment (poolRoot, nonce commitment, entropy source) and the
 * entropy form; a drawn task's page shows the sample per stratum, the selected enterprises
 * with their tickets and the inspector assignment with recusals (回避). The same use cases
 * as the API: `freezeTask` and `drawTask` (exactly once).
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import type { AppDependencies } from '../../http/app.ts';
import { principalOf } from '../../http/auth.ts';
import { describeDrawIssue, drawTask } from '../../application/draw-task.ts';
import { findCommitmentEnvelopeText, findPublicEnvelopeText } from '../../application/draw-publication.ts';
import { describeFreezeIssue, freezeTask } from '../../application/freeze-task.ts';
import type { DrawCommitment } from '../../core/draw/commitment.ts';
import type { DrawRecord } from '../../core/draw/record.ts';
import { describeBeaconIssue } from '../../core/draw/beacon.ts';
import { DEFAULT_ENTROPY_NOTICE_SECONDS, describeEntropySource, describeNotice, entropyInstantOf, entropyTimeOf, isScheduledSource, type AnnouncedEntropySource } from '../../core/draw/entropy-source.ts';
import { formatRecordTime } from '../../core/record-time.ts';
import { publishedTotals } from '../../core/draw/stratum-commitment.ts';
import { ENTROPY_MAX_LENGTH, type SeedIssue } from '../../core/draw/seed.ts';
import type { SignedEnvelope } from '../../core/signature.ts';
import { NotFoundError } from '../../http/problem.ts';
import { findAdoptedPolicies, findInspectionItems, findTask, listConflictsOfInspectors, listInspectorsOfDepartments, listTasks, type TaskRow } from '../../persistence/inspection-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { errorSummary, fieldError, formText, groupErrors, keysMissingNotice, NO_ERRORS, successNotice, type FieldErrors } from './cycle-forms.ts';
import { taskDownloads } from './task-downloads.ts';
import { taskTierListFacts, tierListFreezeField } from './tier-lists.ts';
import { requireBureauKeys } from '../../http/bureau-key-guard.ts';

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'entropyNoticeSeconds' | 'now'>;

const clockOf = (deps: Deps): Date => (deps.now ? deps.now() : new Date());
const noticeOf = (deps: Deps): number => deps.entropyNoticeSeconds ?? DEFAULT_ENTROPY_NOTICE_SECONDS;

/** A task's state in both languages, as text (never colour alone). */
export function taskStatusLabel(context: PageContext, status: TaskRow['status']): string {
  switch (status) {
    case 'planned':
      return tr(context, '计划中', 'planned');
    case 'frozen':
      return tr(context, '已冻结', 'frozen');
    case 'drawn':
      return tr(context, '已抽取', 'drawn');
  }
}

export function triggerLabel(context: PageContext, trigger: TaskRow['trigger']): string {
  switch (trigger) {
    case 'planned':
      return tr(context, '计划抽查', 'planned');
    case 'complaint':
      return tr(context, '投诉举报', 'complaint');
    case 'referral':
      return tr(context, '转办交办', 'referral');
    case 'superior_assigned':
      return tr(context, '上级部署', 'assigned by a superior');
  }
}

export function visibilityLabel(context: PageContext, visibility: TaskRow['visibility']): string {
  return visibility === 'sealed' ? tr(context, '分层保密（sealed）', 'sealed strata') : tr(context, '公开（open）', 'open');
}

function exclusionLabel(context: PageContext, reason: string): string {
  switch (reason) {
    case 'deregistered':
      return tr(context, '已注销、吊销或迁出', 'deregistered, revoked or moved out');
    case 'observation_period':
      return tr(context, '处于观察期（新业态）', 'in the observation period (new business forms)');
    case 'tier_not_in_round':
      return tr(context, '本轮不抽该等级', 'tier not drawn in this round');
    case 'jointly_inspected_this_year':
      return tr(context, '本年度已由本任务的部门联合检查过同类事项', 'already jointly inspected this year for the same category by a department of this task');
    case 'annual_cap':
      return tr(context, '达到年度检查上限', 'annual inspection cap reached');
    default:
      return reason;
  }
}

/** The entropy refusal in the page's language (the use case's English `detail` otherwise). */
function entropyReason(context: PageContext, issue: SeedIssue, detail: string): string {
  switch (issue.code) {
    case 'entropy_not_printable_ascii':
      return tr(context, '公开随机数只能由可打印 ASCII 字符（0x21–0x7E）组成，不能有空格或中文，例如用“.”连接的骰子点数 3.6.1.5.2.4', detail);
    case 'entropy_length':
      return tr(context, `公开随机数应为 1 至 ${ENTROPY_MAX_LENGTH} 个字符（现为 ${issue.length} 个）`, detail);
    default:
      return detail;
  }
}

function taskPath(code: string): string {
  return `/console/tasks/${encodeURIComponent(code)}`;
}

function publicDrawPath(code: string): string {
  return `/draws/${encodeURIComponent(code)}`;
}


function parseEnvelope<Record>(text: string | undefined): Record | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as SignedEnvelope<Record>).record;
}

function taskFacts(context: PageContext, task: TaskRow, itemNames: ReadonlyMap<string, string>): SafeHtml {
  return html`<dl class="facts">
<dt>${tr(context, '任务编号', 'Task code')}</dt><dd><code>${task.code}</code></dd>
<dt>${tr(context, '状态', 'State')}</dt><dd><span class="tag">${taskStatusLabel(context, task.status)}</span></dd>
<dt>${tr(context, '年度与轮次', 'Year and round')}</dt><dd>${task.year} · ${tr(context, `第 ${task.round} 轮`, `round ${task.round}`)}</dd>
<dt>${tr(context, '抽查事项', 'Items')}</dt><dd>${task.items.map((item, index) => html`${index > 0 ? '、' : ''}<code>${item}</code> ${itemNames.get(item) ?? ''}`)}</dd>
<dt>${tr(context, '部门与每组人数', 'Departments and team size')}</dt><dd>${task.departments.map((entry, index) => html`${index > 0 ? '；' : ''}${entry.department} × ${entry.teamSize}`)}${
    task.departments.length > 1 ? html` <span class="tag">${tr(context, '联合抽查（综合查一次）', 'joint task')}</span>` : ''
  }</dd>
<dt>${tr(context, '启动方式', 'Trigger')}</dt><dd>${triggerLabel(context, task.trigger)}</dd>
<dt>${tr(context, '分层', 'Strata')}</dt><dd>${
    task.evaluationRunId === null
      ? tr(context, '不分层（ALL）', 'one stratum (ALL)')
      : tr(context, `按信用风险等级分层（评价批次 #${task.evaluationRunId}）`, `credit tiers A–D (evaluation run #${task.evaluationRunId})`)
  }</dd>
<dt>${tr(context, '公开方式', 'Visibility')}</dt><dd>${visibilityLabel(context, task.visibility)}</dd>
<dt>${tr(context, '资格要求', 'Qualification')}</dt><dd>${task.qualification}</dd>
${entropySourceFacts(context, task.entropySource)}
</dl>`;
}

/** The announced source, its kind, its time and (drand) its round, as `<dt>/<dd>` pairs. */
function entropySourceFacts(context: PageContext, source: AnnouncedEntropySource): SafeHtml {
  if (!isScheduledSource(source)) {
    return html`<dt>${tr(context, '公开随机源', 'Public entropy source')}</dt><dd>${source} <span class="tag">${tr(context, '未定时间（v1.1 之前的文字说明）', 'no time (text from before v1.1)')}</span></dd>`;
  }
  const kind =
    source.kind === 'drand-quicknet'
      ? html`<dt>${tr(context, '公开随机源', 'Public entropy source')}</dt><dd>${tr(context, 'drand quicknet 公共随机信标', 'drand quicknet public randomness beacon')}, ${tr(context, '轮次', 'round')} <code id="drand-round">${source.round}</code></dd>`
      : html`<dt>${tr(context, '公开随机源', 'Public entropy source')}</dt><dd>${source.description}</dd>`;
  return html`${kind}<dt>${tr(context, '公开随机数产生时间（entropyAt）', 'Entropy time (entropyAt)')}</dt><dd><time id="entropy-at" datetime="${entropyTimeOf(source)}">${entropyTimeOf(source)}</time></dd>`;
}

/** The confirm step: what a freeze fixes, and the one irreversible button. */
async function freezeSection(deps: Deps, context: PageContext, task: TaskRow, errors: FieldErrors): Promise<SafeHtml> {
  const { db } = deps.database;
  const policies = await findAdoptedPolicies(db, task.year, task.items);
  const missing = task.items.filter((item) => !policies.some((policy) => policy.itemCode === item));
  const tiered = task.evaluationRunId !== null;
  return html`<section aria-labelledby="freeze-heading">
<h2 id="freeze-heading">${tr(context, '冻结抽取池', 'Freeze the pool')}</h2>
<p>${tr(
    context,
    '冻结将按下列设置从名录中建立抽取池、排除不符合条件的企业、为每个成员加盐并计算 poolRoot，同时生成保密随机数（nonce）并公开其承诺值。冻结后抽取池不再改变，承诺立即公开，之后才能在公开抽取会上录入公开随机数。',
    'Freezing builds the pool from the directory with the settings below, counts each exclusion, salts every member and computes poolRoot; it also makes the secret nonce and publishes its commitment. The pool never changes afterwards, and the commitment is public at once, before the public entropy is taken at the draw meeting.',
  )}</p>
<h3>${tr(context, '将适用的抽查比例（最新的已采纳版本）', 'Sampling policies that will apply (the newest adopted versions)')}</h3>
${
  policies.length === 0
    ? html``
    : html`<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '事项', 'Item')}</th><th scope="col">${tr(context, '版本', 'Version')}</th>${
        tiered
          ? ['A', 'B', 'C', 'D'].map((tier) => html`<th scope="col">${tier}</th>`)
          : html`<th scope="col">ALL</th>`
      }<th scope="col" class="number">${tr(context, '年度上限', 'Annual cap')}</th></tr></thead>
<tbody>${policies.map(
        (policy) => html`<tr><th scope="row"><code>${policy.itemCode}</code></th><td>v${policy.version}</td>${
          tiered
            ? (['A', 'B', 'C', 'D'] as const).map((tier) => html`<td>${policy.tiers[tier].ratio} · ${tr(context, '最少', 'min')} ${policy.tiers[tier].minimum}</td>`)
            : html`<td>${policy.untiered ? html`${policy.untiered.ratio} · ${tr(context, '最少', 'min')} ${policy.untiered.minimum}` : tr(context, '（按 B 级）', '(as tier B)')}</td>`
        }<td class="number">${policy.annualCap}</td></tr>`,
      )}</tbody></table></div>`
}
${
  missing.length > 0
    ? html`<p class="notice error" role="alert">${tr(context, `以下事项没有经管理员采纳的 ${task.year} 年度抽查比例，暂不能冻结：`, `These items have no ${task.year} sampling policy adopted by an admin, so the task cannot be frozen yet: `)}${missing.join(', ')}</p>`
    : ''
}
${noticeRule(context, task.entropySource, noticeOf(deps), clockOf(deps))}
${errorSummary(context, errors, tr(context, '未冻结：', 'Not frozen:'))}
${deps.bureauKeys ? '' : keysMissingNotice(context)}
<form method="post" action="${taskPath(task.code)}/freeze" class="stack">
${csrfField(context)}
${await tierListFreezeField(db, context, task)}
<p class="hint">${tr(context, '此操作不可撤销：抽取池一经冻结即公开承诺。', 'This cannot be undone: a frozen pool is committed publicly.')}</p>
<div><button type="submit" id="freeze"${deps.bureauKeys ? '' : html` disabled`}>${tr(context, '确认冻结抽取池', 'Freeze the pool now')}</button></div>
</form>
</section>`;
}

/**
 * The draw/v1.1 notice rule for a planned task: the latest freeze time, and whether it has passed.
 */
function noticeRule(context: PageContext, source: AnnouncedEntropySource, notice: number, now: Date): SafeHtml {
  if (!isScheduledSource(source)) {
    return html`<p class="notice error" role="alert" id="notice-rule">${tr(
      context,
      '本任务的公开随机源只有文字说明、没有时间，不能冻结：请在抽查计划中改为带时间的公开事件或 drand 轮次。',
      'This task names its entropy source in words only, without a time, so it cannot be frozen: re-plan it with a public event and its time, or a drand round.',
    )}</p>`;
  }
  const latest = formatRecordTime(new Date(entropyInstantOf(source) - notice * 1000));
  const late = now.getTime() > entropyInstantOf(source) - notice * 1000;
  return html`<p class="${late ? 'notice error' : 'hint'}" id="notice-rule"${late ? html` role="alert"` : ''}>${tr(
    context,
    `规则：公开随机数须在冻结后至少 ${describeNotice(notice, 'zh')}才产生，冻结时任何人（包括本局）都无法知道它。本任务最晚须在 ${latest} 前冻结。${late ? '该时间已过，不能再冻结：请在计划中改用更晚的随机源。' : ''}`,
    `Rule: the entropy must come at least ${describeNotice(notice, 'en')} after the freeze, so that nobody, the bureau included, can know it at freeze. This task must be frozen by ${latest}.${late ? ' That time has passed, so it cannot be frozen: re-plan it with a later source.' : ''}`,
  )}</p>`;
}

/** A stratum's N or k, or a note that a sealed task publishes only a commitment to it. */
function committedCount(context: PageContext, value: number | undefined): string {
  return value === undefined ? tr(context, '仅公布承诺', 'committed only') : formatNumber(context, value);
}

function commitmentSection(context: PageContext, task: TaskRow, commitment: DrawCommitment | undefined): SafeHtml {
  if (!commitment) return html``;
  const { poolSize, sampleSize: sample } = publishedTotals(commitment);
  return html`<section aria-labelledby="commitment-heading">
<h2 id="commitment-heading">${tr(context, '冻结承诺（已公开）', 'Freeze commitment (published)')}</h2>
<p>${tr(
    context,
    '以下承诺已在抽取前签名公开并写入公示日志：任何人都可以在抽取后核对抽取池与随机数没有被更改。',
    'This commitment was signed and published in the publication log before the draw: anyone can check afterwards that neither the pool nor the nonce changed.',
  )}</p>
<dl class="facts">
<dt>${tr(context, '冻结时间', 'Frozen at')}</dt><dd>${commitment.frozenAt}</dd>
<dt>poolRoot</dt><dd><code>${commitment.poolRoot}</code></dd>
<dt>${tr(context, '随机数承诺（nonceCommitment）', 'Nonce commitment')}</dt><dd><code>${commitment.nonceCommitment}</code></dd>
${entropySourceFacts(context, commitment.entropySource)}${
    commitment.notice === undefined ? '' : html`<dt>${tr(context, '提前公告时长', 'Notice')}</dt><dd>${describeNotice(commitment.notice, context.lang)}</dd>`
  }
<dt>${tr(context, '抽取池', 'Pool')}</dt><dd>${formatNumber(context, poolSize)} ${tr(context, '户，应抽', 'enterprises; sample')} ${formatNumber(context, sample)}</dd>
<dt>${tr(context, '公开地址', 'Published at')}</dt><dd><a href="/api/public/draws/${encodeURIComponent(task.code)}/commitment">/api/public/draws/${task.code}/commitment</a> · <a href="${publicDrawPath(task.code)}">${tr(context, '公示页面', 'public page')}</a></dd>
</dl>
<h3>${tr(context, '各层抽取池与样本量', 'Pool and sample per stratum')}</h3>
<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '层', 'Stratum')}</th><th scope="col" class="number">N</th><th scope="col" class="number">${tr(context, '比例', 'Ratio')}</th><th scope="col" class="number">${tr(context, '最少', 'Minimum')}</th><th scope="col" class="number">k</th></tr></thead>
<tbody>${commitment.strata.map(
    (stratum) =>
      html`<tr><th scope="row">${stratum.label}</th><td class="number">${committedCount(context, stratum.N)}</td><td class="number">${stratum.ratio}</td><td class="number">${stratum.minimum}</td><td class="number">${committedCount(context, stratum.k)}</td></tr>`,
  )}</tbody></table></div>
${
  commitment.exclusions.length === 0
    ? html`<p>${tr(context, '没有企业被排除。', 'No enterprise was excluded.')}</p>`
    : html`<h3>${tr(context, '排除原因', 'Exclusions')}</h3><div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '原因', 'Reason')}</th><th scope="col" class="number">${tr(context, '户数', 'Enterprises')}</th></tr></thead>
<tbody>${commitment.exclusions.map((entry) => html`<tr><th scope="row">${exclusionLabel(context, entry.reason)}</th><td class="number">${formatNumber(context, entry.count)}</td></tr>`)}</tbody></table></div>`
}
</section>`;
}

function drawSection(deps: Deps, context: PageContext, task: TaskRow, entropy: string, errors: FieldErrors): SafeHtml {
  const entropyErrors = errors.get('entropy') ?? [];
  const source = task.entropySource;
  const scheduled = isScheduledSource(source);
  const drand = scheduled && source.kind === 'drand-quicknet';
  const early = scheduled && clockOf(deps).getTime() < entropyInstantOf(source);
  const hint = drand
    ? tr(
        context,
        `粘贴 drand quicknet 第 ${source.round} 轮的签名（96 个十六进制字符），或任一 drand 中继返回的该轮 JSON；服务器不联网获取，签名在抽取前用 quicknet 公钥离线验证。`,
        `Paste drand quicknet round ${source.round}'s signature (96 hex characters) or the JSON any drand relay returns for that round; the server fetches nothing and checks the signature offline against the quicknet key before the draw.`,
      )
    : html`${tr(context, '随机源：', 'Source: ')}${describeEntropySource(source, context.lang)}. ${tr(
        context,
        `可打印 ASCII 字符，不含空格，1 至 ${ENTROPY_MAX_LENGTH} 个字符，例如 3.6.1.5.2.4`,
        `Printable ASCII without spaces, 1 to ${ENTROPY_MAX_LENGTH} characters, e.g. 3.6.1.5.2.4`,
      )}`;
  const describedBy = `entropy-hint${entropyErrors.length > 0 ? ' entropy-error' : ''}`;
  return html`<section aria-labelledby="draw-heading">
<h2 id="draw-heading">${tr(context, '录入公开随机数并抽取', 'Enter the public entropy and draw')}</h2>
<p>${tr(
    context,
    '在公开抽取会上按预先公布的随机源取得公开随机数（例如当场掷骰子的点数，用“.”连接），录入后抽取。种子 = nonce + "-" + 公开随机数。每个任务只能抽取一次。',
    'At the public draw meeting, take the public entropy from the announced source (for example the dice read out, joined by "."), enter it and draw. The seed is nonce + "-" + entropy. A task is drawn exactly once.',
  )}</p>
${
  early && scheduled
    ? html`<p class="notice" id="entropy-not-yet">${tr(
        context,
        `公开随机数在 ${entropyTimeOf(source)} 才产生，此前不能录入或抽取。`,
        `The entropy comes at ${entropyTimeOf(source)}; it cannot be entered or drawn before then.`,
      )}</p>`
    : ''
}
${errors.size > 0 ? errorSummary(context, errors, tr(context, '未抽取：', 'Not drawn:')) : ''}
${deps.bureauKeys ? '' : keysMissingNotice(context)}
<form method="post" action="${taskPath(task.code)}/draw" class="stack" novalidate>
${csrfField(context)}
<div class="field">
<label for="entropy">${drand ? tr(context, `drand 第 ${source.round} 轮签名`, `drand round ${source.round} signature`) : tr(context, '公开随机数', 'Public entropy')}</label>
<p class="hint" id="entropy-hint">${hint}</p>
${
  drand
    ? html`<textarea id="entropy" name="entropy" rows="4" required autocomplete="off" spellcheck="false" aria-describedby="${describedBy}"${entropyErrors.length > 0 ? html` aria-invalid="true"` : ''}>${entropy}</textarea>`
    : html`<input type="text" id="entropy" name="entropy" value="${entropy}" required autocomplete="off" spellcheck="false" maxlength="${ENTROPY_MAX_LENGTH + 50}" aria-describedby="${describedBy}"${
        entropyErrors.length > 0 ? html` aria-invalid="true"` : ''
      }>`
}
${fieldError('entropy', entropyErrors)}
</div>
<div><button type="submit" id="draw"${deps.bureauKeys ? '' : html` disabled`}>${tr(context, '抽取', 'Draw')}</button></div>
</form>
</section>`;
}

async function resultSection(deps: Deps, context: PageContext, task: TaskRow, record: DrawRecord): Promise<SafeHtml> {
  const { db } = deps.database;
  const names = new Map(record.selected.map((member) => [member.code, member.name]));
  const inspectors = await listInspectorsOfDepartments(db, task.departments.map((entry) => entry.department));
  const inspectorName = new Map(inspectors.map((row) => [row.badge, row.name]));
  const selectedCodes = new Set(record.selected.map((member) => member.code));
  const conflicts = (await listConflictsOfInspectors(db, inspectors.map((row) => row.badge))).filter((row) => selectedCodes.has(row.creditCode));
  const recusals = new Map<string, typeof conflicts>();
  for (const conflict of conflicts) recusals.set(conflict.creditCode, [...(recusals.get(conflict.creditCode) ?? []), conflict]);
  const showStratum = record.selected.some((member) => member.stratum !== undefined);
  const { poolSize, sampleSize: sample } = publishedTotals(record);
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading">${tr(context, '抽取结果', 'Draw result')}</h2>
<dl class="facts">
<dt>${tr(context, '抽取时间', 'Drawn at')}</dt><dd>${record.drawnAt ?? ''}</dd>
<dt>${tr(context, '公开随机数', 'Public entropy')}</dt><dd><code>${record.entropy ?? ''}</code></dd>
<dt>${tr(context, '种子', 'Seed')}</dt><dd><code>${record.seed}</code></dd>
<dt>${tr(context, '抽中', 'Selected')}</dt><dd>${formatNumber(context, record.selected.length)} / ${formatNumber(context, poolSize)} ${tr(context, '户', 'enterprises')}</dd>
<dt>${tr(context, '公示', 'Public record')}</dt><dd><a href="${publicDrawPath(task.code)}">${tr(context, '公示页面与浏览器核验', 'public page and in-browser verification')}</a> · <a href="/api/public/draws/${encodeURIComponent(task.code)}">JSON</a></dd>
</dl>
<h3>${tr(context, '各层样本', 'Sample per stratum')}</h3>
<div class="table-scroll"><table id="strata">
<thead><tr><th scope="col">${tr(context, '层', 'Stratum')}</th><th scope="col" class="number">N</th><th scope="col" class="number">${tr(context, '比例', 'Ratio')}</th><th scope="col" class="number">${tr(context, '最少', 'Minimum')}</th><th scope="col" class="number">k</th></tr></thead>
<tbody>${record.strata.map(
    (stratum) =>
      html`<tr><th scope="row">${stratum.label}</th><td class="number">${committedCount(context, stratum.N)}</td><td class="number">${stratum.ratio}</td><td class="number">${stratum.minimum}</td><td class="number">${committedCount(context, stratum.k)}</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">${tr(context, '合计', 'Total')}</th><td class="number">${formatNumber(context, poolSize)}</td><td></td><td></td><td class="number">${formatNumber(context, sample)}</td></tr></tfoot>
</table></div>
<h3>${tr(context, '抽中企业', 'Selected enterprises')}</h3>
<p class="hint">${tr(context, '按签号（ticket）从小到大排列；个体工商户只显示统一社会信用代码。', 'In ticket order; sole traders are shown by credit code only.')}</p>
<div class="table-scroll"><table id="selected">
<thead><tr><th scope="col" class="number">#</th><th scope="col">${tr(context, '统一社会信用代码', 'Credit code')}</th><th scope="col">${tr(context, '名称', 'Name')}</th>${
    showStratum ? html`<th scope="col">${tr(context, '层', 'Stratum')}</th>` : ''
  }<th scope="col">${tr(context, '签号', 'Ticket')}</th></tr></thead>
<tbody>${record.selected.map(
    (member, index) =>
      html`<tr><td class="number">${index + 1}</td><td><code>${member.code}</code></td><td>${member.name ?? ''}</td>${showStratum ? html`<td>${member.stratum ?? ''}</td>` : ''}<td><code class="ticket">${member.ticket}</code></td></tr>`,
  )}</tbody></table></div>
<h3>${tr(context, '检查人员分配', 'Inspector assignment')}</h3>
<p class="hint">${tr(
    context,
    '按 assign/v1 分配：每户按部门顺序选取负荷最小、无回避关系的检查人员。“回避”列出与该企业申报利害关系而未被分配的人员。',
    'By assign/v1: for each enterprise, per department, the least-loaded qualified inspectors without a declared conflict. "Recused" lists inspectors who declared a conflict with the enterprise and were left out.',
  )}</p>
<div class="table-scroll"><table id="assignment">
<thead><tr><th scope="col">${tr(context, '统一社会信用代码', 'Credit code')}</th><th scope="col">${tr(context, '名称', 'Name')}</th><th scope="col">${tr(context, '检查组', 'Team')}</th><th scope="col">${tr(context, '回避', 'Recused')}</th></tr></thead>
<tbody>${(record.assignments ?? []).map(
    (assignment) => html`<tr><td><code>${assignment.code}</code></td><td>${names.get(assignment.code) ?? ''}</td><td><ul class="plain">${assignment.team.map(
      (member) => html`<li>${member.department}: <code>${member.badge}</code> ${inspectorName.get(member.badge) ?? ''}</li>`,
    )}</ul></td><td>${
      (recusals.get(assignment.code) ?? []).length === 0
        ? tr(context, '无', 'none')
        : html`<ul class="plain">${(recusals.get(assignment.code) ?? []).map((conflict) => html`<li><code>${conflict.badge}</code> ${inspectorName.get(conflict.badge) ?? ''}（${conflict.reason}）</li>`)}</ul>`
    }</td></tr>`,
  )}</tbody></table></div>
<p><a href="/console/results?task=${encodeURIComponent(task.code)}">${tr(context, '录入本任务的检查结果', 'Enter the results of this task')}</a></p>
${taskDownloads(context, task.code)}
</section>`;
}

interface TaskPageState {
  readonly status?: number;
  readonly notice?: SafeHtml;
  readonly freezeErrors?: FieldErrors;
  readonly drawErrors?: FieldErrors;
  readonly entropy?: string;
}

async function sendTaskPage(deps: Deps, request: Request, response: Response, code: string, state: TaskPageState = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const task = await findTask(db, code);
  if (!task) throw new NotFoundError(`No task ${code}. 没有任务 ${code}。`);
  const itemNames = new Map((await findInspectionItems(db, task.items)).map((item) => [item.code, item.name]));
  const commitment = task.status === 'planned' ? undefined : parseEnvelope<DrawCommitment>(await findCommitmentEnvelopeText(db, task.code));
  const record = task.status === 'drawn' ? parseEnvelope<DrawRecord>(await findPublicEnvelopeText(db, task.code)) : undefined;
  let notice = state.notice;
  if (!notice && request.query.done === 'frozen') {
    notice = successNotice(tr(context, '已冻结：抽取池与随机数承诺已公开。请在公开抽取会上录入公开随机数。', 'Frozen: the pool and the nonce commitment are published. Enter the public entropy at the draw meeting.'));
  }
  if (!notice && request.query.done === 'drawn') notice = successNotice(tr(context, '已抽取：抽取记录已签名并写入公示日志。', 'Drawn: the record is signed and in the publication log.'));
  sendPage(response, context, {
    status: state.status ?? 200,
    title: `${tr(context, '抽查任务', 'Task')} ${task.code}`,
    body: html`<p><a href="/console/tasks">← ${tr(context, '全部任务', 'All tasks')}</a></p>
<h1>${task.name} <span class="tag">${taskStatusLabel(context, task.status)}</span></h1>
${notice ?? ''}
${taskFacts(context, task, itemNames)}
${task.status === 'planned' ? await freezeSection(deps, context, task, state.freezeErrors ?? NO_ERRORS) : ''}
${commitmentSection(context, task, commitment)}
${task.status === 'planned' ? '' : taskTierListFacts(context, task)}
${task.status === 'frozen' ? drawSection(deps, context, task, state.entropy ?? '', state.drawErrors ?? NO_ERRORS) : ''}
${record ? await resultSection(deps, context, task, record) : ''}`,
  });
}

async function sendTaskList(deps: Deps, request: Request, response: Response): Promise<void> {
  const context = pageContext(request, response);
  const tasks = await listTasks(deps.database.db, {});
  const byStatus = (status: TaskRow['status']) => tasks.filter((task) => task.status === status);
  const table = (rows: TaskRow[], id: string) =>
    rows.length === 0
      ? html`<p>${tr(context, '暂无。', 'None.')}</p>`
      : html`<div class="table-scroll"><table id="${id}">
<thead><tr><th scope="col">${tr(context, '任务', 'Task')}</th><th scope="col">${tr(context, '年度/轮次', 'Year/round')}</th><th scope="col">${tr(context, '事项', 'Items')}</th><th scope="col">${tr(context, '部门', 'Departments')}</th><th scope="col">${tr(context, '状态', 'State')}</th><th scope="col">${tr(context, '时间', 'When')}</th></tr></thead>
<tbody>${rows.map(
          (task) => html`<tr><td><a href="${taskPath(task.code)}"><code>${task.code}</code> ${task.name}</a></td><td>${task.year} / ${task.round}</td><td>${task.items.join(', ')}</td><td>${task.departments
            .map((entry) => entry.department)
            .join('、')}</td><td>${taskStatusLabel(context, task.status)}</td><td>${task.drawnAt ?? task.frozenAt ?? ''}</td></tr>`,
        )}</tbody></table></div>`;
  sendPage(response, context, {
    title: tr(context, '抽查任务', 'Inspection tasks'),
    body: html`<h1>${tr(context, '抽查任务', 'Inspection tasks')}</h1>
<p class="lead">${tr(context, '计划中的任务先冻结抽取池（公开承诺），再在公开抽取会上录入公开随机数抽取。', 'A planned task is frozen first (its commitment is published), then drawn with the public entropy at the draw meeting.')}</p>
${deps.bureauKeys ? '' : keysMissingNotice(context)}
<p><a href="/console/plan">${tr(context, '在抽查计划中新建任务', 'Create a task in the plan')}</a></p>
<h2>${tr(context, '计划中', 'Planned')} (${byStatus('planned').length})</h2>
${table(byStatus('planned'), 'planned-tasks')}
<h2>${tr(context, '已冻结，待抽取', 'Frozen, waiting for the draw')} (${byStatus('frozen').length})</h2>
${table(byStatus('frozen'), 'frozen-tasks')}
<h2>${tr(context, '已抽取', 'Drawn')} (${byStatus('drawn').length})</h2>
${table(byStatus('drawn'), 'drawn-tasks')}`,
  });
}

function taskCodeOf(request: Request): string {
  const code = request.params.code;
  if (typeof code !== 'string' || code === '') throw new NotFoundError('No task code given.');
  return code;
}

/** GET /console/tasks, GET /console/tasks/:code, POST …/freeze and …/draw (staff). */
export function registerTaskPages(router: Router, deps: Deps): void {
  const staff = requirePageRole('staff');

  router.get('/console/tasks', staff, async (request, response) => {
    await sendTaskList(deps, request, response);
  });

  router.get('/console/tasks/:code', staff, async (request, response) => {
    await sendTaskPage(deps, request, response, taskCodeOf(request));
  });

  router.post('/console/tasks/:code/freeze', staff, async (request, response) => {
    const code = taskCodeOf(request);
    const tierListOverrideReason = formText(request, 'tierListOverrideReason');
    const result = await freezeTask(deps.database, requireBureauKeys(deps.bureauKeys, 'freeze_or_draw'), code, {
      now: clockOf(deps),
      noticeSeconds: noticeOf(deps),
      ...(tierListOverrideReason === '' ? {} : { tierListOverrideReason, actor: actorOf(principalOf(response)) }),
    });
    if (result.ok) {
      response.redirect(303, `${taskPath(code)}?done=frozen`);
      return;
    }
    const context = pageContext(request, response);
    const detail = describeFreezeIssue(result.error, context.lang);
    if (result.error.code === 'task_not_found') throw new NotFoundError(detail);
    const status = result.error.code === 'task_not_planned' ? 409 : 422;
    const notice =
      result.error.code === 'task_not_planned'
        ? html`<div class="notice error" role="alert"><p>${tr(context, `任务已${taskStatusLabel(context, result.error.status)}，抽取池只冻结一次，不会改变。`, `The task is already ${result.error.status}: a pool is frozen once and never changes.`)}</p><p>${detail}</p></div>`
        : undefined;
    await sendTaskPage(deps, request, response, code, {
      status,
      ...(notice ? { notice } : {}),
      freezeErrors: groupErrors([{ reason: detail }]),
    });
  });

  router.post('/console/tasks/:code/draw', staff, async (request, response) => {
    const code = taskCodeOf(request);
    const entropy = formText(request, 'entropy');
    const result = await drawTask(deps.database, requireBureauKeys(deps.bureauKeys, 'freeze_or_draw'), code, entropy, { now: clockOf(deps) });
    if (result.ok) {
      response.redirect(303, `${taskPath(code)}?done=drawn`);
      return;
    }
    const context = pageContext(request, response);
    const detail = describeDrawIssue(result.error, context.lang);
    switch (result.error.code) {
      case 'entropy_not_yet':
        await sendTaskPage(deps, request, response, code, { status: 409, entropy, drawErrors: groupErrors([{ field: 'entropy', reason: detail }]) });
        return;
      case 'beacon_rejected':
        await sendTaskPage(deps, request, response, code, { status: 400, entropy, drawErrors: groupErrors([{ field: 'entropy', reason: describeBeaconIssue(result.error.issue, context.lang) }]) });
        return;
      case 'invalid_entropy':
        await sendTaskPage(deps, request, response, code, { status: 400, entropy, drawErrors: groupErrors([{ field: 'entropy', reason: entropyReason(context, result.error.issue, detail) }]) });
        return;
      case 'task_not_found':
        throw new NotFoundError(detail);
      case 'task_already_drawn':
        await sendTaskPage(deps, request, response, code, {
          status: 409,
          notice: html`<div class="notice error" role="alert"><p><strong>${tr(context, '未再次抽取：本任务已经抽取过。', 'Not drawn again: this task has already been drawn.')}</strong> ${tr(
            context,
            '每个任务只抽取一次，下面是唯一的抽取结果，什么都没有改变。',
            'A task is drawn exactly once; below is its one result, and nothing changed.',
          )}</p></div>`,
        });
        return;
      case 'task_being_drawn':
        await sendTaskPage(deps, request, response, code, {
          status: 409,
          notice: html`<div class="notice error" role="alert"><p><strong>${tr(context, '未抽取：本任务此刻正由另一个请求抽取。', 'Not drawn: another request is drawing this task right now.')}</strong> ${tr(
            context,
            '什么都没有改变。请稍后刷新本页查看那次抽取的结果；每个任务只抽取一次。',
            'Nothing changed. Reload this page in a moment to see the result of that draw; a task is drawn exactly once.',
          )}</p></div>`,
        });
        return;
      case 'task_not_frozen':
        await sendTaskPage(deps, request, response, code, {
          status: 409,
          notice: html`<div class="notice error" role="alert"><p>${tr(context, '任务尚未冻结：请先冻结抽取池并公开承诺，再抽取。', 'The task is not frozen yet: freeze the pool and publish the commitment before the draw.')}</p></div>`,
        });
        return;
      case 'draw_failed':
        await sendTaskPage(deps, request, response, code, { status: 422, entropy, drawErrors: groupErrors([{ reason: detail }]) });
        return;
    }
  });
}
