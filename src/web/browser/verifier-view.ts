/**
 * What the verify and receipt scripts share: the page's language, downloads of the public
 * files, reading saved files, running `verifyRecord` after the browser has painted the
 * progress message, and showing the checks and the verdict in the elements of
 * `resultArea` (src/web/public/verify-page.ts). Element ids are documented in verify.ts.
 */
import { coreSha256 } from '../../core/hash.ts';
import type { PublicKeySet } from '../../core/signature.ts';
import { formatFingerprint } from '../../core/key-set-fingerprint.ts';
import { parseSignedTreeHead, verifyTreeHeadSignature } from '../../core/tree-head.ts';
import { allChecksPassed, verifyRecord, type Check, type VerifyInput } from '../../core/verify/index.ts';
import { CHECK_STATUS_ICONS, CHECK_STATUS_WORDS, CHECK_TITLES } from '../public/labels.ts';

export const lang: 'zh' | 'en' = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';

/** Picks the text for the page's language (Chinese first, as on the server). */
export function t(chinese: string, english: string): string {
  return lang === 'zh' ? chinese : english;
}

export function element<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** Creates an element with a class and text (text is never parsed as HTML). */
export function make(tag: string, options: { className?: string; text?: string } = {}): HTMLElement {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  return node;
}

/** The progress line (`#verify-status`) and its machine-readable state. */
export function setStatus(text: string, state: 'loading' | 'verifying' | 'done' | 'error'): void {
  const status = element('verify-status');
  if (!status) return;
  status.textContent = text;
  status.dataset.state = state;
}

export interface Fetched {
  readonly status: number;
  readonly body?: unknown;
  readonly bytes: number;
}

/** GET a JSON document; `body` is absent when the answer is not 200 or not JSON. */
export async function fetchJson(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(url, { headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' });
  const text = await response.text();
  if (!response.ok) return { status: response.status, bytes: text.length };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown, bytes: text.length };
  } catch {
    return { status: response.status, bytes: text.length };
  }
}

/** Reads a chosen file as JSON, or says why it cannot. */
export async function readJsonFile(file: File): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const text = await file.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `${file.name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Formats a byte count for the progress line. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Resolves after the browser has painted what was just written (verifyRecord blocks the page). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** The record hash an envelope claims, for asking the log for its inclusion proof. */
export function claimedRecordHash(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const hash = (document as { recordHash?: unknown }).recordHash;
  return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
}

export interface LogProof {
  /** The record's inclusion proof as the log served it, signed tree head included: `verifyRecord`'s `logInclusion`. */
  readonly inclusion?: unknown;
  /** The freeze commitment's inclusion proof in the same tree: `verifyRecord`'s `commitmentLogInclusion`. */
  readonly commitment?: unknown;
  readonly status: number;
}

/**
 * The log proofs in a document: a draw's `{record, commitment}` (GET
 * /api/public/draws/:id/log-proof) or a single inclusion proof (the record's).
 */
export function logProofsOf(document: unknown, status = 200): LogProof {
  if (typeof document !== 'object' || document === null) return { status };
  if ('leafIndex' in document) return { status, inclusion: document };
  const { record, commitment } = document as { record?: unknown; commitment?: unknown };
  return { status, ...(record === undefined ? {} : { inclusion: record }), ...(commitment === undefined ? {} : { commitment }) };
}

/** The publication log's inclusion proof of a record hash, from `proofUrl?hash=`, kept whole (the verifier checks its signed head). */
export async function fetchLogProof(proofUrl: string, recordHash: string | undefined): Promise<LogProof> {
  if (recordHash === undefined) return { status: 0 };
  const fetched = await fetchJson(`${proofUrl}?hash=${encodeURIComponent(recordHash)}`);
  return fetched.body === undefined ? { status: fetched.status } : { status: fetched.status, inclusion: fetched.body };
}

/** A draw's log proofs (record and commitment in one signed tree), from its `log-proof` URL. */
export async function fetchDrawLogProofs(url: string): Promise<LogProof> {
  const fetched = await fetchJson(url);
  return logProofsOf(fetched.body, fetched.status);
}

/**
 * Runs the verifier (src/core/verify, as the CLI does) after a paint, and reports how long
 * it took. The pure-JS SHA-256 is used: the browser's is asynchronous.
 */
export async function runVerifier(input: Omit<VerifyInput, 'hash'>, progress: string): Promise<{ checks: Check[]; milliseconds: number }> {
  setStatus(progress, 'verifying');
  await afterPaint();
  const started = performance.now();
  const checks = verifyRecord({ ...input, hash: coreSha256 });
  return { checks, milliseconds: Math.round(performance.now() - started) };
}

/** Fills `#checks` with one `<li>` per check: icon and status word, title, reason. */
export function showChecks(checks: readonly Check[]): void {
  const list = element('checks');
  if (!list) return;
  list.replaceChildren(
    ...checks.map((check) => {
      const item = make('li', { className: check.status });
      item.dataset.checkId = check.id;
      item.dataset.status = check.status;
      const [statusZh, statusEn] = CHECK_STATUS_WORDS[check.status];
      const status = make('span', { className: 'status', text: `${CHECK_STATUS_ICONS[check.status]} ${t(statusZh, statusEn)}` });
      const titles = CHECK_TITLES[check.id];
      const title = make('span', { className: 'title', text: titles ? t(titles[0], titles[1]) : check.title });
      const reason = make('p', { className: 'reason', text: check.reason });
      reason.lang = 'en';
      item.append(status, title, reason);
      return item;
    }),
  );
}

/** The title of a check in the page's language. */
export function checkTitle(check: Check): string {
  const titles = CHECK_TITLES[check.id];
  return titles ? t(titles[0], titles[1]) : check.title;
}

/** Shows the verdict (`#verdict`, class `verdict passed` or `verdict failed`, `data-verdict`). */
export function showVerdict(passed: boolean, text: string): void {
  const verdict = element('verdict');
  if (!verdict) return;
  verdict.className = `verdict ${passed ? 'passed' : 'failed'}`;
  verdict.dataset.verdict = passed ? 'passed' : 'failed';
  verdict.textContent = `${passed ? '✔' : '✘'} ${text}`;
  verdict.hidden = false;
}

/** The verdict of a list of checks: all passed, or which failed. */
export function verdictOf(checks: readonly Check[]): { passed: boolean; text: string } {
  if (allChecksPassed(checks)) return { passed: true, text: t('全部核验通过', 'All checks passed') };
  const failed = checks.filter((check) => check.status === 'failed').map(checkTitle);
  return { passed: false, text: `${t('核验失败：', 'Verification failed: ')}${failed.join(t('；', '; '))}` };
}

/** A moment in Beijing time, as the server's pages write it. */
function beijingTime(milliseconds: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(milliseconds));
}

/** Clears an earlier result before a new run. */
export function clearResult(): void {
  element('checks')?.replaceChildren();
  const verdict = element('verdict');
  if (verdict) {
    verdict.hidden = true;
    verdict.className = 'verdict';
    delete verdict.dataset.verdict;
  }
  const head = element('log-head');
  if (head) head.hidden = true;
}

/**
 * Checks the signed tree head that came with the log proof: its signature by the key set,
 * and that it is the head of the tree the proof leads to. Written to `#log-head`
 * (`data-status` passed/failed/not_applicable).
 */
export function showTreeHead(proof: LogProof, keys: unknown): void {
  const line = element('log-head');
  if (!line) return;
  let status: 'passed' | 'failed' | 'not_applicable';
  let text: string;
  const inclusion = proof.inclusion as { treeSize?: unknown; rootHash?: unknown; treeHead?: unknown } | undefined;
  const parsed = inclusion?.treeHead === undefined ? undefined : parseSignedTreeHead(inclusion.treeHead);
  if (!parsed || !inclusion) {
    status = 'not_applicable';
    text = t('没有日志树头可核验。', 'No log tree head to check.');
  } else if (!parsed.ok) {
    status = 'failed';
    text = `${t('日志树头格式有误：', 'The log tree head is malformed: ')}${parsed.error}`;
  } else {
    const head = parsed.value;
    const signed = keys === undefined ? undefined : verifyTreeHeadSignature(head, keys as PublicKeySet);
    const matches = head.rootHash === inclusion.rootHash && head.treeSize === inclusion.treeSize;
    status = signed?.ok && matches ? 'passed' : 'failed';
    text = !matches
      ? t('日志树头与包含证明的树不一致。', 'The log tree head is not the head of the tree the proof leads to.')
      : signed?.ok
        ? t(`日志树头（${head.treeSize} 条，${beijingTime(head.timestamp)}）由公钥 ${head.signature.keyId} 签名。`, `The log tree head (${head.treeSize} leaves, ${beijingTime(head.timestamp)}) is signed by key ${head.signature.keyId}.`) +
          (head.keySetFingerprint === undefined ? '' : t(`公钥指纹：${formatFingerprint(head.keySetFingerprint)}`, ` Key set fingerprint: ${formatFingerprint(head.keySetFingerprint)}`))
        : t('日志树头的签名无法用公钥核验。', "The log tree head's signature does not verify with the key set.");
  }
  line.textContent = `${CHECK_STATUS_ICONS[status]} ${text}`;
  line.dataset.status = status;
  line.hidden = false;
}

export { allChecksPassed };
