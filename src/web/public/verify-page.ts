/**
 * The verifier page (核验抽取): GET /draws/:id/verify and GET /verify. The page itself only
 * explains and links the files; src/web/browser/verify.ts (the same src/core/verify code as
 * the CLI, bundled) downloads them and runs every check in the browser, or checks files the
 * visitor saved earlier. Without JavaScript, the page shows how to verify with the CLI.
 */
import type { Request, Response, Router } from 'express';
import { findPublishedDraw } from '../../application/public-portal.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { NotFoundError, parseRequestPart } from '../../http/problem.ts';
import { drawIdParamsSchema } from '../../http/schemas/draw.ts';
import { PUBLIC_LOG_PATH } from '../../http/routes/publication-log.ts';
import { siteOrigin } from '../../http/site-settings.ts';
import { html, type SafeHtml } from '../html.ts';
import { pageContext, sendPage, tr, type PageContext } from '../page.ts';
import { drawFileUrls } from './draws.ts';
import { CHECK_TITLES } from './labels.ts';

/** The result area both browser scripts fill (ids documented in src/web/browser/verify.ts). */
export function resultArea(context: PageContext): SafeHtml {
  return html`<p id="verify-status" class="verify-status" role="status" aria-live="polite"></p>
<div id="verdict" class="verdict" role="alert" hidden></div>
<ol id="checks" class="checks" aria-label="${tr(context, '核验项目', 'Checks')}"></ol>
<p id="log-head" class="hint" hidden></p>`;
}

/** The command-line steps, with this site's own origin (PUBLIC_ORIGIN, else the request's) in the download commands. */
function cliHowTo(context: PageContext, origin: string, taskCode: string | undefined, recordHash?: string): SafeHtml {
  const task = taskCode ?? 'TASK';
  const urls = drawFileUrls(task);
  return html`<h2 id="cli">${tr(context, '用命令行核验', 'Verify on the command line')}</h2>
<p>${tr(
    context,
    '浏览器核验与命令行 suiji verify 运行的是同一份核验代码。下载四个文件后运行（命令行不联网，公钥须自行提供，并与纸质公告上的公钥指纹比对）：',
    'The browser and the command line (suiji verify) run the same verifier code. Download the four files, then run (the command line fetches nothing: give it the key set, and compare its fingerprint with the one on the paper notice):',
  )}</p>
<pre class="command"><code>curl -o record.json ${origin}${urls.record}
curl -o commitment.json ${origin}${urls.commitment}
curl -o keys.json ${origin}${urls.keys}
curl -o log-proof.json ${origin}${urls.logProof}
npm run -s suiji -- verify record.json --commitment commitment.json --keys keys.json --log-proof log-proof.json --require-signature --require-log</code></pre>
<p class="hint">${tr(context, 'log-proof.json 含记录与冻结承诺在同一签名日志树中的包含证明；单条记录的证明也可用 ', 'log-proof.json holds the inclusion proofs of the record and of the freeze commitment in one signed log tree; a single record\'s proof is also at ')}<code>${PUBLIC_LOG_PATH}/proof/inclusion?hash=${recordHash ?? 'RECORD_HASH'}</code></p>
${
  taskCode === undefined
    ? ''
    : html`<ul class="downloads"><li><a href="${urls.record}" download="${task}-record.json">${tr(context, '签名的抽取记录', 'Signed draw record')}</a></li><li><a href="${urls.commitment}" download="${task}-commitment.json">${tr(context, '冻结承诺', 'Freeze commitment')}</a></li><li><a href="${urls.keys}" download="suiji-keys.json">${tr(context, '公钥', 'Public keys')}</a></li><li><a href="${urls.serverReport}">${tr(context, '服务器的核验报告', "The server's report")}</a></li></ul>`
}`;
}

function whatIsChecked(context: PageContext): SafeHtml {
  return html`<details><summary>${tr(context, '核验哪些内容', 'What is checked')}</summary><ol>${Object.values(CHECK_TITLES).map(
    (title) => html`<li>${tr(context, title[0], title[1])}</li>`,
  )}</ol></details>`;
}

function fileForm(context: PageContext): SafeHtml {
  return html`<section id="file-verifier" hidden aria-labelledby="file-heading">
<h2 id="file-heading">${tr(context, '核验已保存的文件', 'Verify files you saved')}</h2>
<p>${tr(
    context,
    '镜像站或自己保存的文件也可以核验，无需信任本站：记录文件必选；未选公钥文件时，从本站下载公钥并注明。',
    'Files from a mirror or saved earlier can be checked without trusting this site. The record is required; without a key file, the page downloads this site\'s keys and says so.',
  )}</p>
<form id="file-form" class="stack">
<div><label for="record-file">${tr(context, '抽取记录（JSON，必选）', 'Draw record (JSON, required)')}</label><input type="file" id="record-file" name="record" accept=".json,application/json" required></div>
<div><label for="commitment-file">${tr(context, '冻结承诺（JSON，可选）', 'Freeze commitment (JSON, optional)')}</label><input type="file" id="commitment-file" name="commitment" accept=".json,application/json"></div>
<div><label for="keys-file">${tr(context, '公钥（JSON，可选）', 'Key set (JSON, optional)')}</label><input type="file" id="keys-file" name="keys" accept=".json,application/json"></div>
<div><label for="log-proof-file">${tr(context, '日志证明（JSON，可选；未选时向本站日志索取）', 'Log proof (JSON, optional; without it, this site\'s log is asked)')}</label><input type="file" id="log-proof-file" name="logProof" accept=".json,application/json"></div>
<div><label class="checkbox"><input type="checkbox" id="require-signature" name="requireSignature" checked> ${tr(context, '要求签名（离线生成的记录没有签名）', 'Require a signature (offline records are unsigned)')}</label></div>
<div><button type="submit" id="verify-files">${tr(context, '核验文件', 'Verify the files')}</button></div>
</form>
</section>`;
}

async function verifyDrawPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const { id } = parseRequestPart(drawIdParamsSchema, request.params);
  const draw = await deps.database.readPublic((db) => findPublishedDraw(db, id, deps.publishedDraws.texts));
  if (!draw?.envelope) throw new NotFoundError(tr(context, `任务 ${id} 没有公示的抽取记录。`, `Task ${id} has no published draw record.`));
  const urls = drawFileUrls(id);
  const title = tr(context, `核验抽取 ${id}`, `Verify draw ${id}`);
  sendPage(response, context, {
    title,
    scripts: ['verify'],
    body: html`<h1>${title}</h1>
<p class="lead">${draw.envelope.record.task.name ?? ''}</p>
<p>${tr(
      context,
      '本页把公示的记录、冻结承诺、公钥和公示日志证明下载到您的浏览器，在本机重新计算全部核验项，结果不依赖本站服务器的判断。',
      'This page downloads the published record, the freeze commitment, the keys and the log proof into your browser and recomputes every check on your machine, without relying on this server\'s judgement.',
    )}</p>
<div id="verifier" data-draw="${id}" data-record-url="${urls.record}" data-commitment-url="${urls.commitment}" data-keys-url="${urls.keys}" data-draw-log-proof-url="${urls.logProof}" data-log-proof-url="${PUBLIC_LOG_PATH}/proof/inclusion">
<noscript><p class="notice">${tr(context, '浏览器核验需要 JavaScript。也可以用下面的命令行核验。', 'Verifying in the browser needs JavaScript. You can also verify on the command line, below.')}</p></noscript>
<p><button type="button" id="verify-server" hidden>${tr(context, '重新核验', 'Verify again')}</button> <a href="${urls.page}">${tr(context, '返回抽取详情', 'Back to the draw')}</a></p>
${resultArea(context)}
</div>
${whatIsChecked(context)}
${fileForm(context)}
${cliHowTo(context, siteOrigin(request), id, draw.envelope.recordHash)}`,
  });
}

async function verifyIndexPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const drawn = (await deps.publishedDraws.summaries()).filter((line) => line.status === 'drawn');
  const title = tr(context, '核验抽取', 'Verify a draw');
  sendPage(response, context, {
    title,
    scripts: ['verify'],
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '选择一次抽取，在浏览器中用与命令行相同的代码核验；也可以核验自己保存的记录文件。',
      'Pick a draw to verify in your browser with the same code as the command line, or check a record file you saved.',
    )}</p>
${
  drawn.length === 0
    ? html`<p>${tr(context, '还没有公示的抽取记录。', 'No draw record has been published yet.')}</p>`
    : html`<ul class="draw-links">${drawn.map((line) => html`<li><a href="${drawFileUrls(line.taskCode).verifyPage}">${tr(context, `核验 ${line.taskCode}`, `Verify ${line.taskCode}`)}</a> · ${line.name}</li>`)}</ul>`
}
<div id="verifier" data-log-proof-url="${PUBLIC_LOG_PATH}/proof/inclusion" data-keys-url="/.well-known/suiji-keys.json">
<noscript><p class="notice">${tr(context, '浏览器核验需要 JavaScript。也可以用下面的命令行核验。', 'Verifying in the browser needs JavaScript. You can also verify on the command line, below.')}</p></noscript>
${fileForm(context)}
${resultArea(context)}
</div>
${whatIsChecked(context)}
${cliHowTo(context, siteOrigin(request), undefined)}`,
  });
}

export function registerVerifyPages(router: Router, deps: ServedDependencies): void {
  router.get('/verify', (request, response) => verifyIndexPage(request, response, deps));
  router.get('/draws/:id/verify', (request, response) => verifyDrawPage(request, response, deps));
}
