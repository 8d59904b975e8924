/**
 * "Was I drawn fairly?" in the browser (GET /receipt): fetches the enterprise's signed receipt (the
 * receipt code goes in the X-Receipt-Code header, not in a URL), the public record, the
 * freeze commitment, the key set and the log proof, and runs `verifyRecord` of src/core/verify
 * with the receipt, locally.
 *
 * Hooks (as in verify.ts): `#receipt-form` (`#draw`, `#code`, `#receipt-code`, submit
 * `#check-receipt`); `#verify-status[data-state]`; in `#receipt-details`: `#receipt-summary`
 * (`data-selected` true/false, `#receipt-selected`, `#receipt-comparison`), `#verdict`
 * (`verdict passed`/`verdict failed`), `#checks` with `li[data-check-id="receipt"]` among the
 * others, `#log-head`; or `#receipt-error` when no receipt matches (the same answer whether
 * the code is not in the pool or the receipt code is wrong).
 */
import './zod-jitless.ts';
import type { Receipt } from '../../core/draw/record.ts';
import { compareTicketed } from '../../core/draw/ticket.ts';
import {
  element,
  fetchDrawLogProofs,
  fetchJson,
  make,
  runVerifier,
  setStatus,
  showChecks,
  showTreeHead,
  showVerdict,
  t,
  verdictOf,
} from './verifier-view.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';

const form = element<HTMLFormElement>('receipt-form');
const details = element('receipt-details');

function showError(text: string): void {
  const notice = make('p', { className: 'notice error', text });
  notice.id = 'receipt-error';
  notice.setAttribute('role', 'alert');
  details?.replaceChildren(notice);
  setStatus(text, 'error');
}

function fact(list: HTMLElement, term: string, value: string | HTMLElement, id?: string): void {
  const dd = make('dd');
  if (id) dd.id = id;
  dd.append(value);
  list.append(make('dt', { text: term }), dd);
}

function code(text: string): HTMLElement {
  return make('code', { className: 'mono', text });
}

function summaryOf(receipt: Receipt): HTMLElement {
  const list = make('dl', { className: 'facts' });
  list.id = 'receipt-summary';
  list.dataset.selected = String(receipt.selected);
  const threshold = receipt.threshold !== undefined && receipt.thresholdCode !== undefined ? { ticket: receipt.threshold, code: receipt.thresholdCode } : undefined;
  const below = threshold !== undefined && compareTicketed({ code: receipt.code, ticket: receipt.ticket }, threshold) <= 0;
  fact(list, t('统一社会信用代码', 'Credit code'), code(receipt.code));
  fact(list, t('是否抽中', 'Selected'), receipt.selected ? t('是，贵企业被抽中', 'Yes, your enterprise was selected') : t('否，贵企业未被抽中', 'No, your enterprise was not selected'), 'receipt-selected');
  fact(list, t('贵企业的签号', 'Your ticket'), code(receipt.ticket));
  if (receipt.N !== undefined && receipt.k !== undefined) {
    fact(list, t('本层企业数与抽取数（仅向贵企业出示，与公示的承诺值核对）', "Your stratum's pool and sample (shown to you only, checked against the published commitment)"), `N = ${receipt.N}, k = ${receipt.k}`, 'receipt-stratum-size');
  }
  const thresholdText = make('span');
  if (threshold) thresholdText.append(code(threshold.ticket), ` (${threshold.code})`);
  else thresholdText.textContent = t('本层不抽取（k = 0）', 'No one is drawn in this stratum (k = 0)');
  fact(list, t('本层门槛（第 k 家抽中企业的签号）', "The stratum's threshold (the k-th selected ticket)"), thresholdText);
  fact(
    list,
    t('比较', 'Comparison'),
    threshold
      ? below
        ? t('签号 ≤ 门槛：必须抽中', 'ticket ≤ threshold: had to be selected')
        : t('签号 > 门槛：不能抽中', 'ticket > threshold: could not be selected')
      : t('没有门槛：不能抽中', 'no threshold: could not be selected'),
    'receipt-comparison',
  );
  return list;
}

function resultElements(): HTMLElement[] {
  const verdict = make('div', { className: 'verdict' });
  verdict.id = 'verdict';
  verdict.setAttribute('role', 'alert');
  verdict.hidden = true;
  const checks = make('ol', { className: 'checks' });
  checks.id = 'checks';
  const head = make('p', { className: 'hint' });
  head.id = 'log-head';
  head.hidden = true;
  return [verdict, checks, head];
}

async function checkReceipt(): Promise<void> {
  if (!form || !details) return;
  const draw = element<HTMLSelectElement>('draw')?.value ?? '';
  const creditCode = normaliseCreditCode(element<HTMLInputElement>('code')?.value ?? '');
  const receiptCode = (element<HTMLInputElement>('receipt-code')?.value ?? '').trim();
  if (!/^[0-9A-Z]{18}$/.test(creditCode)) {
    showError(t('统一社会信用代码应为 18 位数字或大写字母。', 'A credit code is 18 digits or capital letters.'));
    return;
  }
  if (receiptCode === '') {
    showError(t('请输入检查通知书上的回执码。', 'Enter the receipt code on your notification.'));
    return;
  }
  details.replaceChildren();
  setStatus(t('正在取回执…', 'Fetching your receipt…'), 'loading');
  const receiptUrl = (form.dataset.receiptUrl ?? '').replace('{draw}', encodeURIComponent(draw)).replace('{code}', encodeURIComponent(creditCode));
  const receipt = await fetchJson(receiptUrl, { 'X-Receipt-Code': receiptCode });
  if (receipt.body === undefined) {
    showError(
      receipt.status === 404 || receipt.status === 401
        ? t('没有找到与该信用代码和回执码匹配的回执。请核对检查通知书上的回执码。', 'No receipt matches this credit code and receipt code. Check the receipt code on your notification.')
        : t(`无法取回执（HTTP ${receipt.status}）。`, `Could not fetch the receipt (HTTP ${receipt.status}).`),
    );
    return;
  }
  setStatus(t('正在下载抽取记录、冻结承诺和公钥…', 'Downloading the record, the commitment and the keys…'), 'loading');
  const base = `/api/public/draws/${encodeURIComponent(draw)}`;
  const [record, commitment, keys] = await Promise.all([fetchJson(base), fetchJson(`${base}/commitment`), fetchJson(form.dataset.keysUrl ?? '/.well-known/suiji-keys.json')]);
  if (record.body === undefined) {
    showError(t(`无法下载抽取记录（HTTP ${record.status}）。`, `Could not download the record (HTTP ${record.status}).`));
    return;
  }
  const proof = await fetchDrawLogProofs(`${base}/log-proof`);
  // The API serves the receipt in the bureau's signed envelope; the verifier checks the signature.
  const signed = receipt.body as { record?: Receipt };
  details.replaceChildren(summaryOf(signed.record ?? (receipt.body as Receipt)), ...resultElements());
  const { checks, milliseconds } = await runVerifier(
    {
      record: record.body,
      receipt: receipt.body,
      ...(commitment.body === undefined ? {} : { commitment: commitment.body }),
      ...(keys.body === undefined ? {} : { keys: keys.body }),
      logInclusion: proof.inclusion,
      commitmentLogInclusion: proof.commitment,
      requireSignature: true,
      requireLogInclusion: true,
    },
    t('正在核验回执和抽取记录…', 'Verifying the receipt and the record…'),
  );
  showChecks(checks);
  showTreeHead(proof, keys.body);
  const verdict = verdictOf(checks);
  showVerdict(verdict.passed, verdict.text);
  setStatus(t(`核验完成，用时 ${milliseconds} 毫秒。`, `Verified in ${milliseconds} ms.`), 'done');
}

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  void checkReceipt().catch((error: unknown) => showError(`${t('核验中断：', 'Verification stopped: ')}${error instanceof Error ? error.message : String(error)}`));
});
