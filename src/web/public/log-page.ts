/**
 * The publication log (公示日志): GET /log shows the latest signed tree head, the newest
 * leaves with their kinds, and how a mirror checks with the CLI that the log only grows.
 */
import type { Request, Response, Router } from 'express';
import { bureauKeySet } from '../../application/draw-publication.ts';
import { nodeSha256 } from '../../application/node-hash.ts';
import { recentLogEntries } from '../../application/public-portal.ts';
import { computeKeySetFingerprint, formatFingerprint } from '../../core/key-set-fingerprint.ts';
import type { AppDependencies } from '../../http/app.ts';
import { PUBLIC_LOG_PATH } from '../../http/routes/publication-log.ts';
import { siteOrigin } from '../../http/site-settings.ts';
import { html } from '../html.ts';
import { formatNumber, pageContext, sendPage, tr } from '../page.ts';
import { formatTime, hexCode } from './format.ts';
import { labelOf, LOG_LEAF_KINDS } from './labels.ts';

const RECENT_LEAVES = 50;

function referenceLink(kind: string, reference: string) {
  if (kind === 'draw_record' || kind === 'draw_commitment') return html`<a href="/draws/${encodeURIComponent(reference)}">${reference}</a>`;
  if (kind === 'list_edition') return html`<a href="/api/public/list-editions/${encodeURIComponent(reference)}">${reference}</a>`;
  // A correction's reference is `number:task/code/item`.
  if (kind === 'result_correction') return html`<a href="/results/corrections/${encodeURIComponent(reference.split(':')[0] ?? '')}">${reference}</a>`;
  return reference;
}

async function logPage(request: Request, response: Response, deps: AppDependencies): Promise<void> {
  const context = pageContext(request, response);
  // The commands name this site itself (PUBLIC_ORIGIN behind a proxy), ready to copy.
  const origin = siteOrigin(request);
  const { head, leaves } = await deps.database.readPublic((db) => recentLogEntries(db, RECENT_LEAVES));
  const title = tr(context, '公示日志', 'Publication log');
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '每份公示记录（抽取承诺、抽取记录、检查结果、红黑榜、移出公告）的哈希都追加到这个 RFC 6962 Merkle 日志，每次追加后签名树头。保存过旧树头的人可以证明历史没有被改写。',
      'Every published record (draw commitment, draw record, results, list edition, exit notice) is appended by its hash to this RFC 6962 Merkle log, and the tree head is signed after every append. Anyone who saved an old head can prove that history was not rewritten.',
    )}</p>
<h2 id="tree-head">${tr(context, '最新签名树头', 'Latest signed tree head')}</h2>
${
  head
    ? html`<dl class="facts" id="tree-head-facts" data-tree-size="${head.treeSize}">
<dt>${tr(context, '条目数', 'Size')}</dt><dd>${formatNumber(context, head.treeSize)}</dd>
<dt>${tr(context, '根哈希', 'Root hash')}</dt><dd>${hexCode(head.rootHash)}</dd>
<dt>${tr(context, '时间', 'Time')}</dt><dd>${formatTime(head.timestamp)} <span class="hint">(${head.timestamp} ms)</span></dd>
<dt>${tr(context, '签名公钥编号', 'Key id')}</dt><dd><code>${head.signature.keyId}</code> (${head.signature.algorithm})</dd>
<dt>${tr(context, '签名', 'Signature')}</dt><dd>${hexCode(head.signature.value)}</dd>
<dt>${tr(context, '树头锁定的公钥指纹', 'Key set fingerprint pinned in the head')}</dt><dd>${head.keySetFingerprint === undefined ? tr(context, '（此树头早于公钥指纹）', '(this head predates key set fingerprints)') : html`<code class="mono">${formatFingerprint(head.keySetFingerprint)}</code>`}</dd>
</dl>
<p><a href="${PUBLIC_LOG_PATH}/tree-head" download="tree-head.json">${tr(context, '下载树头（JSON）', 'Download the tree head (JSON)')}</a></p>`
    : html`<p>${tr(context, '日志还是空的。', 'The log is still empty.')}</p>`
}
<h2 id="key-set">${tr(context, '公钥指纹', 'Key set fingerprint')}</h2>
${
  deps.bureauKeys
    ? html`<p>${tr(context, '本站公钥（', "This site's key set (")}<a href="/.well-known/suiji-keys.json">/.well-known/suiji-keys.json</a>${tr(context, '）的指纹：', ') has the fingerprint:')}</p>
<p><code class="mono" id="key-set-fingerprint">${formatFingerprint(computeKeySetFingerprint(bureauKeySet(deps.bureauKeys), nodeSha256))}</code></p>
<p class="hint">${tr(
        context,
        '指纹是公钥集 RFC 8785 规范化 JSON 的 SHA-256。请与登记机关纸质公告上印的指纹逐组比对，并与每个新签名树头记录的公钥集指纹（字段 ',
        'The fingerprint is the SHA-256 of the key set\'s RFC 8785 canonical JSON. Compare it group by group with the fingerprint printed on the bureau\'s paper notices, and with the fingerprint every new signed tree head records (field ',
      )}<code>keySetFingerprint</code>${tr(context, '）比对；命令行 ', '); the command line ')}<code>suiji verify --keys</code>${tr(context, ' 也会打印它。', ' prints it too.')}</p>`
    : html`<p>${tr(context, '本站未配置签名公钥。', 'This site has no signing key configured.')}</p>`
}
<h2 id="leaves">${tr(context, '最近的条目', 'Recent entries')}</h2>
${
  leaves.length === 0
    ? ''
    : html`<div class="table-scroll"><table id="leaves-table"><thead><tr><th scope="col" class="number">${tr(context, '序号', 'Index')}</th><th scope="col">${tr(context, '类型', 'Kind')}</th><th scope="col">${tr(context, '对象', 'Reference')}</th><th scope="col">${tr(context, '记录哈希', 'Record hash')}</th><th scope="col">${tr(context, '追加时间', 'Appended')}</th></tr></thead>
<tbody>${leaves.map(
        (leaf) =>
          html`<tr data-leaf-index="${leaf.leafIndex}" data-kind="${leaf.kind}"><td class="number">${leaf.leafIndex}</td><td>${labelOf(LOG_LEAF_KINDS, leaf.kind, context.lang)}</td><td>${referenceLink(leaf.kind, leaf.reference)}</td><td><a href="${PUBLIC_LOG_PATH}/proof/inclusion?hash=${leaf.recordHash}" title="${tr(context, '包含证明', 'Inclusion proof')}"><code class="mono">${leaf.recordHash.slice(0, 16)}…</code></a></td><td>${formatTime(leaf.appendedAt)}</td></tr>`,
      )}</tbody></table></div>
<p class="hint">${tr(context, '全部条目：', 'All entries: ')}<code>${PUBLIC_LOG_PATH}/leaves?start=0</code></p>`
}
<h2 id="how-to">${tr(context, '如何核对日志只增不改', 'Checking that the log only grows')}</h2>
<ol>
<li>${tr(context, '保存今天的树头：', "Save today's tree head: ")}<code>npm run -s suiji -- log head --server ${origin} &gt; old.json</code></li>
<li>${tr(context, '以后再取一次新树头：', 'Later, fetch a new one: ')}<code>npm run -s suiji -- log head --server ${origin} &gt; new.json</code></li>
<li>${tr(context, '核对新树头是旧树头的延续（两个签名和 RFC 6962 一致性证明）：', 'Check that the new head extends the old one (both signatures and the RFC 6962 consistency proof): ')}<code>npm run -s suiji -- log check old.json new.json --server ${origin}</code></li>
</ol>
<p class="hint">${tr(context, '一致性证明：', 'Consistency proofs: ')}<code>${origin}${PUBLIC_LOG_PATH}/proof/consistency?first=M&amp;second=N</code>${tr(context, '（M、N 为两个树头的大小 treeSize）', ' (M and N: the two heads\' treeSize)')}</p>`,
  });
}

export function registerLogPage(router: Router, deps: AppDependencies): void {
  router.get('/log', (request, response) => logPage(request, response, deps));
}
