/**
 * The in-browser verifier of GET /draws/:id/verify and GET /verify. It runs `verifyRecord`
 * of src/core/verify — the very code of `suiji verify` and of the server's report — on the
 * files it downloads, or on files the visitor chose, so a mirror's copy can be checked
 * without our server (only the key set and the log proof are fetched from here, and the page
 * says so).
 *
 * Stable hooks for browser tests and for people reading the page:
 * - `#verifier[data-draw]`: the draw being verified (absent on /verify); its data-record-url,
 *   data-commitment-url, data-keys-url, data-draw-log-proof-url (the record's and the
 *   commitment's proofs) and data-log-proof-url (by record hash) say where the files are.
 * - `#verify-status[data-state]`: progress text; state `loading`, `verifying`, `done` or `error`.
 * - `#verdict`: class `verdict passed` or `verdict failed`, `data-verdict` `passed`/`failed`;
 *   text 全部核验通过 / All checks passed, or 核验失败：<titles of the failed checks>.
 * - `#checks` (`ol.checks`): one `li` per check with class and `data-status` passed, failed
 *   or not_applicable and `data-check-id` (format, commitment, seed, sample-size, tickets,
 *   selection, receipt, assignment, record-hash, signature, log-inclusion); inside,
 *   `.status` (icon and word), `.title`, `.reason` (the verifier's English reason).
 * - `#log-head[data-status]`: the signed tree head that came with the log proof.
 * - `#verify-server`: button, verify the server's files again (on a draw's page; it runs once
 *   by itself when the page loads, `#verifier[data-done]` is set after each run).
 * - `#file-form` (`#record-file` required, `#commitment-file`, `#keys-file`, `#log-proof-file`
 *   optional, `#require-signature` checkbox, submit `#verify-files`): verify saved files. A
 *   chosen log proof (a draw's log-proof document or `suiji log proof` output) is checked as
 *   it is; without one, this site's log is asked for the record's proof.
 */
import './zod-jitless.ts';
import {
  claimedRecordHash,
  clearResult,
  element,
  fetchDrawLogProofs,
  fetchJson,
  fetchLogProof,
  formatSize,
  logProofsOf,
  readJsonFile,
  runVerifier,
  setStatus,
  showChecks,
  showTreeHead,
  showVerdict,
  t,
  verdictOf,
  type LogProof,
} from './verifier-view.ts';

const verifier = element('verifier');

function selectedCount(document: unknown): number {
  const record = (document as { record?: { selected?: unknown[] }; selected?: unknown[] } | null) ?? {};
  return (record.record?.selected ?? record.selected ?? []).length;
}

function finish(checks: Parameters<typeof showChecks>[0], milliseconds: number, note: string): void {
  showChecks(checks);
  const verdict = verdictOf(checks);
  showVerdict(verdict.passed, verdict.text);
  setStatus(`${t(`核验完成，用时 ${milliseconds} 毫秒。`, `Verified in ${milliseconds} ms.`)}${note}`, 'done');
  if (verifier) verifier.dataset.done = String(Number(verifier.dataset.done ?? '0') + 1);
}

function fail(text: string): void {
  showVerdict(false, text);
  setStatus(text, 'error');
  if (verifier) verifier.dataset.done = String(Number(verifier.dataset.done ?? '0') + 1);
}

async function verifyServerFiles(host: HTMLElement): Promise<void> {
  clearResult();
  const { recordUrl, commitmentUrl, keysUrl, drawLogProofUrl } = host.dataset as Record<string, string>;
  setStatus(t('正在下载抽取记录、冻结承诺和公钥…', 'Downloading the record, the commitment and the keys…'), 'loading');
  const [record, commitment, keys] = await Promise.all([fetchJson(recordUrl as string), fetchJson(commitmentUrl as string), fetchJson(keysUrl as string)]);
  if (record.body === undefined) {
    fail(t(`无法下载抽取记录（HTTP ${record.status}）。`, `Could not download the record (HTTP ${record.status}).`));
    return;
  }
  setStatus(t('正在下载公示日志的包含证明…', 'Downloading the publication-log inclusion proofs…'), 'loading');
  const proof = await fetchDrawLogProofs(drawLogProofUrl as string);
  const { checks, milliseconds } = await runVerifier(
    {
      record: record.body,
      ...(commitment.body === undefined ? {} : { commitment: commitment.body }),
      ...(keys.body === undefined ? {} : { keys: keys.body }),
      logInclusion: proof.inclusion,
      commitmentLogInclusion: proof.commitment,
      requireSignature: true,
      requireLogInclusion: true,
    },
    t(`记录 ${formatSize(record.bytes)}，正在核验 ${selectedCount(record.body)} 家抽中企业…`, `Record of ${formatSize(record.bytes)}: verifying ${selectedCount(record.body)} selected enterprises…`),
  );
  showTreeHead(proof, keys.body);
  finish(checks, milliseconds, '');
}

async function verifyChosenFiles(): Promise<void> {
  clearResult();
  const recordFile = element<HTMLInputElement>('record-file')?.files?.[0];
  if (!recordFile) {
    fail(t('请选择抽取记录文件。', 'Choose a record file.'));
    return;
  }
  setStatus(t('正在读取文件…', 'Reading the files…'), 'loading');
  const record = await readJsonFile(recordFile);
  if (!record.ok) {
    fail(`${t('无法读取记录文件：', 'Cannot read the record file: ')}${record.reason}`);
    return;
  }
  const notes: string[] = [];
  const commitmentFile = element<HTMLInputElement>('commitment-file')?.files?.[0];
  const commitment = commitmentFile ? await readJsonFile(commitmentFile) : undefined;
  if (commitment && !commitment.ok) {
    fail(`${t('无法读取承诺文件：', 'Cannot read the commitment file: ')}${commitment.reason}`);
    return;
  }
  if (!commitment) notes.push(t('未提供冻结承诺，承诺一项不核验。', 'No commitment given: that check is not applicable.'));
  const keysFile = element<HTMLInputElement>('keys-file')?.files?.[0];
  let keys: unknown;
  if (keysFile) {
    const read = await readJsonFile(keysFile);
    if (!read.ok) {
      fail(`${t('无法读取公钥文件：', 'Cannot read the key file: ')}${read.reason}`);
      return;
    }
    keys = read.value;
  } else {
    const keysUrl = verifier?.dataset.keysUrl ?? '/.well-known/suiji-keys.json';
    const fetched = await fetchJson(keysUrl);
    keys = fetched.body;
    notes.push(t(`未提供公钥文件，使用了本站的公钥（${keysUrl}）。`, `No key file given: this site's keys (${keysUrl}) were used.`));
  }
  const recordHash = claimedRecordHash(record.value);
  const proofFile = element<HTMLInputElement>('log-proof-file')?.files?.[0];
  let proof: LogProof;
  if (proofFile) {
    const read = await readJsonFile(proofFile);
    if (!read.ok) {
      fail(`${t('无法读取日志证明文件：', 'Cannot read the log proof file: ')}${read.reason}`);
      return;
    }
    proof = logProofsOf(read.value);
  } else {
    proof = recordHash ? await fetchLogProof(verifier?.dataset.logProofUrl ?? '/api/public/log/proof/inclusion', recordHash) : { status: 0 };
    if (recordHash) notes.push(t('日志包含证明取自本站的公示日志。', "The log inclusion proof came from this site's publication log."));
  }
  // Unticked means "not required" (an offline record), never "skip": a published record
  // whose signature cannot be checked still fails.
  const requireSignature = element<HTMLInputElement>('require-signature')?.checked ?? true;
  const { checks, milliseconds } = await runVerifier(
    {
      record: record.value,
      ...(commitment ? { commitment: commitment.value } : {}),
      ...(keys === undefined ? {} : { keys }),
      logInclusion: proof.inclusion,
      commitmentLogInclusion: proof.commitment,
      requireSignature,
      requireLogInclusion: recordHash !== undefined,
    },
    t(`记录 ${formatSize(recordFile.size)}，正在核验 ${selectedCount(record.value)} 家抽中企业…`, `Record of ${formatSize(recordFile.size)}: verifying ${selectedCount(record.value)} selected enterprises…`),
  );
  if (proof.inclusion !== undefined) showTreeHead(proof, keys);
  finish(checks, milliseconds, notes.length ? ` ${notes.join(' ')}` : '');
}

function report(error: unknown): void {
  fail(`${t('核验中断：', 'Verification stopped: ')}${error instanceof Error ? error.message : String(error)}`);
}

if (verifier?.dataset.draw) {
  const again = element<HTMLButtonElement>('verify-server');
  if (again) {
    again.hidden = false;
    again.addEventListener('click', () => void verifyServerFiles(verifier).catch(report));
  }
  void verifyServerFiles(verifier).catch(report);
}

const fileSection = element('file-verifier');
if (fileSection) fileSection.hidden = false;
element('file-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  void verifyChosenFiles().catch(report);
});
